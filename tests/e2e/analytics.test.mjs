// The analytics pages against the real server: the network graph on a date, a node's
// profile with the API's metrics, a weight that makes the page read the network again, the
// CSV downloads equal to the API's; burden sharing's figures and a missing one; the alliance
// comparison's Article 5 cell linked to its source; axe-core on every page, desktop and phone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, DESKTOP, PHONE, axeViolations, open, waitForText } from './harness.mjs';

const DATE = '2024-06-01';
const WEIGHTS = 'membership:1,partnership:1,exercise:1,operation:1';

async function apiJson(path) {
  const res = await fetch(`${BASE}${path}`);
  assert.equal(res.status, 200, `${path} answered ${res.status}`);
  return res.json();
}

async function apiText(path) {
  const res = await fetch(`${BASE}${path}`);
  assert.equal(res.status, 200, `${path} answered ${res.status}`);
  return res.text();
}

async function download(page, locator) {
  const [dl] = await Promise.all([page.waitForEvent('download'), locator.click()]);
  const stream = await dl.createReadStream();
  const chunks = [];
  for await (const c of stream) chunks.push(c);
  return { name: dl.suggestedFilename(), text: Buffer.concat(chunks).toString('utf8') };
}

/** the figure as the page writes it (analytics.ts fmtMetric) */
function fmtMetric(v, kind) {
  if (kind === 'degree') return String(Math.round(v));
  if (kind === 'strength') return String(Math.round(v * 100) / 100);
  if (v === 0) return '0';
  return v.toPrecision(3).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}

