// End-to-end test of the cooperation pages: the public menu (filters, search); a member of
// staff plans an event from a menu item with one place, invites Georgia and Russia (the
// rules refuse Russia, with their reason, and nobody is invited), then Georgia alone; a
// Georgian officer registers two participants (one registered, one waitlisted) and
// cancelling the first moves the second up; a PARP cycle opened for Georgia shows its
// timeline, one for Russia the rules' refusal; a unit's SEL1, recorded with its checklist,
// moves it up the ladder.
//
// The test starts a server of its own on a scratch database with three accounts (ENTENTE_BIN,
// see harness.mjs). It serves the UI built in web/dist, or in ENTENTE_WEB when set.
//
//   ENTENTE_BIN=build/release/apps/entente node --test tests/e2e/cooperation.test.mjs
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PHONE, ROOT, SHOTS, axeViolations, entente, open, startServer, waitForCount, waitForText } from './harness.mjs';

const PASSWORD = 'correct horse battery staple';
const STAFF = 'e2e-staff';
const GEORGIA = 'e2e-geo';
const COURSE = 'nso-defence-against-terrorism-course';

let work;
let server;
/** the event the staff user plans, for the officer's test */
let eventId = null;
let eventMonth = null;

/** a day `days` from today, as the server's calendar counts (the same machine) */
function dayFromToday(days) {
  const d = new Date();
  d.setDate(d.getDate() + days);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

before(async () => {
  const dist = path.resolve(process.env.ENTENTE_WEB ?? path.join(ROOT, 'web', 'dist'));
  assert.ok(fs.existsSync(path.join(dist, 'index.html')), `${dist} is not built: cd web && npm run build`);
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'entente-e2e-cooperation-'));
  const db = path.join(work, 'cooperation.db');
  entente(['init', '--db', db, '--data', path.join(ROOT, 'data')]);
  entente(['user', 'add', STAFF, '--role', 'alliance-staff', '--password-stdin', '--db', db], { input: `${PASSWORD}\n` });
  entente(['user', 'add', GEORGIA, '--role', 'nation-officer', '--nation', 'GEO', '--password-stdin', '--db', db], { input: `${PASSWORD}\n` });
  server = await startServer(['--db', db, '--web', dist]);
});

