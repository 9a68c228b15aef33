// End-to-end test of recording the registry through the browser: on a database made from
// data/ without Sweden's NATO membership, a staff user signs in, records Sweden's
// accession (7 March 2024, with its source) from Sweden's profile, and the map shows
// Sweden as a member from that day — and not the day before. The change is in the log.
//
// The test starts a server of its own on that scratch database (ENTENTE_BIN, see
// harness.mjs); `run.sh` passes the binary it tests. It serves the UI built in web/dist, or
// in ENTENTE_WEB when set.
//
//   ENTENTE_BIN=build/release/apps/entente node --test tests/e2e/records.test.mjs
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, SHOTS, axeViolations, entente, open, startServer, waitForCount, waitForText } from './harness.mjs';

const STAFF = 'e2e-staff';
const PASSWORD = 'correct horse battery staple';
const ACCESSION = '2024-03-07';
const SOURCE = 'NATO, Member countries, https://www.nato.int/cps/en/natohq/topics_52044.htm';

let work;
let server;

before(async () => {
  const dist = path.resolve(process.env.ENTENTE_WEB ?? path.join(ROOT, 'web', 'dist'));
  assert.ok(fs.existsSync(path.join(dist, 'index.html')), `${dist} is not built: cd web && npm run build`);
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'entente-e2e-records-'));
  const data = path.join(work, 'data');
  fs.cpSync(path.join(ROOT, 'data'), data, { recursive: true });

  // the reference data without Sweden's NATO membership (one row of memberships.csv)
  const csv = path.join(data, 'memberships.csv');
  const rows = fs.readFileSync(csv, 'utf8').split('\n');
  const kept = rows.filter((row) => !row.startsWith('NATO,SWE,'));
  assert.equal(rows.length - kept.length, 1, `${csv} has exactly one NATO,SWE row`);
  fs.writeFileSync(csv, kept.join('\n'));

  const db = path.join(work, 'records.db');
  entente(['init', '--db', db, '--data', data]);
  entente(['user', 'add', STAFF, '--role', 'alliance-staff', '--password-stdin', '--db', db], { input: `${PASSWORD}\n` });
  server = await startServer(['--db', db, '--web', dist]);
});

