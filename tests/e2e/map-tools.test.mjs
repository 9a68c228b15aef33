// The map's tools and honest edges, end to end: zoom and pan, points for states too
// small to click, the forgiving search, tab titles, notices about impossible, early, late
// and future dates, the exports (SVG, PNG, CSV) and the citation, and the keyboard.
//
//   ENTENTE_URL=http://127.0.0.1:8080 node --test tests/e2e/map-tools.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { BASE, PHONE, SHOTS, open, waitForText } from './harness.mjs';

const DATE = '2024-03-07';

/** open the map of `org` on `date` and wait until its relations are drawn */
async function openMap(page, { org = 'NATO', date = DATE, extra = '' } = {}) {
  await page.goto(`${BASE}/#/?org=${org}&date=${date}${extra}`);
  await page.locator(`svg.map[data-as-of="${date}"] path[data-relation]`).first().waitFor({ state: 'attached' });
}

const zoomOf = (page) => page.locator('svg.map').evaluate((svg) => svg.__entente.view());
const transformOf = (page) => page.locator('svg.map g.zoom-layer').getAttribute('transform');
const IDENTITY = 'translate(0 0) scale(1)';

/** wait until the map's zoom layer has another transform than `from`; returns it */
async function transformChange(page, from, what) {
  try {
    await page.waitForFunction((f) => document.querySelector('svg.map g.zoom-layer')?.getAttribute('transform') !== f, from);
  } catch {
    assert.fail(`${what}: the transform stayed ${from}`);
  }
  return transformOf(page);
}

/** wait until the map shows the whole world again */
async function whole(page, what) {
  try {
    await page.waitForFunction((f) => document.querySelector('svg.map g.zoom-layer')?.getAttribute('transform') === f, IDENTITY);
  } catch {
    assert.fail(`${what}: the transform is ${await transformOf(page)}, not ${IDENTITY}`);
  }
}

const scaleOf = (t) => Number(/scale\(([\d.]+)\)/.exec(t)?.[1] ?? NaN);

/** a minimal RFC 4180 reader: rows of fields, quotes and doubled quotes understood */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