after(async () => {
  await server?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** sign in from the header's account menu */
async function signIn(page, user) {
  await page.locator('[data-testid="signin-toggle"]').click();
  await page.locator('#signin-username').fill(user);
  await page.locator('#signin-password').fill(PASSWORD);
  await page.keyboard.press('Enter');
  await page.locator('[data-testid="signed-in-user"]').waitFor();
}

/** the menu's rows once the answer for the current filters is drawn */
async function menuRows(page) {
  await page.locator('[data-testid="menu-table"]:not(.stale)').waitFor();
  return page.locator('[data-testid="menu-table"] tbody tr');
}

test('the menu filters by area and finds a course by a word', async () => {
  const page = await open();
  try {
    await page.goto(`${server.url}/#/menu`);
    await waitForText(page.locator('h1'), /Cooperation menu/);
    const all = await waitForCount(await menuRows(page), 10, 'menu items');
    assert.equal(await page.locator('h1').count(), 1, 'the menu has one h1');

    await page.locator('#menu-area').selectOption('language');
    await page.waitForURL(/[?&]area=language/);
    await waitForText(page.locator('[data-testid="menu-count"]'), /match the filters/);
    const rows = await menuRows(page);
    const n = await waitForCount(rows, 1, 'language items');
    assert.ok(n < all, `the area filter narrows the menu (${n} of ${all})`);
    const areas = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-area')));
    assert.deepEqual([...new Set(areas)], ['language'], 'every row is of the area chosen');
    assert.equal(await page.locator('[data-testid="view-tools"] [data-export="csv"]').first().getAttribute('href'), '/api/v1/menu?area=language&format=csv');

    await page.locator('[data-testid="menu-clear"]').click();
    await page.locator('#menu-q').fill('terrorism');
    await page.locator('#menu-q').press('Enter');
    await page.waitForURL(/[?&]q=terrorism/);
    await waitForText(page.locator('[data-testid="menu-count"]'), /match the filters/);
    const found = page.locator(`[data-testid="menu-table"] tbody tr[data-id="${COURSE}"]`);
    await found.waitFor();
    assert.equal(await found.getAttribute('data-kind'), 'course');
    const titles = await (await menuRows(page)).locator('.coop-menu-title').allTextContents();
    assert.ok(titles.length < all, 'the search narrows the menu');
    assert.ok(titles.every((t) => /terror/i.test(t)), `every activity found is about terrorism: ${titles.join(' | ')}`);
    assert.deepEqual(await axeViolations(page), [], 'the menu passes axe-core');
    await page.screenshot({ path: path.join(SHOTS, 'cooperation-menu.png') });
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('staff plan an event with one place from the menu; the rules refuse Russia, then Georgia alone is invited', async () => {
  const page = await open();
  try {
    await page.goto(`${server.url}/#/menu?q=terrorism`);
    await signIn(page, STAFF);
    await page.locator(`[data-testid="plan-${COURSE}"]`).click();
    const form = page.locator('[data-testid="plan-event"]');
    await form.waitFor();
    const from = dayFromToday(40);
    eventMonth = from.slice(0, 7);
    await page.locator('#plan-from').fill(from);
    await page.locator('#plan-to').fill(dayFromToday(44));
    await page.locator('#plan-location').fill('Oberammergau');
    await page.locator('#plan-capacity').fill('1');
    await page.locator('[data-testid="plan-submit"]').click();
    await page.waitForURL(/#\/event\/\d+/);
    eventId = /#\/event\/(\d+)/.exec(page.url())[1];
    await waitForText(page.locator('h1'), /NATO Defence Against Terrorism Course/);
    await waitForText(page.locator('[data-testid="event-state"]'), /Planned/);
    await waitForText(page.locator('[data-testid="event-places"]'), /0 of 1 taken/);

    // Georgia and Russia together: the rules refuse Russia, and so nobody is invited
    for (const code of ['GEO', 'RUS']) {
      await page.locator('#invite-nation').fill(code);
      await page.locator('#invite-nation').press('Enter');
      await page.locator(`[data-testid="invite-list"] li[data-nation="${code}"]`).waitFor();
    }
    await page.locator('[data-testid="invite-submit"]').click();
    const refusal = page.locator('[data-testid="invite-refused"] li[data-nation="RUS"]');
    const reason = await waitForText(refusal, /Russia/);
    assert.match(reason, /may not take part/);
    assert.match(reason, /suspended/, 'the reason says why: cooperation with Russia is suspended');
    assert.equal(await page.locator('[data-testid="invite-refused"] li[data-nation="GEO"]').count(), 0, 'Georgia is not refused');
    await page.locator('[data-testid="invitations-empty"]').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'cooperation-invite-refused.png') });

    // then Georgia alone
    await page.locator('[data-testid="invite-others"]').click();
    await page.locator('[data-testid="invitations"] li[data-nation="GEO"]').waitFor();
    assert.equal(await page.locator('[data-testid="invitations"] li[data-nation="RUS"]').count(), 0, 'Russia is not invited');
    await waitForText(page.locator('[data-testid="invitations"] li[data-nation="GEO"]'), /Georgia.*through PFP/);

    // registration opens
    await page.locator('[data-testid="event-step-open"]').click();
    await waitForText(page.locator('[data-testid="event-state"]'), /Open/);
    assert.equal(await page.locator('h1').count(), 1, 'the event has one h1');
    assert.deepEqual(await axeViolations(page), [], 'the event page passes axe-core');
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('a Georgian officer registers two participants for the one place; cancelling the first moves the second up', async () => {
  assert.ok(eventId, 'the event of the previous test');
  const page = await open();
  try {
    await page.goto(`${server.url}/#/events?month=${eventMonth}`);
    await signIn(page, GEORGIA);
    // the calendar holds the event Georgia is invited to
    const link = page.locator(`[data-testid="calendar"] li[data-event="${eventId}"] a`).first();
    await link.waitFor();
    assert.deepEqual(await axeViolations(page), [], 'the calendar passes axe-core');
    await link.click();
    await page.waitForURL(new RegExp(`#/event/${eventId}`));
    await waitForText(page.locator('[data-testid="event-state"]'), /Open/);

    const register = async (name) => {
      await page.locator('#reg-participant').fill(name);
      await page.locator('[data-testid="register-submit"]').click();
      await page.locator(`[data-testid="registrations"] tr[data-participant="${name}"]`).waitFor();
    };
    await register('Capt. Nino Beridze');
    await register('Lt. Levan Kapanadze');
    const row = (name) => page.locator(`[data-testid="registrations"] tr[data-participant="${name}"]`);
    assert.equal(await row('Capt. Nino Beridze').getAttribute('data-state'), 'registered');
    assert.equal(await row('Lt. Levan Kapanadze').getAttribute('data-state'), 'waitlisted');
    await waitForText(page.locator('[data-testid="coop-notice"]'), /waiting list/);
    await waitForText(page.locator('[data-testid="event-places"]'), /1 of 1 taken, 1 waitlisted/);
    await page.screenshot({ path: path.join(SHOTS, 'cooperation-waitlist.png') });

    const first = await row('Capt. Nino Beridze').getAttribute('data-registration');
    await page.locator(`[data-testid="cancel-${first}"]`).click();
    await page.locator(`[data-testid="cancel-confirm-${first}"]`).click();
    await page.locator('[data-testid="registrations"] tr[data-participant="Capt. Nino Beridze"][data-state="cancelled"]').waitFor();
    await page.locator('[data-testid="registrations"] tr[data-participant="Lt. Levan Kapanadze"][data-state="registered"]').waitFor();
    await waitForText(page.locator('[data-testid="coop-notice"]'), /Levan Kapanadze moves up/);
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('on a phone the events are a list', async () => {
  assert.ok(eventId, 'the event of the earlier test');
  const page = await open(PHONE);
  try {
    await page.goto(`${server.url}/#/events?month=${eventMonth}`);
    await signIn(page, GEORGIA);
    await page.locator(`[data-testid="event-list"] li[data-event="${eventId}"]`).waitFor();
    assert.equal(await page.locator('[data-testid="calendar"]').count(), 0, 'no month grid on a phone');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 1, `the page fits 390 px (${overflow} px too wide)`);
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('a PARP cycle opened for Georgia shows its timeline; the rules refuse one for Russia', async () => {
  const page = await open();
  try {
    await page.goto(`${server.url}/#/parp`);
    await signIn(page, STAFF);
    await waitForText(page.locator('h1'), /Planning and Review Process/);

    await page.locator('#parp-nation').fill('RUS');
    await page.locator('[data-testid="parp-open-submit"]').click();
    const refusal = await waitForText(page.locator('[data-testid="parp-refused"]'), /Russia may not take part/);
    assert.match(refusal, /Planning and Review Process/);

    await page.locator('#parp-nation').fill('GEO');
    await page.locator('[data-testid="parp-open-submit"]').click();
    await page.waitForURL(/#\/parp-cycle\/\d+/);
    await waitForText(page.locator('h1'), /PARP \d{4}: Georgia/);
    const steps = page.locator('[data-testid="parp-timeline"] li');
    const count = await waitForCount(steps, 3, 'the steps of the timeline');
    assert.equal(await page.locator('[data-testid="parp-timeline"] li[aria-current="step"]').getAttribute('data-state'), await steps.first().getAttribute('data-state'), 'a new cycle is at its first step');
    assert.match(await steps.first().locator('.coop-tl-when').textContent(), /\d{4}/, 'the first step is dated: the day the cycle opened');
    assert.equal(await page.locator('[data-testid="parp-timeline"] li[data-status="upcoming"]').count(), count - 1);

    // a step moves the mark along
    const next = page.locator('[data-testid="parp-actions"] li.coop-step:not(.not-allowed) button').first();
    const action = await next.getAttribute('data-testid');
    await next.click();
    await page.locator('[data-testid="parp-timeline"] li[data-status="done"]').first().waitFor();
    assert.equal(await page.locator('[data-testid="parp-timeline"] li[data-status="done"]').count(), 1, `after ${action}`);
    await page.locator('[data-testid="parp-history"] li').first().waitFor();
    assert.equal(await page.locator('h1').count(), 1, 'the cycle has one h1');
    assert.deepEqual(await axeViolations(page), [], 'the cycle page passes axe-core');
    await page.screenshot({ path: path.join(SHOTS, 'cooperation-parp.png') });
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test("a unit's SEL1, recorded with its checklist, moves it up the ladder", async () => {
  const page = await open();
  try {
    await page.goto(`${server.url}/#/evaluations`);
    await signIn(page, GEORGIA);
    await page.locator('#unit-name').fill('12th Light Infantry Battalion');
    await page.locator('#unit-kind').selectOption('land');
    await page.locator('[data-testid="unit-declare-submit"]').click();
    await page.waitForURL(/#\/unit\/\d+/);
    await waitForText(page.locator('h1'), /12th Light Infantry Battalion/);
    const current = page.locator('[data-testid="unit-ladder"] li[aria-current="step"]');
    await current.waitFor();
    assert.equal(await current.getAttribute('data-step'), 'declared');

    const items = page.locator('[data-testid="unit-checklist"] .coop-checklist > li');
    const n = await waitForCount(items, 1, 'the items of the SEL1 checklist');
    for (let i = 0; i < n; i++) await items.nth(i).locator('input[value="yes"]').check();
    await page.locator('#eval-evaluator').fill('Col. Tamar Gelashvili');
    await page.locator('[data-testid="unit-checklist-submit"]').click();

    await page.locator('[data-testid="unit-ladder"] li[aria-current="step"][data-step="sel1"]').waitFor();
    assert.equal(await page.locator('[data-testid="unit-ladder"] li[data-step="declared"]').getAttribute('data-status'), 'done');
    await waitForText(page.locator('[data-testid="unit-level"]'), /SEL1/);
    const evaluation = page.locator('[data-testid="unit-evaluations"] li[data-step="sel1"]');
    assert.equal(await evaluation.getAttribute('data-outcome'), 'passed');
    assert.match(await evaluation.textContent(), /Col\. Tamar Gelashvili/);
    await waitForText(page.locator('[data-testid="coop-notice"]'), /SEL1 passed/);
    assert.deepEqual(await axeViolations(page), [], 'the unit page passes axe-core');
    await page.screenshot({ path: path.join(SHOTS, 'cooperation-ladder.png') });
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});
