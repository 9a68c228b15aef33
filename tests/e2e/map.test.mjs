// End-to-end test of the Entente browser UI against a running server.
//
//   ENTENTE_URL=http://127.0.0.1:8080 node --test tests/e2e/
//
// Env: see harness.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { BASE, SHOTS, open, waitForCount, waitForText } from './harness.mjs';

/** wait until the map shows the relations for `date` */
async function mapShows(page, date) {
  await page.waitForSelector(`svg.map[data-as-of="${date}"]`);
  await page.waitForSelector('svg.map path[data-iso3="FIN"]');
}

const relationOf = (page, iso3) => page.locator(`svg.map path[data-iso3="${iso3}"]`).first().getAttribute('data-relation');
const fillOf = (page, iso3) =>
  page.locator(`svg.map path[data-iso3="${iso3}"]`).first().evaluate((el) => getComputedStyle(el).fill);

test('the map colours Finland as a partner on 2023-04-03 and as a member on 2023-04-04', async () => {
  const page = await open();
  try {
    await page.goto(`${BASE}/`);
    const countries = await waitForCount(page.locator('svg.map[data-as-of]:not([data-as-of=""]) path[data-relation]'), 151, "the world's countries on the map");
    assert.ok(countries > 150, `expected the world's countries on the map, found ${countries}`);

    // organisation select defaults to NATO
    assert.equal(await page.locator('.org-select select').inputValue(), 'NATO');

    // the date input drives the map (and the URL)
    await page.fill('#date-input', '2023-04-03');
    await mapShows(page, '2023-04-03');
    assert.equal(await relationOf(page, 'FIN'), 'partner', 'Finland was a PfP/EAPC partner on 2023-04-03');
    assert.match(page.url(), /date=2023-04-03/);
    assert.match(page.url(), /org=NATO/);
    const fillBefore = await fillOf(page, 'FIN');
    await expectLegend(page, 'partner');

    await page.fill('#date-input', '2023-04-04');
    await mapShows(page, '2023-04-04');
    assert.equal(await relationOf(page, 'FIN'), 'member', 'Finland joined NATO on 2023-04-04');
    const fillAfter = await fillOf(page, 'FIN');
    assert.notEqual(fillAfter, fillBefore, 'Finland’s fill colour changes when it becomes a member');
    assert.equal(fillAfter, await fillOf(page, 'USA'), 'Finland is coloured like another member (USA)');

    // the date is announced and shown
    assert.match(await page.locator('[data-testid="date-live"]').textContent(), /4 April 2023/);
    assert.match(await page.locator('.datectl-date').textContent(), /4 April 2023/);

    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

async function expectLegend(page, relation) {
  const item = page.locator(`.legend-item[data-legend="${relation}"] .legend-count`);
  const n = Number(await item.textContent());
  assert.ok(n > 0, `legend shows a count for ${relation}`);
}

test('clicking a nation on the map opens its profile with its memberships', async () => {
  const page = await open();
  try {
    await page.goto(`${BASE}/#/?org=NATO&date=2023-04-04`);
    await mapShows(page, '2023-04-04');
    await page.locator('svg.map path[data-iso3="FIN"]').first().click();
    const panel = page.locator('[data-testid="nation-panel"]');
    await panel.waitFor();
    await waitForText(panel.locator('#nation-h'), /Finland/);
    const memberships = panel.locator('[data-testid="memberships"] li');
    assert.ok((await waitForCount(memberships, 1, 'memberships')) >= 1, 'at least one membership is listed');
    const text = await panel.locator('[data-testid="memberships"]').textContent();
    assert.match(text, /North Atlantic Treaty Organization|NATO/);
    assert.match(text, /2023/, 'the membership shows its date');
    assert.match(page.url(), /#\/nation\/FIN\?/, 'the profile has its own URL');
    // relation on the date
    await waitForText(panel.locator('.relations li[data-org="NATO"]'), /Member/);
    await page.screenshot({ path: path.join(SHOTS, 'profile.png') });
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('a nation is reachable by keyboard through the search box', async () => {
  const page = await open();
  try {
    await page.goto(`${BASE}/#/?org=NATO&date=2024-03-07`);
    await mapShows(page, '2024-03-07');
    await page.focus('#nation-search');
    await page.keyboard.type('Swe');
    await page.locator('#nation-results [role="option"]', { hasText: 'Sweden' }).waitFor();
    // pick Sweden with the arrow keys and Enter
    const options = await page.locator('#nation-results [role="option"]').allTextContents();
    const idx = options.findIndex((o) => /Sweden/.test(o));
    assert.ok(idx >= 0, `Sweden is among the results: ${options.join(', ')}`);
    for (let i = 0; i < idx; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForURL(/#\/nation\/SWE\?/);
    await waitForText(page.locator('#nation-h'), /Sweden/);
    assert.equal(await relationOf(page, 'SWE'), 'member', 'Sweden is a member on 2024-03-07');
  } finally {
    await page.context().close();
  }
});

test('clicking a change in the timeline jumps to its date', async () => {
  const page = await open();
  try {
    await page.goto(`${BASE}/#/?org=NATO&date=2023-01-01`);
    await mapShows(page, '2023-01-01');
    const event = page.locator('.event[data-date="2023-04-04"] .event-jump').first();
    await event.waitFor();
    await event.click();
    await mapShows(page, '2023-04-04');
    assert.match(page.url(), /date=2023-04-04/);
    assert.equal(await relationOf(page, 'FIN'), 'member');
    // the step buttons move between change dates
    await page.getByRole('button', { name: /^Previous change/ }).click();
    await page.waitForFunction(() => !/date=2023-04-04/.test(location.hash));
    const prev = /date=(\d{4}-\d{2}-\d{2})/.exec(page.url())[1];
    assert.ok(prev < '2023-04-04', `stepped back to an earlier change (${prev})`);
  } finally {
    await page.context().close();
  }
});

test('organisation page lists members as of the date', async () => {
  const page = await open();
  try {
    await page.goto(`${BASE}/#/org/NATO?date=2023-04-03`);
    await page.locator('[data-testid="members-table"]').waitFor();
    await page.locator('[data-testid="members-table"] tr[data-iso3="USA"]').waitFor();
    assert.equal(await page.locator('[data-testid="members-table"] tr[data-iso3="FIN"]').count(), 0, 'Finland is not a member yet');
    await page.fill('#date-input', '2023-04-04');
    await page.locator('[data-testid="members-table"] tr[data-iso3="FIN"]').waitFor();
    const row = await page.locator('[data-testid="members-table"] tr[data-iso3="FIN"]').textContent();
    assert.match(row, /2023/);
  } finally {
    await page.context().close();
  }
});

test('an API error is shown plainly (problem+json detail)', async () => {
  const page = await open();
  try {
    await page.goto(`${BASE}/#/?org=NO-SUCH-ORG&date=2023-04-04`);
    const alert = page.locator('.map-card [role="alert"]').first();
    await alert.waitFor();
    const text = (await alert.textContent()) ?? '';
    assert.match(text, /Could not load the relations of NO-SUCH-ORG/);
    assert.doesNotMatch(text, /The server answered/, `the problem detail is shown, got: ${text}`);
    assert.match(text, /404/);
  } finally {
    await page.context().close();
  }
});

test('the phone-sized layout has no horizontal overflow and stacks the map on top', async () => {
  const page = await open({ width: 390, height: 844 });
  try {
    await page.goto(`${BASE}/#/?org=NATO&date=2023-04-04`);
    await mapShows(page, '2023-04-04');
    const { scrollWidth, clientWidth } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
    }));
    assert.ok(scrollWidth <= clientWidth, `no horizontal overflow (scrollWidth ${scrollWidth} > ${clientWidth})`);
    const map = await page.locator('svg.map').boundingBox();
    const events = await page.locator('.events-card').boundingBox();
    assert.ok(map.width > 300 && map.x >= 0 && map.x + map.width <= 390, `map fits the screen: ${JSON.stringify(map)}`);
    assert.ok(events.y > map.y + map.height, 'the panels are stacked below the map');
    await page.screenshot({ path: path.join(SHOTS, 'phone.png'), fullPage: true });

    // the profile stacks too and fits
    await page.locator('svg.map path[data-iso3="FIN"]').first().click();
    await page.locator('[data-testid="nation-panel"] [data-testid="memberships"]').waitFor();
    const sw = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(sw <= 390, `no horizontal overflow with the profile open (${sw})`);
  } finally {
    await page.context().close();
  }
});

test('screenshots for the README (1280×800): map.png on 2023-04-04, map-today.png', async () => {
  const page = await open();
  try {
    await page.goto(`${BASE}/#/?org=NATO&date=2023-04-04`);
    await mapShows(page, '2023-04-04');
    const members = await waitForCount(page.locator('svg.map[data-as-of="2023-04-04"] path[data-relation="member"]'), 30, 'member areas on 2023-04-04');
    assert.ok(members >= 30, `NATO had 31 members on 2023-04-04; the map shows ${members} member areas`);
    // the changes list marks Finland's accession on that day
    await page.locator('.event.current[data-kind="accession"]').first().waitFor();
    const file = path.join(SHOTS, 'map.png');
    await page.screenshot({ path: file });
    assert.ok(fs.statSync(file).size > 20_000, 'map.png was written');

    await page.getByRole('button', { name: 'Today' }).click();
    const today = page.locator('svg.map[data-as-of]:not([data-as-of="2023-04-04"]):not([data-as-of=""]) path[data-relation="member"]');
    assert.ok((await waitForCount(today, members, 'member areas today')) >= members, 'no fewer members today');
    await page.screenshot({ path: path.join(SHOTS, 'map-today.png') });
  } finally {
    await page.context().close();
  }
});
