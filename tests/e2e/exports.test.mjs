// End-to-end test of what leaves the pages: for the members of an organisation, the
// operations list and the Article 4 register, the CSV and JSON downloads are the API's own
// answers to the page's query, a column sorts, "Cite this view" cites the page, and "As an
// API call" gives a curl line that answers.
//
//   ENTENTE_URL=http://127.0.0.1:8080 node --test tests/e2e/exports.test.mjs
//
// Env: see harness.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { BASE, PHONE, open, waitForCount } from './harness.mjs';

/**
 * The records of an RFC 4180 text: fields separated by commas, records by CRLF (or LF),
 * a field in double quotes may hold commas, line breaks and doubled quotes.
 */
function parseCsv(text) {
  const records = [];
  let record = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const endField = () => {
    record.push(field);
    field = '';
  };
  const endRecord = () => {
    endField();
    records.push(record);
    record = [];
  };
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i += 1;
        continue;
      }
      field += c;
      i += 1;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
    } else if (c === ',') {
      endField();
    } else if (c === '\r' && text[i + 1] === '\n') {
      endRecord();
      i += 1;
    } else if (c === '\n') {
      endRecord();
    } else {
      field += c;
    }
    i += 1;
  }
  assert.ok(!quoted, 'the CSV ends inside a quoted field');
  if (field !== '' || record.length) endRecord();
  return records;
}

test('the CSV parser reads quotes, commas and line breaks inside fields', () => {
  assert.deepEqual(parseCsv('a,b\r\n"x, y","say ""hi""\nthere"\r\n,\r\n'), [
    ['a', 'b'],
    ['x, y', 'say "hi"\nthere'],
    ['', ''],
  ]);
});

/** the rows of a CSV as objects keyed by the header */
function csvObjects(text) {
  const [header, ...rows] = parseCsv(text);
  for (const r of rows) assert.equal(r.length, header.length, `a CSV row has ${r.length} fields, the header ${header.length}: ${r.join(' | ')}`);
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

async function download(page, selector) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.locator(selector).first().click()]);
  const file = await dl.path();
  return { text: fs.readFileSync(file, 'utf8'), name: dl.suggestedFilename() };
}

/** the href of the page's data link of a format, as a URL of the server */
function linkUrl(href) {
  return new URL(href, BASE).toString();
}

/**
 * Checks the view tools of the page's card `scope`: CSV rows and JSON the API's answers to
 * the same query (`api`, and `rows(json)` the list in it whose `key` the CSV's `column`
 * repeats), "Cite this view" with the page's URL and a BibTeX @misc, and a curl line that
 * answers 200.
 */
async function checkTools(page, { scope, api, rows, key, column, shown }) {
  const tools = page.locator(`${scope} [data-testid="view-tools"]`).first();
  await tools.waitFor();

  // the links point at the API route with the page's query
  const csvHref = await tools.locator('[data-export="csv"]').getAttribute('href');
  const jsonHref = await tools.locator('[data-export="json"]').getAttribute('href');
  const expected = new URL(api, BASE);
  for (const href of [csvHref, jsonHref]) {
    const u = new URL(href, BASE);
    assert.equal(u.pathname, expected.pathname, `${href} is the route ${expected.pathname}`);
    for (const [k, v] of expected.searchParams) assert.equal(u.searchParams.get(k), v, `${href} keeps ${k}=${v}`);
  }

  const answer = await (await fetch(linkUrl(jsonHref))).json();
  const list = rows(answer);
  assert.ok(list.length > 0, `${api} answers a non-empty list`);
  if (shown !== undefined) assert.equal(list.length, shown, `the page shows the ${shown} rows of ${api}`);

  const json = await download(page, `${scope} [data-export="json"]`);
  assert.match(json.name, /^entente-.*\.json$/);
  assert.deepEqual(JSON.parse(json.text), answer, 'the JSON download is the API’s answer');

  const csv = await download(page, `${scope} [data-export="csv"]`);
  assert.match(csv.name, /\.csv$/);
  const records = csvObjects(csv.text);
  assert.deepEqual(
    records.map((r) => r[column]),
    list.map((x) => x[key]),
    'the CSV has the rows of the JSON answer, in its order',
  );

  // Cite this view: the page's URL and a BibTeX entry
  await tools.locator('[data-testid="cite"] summary').click();
  const cite = tools.locator('[data-testid="cite-text"]');
  await cite.waitFor();
  assert.ok((await cite.textContent()).includes(page.url()), 'the citation holds the page URL');
  const bibtex = await tools.locator('[data-testid="cite-bibtex"]').textContent();
  assert.match(bibtex, /^@misc\{entente\d{4}\w+,/);
  assert.ok(bibtex.includes(`\\url{${page.url()}}`), 'the BibTeX entry holds the page URL');

  // As an API call: a curl line whose URL answers
  await tools.locator('[data-testid="api-call"] summary').click();
  const curl = await tools.locator('[data-testid="api-call"] pre').textContent();
  const m = /^curl '([^']+)'$/.exec(curl.trim());
  assert.ok(m, `a curl line: ${curl}`);
  assert.equal(new URL(m[1]).pathname, expected.pathname);
  const res = await fetch(m[1]);
  assert.equal(res.status, 200, `${m[1]} answers 200`);
}

