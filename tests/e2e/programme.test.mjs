// End-to-end test of a partnership programme (ITPP) through the browser, as five people in
// their own browser contexts: Georgia's officer drafts a programme (an objective, a goal,
// an activity from the cooperation menu) and submits it; a member of staff reviews it and
// refers it to the Council under the silence procedure; France's officer breaks silence
// with a reason, and the page shows the round not adopted with that reason; staff refer it
// again with a deadline a few seconds ahead; Germany's officer finds the round in the
// inbox; when the deadline passes the server closes the round itself and the page shows
// the programme approved. Four eyes: the member of staff who submitted a draft finds the
// review disabled, with the server's reason. axe-core checks the programme page and the
// inbox.
//
// The test starts a server of its own on a fresh database (ENTENTE_BIN, see harness.mjs); it
// serves the UI built in web/dist, or in ENTENTE_WEB when set.
//
//   ENTENTE_BIN=build/release/apps/entente node --test tests/e2e/programme.test.mjs
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PHONE, ROOT, SHOTS, axeViolations, entente, open, startServer, waitForCount, waitForText } from './harness.mjs';

const PASSWORD = 'correct horse battery staple';
const USERS = [
  { name: 'geo-officer', role: 'nation-officer', nation: 'GEO' },
  { name: 'staff-a', role: 'alliance-staff' },
  { name: 'staff-b', role: 'alliance-staff' },
  { name: 'fra-officer', role: 'nation-officer', nation: 'FRA' },
  { name: 'deu-officer', role: 'nation-officer', nation: 'DEU' },
];
const TITLE = 'Georgia ITPP 2027–2028';
const OBJECTION = 'The activities do not yet cover the interoperability goals agreed last year.';
/** how far ahead the second round's deadline is set */
const DEADLINE_SECONDS = 15;
/** the round closes at its deadline: waiting for it takes longer than a page's usual wait */
const CLOSING_TIMEOUT = (DEADLINE_SECONDS + 45) * 1000;

let work;
let server;

before(async () => {
  const dist = path.resolve(process.env.ENTENTE_WEB ?? path.join(ROOT, 'web', 'dist'));
  assert.ok(fs.existsSync(path.join(dist, 'index.html')), `${dist} is not built: cd web && npm run build`);
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'entente-e2e-programme-'));
  const db = path.join(work, 'programme.db');
  entente(['init', '--db', db, '--data', path.join(ROOT, 'data')]);
  for (const u of USERS) {
    entente(['user', 'add', u.name, '--role', u.role, ...(u.nation ? ['--nation', u.nation] : []), '--password-stdin', '--db', db], { input: `${PASSWORD}\n` });
  }
  // the second round's deadline is seconds away: the test waits for it to pass
  server = await startServer(['--db', db, '--web', dist, '--shortest-deadline', '0']);
});