test('the network page draws the nodes of a date, opens a node’s profile, reads again on a new weight and downloads the API’s CSV', async () => {
  const answer = await apiJson(`/api/v1/analytics/network?as_of=${DATE}&weights=${WEIGHTS}&window=5`);
  const page = await open(DESKTOP);
  try {
    await page.goto(`${BASE}/#/network?org=NATO&date=${DATE}`);
    const graph = page.locator(`[data-testid="network-graph"][data-as-of="${DATE}"]`);
    await graph.waitFor();
    assert.equal(Number(await graph.getAttribute('data-nodes')), answer.nodes.length, 'the graph draws every node of the API’s network');
    assert.equal(await page.locator('[data-testid="network-table"] tbody tr').count(), answer.nodes.length, 'the table lists every node');

    // click Poland where the graph drew it
    await graph.scrollIntoViewIfNeeded();
    // zoomed in on Poland first: at the whole graph's scale its neighbours overlap it
    const at = await graph.evaluate((el) => {
      const cy = el.cy;
      cy.zoom(3);
      cy.center(cy.getElementById('POL'));
      const p = cy.getElementById('POL').renderedPosition();
      return { x: p.x, y: p.y };
    });
    const box = await graph.boundingBox();
    await page.mouse.click(box.x + at.x, box.y + at.y);
    const profile = page.locator('[data-testid="node-profile"][data-node="POL"]');
    await profile.waitFor();
    const pol = answer.nodes.find((n) => n.iso3 === 'POL');
    for (const kind of ['degree', 'strength', 'betweenness', 'eigenvector']) {
      assert.equal((await profile.locator(`dd[data-metric="${kind}"]`).textContent()).trim(), fmtMetric(pol[kind], kind), `Poland’s ${kind}`);
    }
    assert.match(await profile.locator('dd[data-metric="community"]').textContent(), new RegExp(`^${pol.community}\\b`));
    assert.ok((await profile.locator('[data-testid="node-ties"] li').count()) > 0, 'the profile lists Poland’s strongest ties');
    assert.equal(await profile.locator('[data-testid="node-profile-link"]').getAttribute('href'), `#/nation/POL?org=NATO&date=${DATE}`);
    assert.match(page.url(), /node=POL/, 'the address keeps the chosen node');

    // a weight of 0 for exercises: the page asks the API again and shows its answer
    const off = await apiJson(`/api/v1/analytics/network?as_of=${DATE}&weights=membership:1,partnership:1,exercise:0,operation:1&window=5`);
    const asked = page.waitForRequest((r) => r.url().includes('/api/v1/analytics/network?') && r.url().includes('exercise:0'));
    await page.locator('#net-w-exercise').fill('0');
    await asked;
    await waitForText(page.locator('.network-summary'), new RegExp(`^${off.nodes.length} nations, ${off.edges.length} ties`));
    assert.match(page.url(), /weights=membership%3A1%2Cpartnership%3A1%2Cexercise%3A0%2Coperation%3A1|weights=membership:1,partnership:1,exercise:0,operation:1/);

    // the downloads are the API's own answers for the weights shown
    const csv = await download(page, page.locator('[data-testid="view-tools"] [data-export="csv"]').first());
    assert.match(csv.name, /\.csv$/);
    const apiCsv = await apiText(`/api/v1/analytics/network?as_of=${DATE}&weights=membership:1,partnership:1,exercise:0,operation:1&window=5&format=csv`);
    assert.equal(csv.text, apiCsv, 'the nodes CSV is the API’s');
    assert.match(csv.text.split('\n')[0], /^iso3,name,degree,strength,betweenness,eigenvector,community/);
    const edges = await download(page, page.locator('[data-export="edges-csv"]'));
    const apiEdges = await apiText(`/api/v1/analytics/network/edges?as_of=${DATE}&weights=membership:1,partnership:1,exercise:0,operation:1&window=5&format=csv`);
    assert.equal(edges.text, apiEdges, 'the edges CSV is the API’s');
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('burden sharing shows Poland’s 2024 share of GDP as the API gives it, and Iceland as missing with its reason', async () => {
  const answer = await apiJson('/api/v1/analytics/burden-sharing?from=2014&to=2024');
  const pol = answer.rows.find((r) => r.nation === 'POL' && r.year === 2024);
  const isl = answer.rows.find((r) => r.nation === 'ISL' && r.year === 2024);
  assert.equal(typeof pol.gdp_share, 'number');
  assert.equal(isl.gdp_share, null);
  const page = await open(DESKTOP);
  try {
    await page.goto(`${BASE}/#/burden-sharing?from=2014&to=2024&year=2024`);
    const cell = page.locator('[data-testid="burden-table"] tr[data-nation="POL"][data-year="2024"] td[data-col="gdp_share"]');
    await waitForText(cell, /\d/);
    assert.equal((await cell.textContent()).trim(), pol.gdp_share.toFixed(2));
    const missing = page.locator('[data-testid="burden-table"] tr[data-nation="ISL"][data-year="2024"] td[data-col="gdp_share"] [data-missing]');
    await missing.waitFor();
    assert.equal(await missing.getAttribute('title'), isl.missing_reason);
    assert.match(await missing.textContent(), /^–/, 'a missing figure is a dash, not 0');
    await page.locator('[data-testid="burden-gdp-chart"][data-drawn] svg[role="img"]').waitFor();
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('compare alliances links NATO’s Article 5 cell to its source', async () => {
  const answer = await apiJson(`/api/v1/analytics/alliances?ids=NATO,CSTO,EU,RIO,ANZUS&as_of=${DATE}`);
  const row = answer.provisions.find((p) => p.provision === 'defense').cells.NATO.rows[0];
  const page = await open(DESKTOP);
  try {
    await page.goto(`${BASE}/#/compare?date=${DATE}`);
    const link = page.locator('[data-testid="provisions-table"] tr[data-provision="defense"] td[data-alliance="NATO"] a.article-link');
    await waitForText(link, /Article 5/);
    assert.equal(await link.getAttribute('href'), row.source.match(/https?:\/\/[^\s;,]+/)[0]);
    assert.equal(await page.locator('[data-testid="provisions-table"] thead th[data-alliance]').count(), 5, 'the five default alliances side by side');
    await page.locator('[data-testid="overlap-pairs"] tbody tr').first().waitFor();
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

const PAGES = [
  { name: 'analytics', hash: '#/analytics?date=2024-06-01', ready: '[data-analytics-card]' },
  { name: 'network', hash: '#/network?org=NATO&date=2024-06-01&node=POL', ready: '[data-testid="network-table"] tbody tr', desktopReady: '[data-testid="network-graph"][data-as-of]' },
  { name: 'burden sharing', hash: '#/burden-sharing?from=2014&to=2024', ready: '[data-testid="burden-gdp-chart"][data-drawn]' },
  { name: 'compare alliances', hash: '#/compare?date=2024-06-01', ready: '[data-testid="overlap-pairs"] tbody tr' },
  { name: 'interoperability', hash: '#/interoperability?nation=UKR&from=2015&to=2024', ready: '[data-testid="interop-table"] tbody tr' },
  { name: 'cohesion', hash: '#/cohesion?from=2015-01-01&to=2024-12-31', ready: '[data-testid="cohesion-record"]' },
  { name: 'panel', hash: '#/panel?from=2000&to=2001', ready: '[data-testid="panel-estimate"]' },
];

for (const [size, viewport] of [
  ['desktop', DESKTOP],
  ['phone', PHONE],
]) {
  test(`the analytics pages pass axe-core's WCAG A/AA rules at ${size} size, with one h1 each`, async () => {
    const page = await open(viewport);
    const failures = [];
    try {
      for (const p of PAGES) {
        await page.goto(`${BASE}/${p.hash}`);
        await page.locator(size === 'desktop' && p.desktopReady ? p.desktopReady : p.ready).first().waitFor({ state: 'attached' });
        await page.waitForFunction(() => !document.querySelector('.loading'));
        const found = await axeViolations(page);
        const h1s = await page.locator('h1').count();
        if (h1s !== 1) found.push(`the page has ${h1s} h1 elements, not one`);
        for (const f of found) failures.push(`${p.name} (${p.hash}): ${f}`);
      }
      if (size === 'phone') {
        await page.goto(`${BASE}/#/network?org=NATO&date=2024-06-01`);
        await page.locator('[data-testid="network-phone-note"]').waitFor();
        assert.equal(await page.locator('[data-testid="network-graph"]').count(), 0, 'on a phone the table stands in for the graph');
      }
      assert.deepEqual(page.errors, [], 'uncaught errors on the pages');
    } finally {
      await page.context().close();
    }
    assert.equal(failures.length, 0, `accessibility violations at ${size} size:\n${failures.join('\n')}`);
  });
}