/** clicks a sortable column's header twice (descending) and returns the first row's attribute */
async function sortTwice(page, table, col, attribute) {
  const th = page.locator(`${table} th:has(button[data-sort="${col}"])`);
  await th.locator('button').click();
  assert.equal(await th.getAttribute('aria-sort'), 'ascending');
  const firstAsc = await page.locator(`${table} tbody tr`).first().getAttribute(attribute);
  await th.locator('button').click();
  assert.equal(await th.getAttribute('aria-sort'), 'descending');
  const firstDesc = await page.locator(`${table} tbody tr`).first().getAttribute(attribute);
  return { firstAsc, firstDesc };
}

const byText = (a, b) => a.localeCompare(b, undefined, { numeric: true, sensitivity: 'base' });

test('members of NATO on a date: downloads, sorting, citation and API call', async () => {
  const date = '2020-01-01';
  const api = `/api/v1/organisations/NATO/members?as_of=${date}`;
  const answer = await (await fetch(`${BASE}${api}`)).json();
  const page = await open();
  try {
    await page.goto(`${BASE}/#/org/NATO?date=${date}`);
    const rows = page.locator('[data-testid="members-table"] tbody tr');
    const shown = await waitForCount(rows, answer.members.length, 'members');
    await checkTools(page, { scope: 'section[aria-labelledby="members-h"]', api, rows: (j) => j.members, key: 'iso3', column: 'iso3', shown });

    const names = answer.members.map((m) => m.name).sort(byText);
    const iso = (name) => answer.members.find((m) => m.name === name).iso3;
    const { firstAsc, firstDesc } = await sortTwice(page, '[data-testid="members-table"]', 'nation', 'data-iso3');
    assert.equal(firstAsc, iso(names[0]));
    assert.equal(firstDesc, iso(names.at(-1)), `sorted by nation, descending: ${names.at(-1)} first`);
    assert.equal(await page.locator('h1').count(), 1, 'one h1');
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('the operations list with a filter: downloads of the same query, sorting, citation and API call', async () => {
  const api = '/api/v1/operations?kind=peace-support';
  const answer = await (await fetch(`${BASE}${api}`)).json();
  const page = await open();
  try {
    await page.goto(`${BASE}/#/operations?kind=peace-support`);
    const rows = page.locator('[data-testid="operations-table"] tbody tr');
    assert.equal(await waitForCount(rows, answer.operations.length, 'operations'), answer.operations.length);
    await page.locator(`[data-testid="operations-table"] tbody tr[data-id="${answer.operations.at(-1).id}"]`).waitFor();
    await checkTools(page, { scope: 'section[aria-labelledby="ops-h"]', api, rows: (j) => j.operations, key: 'id', column: 'id', shown: answer.operations.length });

    const byStart = [...answer.operations].sort((a, b) => byText(a.from, b.from));
    const { firstAsc, firstDesc } = await sortTwice(page, '[data-testid="operations-table"]', 'period', 'data-id');
    assert.equal(firstAsc, byStart[0].id);
    assert.equal(firstDesc, byStart.at(-1).id, 'sorted by period, descending: the latest first');
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('the Article 4 register: downloads, sorting, citation and API call', async () => {
  const api = '/api/v1/article4?nation=TUR';
  const answer = await (await fetch(`${BASE}${api}`)).json();
  const page = await open();
  try {
    // the whole register first: sorting by date
    await page.goto(`${BASE}/#/article4`);
    const all = await (await fetch(`${BASE}/api/v1/article4`)).json();
    const rows = page.locator('[data-testid="article4-table"] tbody tr');
    assert.equal(await waitForCount(rows, all.consultations.length, 'requests'), all.consultations.length);
    const byDate = [...all.consultations].sort((a, b) => byText(a.date, b.date));
    const { firstAsc, firstDesc } = await sortTwice(page, '[data-testid="article4-table"]', 'date', 'data-id');
    assert.equal(firstAsc, byDate[0].id);
    assert.equal(firstDesc, byDate.at(-1).id, 'sorted by date, descending: the latest first');

    // filtered: the downloads follow the filter
    await page.goto(`${BASE}/#/article4?nation=TUR`);
    await page.locator(`[data-testid="article4-table"] tbody tr[data-id="${answer.consultations[0].id}"]`).waitFor();
    await page.locator('[data-testid="article4-table"]:not(.stale)').waitFor();
    const filtered = page.locator('[data-testid="article4-table"] tbody tr');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="article4-table"] tbody tr').length === n, answer.consultations.length);
    await checkTools(page, { scope: 'section[aria-labelledby="a4-h"]', api, rows: (j) => j.consultations, key: 'id', column: 'id', shown: await filtered.count() });
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('an operation’s page: its CSV and JSON, and its citation names its sources', async () => {
  const api = '/api/v1/operations/kfor';
  const answer = await (await fetch(`${BASE}${api}`)).json();
  const page = await open();
  try {
    await page.goto(`${BASE}/#/operation/kfor`);
    await page.locator('[data-testid="participants-table"] tbody tr').first().waitFor();
    const tools = page.locator('[data-testid="operation"] [data-testid="view-tools"]');
    assert.equal(new URL(await tools.locator('[data-export="json"]').getAttribute('href'), BASE).pathname, api);
    const json = await download(page, '[data-testid="operation"] [data-export="json"]');
    assert.deepEqual(JSON.parse(json.text), answer);
    const csv = csvObjects((await download(page, '[data-testid="operation"] [data-export="csv"]')).text);
    const participants = csv.filter((r) => r.part === 'participant').map((r) => r.iso3).sort();
    assert.deepEqual(participants, answer.participants.map((p) => p.iso3).sort(), 'the CSV lists the participants of the JSON answer');
    await tools.locator('[data-testid="cite"] summary').click();
    const sources = await tools.locator('.cite-sources li').allTextContents();
    assert.ok(sources.length > 1, 'the sources behind the view are listed');
    assert.ok(sources.some((s) => answer.source.includes(s)), 'the operation’s own source is among them');
    // the participants sort by nation
    const names = answer.participants.map((p) => p.name).sort(byText);
    const { firstDesc } = await sortTwice(page, '[data-testid="participants-table"]', 'nation', 'data-iso3');
    assert.equal(firstDesc, answer.participants.find((p) => p.name === names.at(-1)).iso3);
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('the deployment map of a simulation downloads as SVG with its stamp, and as PNG', async () => {
  const page = await open();
  try {
    await page.goto(`${BASE}/#/simulate?scenario=baltic-armed-attack&runs=200&seed=1`);
    await page.locator('[data-testid="scenario-summary"]').waitFor();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.locator('[data-testid="run-status"][data-state="done"]').waitFor({ timeout: 120_000 });
    const card = page.locator('[data-testid="deployment"]');
    await card.locator('[data-testid="deployment-map"] circle.capital').first().waitFor();
    const capitals = await card.locator('[data-testid="deployment-map"] circle.capital').count();

    const svg = await download(page, '[data-testid="deployment"] [data-export="svg"]');
    assert.match(svg.name, /^entente-deployment-.*\.svg$/);
    assert.match(svg.text, /^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    // the stamp is wrapped to the figure's width: one tspan per line, broken at its ' · '
    const stamp = /<text[^>]*data-stamp=""[^>]*>(.*?)<\/text>/s.exec(svg.text);
    assert.ok(stamp, 'the SVG carries a stamp');
    const lines = [...stamp[1].matchAll(/<tspan[^>]*>([^<]*)<\/tspan>/g)].map((m) => m[1]);
    assert.match(lines.join(' · '), /Deployment to .* · NATO · as of \d{4}-\d{2}-\d{2} · Entente/);
    assert.equal((svg.text.match(/<circle[^>]*data-iso3=/g) ?? []).length, capitals, 'every capital drawn is in the SVG');

    const [dl] = await Promise.all([page.waitForEvent('download'), card.locator('[data-export="png"]').click()]);
    assert.match(dl.suggestedFilename(), /^entente-deployment-.*\.png$/);
    const png = fs.readFileSync(await dl.path());
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG file');
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('printing a page prints its content, not its controls, with the address of every source written out', async () => {
  const page = await open();
  try {
    await page.goto(`${BASE}/#/org/NATO?date=2024-03-07`);
    await waitForCount(page.locator('table tbody tr'), 32, 'NATO members on 2024-03-07');
    await page.locator('a.source[href^="http"]').first().waitFor({ state: 'attached' });
    await page.emulateMedia({ media: 'print' });
    const printed = await page.evaluate(() => {
      const shown = (el) => !!el && getComputedStyle(el).display !== 'none' && el.getClientRects().length > 0;
      const link = document.querySelector('a.source[href^="http"]');
      return {
        tools: [...document.querySelectorAll('[data-testid="view-tools"]')].some(shown),
        topbar: shown(document.querySelector('.topbar')),
        table: shown(document.querySelector('table')),
        h1: shown(document.querySelector('h1')),
        href: link.getAttribute('href'),
        after: getComputedStyle(link, '::after').content,
      };
    });
    assert.equal(printed.tools, false, 'the view tools are not printed');
    assert.equal(printed.topbar, false, 'the navigation is not printed');
    assert.equal(printed.table, true, 'the members table is printed');
    assert.equal(printed.h1, true, 'the page title is printed');
    assert.ok(printed.after.includes(printed.href), `the source's address is written after it: ${printed.after}`);
    // a folded note prints whole
    const note = page.locator('details.note:not([open]) > p').first();
    assert.ok(await note.isVisible(), 'the text of a folded note is printed');
    await page.emulateMedia({ media: 'screen' });
    assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('a.source[href^="http"]'), '::after').content), 'none');
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('on a phone, where table rows stack, the sort buttons stay as a row of chips and sort', async () => {
  const page = await open(PHONE);
  try {
    await page.goto(`${BASE}/#/org/NATO?date=2024-03-07`);
    await waitForCount(page.locator('table tbody tr'), 32, 'NATO members on 2024-03-07');
    const byFrom = page.locator('table thead button[data-sort="from"]');
    assert.ok(await byFrom.isVisible(), 'the From sort button is shown at phone width');
    await byFrom.click();
    await byFrom.click();
    await page.locator('table thead th[aria-sort="descending"] button[data-sort="from"]').waitFor();
    // latest accession first: Sweden, 7 March 2024
    assert.match(await page.locator('table tbody tr').first().textContent(), /Sweden/);
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});