test('the map zooms in and out by its buttons, the wheel and the keyboard, and Reset shows the whole map again', async () => {
  const page = await open();
  try {
    await openMap(page);
    assert.equal(await transformOf(page), IDENTITY, 'the map starts whole');
    assert.equal(await page.getByRole('button', { name: 'Zoom in' }).count(), 1, 'a named Zoom in button');
    assert.equal(await page.getByRole('button', { name: 'Zoom out' }).count(), 1, 'a named Zoom out button');
    assert.equal(await page.getByRole('button', { name: 'Show the whole map' }).count(), 1, 'a named reset button');

    // buttons
    await page.getByRole('button', { name: 'Zoom in' }).click();
    const t1 = await transformChange(page, IDENTITY, 'after Zoom in');
    assert.ok(scaleOf(t1) > 1, `zoomed in: ${t1}`);
    await page.getByRole('button', { name: 'Zoom in' }).click();
    const t2 = await transformChange(page, t1, 'after a second Zoom in');
    assert.ok(scaleOf(t2) > scaleOf(t1), `zoomed in further: ${t2}`);
    await page.getByRole('button', { name: 'Zoom out' }).click();
    const t3 = await transformChange(page, t2, 'after Zoom out');
    assert.ok(scaleOf(t3) < scaleOf(t2), `zoomed out: ${t3}`);
    await page.getByRole('button', { name: 'Show the whole map' }).click();
    await whole(page, 'after Reset');

    // the wheel zooms about the pointer: the point under it stays put
    const box = await page.locator('svg.map').boundingBox();
    const at = { x: box.x + box.width * 0.52, y: box.y + box.height * 0.3 };
    const before = await page.locator('svg.map').evaluate((svg, p) => svg.__entente.invert(
      (() => { const m = svg.getScreenCTM().inverse(); const q = new DOMPoint(p.x, p.y).matrixTransform(m); return [q.x, q.y]; })(),
    ), at);
    await page.mouse.move(at.x, at.y);
    await page.mouse.wheel(0, -300);
    const tw = await transformChange(page, IDENTITY, 'after the wheel');
    assert.ok(scaleOf(tw) > 1.3, `the wheel zoomed in: ${tw}`);
    const after = await page.locator('svg.map').evaluate((svg, p) => svg.__entente.invert(
      (() => { const m = svg.getScreenCTM().inverse(); const q = new DOMPoint(p.x, p.y).matrixTransform(m); return [q.x, q.y]; })(),
    ), at);
    assert.ok(Math.abs(after[0] - before[0]) < 0.5 && Math.abs(after[1] - before[1]) < 0.5, `the place under the pointer stays: ${before} → ${after}`);
    await page.getByRole('button', { name: 'Show the whole map' }).click();
    await whole(page, 'after Reset');

    // the keyboard: + zooms, an arrow moves, 0 resets; the focused map shows a focus ring and its keys
    await page.locator('svg.map').focus();
    await page.keyboard.press('+');
    const tk = await transformChange(page, IDENTITY, 'after +');
    await page.keyboard.press('ArrowRight');
    const ta = await transformChange(page, tk, 'after ArrowRight');
    assert.ok(ta.startsWith('translate(') && scaleOf(ta) === scaleOf(tk), `the arrow moved the map: ${tk} → ${ta}`);
    const ring = await page.locator('svg.map').evaluate((el) => getComputedStyle(el).outlineStyle);
    assert.equal(ring, 'solid', 'the focused map has a visible focus ring');
    assert.ok(await page.locator('.map-keyhint').evaluate((el) => getComputedStyle(el).opacity === '1'), 'the keys are shown while the map has focus');
    await page.keyboard.press('0');
    await whole(page, 'after 0');
    // the limits: zooming out of the whole map changes nothing
    await page.keyboard.press('-');
    assert.equal((await zoomOf(page)).k, 1, 'no zooming out of the whole map');
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('on a touch screen two fingers pinch the map larger and one finger then drags it, opening nothing', async () => {
  const probe = await open(PHONE);
  const browser = probe.context().browser();
  await probe.context().close();
  const context = await browser.newContext({ viewport: PHONE, hasTouch: true, isMobile: true, reducedMotion: 'reduce' });
  const page = await context.newPage();
  try {
    await openMap(page);
    const box = await page.locator('svg.map').boundingBox();
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    const cdp = await context.newCDPSession(page);
    const fingers = (d) => [{ x: cx - d, y: cy, id: 0 }, { x: cx + d, y: cy, id: 1 }];
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: fingers(20) });
    for (let d = 25; d <= 60; d += 5) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: fingers(d) });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    const t1 = await transformChange(page, IDENTITY, 'after the pinch');
    assert.ok(Math.abs(scaleOf(t1) - 3) < 0.05, `fingers spread from 40 to 120 pixels apart zoom by 3: ${t1}`);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: cx, y: cy, id: 0 }] });
    for (let i = 1; i <= 6; i += 1) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: cx + i * 8, y: cy, id: 0 }] });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    const t2 = await transformChange(page, t1, 'after the drag');
    assert.equal(scaleOf(t2), scaleOf(t1), 'a drag does not zoom');
    assert.match(page.url(), /#\/\?/, 'neither gesture opened a profile');
  } finally {
    await context.close();
  }
});