after(async () => {
  await server?.stop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

const swedenOn = (page, date) => page.locator(`svg.map[data-as-of="${date}"] path[data-iso3="SWE"]`).first();
const fillOf = (locator) => locator.evaluate((el) => getComputedStyle(el).fill);

test("a staff user records Sweden's NATO accession and the map shows Sweden as a member from that day", async () => {
  const page = await open();
  try {
    await page.goto(`${server.url}/#/nation/SWE?org=NATO&date=${ACCESSION}`);
    await swedenOn(page, ACCESSION).waitFor({ state: 'attached' });
    assert.notEqual(await swedenOn(page, ACCESSION).getAttribute('data-relation'), 'member', 'without the row, Sweden is no member on 2024-03-07');
    const panel = page.locator('[data-testid="nation-panel"]');
    await waitForText(panel.locator('#nation-h'), /Sweden/);

    // sign in from the header
    await page.locator('[data-testid="signin-toggle"]').click();
    await page.locator('#signin-username').fill(STAFF);
    await page.locator('#signin-password').fill(PASSWORD);
    await page.keyboard.press('Enter');
    await waitForText(page.locator('[data-testid="signed-in-user"]'), new RegExp(`${STAFF}.*Alliance staff`));

    // from Sweden's profile, record the membership
    await panel.locator('[data-testid="add-membership"]').click();
    await page.waitForURL(/#\/edit\/membership\?/);
    const form = page.locator('form.record-form[data-kind="membership"]');
    await form.waitFor();
    assert.deepEqual(await axeViolations(page), [], 'the record form passes axe-core');
    await page.locator('#rec-organisation').selectOption('NATO');
    assert.equal(await page.locator('#rec-nation').inputValue(), 'SWE', 'the form starts with the nation of the profile');
    await page.locator('#rec-from').fill(ACCESSION);
    await page.locator('#rec-status').selectOption('member');
    await page.locator('#rec-source').fill(SOURCE);
    await page.locator('#rec-reason').fill('Sweden deposited its instrument of accession on 7 March 2024');
    await page.locator('[data-testid="record-submit"]').click();
    const saved = await waitForText(page.locator('[data-testid="record-saved"]'), /Recorded/);
    assert.match(saved, /record #\d+, version 1/);
    await page.screenshot({ path: path.join(SHOTS, 'record-saved.png') });

    // the map on the day of accession: Sweden in the member colour
    await page.locator('[data-testid="record-on-map"]').click();
    await page.waitForURL(/#\/nation\/SWE\?.*date=2024-03-07/);
    const sweden = page.locator(`svg.map[data-as-of="${ACCESSION}"] path[data-iso3="SWE"][data-relation="member"]`).first();
    await sweden.waitFor({ state: 'attached' });
    const norway = page.locator(`svg.map[data-as-of="${ACCESSION}"] path[data-iso3="NOR"][data-relation="member"]`).first();
    assert.equal(await fillOf(sweden), await fillOf(norway), 'Sweden is coloured like another member (Norway)');
    await waitForText(panel.locator('[data-testid="memberships"]'), /North Atlantic Treaty Organization[\s\S]*7 Mar 2024/);
    // the changes around the date: Sweden's accession
    await page.locator('.event[data-date="2024-03-07"][data-kind="accession"]', { hasText: 'Sweden' }).first().waitFor({ state: 'attached' });
    await page.screenshot({ path: path.join(SHOTS, 'record-map.png') });

    // the record holds from its first day: not on the day before
    await page.locator('#date-input').fill('2024-03-06');
    await swedenOn(page, '2024-03-06').waitFor({ state: 'attached' });
    assert.notEqual(await swedenOn(page, '2024-03-06').getAttribute('data-relation'), 'member', 'Sweden is no member on 2024-03-06');

    // a fresh page reads it from the server
    await page.goto(`${server.url}/#/?org=NATO&date=${ACCESSION}`);
    await page.reload();
    await page.locator(`svg.map[data-as-of="${ACCESSION}"] path[data-iso3="SWE"][data-relation="member"]`).first().waitFor({ state: 'attached' });

    // and the change is in the log, by the staff user, with its reason
    await page.goto(`${server.url}/#/changes?org=NATO&date=${ACCESSION}`);
    const entry = page.locator('[data-testid="audit-list"] li[data-kind="membership"][data-action="create"]');
    await waitForCount(entry, 1, 'the creation of the membership in the log');
    const text = await entry.first().textContent();
    assert.match(text, new RegExp(STAFF));
    assert.match(text, /SWE/);
    assert.match(text, /instrument of accession/);
    assert.equal(await page.locator('h1').count(), 1, 'the log has one h1');
    assert.deepEqual(await axeViolations(page), [], 'the change log passes axe-core');

    // the log's data as the API gives it to the signed-in user: CSV and JSON of the same query
    const tools = page.locator('[data-testid="view-tools"]').first();
    const jsonHref = await tools.locator('[data-export="json"]').getAttribute('href');
    assert.match(jsonHref, /^\/api\/v1\/audit\?(.*&)?limit=\d+/);
    const answer = await page.evaluate((href) => fetch(href, { credentials: 'same-origin' }).then((r) => r.json()), jsonHref);
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), tools.locator('[data-export="csv"]').click()]);
    const csv = fs.readFileSync(await csvDownload.path(), 'utf8');
    assert.match(csv, /instrument of accession/, 'the CSV holds the change and its reason');
    const [jsonDownload] = await Promise.all([page.waitForEvent('download'), tools.locator('[data-export="json"]').click()]);
    assert.deepEqual(JSON.parse(fs.readFileSync(await jsonDownload.path(), 'utf8')), answer, 'the JSON download is the API’s answer');

    // the account page: one h1, the sessions as a sortable table with its data and API call
    await page.goto(`${server.url}/#/account`);
    const sessions = page.locator('[data-testid="sessions"] tbody tr');
    await waitForCount(sessions, 1, 'sessions');
    assert.equal(await page.locator('h1').count(), 1, 'the account page has one h1');
    assert.deepEqual(await axeViolations(page), [], 'the account page, signed in, passes axe-core');
    await page.locator('[data-testid="sessions"] button[data-sort="created"]').click();
    assert.equal(await page.locator('[data-testid="sessions"] th:has(button[data-sort="created"])').getAttribute('aria-sort'), 'ascending');
    assert.equal(await page.locator('[data-testid="sessions"] [data-export="json"]').getAttribute('href'), '/api/v1/sessions?format=json');
    await page.locator('[data-testid="sessions"] [data-testid="api-call"] summary').click();
    await waitForText(page.locator('[data-testid="sessions"] [data-testid="api-call"] pre'), /^curl '.*\/api\/v1\/sessions'$/);

    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});