after(async () => {
  await server?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** a page of its own browser context, signed in as `name` through the header, at `hash` */
async function signedIn(name, hash, viewport) {
  const page = await open(viewport);
  await page.goto(`${server.url}/${hash}`);
  await page.locator('[data-testid="signin-toggle"]').click();
  await page.locator('#signin-username').fill(name);
  await page.locator('#signin-password').fill(PASSWORD);
  await page.keyboard.press('Enter');
  await waitForText(page.locator('[data-testid="signed-in-user"]'), new RegExp(name));
  return page;
}

const stateOf = (page) => page.locator('[data-testid="programme-state"]');

/** takes the step `action` from the actions bar; `fill` completes its form before it is sent */
async function takeStep(page, action, to, fill) {
  await page.locator(`[data-testid="actions"] button[data-action="${action}"]`).click();
  const form = page.locator(`form[data-testid="step-form"][data-action="${action}"]`);
  await form.waitFor();
  if (fill) await fill(form);
  await form.locator('[data-testid="step-submit"]').click();
  await page.locator(`[data-testid="programme-state"][data-state="${to}"]`).waitFor();
}

/** the value of a datetime-local field `seconds` from now, in the browser's time zone */
const localInstant = (page, seconds) =>
  page.evaluate((s) => {
    const d = new Date(Date.now() + s * 1000);
    const p = (n) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
  }, seconds);

test('a programme is drafted, reviewed, blocked by an objection and approved by the Council under the silence procedure', async () => {
  const pages = [];
  const track = (p) => (pages.push(p), p);
  try {
    // ---- Georgia's officer drafts the programme ----
    const geo = track(await signedIn('geo-officer', '#/programmes'));
    await page1h(geo, /Partnership programmes/);
    await geo.locator('[data-testid="manage-nav"] a[data-manage-nav="inbox"]').waitFor();
    await geo.locator('[data-testid="new-programme-toggle"]').click();
    const create = geo.locator('form[data-testid="new-programme-form"]');
    assert.equal(await create.locator('#np-nation').inputValue(), 'GEO', "an officer drafts their own nation's programme");
    await create.locator('#np-title').fill(TITLE);
    await create.locator('#np-period_from').fill('2027-01-01');
    await create.locator('#np-period_to').fill('2028-12-31');
    await create.locator('#np-review_on').fill('2027-12-01');
    await create.locator('[data-testid="new-programme-submit"]').click();
    await geo.waitForURL(/#\/programme\/\d+/);
    const programmeUrl = geo.url();
    await waitForText(geo.locator('h1'), new RegExp(TITLE));
    assert.equal(await stateOf(geo).getAttribute('data-state'), 'draft');
    await waitForText(geo.locator('[data-testid="dcb"]'), /Defence capacity building/);

    // an objective, a goal under it, an activity of the menu under the goal
    await geo.locator('[data-testid="tree"] button[data-add="objectives"]').click();
    const objective = geo.locator('form[data-testid="part-form-objectives"]');
    await objective.getByLabel('Title').fill('Interoperable land forces');
    await objective.getByLabel('Description').fill('A battalion able to operate with Allied forces');
    await objective.locator('[data-testid="part-submit"]').click();
    await waitForCount(geo.locator('.tree-objective'), 1, 'objectives');

    await geo.locator('.tree-objective button[data-add="goals"]').click();
    const goal = geo.locator('form[data-testid="part-form-goals"]');
    await goal.getByLabel('Code').fill('G1');
    await goal.getByLabel('Title').fill('Certify a light infantry battalion');
    await goal.getByLabel('Indicator').fill('NATO evaluation level 2 reached');
    await goal.locator('[data-testid="part-submit"]').click();
    await waitForCount(geo.locator('.tree-goal'), 1, 'goals');

    await geo.locator('.tree-goal button[data-add="activities"]').click();
    const activity = geo.locator('form[data-testid="part-form-activities"]');
    await activity.locator('[data-testid="menu-search"]').fill('CWIX');
    const choice = activity.locator('.menu-choice[data-menu-item="act-cwix"]');
    await choice.waitFor();
    await choice.click();
    await waitForText(activity.locator('[data-testid="menu-chosen"]'), /Coalition Warrior/);
    await activity.locator('input[type="date"]').first().fill('2027-06-01');
    await activity.locator('[data-testid="part-submit"]').click();
    await geo.locator('.tree-goal .tree-activity[data-menu-item="act-cwix"]').waitFor();
    assert.match(await geo.locator('.tree-activity').first().textContent(), /From the menu/);
    await geo.screenshot({ path: path.join(SHOTS, 'programme-draft.png'), fullPage: true });

    await takeStep(geo, 'submit', 'submitted');
    assert.equal(await geo.locator('[data-testid="tree"] button[data-add]').count(), 0, 'a submitted programme is no longer edited');

    // ---- four eyes: the member of staff who submitted a draft may not review it ----
    const staffA = track(await signedIn('staff-a', '#/programmes'));
    await staffA.locator('[data-testid="new-programme-toggle"]').click();
    const second = staffA.locator('form[data-testid="new-programme-form"]');
    await second.locator('#np-nation').selectOption('GEO');
    await second.locator('#np-title').fill('Georgia ITPP, second draft');
    await second.locator('#np-period_from').fill('2029-01-01');
    await second.locator('#np-period_to').fill('2030-12-31');
    await second.locator('[data-testid="new-programme-submit"]').click();
    await staffA.waitForURL(/#\/programme\/\d+/);
    assert.notEqual(staffA.url(), programmeUrl);
    await stateOf(staffA).waitFor();
    await takeStep(staffA, 'submit', 'submitted');
    const review = staffA.locator('[data-testid="actions"] button[data-action="review"]');
    await review.waitFor();
    assert.equal(await review.isDisabled(), true, 'whoever submitted may not review');
    const why = await waitForText(staffA.locator('[data-reason-for="review"]'), /four eyes/i);
    assert.match(why, /someone else/);
    assert.equal(await review.getAttribute('aria-describedby'), 'reason-review', 'the reason describes the disabled button');

    // ---- another member of staff reviews and refers it under the silence procedure ----
    const staffB = track(await signedIn('staff-b', '#/programmes'));
    await staffB.goto(programmeUrl);
    await waitForText(staffB.locator('h1'), new RegExp(TITLE));
    await takeStep(staffB, 'review', 'under-review');
    await takeStep(staffB, 'refer', 'in-council', async (form) => {
      await form.locator('input[data-procedure="silence"]').check();
    });
    const firstRound = staffB.locator('.round').first();
    await waitForText(firstRound.locator('[data-testid="round-state"]'), /Open/);
    assert.match(await firstRound.textContent(), /Silence procedure/);

    // ---- France's officer breaks silence with a reason ----
    const fra = track(await signedIn('fra-officer', '#/inbox'));
    const fraRound = fra.locator('[data-testid="awaiting"] .round-item');
    await waitForCount(fraRound, 1, "the round in France's inbox");
    await fraRound.first().locator('a', { hasText: /Open the round/ }).click();
    await fra.waitForURL(/#\/programme\/\d+\?.*round=/);
    const form = fra.locator('form[data-testid="position-form"]');
    await form.waitFor();
    // a reason is required: the form says so before anything is sent
    await form.locator('[data-testid="position-submit"]').click();
    await waitForText(form.locator('.field-error'), /reason/i);
    await form.locator('[data-testid="position-reason"]').fill(OBJECTION);
    await form.locator('[data-testid="position-submit"]').click();
    const blocked = fra.locator('.round[data-state="not-adopted"]');
    await blocked.waitFor();
    await waitForText(blocked.locator('[data-testid="round-state"]'), /Not adopted/);
    const fraRow = blocked.locator('[data-testid="positions"] tr[data-nation="FRA"]');
    await waitForText(fraRow, /Broke silence/);
    assert.match(await fraRow.textContent(), new RegExp(OBJECTION.slice(0, 40)));
    await waitForText(blocked.locator('[data-testid="round-outcome"]'), /Returned to discussion/);
    assert.match(await blocked.locator('ol.reasoning').textContent(), /silence broken by FRA/);
    await stateOf(fra).waitFor();
    assert.equal(await fra.locator('h1').count(), 1, 'the programme page has one h1');
    assert.deepEqual(await axeViolations(fra), [], 'the programme page passes axe-core');
    await fra.screenshot({ path: path.join(SHOTS, 'programme-not-adopted.png'), fullPage: true });

    // ---- staff refer it again, with a deadline a few seconds ahead ----
    await staffB.reload();
    await staffB.locator('[data-testid="programme-state"][data-state="under-review"]').waitFor();
    const deu = track(await signedIn('deu-officer', '#/programmes'));
    await takeStep(staffB, 'refer', 'in-council', async (f) => {
      await f.locator('input[data-procedure="silence"]').check();
      await f.locator('[data-testid="step-deadline"]').fill(await localInstant(staffB, DEADLINE_SECONDS));
    });
    await waitForCount(staffB.locator('.round'), 2, 'council rounds');
    await waitForText(staffB.locator('.round[data-state="open"] [data-testid="countdown"]'), /in \d+ s/);

    // ---- Germany's officer finds the round in the inbox ----
    await deu.locator('[data-testid="manage-nav"] a[data-manage-nav="inbox"]').click();
    await deu.waitForURL(/#\/inbox/);
    const deuRound = deu.locator('[data-testid="awaiting"] .round-item');
    await waitForCount(deuRound, 1, "the round in Germany's inbox");
    assert.match(await deuRound.first().textContent(), /Approve[\s\S]*Georgia/);
    await waitForText(deuRound.first(), /Silence procedure[\s\S]*\(in \d+ s\)/);
    await waitForCount(deu.locator('[data-testid="notifications"] .note-item.unread'), 1, 'unread notifications');
    assert.equal(await deu.locator('h1').count(), 1, 'the inbox has one h1');
    assert.deepEqual(await axeViolations(deu), [], 'the inbox passes axe-core');
    await deu.screenshot({ path: path.join(SHOTS, 'inbox.png'), fullPage: true });
    // a notification marked read moves below the unread ones
    const unreadBefore = await deu.locator('[data-testid="notifications"] .note-item.unread').count();
    await deu.locator('[data-testid="notifications"] .note-item.unread [data-testid="mark-read"]').first().click();
    await waitForCount(deu.locator('[data-testid="notifications"] .note-item.read'), 1, 'read notifications');
    assert.equal(await deu.locator('[data-testid="notifications"] .note-item.unread').count(), unreadBefore - 1);

    // ---- the deadline passes: the server closes the round, the page shows the programme approved ----
    await staffB.locator('[data-testid="programme-state"][data-state="approved"]').waitFor({ timeout: CLOSING_TIMEOUT });
    await waitForText(stateOf(staffB), /Approved/);
    const adopted = staffB.locator('.round[data-state="adopted"]');
    await waitForText(adopted.locator('[data-testid="round-outcome"]'), /Adopted/);
    assert.match(await adopted.locator('ol.reasoning').textContent(), /no member broke silence/);
    await staffB.screenshot({ path: path.join(SHOTS, 'programme-approved.png'), fullPage: true });

    // the partner's officer reads it approved too, with its history, filtered
    await geo.goto(programmeUrl);
    await geo.reload();
    await geo.locator('[data-testid="programme-state"][data-state="approved"]').waitFor();
    const history = geo.locator('[data-testid="history"] tbody tr');
    assert.ok((await waitForCount(history, 6, 'steps in the history')) >= 6);
    await geo.locator('#history-filter').fill('council');
    await waitForCount(geo.locator('[data-testid="history"] tbody tr'), 1, 'steps matching "council"');
    const shown = await geo.locator('[data-testid="history"] tbody tr').allTextContents();
    assert.ok(shown.every((row) => /council/i.test(row)), 'the filter keeps the steps about the Council');

    // at phone width nothing runs off the page
    await geo.setViewportSize(PHONE);
    await geo.locator('#history-filter').fill('');
    const overflow = await geo.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the programme page overflows a 390 px screen by ${overflow} px`);
    await geo.screenshot({ path: path.join(SHOTS, 'programme-phone.png'), fullPage: true });

    for (const p of pages) assert.deepEqual(p.errors, [], 'no uncaught errors');
  } finally {
    for (const p of pages) await p.context().close();
  }
});

/** waits for the page's h1 to read `re` */
async function page1h(page, re) {
  await waitForText(page.locator('h1'), re);
}