test('a drag pans the zoomed map and is not a click; a click on a country still opens it', async () => {
  const page = await open();
  try {
    await openMap(page);
    await page.getByRole('button', { name: 'Zoom in' }).click();
    const t0 = await transformChange(page, IDENTITY, 'after Zoom in');
    // drag from a country in the middle of the map: the map moves and the country does not open
    const box = await page.locator('svg.map').boundingBox();
    const start = { x: box.x + box.width * 0.5, y: box.y + box.height * 0.42 };
    const under = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.getAttribute('data-iso3'), start);
    assert.ok(under, 'a country lies under the middle of the zoomed map');
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    for (let i = 1; i <= 5; i += 1) await page.mouse.move(start.x - i * 12, start.y + i * 6);
    await page.mouse.up();
    const t1 = await transformChange(page, t0, 'after the drag');
    assert.equal(scaleOf(t1), scaleOf(t0), 'a drag does not zoom');
    assert.match(page.url(), /#\/\?/, 'the drag opened no profile');
    assert.equal(await page.locator('[data-testid="nation-panel"]').count(), 0);
    // and a plain click on a country opens it, zoomed and moved as the map is
    const target = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.getAttribute('data-iso3'), start);
    assert.ok(target, 'a country lies under the pointer after the drag');
    await page.mouse.click(start.x, start.y);
    await page.waitForURL(new RegExp(`#/nation/${target}\\?`));
    await page.locator('#nation-h').waitFor();
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('states too small to click have a point at their capital, coloured by relation; a click opens the profile', async () => {
  const page = await open();
  try {
    await openMap(page);
    const lux = page.locator('svg.map a.small-state[data-point="LUX"]');
    const mlt = page.locator('svg.map a.small-state[data-point="MLT"]');
    await lux.waitFor({ state: 'attached' });
    await mlt.waitFor({ state: 'attached' });
    assert.equal(await lux.getAttribute('data-relation'), 'member', 'Luxembourg is a NATO member');
    assert.equal(await mlt.getAttribute('data-relation'), 'partner', 'Malta is a NATO partner');
    assert.match((await lux.locator('title').textContent()) ?? '', /Luxembourg: Member/, 'the point has a title');
    const dot = await lux.locator('.point-dot').evaluate((el) => getComputedStyle(el).fill);
    const member = await page.locator('svg.map path[data-iso3="BEL"]').first().evaluate((el) => getComputedStyle(el).fill);
    assert.equal(dot, member, 'the point is coloured like a member country');
    // not hard-coded: states not drawn by the atlas get one, large ones do not
    for (const iso3 of ['AND', 'LIE', 'MCO', 'SMR', 'SGP', 'BHR']) {
      assert.equal(await page.locator(`svg.map a.small-state[data-point="${iso3}"]`).count(), 1, `${iso3} has a point`);
    }
    assert.equal(await page.locator('svg.map a.small-state[data-point="FRA"]').count(), 0, 'France is large enough to click');

    // reachable by keyboard: the point is a link with the state's name
    assert.match((await lux.getAttribute('aria-label')) ?? '', /^Luxembourg/);
    await page.screenshot({ path: path.join(SHOTS, 'small-states.png') });
    await lux.click();
    await page.waitForURL(/#\/nation\/LUX\?/);
    await waitForText(page.locator('#nation-h'), /Luxembourg/);
    assert.equal(await page.locator('svg.map a.small-state[data-point="LUX"] .point-selected').count(), 1, 'the chosen point is ringed');

    // the legend lists small states like every other nation
    await page.locator('.legend-item[data-legend="member"]').click();
    await page.locator('.legend-list a[data-nation-link="LUX"]').waitFor();
    await page.locator('.legend-item[data-legend="partner"]').click();
    await page.locator('.legend-list a[data-nation-link="MLT"]').waitFor();
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('the search forgives: Holland finds the Netherlands, UK the United Kingdom, Cote d’Ivoire Côte d’Ivoire', async () => {
  const page = await open();
  try {
    await openMap(page);
    for (const [q, iso3, name] of [
      ['Holland', 'NLD', /Netherlands/],
      ['UK', 'GBR', /United Kingdom/],
      ["Cote d'Ivoire", 'CIV', /Côte d.Ivoire/],
    ]) {
      await page.fill('#nation-search', q);
      const option = page.locator(`#nation-results [role="option"]#opt-${iso3}`);
      await option.waitFor();
      assert.match((await option.textContent()) ?? '', name);
      if (q === 'Holland') assert.match((await option.textContent()) ?? '', /Holland/, 'the alias it was found by is shown');
      await option.click();
      await page.waitForURL(new RegExp(`#/nation/${iso3}\\?`));
      await waitForText(page.locator('#nation-h'), name);
    }
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('the tab title names the nation, the organisation and the operation, not their codes', async () => {
  const page = await open();
  try {
    await page.goto(`${BASE}/#/nation/FIN?org=NATO&date=${DATE}`);
    await waitForText(page.locator('#nation-h'), /Finland/);
    await page.waitForFunction(() => document.title === 'Finland · 7 Mar 2024 · Entente');
    await page.goto(`${BASE}/#/org/NATO?date=${DATE}`);
    await page.waitForFunction(() => document.title === 'NATO members · 7 Mar 2024 · Entente');
    await page.goto(`${BASE}/#/operation/deny-flight?org=NATO&date=${DATE}`);
    await page.waitForFunction(() => document.title.startsWith('Operation Deny Flight · '), null).catch(async () => {
      assert.fail(`the operation's title is ${await page.title()}`);
    });
    await page.goto(`${BASE}/#/?org=NATO&date=${DATE}`);
    await page.waitForFunction(() => document.title === 'Relations to NATO · 7 Mar 2024 · Entente');
  } finally {
    await page.context().close();
  }
});

test('an impossible date in the address is reported, not silently replaced', async () => {
  const page = await open();
  try {
    await page.goto(`${BASE}/#/?org=NATO&date=2023-02-30`);
    const notice = page.locator('[data-testid="date-notice"]');
    const text = await waitForText(notice, /30 February 2023, which does not exist; showing today/);
    const today = await page.evaluate(() => {
      const d = new Date();
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    });
    assert.match(page.url(), new RegExp(`date=${today}`), 'the address now says which date is shown');
    assert.ok(text.length < 200);
    // the same when the address changes within the page
    await page.goto(`${BASE}/#/?org=NATO&date=banana`);
    await waitForText(notice, /“banana”, which is not a date/);
    await page.waitForURL(new RegExp(`date=${today}`));
    // choosing a date ends the notice
    await page.fill('#date-input', '2023-04-04');
    await notice.waitFor({ state: 'detached' });
  } finally {
    await page.context().close();
  }
});

test('dates outside an organisation’s or a state’s life, and in the future, are said to be', async () => {
  const page = await open();
  try {
    await page.goto(`${BASE}/#/nation/UKR?org=NATO&date=1980-01-01`);
    await waitForText(page.locator('[data-testid="nation-notice"]'), /Ukraine did not exist as a state on 1 January 1980: it dates from 24 August 1991/);

    await page.goto(`${BASE}/#/?org=WEU&date=2026-06-01`);
    await waitForText(page.locator('[data-testid="org-notice"]'), /The Western European Union was dissolved on 30 June 2011/);

    await page.goto(`${BASE}/#/?org=NATO&date=2100-01-01`);
    await waitForText(page.locator('[data-testid="future-notice"]'), /1 January 2100 is in the future: this answer assumes that nothing changes after today/);
    assert.equal(await page.locator('[data-testid="org-notice"]').count(), 0, 'NATO exists in 2100 as far as anyone knows');

    await page.goto(`${BASE}/#/?org=NATO&date=${DATE}`);
    await page.locator(`svg.map[data-as-of="${DATE}"]`).waitFor({ state: 'attached' });
    assert.equal(await page.locator('[data-testid="map-notice"]').count(), 0, 'an ordinary date needs no notice');
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('the map downloads as SVG with its stamp and as PNG; its relations as CSV with the rows of the JSON', async () => {
  const page = await open();
  try {
    await openMap(page);
    const tools = page.locator('.map-card [data-testid="view-tools"]');

    const [svgDl] = await Promise.all([page.waitForEvent('download'), tools.locator('[data-export="svg"]').click()]);
    assert.match(svgDl.suggestedFilename(), /^entente-nato-relations-2024-03-07\.svg$/);
    const svgText = fs.readFileSync(await svgDl.path(), 'utf8');
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      return {
        root: doc.documentElement.nodeName,
        error: doc.getElementsByTagName('parsererror').length,
        stamp: doc.querySelector('[data-stamp]')?.textContent ?? '',
        legend: [...doc.querySelectorAll('[data-legend] text')].map((t) => t.textContent),
        countries: doc.querySelectorAll('path[data-iso3]').length,
      };
    }, svgText);
    assert.equal(parsed.root, 'svg', 'the download is an SVG document');
    assert.equal(parsed.error, 0, 'it parses');
    assert.match(parsed.stamp, /2024-03-07/, 'the stamp has the date');
    assert.match(parsed.stamp, /NATO/, 'the stamp has the organisation');
    assert.ok(parsed.legend.some((t) => /^Member \d+$/.test(t)), `the figure carries its key: ${parsed.legend.join(', ')}`);
    assert.ok(parsed.countries > 150, `the countries are in it (${parsed.countries})`);

    const [pngDl] = await Promise.all([page.waitForEvent('download'), tools.locator('[data-export="png"]').click()]);
    const png = fs.readFileSync(await pngDl.path());
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'the PNG signature');
    assert.ok(png.length > 10_000, `the PNG has a picture in it (${png.length} bytes)`);

    const [csvDl] = await Promise.all([page.waitForEvent('download'), tools.locator('[data-export="csv"]').click()]);
    const rows = parseCsv(fs.readFileSync(await csvDl.path(), 'utf8')).filter((r) => r.length > 1);
    const [header, ...data] = rows;
    assert.deepEqual(header.slice(0, 3), ['iso3', 'name', 'relation']);
    const json = await (await fetch(`${BASE}/api/v1/organisations/NATO/relations?as_of=${DATE}`)).json();
    assert.equal(data.length, json.relations.length, 'as many rows as the JSON has relations');
    const fromCsv = new Map(data.map((r) => [r[0], r[2]]));
    for (const r of json.relations) assert.equal(fromCsv.get(r.iso3), r.relation, `${r.iso3}: the same relation`);
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('“Cite this view” gives the URL, the data version and a BibTeX entry', async () => {
  const page = await open();
  try {
    await openMap(page);
    const cite = page.locator('.map-card [data-testid="cite"]');
    await cite.locator('summary').click();
    const text = await waitForText(cite.locator('[data-testid="cite-text"]'), /Relations to NATO on 7 March 2024/);
    assert.ok(text.includes(page.url()), `the citation has the view's URL: ${text}`);
    assert.match(text, /data version \d+/);
    const facts = await cite.locator('.cite-facts').textContent();
    assert.match(facts, /Data version\s*\d+/);
    const bibtex = await cite.locator('[data-testid="cite-bibtex"]').textContent();
    assert.match(bibtex, /^@misc\{entente\d{4}\w+,/);
    assert.match(bibtex, /howpublished = \{\\url\{http/);

    // the profile cites its own sources
    await page.goto(`${BASE}/#/nation/FIN?org=NATO&date=${DATE}`);
    const pcite = page.locator('.nation-panel [data-testid="cite"]');
    await pcite.locator('summary').click();
    await waitForText(pcite.locator('[data-testid="cite-text"]'), /Finland/);
    assert.match(await pcite.locator('.cite-sources').textContent(), /nato\.int/, 'the membership’s source is among them');
    assert.equal(await page.locator('.nation-panel [data-export="csv"]').count(), 1, 'the profile route serves CSV');
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('Escape closes the nation panel and focus returns to what opened it; a new page’s h1 takes focus and is announced', async () => {
  const page = await open();
  try {
    await openMap(page);
    assert.equal(await page.locator('h1').count(), 1, 'the map page has one h1');
    assert.match(await page.locator('h1').textContent(), /Relations to North Atlantic Treaty Organization/);

    await page.locator('.legend-item[data-legend="member"]').click();
    const link = page.locator('.legend-list a[data-nation-link="NOR"]');
    await link.focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/#\/nation\/NOR\?/);
    await waitForText(page.locator('#nation-h'), /Norway/);
    await page.waitForFunction(() => document.activeElement?.id === 'nation-h');
    assert.equal(await page.locator('h1').count(), 1, 'the nation view has one h1');
    await waitForText(page.locator('[data-testid="page-announcement"]'), /^Norway$/);

    await page.keyboard.press('Escape');
    await page.locator('[data-testid="nation-panel"]').waitFor({ state: 'detached' });
    assert.match(page.url(), /#\/\?/);
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-nation-link') === 'NOR');

    // Escape in the search box is the search's, not the panel's
    await page.locator('svg.map path[data-iso3="FIN"]').first().click();
    await page.locator('[data-testid="nation-panel"]').waitFor();
    await page.focus('#nation-search');
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('[data-testid="nation-panel"]').count(), 1, 'the panel stays open');

    // closing a panel that was opened by its address: the map's h1 takes focus
    await page.goto(`${BASE}/#/nation/FIN?org=NATO&date=${DATE}`);
    await page.reload();
    await page.locator('#nation-h').waitFor();
    await page.locator('[data-testid="nation-panel"] button[aria-label="Close the nation profile"]').click();
    await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('the legend shows no count before the relations arrive', async () => {
  const page = await open();
  try {
    let release;
    const held = new Promise((r) => (release = r));
    await page.route('**/api/v1/organisations/NATO/relations**', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`${BASE}/#/?org=NATO&date=${DATE}`);
    await page.locator('.legend-pending').waitFor();
    assert.equal(await page.locator('.legend-item[data-legend]').count(), 0, 'no counts while the relations load');
    assert.doesNotMatch(await page.locator('.map-card').textContent(), /Not a state \/ no data\s*\d/);
    release();
    await page.locator('.legend-item[data-legend="member"] .legend-count').waitFor();
    const members = Number(await page.locator('.legend-item[data-legend="member"] .legend-count').textContent());
    assert.equal(members, 32, 'NATO had 32 members on 7 March 2024');
  } finally {
    await page.context().close();
  }
});

test('a failed Article 5 check shows its error, not the verdict of the point before', async () => {
  const page = await open();
  try {
    await page.goto(`${BASE}/#/?org=NATO&date=2020-01-01&mode=treaty&at=40.4168,-3.7038`);
    const result = page.locator('[data-testid="article5-result"]');
    await result.waitFor();
    assert.equal(await result.getAttribute('data-verdict'), 'covered', 'Madrid');
    await page.route('**/api/v1/article5**', (route) =>
      route.fulfill({ status: 503, contentType: 'application/problem+json', body: JSON.stringify({ title: 'Unavailable', status: 503, detail: 'The server is busy; try again.' }) }),
    );
    await page.getByRole('button', { name: 'Honolulu' }).click();
    await page.locator('#a5-answer [role="alert"]').waitFor();
    assert.equal(await result.count(), 0, 'the verdict for Madrid is gone');
    assert.equal(await page.locator('#a5-answer [role="alert"] button.retry').count(), 1, 'the error has Retry');
    await page.unroute('**/api/v1/article5**');
    await page.locator('#a5-answer [role="alert"] button.retry').click();
    await result.waitFor();
    assert.notEqual(await result.getAttribute('data-verdict'), 'covered', 'Honolulu is not covered');
  } finally {
    await page.context().close();
  }
});

test('on a phone, the navigation names every link, hints at links beyond the edge and shows the current one', async () => {
  const page = await open(PHONE);
  try {
    await openMap(page);
    for (const name of ['Map', 'Members', 'Decide', 'Article 4', 'Operations', 'Eligibility', 'Simulate']) {
      assert.equal(await page.getByRole('navigation', { name: 'Views' }).getByRole('link', { name, exact: true }).count(), 1, `a link named ${name}`);
    }
    assert.equal(await page.getByRole('combobox', { name: 'Organisation' }).count(), 1, 'the organisation select has a name');
    const nav = page.locator('.nav-scroller');
    const overflows = await page.locator('.nav').evaluate((el) => el.scrollWidth > el.clientWidth);
    if (overflows) {
      await page.waitForSelector('.nav-scroller.more-right');
      assert.ok(await page.locator('.nav-more-right').isVisible(), 'an arrow says more links lie to the right');
    }
    await page.goto(`${BASE}/#/simulate?org=NATO&date=${DATE}`);
    const sim = page.locator('.nav a[data-nav="simulate"]');
    await page.waitForFunction(() => {
      const nav = document.querySelector('.nav')?.getBoundingClientRect();
      const link = document.querySelector('.nav a[data-nav="simulate"]')?.getBoundingClientRect();
      return nav && link && link.left >= nav.left - 1 && link.right <= nav.right + 1;
    });
    assert.equal(await sim.getAttribute('aria-current'), 'page');
    await nav.screenshot({ path: path.join(SHOTS, 'phone-nav.png') });
    // the map's zoom buttons fit the phone's map
    await openMap(page);
    const zoom = await page.locator('.zoom-ctl').boundingBox();
    const map = await page.locator('svg.map').boundingBox();
    assert.ok(zoom.height < map.height / 2, 'the zoom buttons leave the map visible');
  } finally {
    await page.context().close();
  }
});
