// End-to-end test of the Simulate page: pick a shipped scenario, run it on the server,
// read the results (headline, Article 6, charts, map, contributions), the server's
// problem detail for an invalid edit, cancelling a big run, and a policy comparison; the
// form's checks (each error beside its field, nothing sent), an ally's position set in the
// form, the charts' downloads with their stamp, sortable tables, the view's tools, a link
// whose job the server no longer has (run again with the same seed), and axe-core on the
// results.
//
//   ENTENTE_URL=http://127.0.0.1:8080 node --test tests/e2e/simulate.test.mjs
//
// Env: see harness.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { BASE, SHOTS, TIMEOUT, DESKTOP, PHONE, open, waitForCount } from './harness.mjs';

const require = createRequire(import.meta.url);
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

const BASELINE = 'baltic-armed-attack';
/** a finished simulation can take longer than one page action on a slow machine */
const RUN_TIMEOUT = 120_000;

const shot = (page, name, full = false) => page.screenshot({ path: path.join(SHOTS, name), fullPage: full });

async function api(url, init) {
  const res = await fetch(`${BASE}${url}`, init);
  return { status: res.status, body: await res.json() };
}

/** the figure the page shows for a probability (one decimal, as fmtPct) */
const pct = (x) => `${(Math.round(x * 1000) / 10).toFixed(1)}%`;

async function waitForState(page, state, timeout = RUN_TIMEOUT) {
  await page.locator(`[data-testid="run-status"][data-state="${state}"]`).waitFor({ timeout });
}

/**
 * the marks of a chart (Observable Plot, in SimulationCharts.tsx) once it is drawn: the
 * figure carries data-drawn exactly while it holds its current chart; each mark's <g> is
 * named by data-mark ("line", "rect")
 */
const marksOf = (page, testid, marks) => page.locator(`[data-testid="${testid}"][data-drawn] svg ${marks}`);

/** the POSTs of simulation requests the page sends, as they happen */
function simulationPosts(page) {
  const posts = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/v1/simulations') posts.push(request);
  });
  return posts;
}

/** a job run through the API to its end */
async function finishedJob(request) {
  const submitted = await api('/api/v1/simulations', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) });
  assert.equal(submitted.status, 202, JSON.stringify(submitted.body));
  for (;;) {
    const job = await api(`/api/v1/simulations/${submitted.body.id}`);
    if (job.body.state === 'done') return job.body;
    assert.ok(job.body.state === 'queued' || job.body.state === 'running', `the job ended ${job.body.state}: ${job.body.error}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** axe-core's critical and serious violations of the page as it is now, one line each */
async function violations(page) {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }, resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'critical' || v.impact === 'serious')
      .map((v) => `${v.impact} ${v.id} (${v.help}) ×${v.nodes.length}: ${v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join(' | ')}`);
  });
}

/** the error shown beside a field: its text, and whether the control is marked and described by it */
async function fieldError(page, controlId) {
  const control = page.locator(`#${controlId}`);
  const error = page.locator(`#${controlId}-error`);
  await error.waitFor();
  return {
    text: (await error.textContent()).trim(),
    invalid: await control.getAttribute('aria-invalid'),
    describedBy: ((await control.getAttribute('aria-describedby')) ?? '').split(' '),
    // beside its field: in the same field (or table cell) as the control
    beside: await control.evaluate((el, id) => !!el.closest('.field, td')?.querySelector(`#${CSS.escape(id)}`), `${controlId}-error`),
  };
}

async function jobOf(page) {
  const id = new URL(page.url().replace('#/', '')).searchParams.get('job');
  assert.ok(id, `the URL names the job: ${page.url()}`);
  return id;
}

async function pickScenario(page, id) {
  const radio = page.locator(`[data-testid="scenario-list"] label[data-id="${id}"] input[type="radio"]`);
  await radio.check();
  await page.waitForURL(new RegExp(`scenario=${id}(&|$)`));
  await page.locator('[data-testid="scenario-summary"]').waitFor();
}

test('simulate: the baseline scenario runs and shows its headline, Article 6, charts, map and contributions', async () => {
  const list = await api('/api/v1/scenarios');
  assert.equal(list.status, 200);
  const baseline = list.body.scenarios.find((s) => s.id === BASELINE);
  assert.ok(baseline, `the server ships ${BASELINE}: ${list.body.scenarios.map((s) => s.id)}`);

  const page = await open();
  try {
    await page.goto(`${BASE}/#/?org=NATO`);
    await page.locator('[data-nav="simulate"]').click();
    await page.waitForURL(/#\/simulate\?/);
    assert.equal(await page.locator('[data-nav="simulate"]').getAttribute('aria-current'), 'page');

    // the list is the server's, with name, kind and description
    const items = page.locator('[data-testid="scenario-list"] label[data-id]');
    await items.first().waitFor();
    const ids = await items.evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    for (const s of list.body.scenarios) assert.ok(ids.includes(s.id), `${s.id} is listed (${ids})`);
    const item = page.locator(`[data-testid="scenario-list"] label[data-id="${BASELINE}"]`);
    assert.match(await item.textContent(), new RegExp(baseline.name));
    assert.match(await item.textContent(), /Armed attack/i);

    await pickScenario(page, BASELINE);
    const summary = page.locator('[data-testid="scenario-summary"]');
    assert.match(await summary.textContent(), new RegExp(baseline.name));
    assert.match(await summary.textContent(), new RegExp(`${baseline.scenario.scenario.horizon_days} days`));
    // the form shows the scenario's knobs
    assert.equal(await page.locator('#sim-procedure').inputValue(), baseline.scenario.decision.procedure);
    assert.equal(Number(await page.locator('#sim-warning').inputValue()), Math.round(baseline.scenario.warning.probability * 100));

    await page.fill('#sim-runs', '2000');
    await page.waitForURL(/runs=2000/);
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await waitForState(page, 'done');
    await page.locator('[data-testid="run-count"]').filter({ hasText: '2,000 of 2,000 runs' }).waitFor();

    // the headline figures are the server's
    const id = await jobOf(page);
    const job = await api(`/api/v1/simulations/${id}`);
    assert.equal(job.body.state, 'done');
    const r = job.body.result;
    assert.equal(r.run.runs, 2000);
    for (const [tile, value] of [
      ['deterred', r.probabilities.deterred_by_day],
      ['decided', r.probabilities.decided],
      ['article5', r.probabilities.article5],
      ['warned', r.probabilities.warned_before_attack],
    ]) {
      const t = page.locator(`[data-testid="p-${tile}"]`);
      assert.equal(Number(await t.getAttribute('data-value')), value, `${tile}: the page shows the server's probability`);
      assert.equal((await t.locator('.tile-value').textContent()).trim(), pct(value));
    }
    assert.match(await page.locator('[data-testid="p-deterred"]').textContent(), new RegExp(`Deterred by day ${r.probabilities.deterrence_day}`));
    assert.ok(r.probabilities.decided > 0.9, `the Council decides in most runs of the baseline (${r.probabilities.decided})`);

    // Article 6: Estonia's territory is covered; the reasoning is listed
    const verdict = page.locator('[data-testid="a6-verdict"]');
    assert.equal(await verdict.getAttribute('data-verdict'), r.model.article6.verdict);
    assert.equal(r.model.article6.verdict, 'covered');
    const reasons = r.model.article6.reasoning.length;
    assert.equal(await waitForCount(page.locator('[data-testid="a6-reasoning"] li'), reasons, 'Article 6 reasoning'), reasons);

    // charts: five stage lines, the forces band and lines, the Council's rounds
    assert.ok((await waitForCount(marksOf(page, 'stage-chart-cdf', '[data-mark="line"] path'), 5, 'stage lines')) >= 5, 'one line per stage');
    assert.ok((await waitForCount(marksOf(page, 'forces-chart', '[data-mark="area"] path'), 1, 'forces band')) >= 1, 'the P5–P95 band');
    assert.ok((await waitForCount(marksOf(page, 'forces-chart', '[data-mark="line"] path'), 3, 'forces lines')) >= 3, 'median, mean and adversary');
    assert.ok((await waitForCount(marksOf(page, 'count-chart', 'rect'), 2, 'Council round bars')) >= 2, 'bars of the Council rounds');
    assert.equal(await waitForCount(page.locator('[data-testid="stage-table"] tbody tr'), 5, 'stage table rows'), 5);
    await page.getByRole('button', { name: 'Histograms' }).click();
    assert.ok((await waitForCount(marksOf(page, 'stage-chart-hist', '[data-mark="rect"] rect'), 11, 'histogram bars')) > 10, 'histogram bars');

    // map: the crisis, one capital and one great-circle path per contributor, sized by troops
    const map = page.locator('[data-testid="deployment-map"]');
    await map.locator('[data-testid="crisis-mark"]').waitFor();
    const sending = r.contributions.filter((c) => c.mean_troops > 0);
    assert.equal(await waitForCount(map.locator('circle.capital'), sending.length, 'capitals'), sending.length);
    assert.equal(await waitForCount(map.locator('path.deploy-path'), sending.length, 'deployment paths'), sending.length);
    const largest = [...sending].sort((a, b) => b.mean_troops - a.mean_troops)[0];
    const radii = await map.locator('circle.capital').evaluateAll((cs) => cs.map((c) => [c.getAttribute('data-iso3'), Number(c.getAttribute('r'))]));
    const biggest = radii.reduce((m, x) => (x[1] > m[1] ? x : m));
    assert.equal(biggest[0], largest.nation, 'the largest contributor has the largest circle');
    // a great circle is drawn as many short segments, not one straight line
    const d = await map.locator(`path.deploy-path[data-iso3="${largest.nation}"]`).getAttribute('d');
    assert.ok((d.match(/L/g) ?? []).length > 5, `the path from ${largest.nation} follows a great circle: ${d.slice(0, 80)}`);

    // contributions: largest first, linked to the nation profiles
    const rows = page.locator('[data-testid="contributions"] tbody tr');
    assert.equal(await rows.first().getAttribute('data-iso3'), largest.nation);
    assert.match(await rows.first().locator('a').getAttribute('href'), new RegExp(`^#/nation/${largest.nation}\\?`));
    await page.getByRole('button', { name: /Show all \d+ contributors/ }).click();
    assert.equal(await waitForCount(rows, r.contributions.length, 'contributors'), r.contributions.length);

    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, 'simulate.png');
    await shot(page, 'simulate-full.png', true);
    assert.deepEqual(page.errors, []);

    // the URL is shareable: opened afresh it shows the same job's results
    const again = await open();
    try {
      await again.goto(page.url());
      await waitForState(again, 'done');
      assert.equal(await again.locator('[data-testid="p-deterred"]').getAttribute('data-value'), String(r.probabilities.deterred_by_day));
      assert.equal(await again.locator('#sim-runs').inputValue(), '2000');
      assert.equal(await again.locator('.stale-note').count(), 0, 'the form matches the job it shows');
    } finally {
      await again.context().close();
    }
  } finally {
    await page.context().close();
  }
});

test('simulate: an invalid edit shows the server’s problem detail next to the form', async () => {
  const page = await open();
  try {
    await page.goto(`${BASE}/#/simulate?scenario=${BASELINE}&runs=1000`);
    await page.locator('[data-testid="scenario-summary"]').waitFor();

    // the advanced editor: an unknown decision procedure
    await page.locator('[data-testid="advanced"] summary').click();
    const editor = page.locator('#sim-json');
    await editor.waitFor();
    const scenario = JSON.parse(await editor.inputValue());
    assert.equal(scenario.scenario.name, 'Armed attack on Estonia', 'the editor holds the whole scenario');
    scenario.decision.procedure = 'by-lottery';
    await editor.fill(JSON.stringify(scenario, null, 2));
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const problem = page.locator('[data-testid="sim-problem"]');
    await problem.waitFor();
    // exactly what the server says about this scenario, asked as the page asks it
    const expected = await api('/api/v1/simulations', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ scenario, runs: 1000, seed: 1 }) });
    assert.equal(expected.status, 400);
    const text = await problem.textContent();
    assert.ok(text.includes(expected.body.detail), `the page shows the server's detail "${expected.body.detail}": ${text}`);
    assert.match(text, /decision\.procedure/);
    assert.match(text, /HTTP 400/);
    assert.equal(await problem.getAttribute('role'), 'alert');
    await problem.scrollIntoViewIfNeeded();
    await shot(page, 'simulate-problem.png');
    // the knob the detail names is marked invalid, and no job was started
    assert.equal(await page.locator('#sim-procedure').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('[data-testid="run-status"]').count(), 0);
    assert.doesNotMatch(page.url(), /job=/);
    // the server names a key the form shows: the problem box moves to it
    await page.getByRole('button', { name: 'Go to decision procedure' }).click();
    await page.waitForFunction(() => document.activeElement?.id === 'sim-procedure');

    // text that is not JSON is caught before it is sent
    await editor.fill('{ "scenario": ');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.locator('[data-testid="json-error"]').waitFor();
    assert.match(await page.locator('[data-testid="json-error"]').textContent(), /not valid JSON/);

    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('simulate: a run of 5,000,000 shows its progress and can be cancelled', async () => {
  const page = await open();
  try {
    await page.goto(`${BASE}/#/simulate?scenario=${BASELINE}`);
    await page.locator('[data-testid="scenario-summary"]').waitFor();
    await page.fill('#sim-runs', '5000000');
    await page.waitForURL(/runs=5000000/);
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await waitForState(page, 'running', TIMEOUT);
    const bar = page.locator('[role="progressbar"]');
    assert.equal(await bar.getAttribute('aria-valuemax'), '5000000');
    await page.waitForFunction(() => Number(document.querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow')) > 0);
    await page.locator('[data-testid="run-status"]').filter({ hasText: /elapsed/ }).waitFor();
    await page.locator('[data-testid="run-status"]').filter({ hasText: /left/ }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Running…' }).isDisabled(), true, 'one run at a time');
    await shot(page, 'simulate-running.png');

    await page.locator('[data-testid="cancel"]').click();
    await waitForState(page, 'cancelled', TIMEOUT);
    assert.match(await page.locator('[data-testid="run-state"]').textContent(), /cancelled/i);
    assert.match(await page.locator('[data-testid="run-status"]').textContent(), /Cancelled after [\d,]+ of 5,000,000 runs/);
    const job = await api(`/api/v1/simulations/${await jobOf(page)}`);
    assert.equal(job.body.state, 'cancelled');
    assert.ok(job.body.done < 5_000_000);
    assert.equal(await page.getByRole('button', { name: 'Run', exact: true }).isEnabled(), true);
    assert.equal(await page.locator('[data-testid="headline"]').count(), 0, 'a cancelled run has no results');
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('simulate: comparing the baseline with pre-authorised plans and the silence procedure', async () => {
  const page = await open();
  try {
    await page.goto(`${BASE}/#/simulate?scenario=${BASELINE}&runs=2000`);
    await page.locator('[data-testid="scenario-summary"]').waitFor();
    await page.selectOption('#sim-vs', 'variant');
    await page.locator('#sim-b-pre_authorised').check();
    await page.selectOption('#sim-b-procedure', 'silence');
    await page.waitForURL(/vsedit=/);
    assert.match(await page.locator('[data-knob="pre_authorised"]').last().getAttribute('class'), /changed/);
    await page.getByRole('button', { name: 'Run the comparison' }).click();
    await waitForState(page, 'done');

    const job = await api(`/api/v1/simulations/${await jobOf(page)}`);
    assert.equal(job.body.kind, 'comparison');
    const diff = job.body.result.difference;
    const table = page.locator('[data-testid="difference-table"]');
    assert.equal(await waitForCount(table.locator('tbody tr'), 5, 'differences'), 5);
    // moving on warning brings the first forces sooner, and the page says so with its interval
    assert.ok(diff.first_forces_days.high < 0, `first forces sooner: ${JSON.stringify(diff.first_forces_days)}`);
    const row = table.locator('tr[data-key="first_forces_days"]');
    assert.match(await row.textContent(), /B sooner/);
    assert.match(await row.textContent(), new RegExp(`−${Math.abs(diff.first_forces_days.mean).toFixed(2)} d`));
    assert.match(await row.textContent(), new RegExp(`−${Math.abs(diff.first_forces_days.low).toFixed(2)} d to −${Math.abs(diff.first_forces_days.high).toFixed(2)} d`));
    await marksOf(page, 'forces-compare-chart', '[data-mark="line"] path').first().waitFor({ state: 'attached' });
    // the details of each side
    assert.equal(await page.locator('[data-testid="p-deterred"]').getAttribute('data-value'), String(job.body.result.a.probabilities.deterred_by_day));
    await page.locator('[data-testid="side-b"]').click();
    await page.locator(`[data-testid="p-deterred"][data-value="${job.body.result.b.probabilities.deterred_by_day}"]`).waitFor();
    await page.locator('[data-testid="comparison"]').scrollIntoViewIfNeeded();
    await shot(page, 'simulate-compare.png');
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('simulate: keyboard and phone layout', async () => {
  const page = await open(PHONE);
  try {
    await page.goto(`${BASE}/#/simulate?scenario=${BASELINE}&runs=1000`);
    await page.locator('[data-testid="scenario-summary"]').waitFor();
    // the scenarios are a radio group: arrow keys move the choice
    const ids = await page.locator('[data-testid="scenario-list"] label[data-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    await page.locator(`[data-testid="scenario-list"] label[data-id="${BASELINE}"] input`).focus();
    await page.keyboard.press('ArrowDown');
    const next = ids[(ids.indexOf(BASELINE) + 1) % ids.length];
    await page.waitForURL(new RegExp(`scenario=${next}(&|$)`));
    await page.keyboard.press('ArrowUp');
    await page.waitForURL(new RegExp(`scenario=${BASELINE}(&|$)`));

    // Run is reached from the runs field by Tab, and Enter in a field runs
    await page.locator('#sim-runs').focus();
    await page.keyboard.press('Enter');
    await waitForState(page, 'done');
    // the results with their charts drawn at the phone's width and the map's capitals
    await page.locator('[data-testid="deployment-map"] circle.capital').first().waitFor();
    for (const [testid, marks] of [
      ['stage-chart-cdf', '[data-mark="line"] path'],
      ['forces-chart', '[data-mark="line"] path'],
      ['count-chart', 'rect'],
    ])
      await marksOf(page, testid, marks).first().waitFor({ state: 'attached' });
    const { sw, cw } = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, cw: document.documentElement.clientWidth }));
    assert.ok(sw <= cw, `no horizontal overflow at phone width (scrollWidth ${sw} > ${cw})`);
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, 'simulate-phone.png');
    await page.locator('[data-testid="results"]').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await shot(page, 'simulate-phone-results.png');
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('simulate: each field error is shown beside its field, in its own units, and nothing is sent', async () => {
  const doc = (await api('/api/v1/openapi.json')).body;
  const documented = doc.components.schemas.SimulationRequest.properties.runs;
  const page = await open();
  const posts = simulationPosts(page);
  try {
    await page.goto(`${BASE}/#/simulate?scenario=${BASELINE}&runs=1000&seed=3`);
    await page.locator('[data-testid="scenario-summary"]').waitFor();
    await page.locator('[data-testid="positions"] tbody tr[data-iso3="POL"]').waitFor({ state: 'attached' });

    await page.fill('#sim-runs', String(documented.maximum + 1));
    await page.fill('#sim-warning', '150');
    await page.fill('#sim-horizon', 'soon');
    await page.fill('#sim-det_day', '400');
    await page.locator('[data-testid="positions"] summary').click();
    await page.fill('#sim-pos-support-POL', '120');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.locator('[data-testid="form-errors"]').waitFor();
    assert.match(await page.locator('[data-testid="form-errors"]').textContent(), /Nothing was sent: 5 fields need changing/);

    // each error beside its field, tied to it, in the field's units, with the server's documented limits
    const expected = {
      'sim-runs': `${documented.maximum + 1} is too large. Enter a whole number of runs, from ${documented.minimum.toLocaleString('en-GB')} to ${documented.maximum.toLocaleString('en-GB')}.`,
      'sim-warning': '150 is too large. Enter a percentage, from 0 to 100.',
      'sim-horizon': '“soon” is not a number. Enter a whole number of days, from 1 to 3,650.',
      'sim-det_day': 'Day 400 is after the horizon. Enter a day from 0 to 180, or lengthen the horizon.',
      'sim-pos-support-POL': '120 is too large. Enter a percentage, from 0 to 100.',
    };
    for (const [control, message] of Object.entries(expected)) {
      const e = await fieldError(page, control);
      assert.equal(e.text, message, control);
      assert.equal(e.invalid, 'true', `${control} is marked invalid`);
      assert.ok(e.describedBy.includes(`${control}-error`), `${control} is described by its error: ${e.describedBy}`);
      assert.ok(e.beside, `${control}'s error is beside it`);
    }
    // the first invalid field has the focus, and nothing went to the server
    await page.waitForFunction(() => document.activeElement?.id === 'sim-runs');
    assert.equal(posts.length, 0, 'no simulation was requested');
    assert.equal(await page.locator('[data-testid="run-status"]').count(), 0);
    await shot(page, 'simulate-field-errors.png');

    // the errors follow the typing once shown; a form without errors is sent, once
    await page.fill('#sim-runs', '1,000');
    await page.locator('#sim-runs-error').waitFor({ state: 'detached' });
    assert.equal(await page.locator('#sim-runs').getAttribute('aria-invalid'), null);
    await page.fill('#sim-warning', '80');
    await page.fill('#sim-horizon', '180');
    await page.fill('#sim-det_day', '30');
    await page.fill('#sim-pos-support-POL', '');
    await page.locator('[data-testid="form-errors"]').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await waitForState(page, 'done');
    assert.equal(posts.length, 1, 'one request once the form is right');
    assert.equal(posts[0].postDataJSON().runs, 1000);
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test("simulate: an ally's position set in the form changes the request, the link and the result", async () => {
  const page = await open();
  const posts = simulationPosts(page);
  try {
    await page.goto(`${BASE}/#/simulate?scenario=${BASELINE}&runs=1000&seed=5`);
    await page.locator('[data-testid="scenario-summary"]').waitFor();
    const positions = page.locator('[data-testid="positions"]');
    await positions.locator('summary').click();
    await positions.locator('tbody tr[data-iso3="POL"]').waitFor();
    // the scenario's own positions are shown (Hungary's ties to the adversary, 50%)
    assert.equal(await page.locator('#sim-pos-affinity-HUN').inputValue(), '50');
    // every control has a name
    assert.equal(await page.getByLabel('Poland: fixed support (%)').count(), 1);

    await page.fill('#sim-pos-support-POL', '0');
    await page.fill('#sim-pos-affinity-HUN', '90');
    await page.waitForURL(/edit=.*POL/);
    // Hungary and Slovakia (the scenario's), and Poland
    assert.match(await positions.locator('summary').textContent(), /3 of \d+ set/);
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await waitForState(page, 'done');

    assert.equal(posts.length, 1);
    const body = posts[0].postDataJSON();
    assert.equal(body.scenario_id, undefined, 'an edited scenario is sent whole');
    assert.equal(body.scenario.positions.support.POL, 0);
    assert.equal(body.scenario.positions.affinity.HUN, 0.9);
    assert.equal(body.scenario.positions.affinity.SVK, 0.3, "the scenario's other positions are kept");
    const job = await api(`/api/v1/simulations/${await jobOf(page)}`);
    assert.equal(job.body.result.scenario.positions.support.POL, 0, 'the server ran the position set in the form');
    // Poland always objects, so under consensus the Council never decides: the page says so (no median to show) rather than failing
    assert.equal(job.body.result.probabilities.decided, 0);
    assert.equal(await page.locator('[data-testid="p-decided"]').getAttribute('data-value'), '0');
    assert.match(await page.locator('[data-testid="p-decided"]').textContent(), /never within the horizon/);
    assert.match(await page.locator('[data-testid="stage-table"] tr[data-stage="decided"] td[data-label="Median"]').textContent(), /—/);
    await marksOf(page, 'stage-chart-cdf', '[data-mark="line"] path').first().waitFor({ state: 'attached' });
    assert.match(await page.locator('[data-testid="stage-chart-cdf"] svg').getAttribute('aria-label'), /Council decision 0\.0% of runs, never reached within the horizon/);

    // clearing a position takes it out of the request
    await page.fill('#sim-pos-support-POL', '');
    await page.waitForURL((u) => !/POL/.test(decodeURIComponent(u.toString())));
    const first = await jobOf(page);
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.waitForURL((u) => !u.toString().includes(first));
    await waitForState(page, 'done');
    assert.equal(posts.length, 2);
    assert.equal(posts[1].postDataJSON().scenario.positions.support.POL, undefined);
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('simulate: each chart downloads as SVG (with its stamp) and PNG; the tables sort; the view has its tools', async () => {
  const page = await open();
  try {
    await page.goto(`${BASE}/#/simulate?scenario=${BASELINE}&runs=2000&seed=7`);
    await page.locator('[data-testid="scenario-summary"]').waitFor();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await waitForState(page, 'done');
    await marksOf(page, 'stage-chart-cdf', '[data-mark="line"] path').first().waitFor({ state: 'attached' });
    await page.waitForURL(/check=[0-9a-f]{16}/);

    // the SVG of the stage chart: a document of its own, stamped, with its legend and without ARIA on its groups
    const [svgDownload] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid="stage-chart-cdf-downloads"] [data-export="svg"]').click()]);
    assert.equal(svgDownload.suggestedFilename(), 'entente-simulation-armed-attack-on-estonia-stages-seed-7.svg');
    const text = fs.readFileSync(await svgDownload.path(), 'utf8');
    const parsed = await page.evaluate((t) => {
      const d = new DOMParser().parseFromString(t, 'image/svg+xml');
      return {
        error: d.querySelector('parsererror')?.textContent ?? null,
        root: d.documentElement.tagName,
        // the stamp's lines (it is wrapped to the figure's width)
        stamp: d.querySelector('[data-stamp]') ? [...d.querySelectorAll('[data-stamp] tspan')].map((l) => l.textContent) : null,
        legend: [...d.querySelectorAll('[data-mark="legend"] text')].map((e) => e.textContent),
        groupsWithAria: d.querySelectorAll('g[aria-label]').length,
      };
    }, text);
    assert.equal(parsed.error, null, 'the SVG parses');
    assert.equal(parsed.root, 'svg');
    assert.ok(parsed.stamp?.length, 'the SVG carries a stamp');
    const stamp = parsed.stamp.join(' ');
    assert.ok(stamp.startsWith('Armed attack on Estonia: share of runs reaching each stage by day (2,000 runs, seed 7)'), stamp);
    for (const part of ['NATO', 'as of 2026-06-01', 'Entente']) assert.ok(stamp.includes(part), `the stamp says ${part}: ${stamp}`);
    assert.ok(parsed.stamp.join('').replace(/\s·\s/g, '').includes(page.url()), `the stamp names the view: ${stamp}`);
    assert.deepEqual(parsed.legend, ['Detection', 'Article 4 consultation', 'Council decision', 'First forces arrive', 'Deterrence reached']);
    assert.equal(parsed.groupsWithAria, 0);

    // PNG of the forces chart
    const [pngDownload] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid="forces-chart-downloads"] [data-export="png"]').click()]);
    const png = fs.readFileSync(await pngDownload.path());
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG file');
    // every chart of the result offers its downloads
    for (const chart of ['stage-chart-cdf', 'forces-chart']) assert.equal(await page.locator(`[data-testid="${chart}-downloads"] [data-export]`).count(), 2, chart);
    assert.equal(await page.locator('[data-testid="count-chart-downloads"] [data-export="svg"]').count(), 2, 'both count charts');

    // the contributions sort by a column; the header says how, and keeps the focus
    const sortTroops = page.locator('[data-testid="contributions"] button[data-sort="troops"]');
    await sortTroops.click();
    await page.locator('[data-testid="contributions"] th[aria-sort="ascending"] button[data-sort="troops"]').waitFor();
    const troops = await page.locator('[data-testid="contributions"] tbody td[data-label="Troops"]').evaluateAll((tds) => tds.map((td) => Number(td.textContent.replace(/,/g, ''))));
    assert.deepEqual(troops, [...troops].sort((a, b) => a - b), `ascending: ${troops}`);
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-sort')), 'troops', 'the sort button keeps the focus');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid="contributions"] th[aria-sort="descending"] button[data-sort="troops"]').waitFor();
    // and the stage table by its median
    await page.locator('[data-testid="stage-table"] button[data-sort="median"]').click();
    await page.locator('[data-testid="stage-table"] th[aria-sort="ascending"] button[data-sort="median"]').waitFor();

    // the view's tools: the POST as an API call, the citation, the result as JSON
    const tools = page.locator('.sim-header [data-testid="view-tools"]');
    await tools.locator('[data-testid="api-call"] summary').click();
    const curl = await tools.locator('[data-testid="api-call"] pre').textContent();
    assert.match(curl, /^curl -X POST '.*\/api\/v1\/simulations'/);
    assert.ok(curl.includes(`'{"scenario_id":"${BASELINE}","runs":2000,"seed":7}'`), curl);
    await tools.locator('[data-testid="cite"] summary').click();
    assert.match(await tools.locator('[data-testid="cite-text"]').textContent(), /“Simulation of Armed attack on Estonia: 2,000 runs, seed 7”/);
    assert.ok((await tools.locator('.cite-sources li').count()) > 0, 'the sources of the Council of the start date');
    const link = page.locator('[data-testid="run-share"] [data-export="result-json"]');
    const href = await link.getAttribute('href');
    assert.equal(href, `/api/v1/simulations/${await jobOf(page)}`);
    const [jsonDownload] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const saved = JSON.parse(fs.readFileSync(await jsonDownload.path(), 'utf8'));
    assert.equal(saved.state, 'done');
    assert.equal(saved.result.run.seed, 7);
    assert.equal(await page.locator('h1').count(), 1);
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('simulate: a link whose job the server no longer has runs again with the same seed, and says whether the results are identical', async () => {
  const page = await open();
  let link;
  let original;
  try {
    await page.goto(`${BASE}/#/simulate?scenario=${BASELINE}&runs=1500&seed=11`);
    await page.locator('[data-testid="scenario-summary"]').waitFor();
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await waitForState(page, 'done');
    await page.waitForURL(/check=[0-9a-f]{16}/);
    link = page.url();
    original = (await api(`/api/v1/simulations/${await jobOf(page)}`)).body.result;
    // the page says beforehand what the link does
    assert.match(await page.locator('[data-testid="run-share"]').textContent(), /runs the same request again with the same seed if the server no longer keeps them/);
  } finally {
    await page.context().close();
  }

  // as after a restart: the link's job is unknown to the server
  const unknown = '0123456789abcdef0123456789abcdef';
  assert.equal((await api(`/api/v1/simulations/${unknown}`)).status, 404);
  const lost = link.replace(/job=[0-9a-f]+/, `job=${unknown}`);
  const again = await open();
  const posts = simulationPosts(again);
  try {
    await again.goto(lost);
    const note = again.locator('[data-testid="rerun-note"][data-verdict="identical"]');
    await note.waitFor({ timeout: RUN_TIMEOUT });
    assert.equal(
      (await note.textContent()).trim(),
      'The server no longer had this run (it keeps only its latest runs, and none after a restart), so it was run again with the same seed: the results are identical.',
    );
    assert.equal(posts.length, 1, 'the request was sent again, once');
    assert.deepEqual(posts[0].postDataJSON(), { scenario_id: BASELINE, runs: 1500, seed: 11 });
    const id = await jobOf(again);
    assert.notEqual(id, unknown, 'the link now names the new job');
    // the figures are the original run's
    for (const [tile, value] of [
      ['deterred', original.probabilities.deterred_by_day],
      ['decided', original.probabilities.decided],
      ['article5', original.probabilities.article5],
      ['warned', original.probabilities.warned_before_attack],
    ])
      assert.equal(Number(await again.locator(`[data-testid="p-${tile}"]`).getAttribute('data-value')), value, tile);
    assert.deepEqual((await api(`/api/v1/simulations/${id}`)).body.result, original);
    await again.locator('[data-testid="results"]').screenshot({ path: path.join(SHOTS, 'simulate-rerun.png') });
    assert.deepEqual(again.errors, []);
  } finally {
    await again.context().close();
  }

  // a fingerprint that does not match is said, not hidden
  const altered = await open();
  try {
    await altered.goto(lost.replace(/check=[0-9a-f]+/, 'check=ffffffffffffffff'));
    const note = altered.locator('[data-testid="rerun-note"][data-verdict="different"]');
    await note.waitFor({ timeout: RUN_TIMEOUT });
    assert.match(await note.textContent(), /the results differ from the original run/);
    assert.deepEqual(altered.errors, []);
  } finally {
    await altered.context().close();
  }

  // a link that cannot be run again as it is says what to change, beside the field, and sends nothing
  const broken = await open();
  const brokenPosts = simulationPosts(broken);
  try {
    await broken.goto(lost.replace(/runs=\d+/, 'runs=0'));
    await broken.locator('[data-testid="rerun-blocked"]').waitFor();
    assert.match(await broken.locator('[data-testid="rerun-blocked"]').textContent(), /change the fields marked in the form/);
    assert.match((await fieldError(broken, 'sim-runs')).text, /^0 is too small\. Enter a whole number of runs/);
    assert.equal(brokenPosts.length, 0);
    assert.deepEqual(broken.errors, []);
  } finally {
    await broken.context().close();
  }
});

test('simulate: the form with its errors and the results pass axe-core at desktop and phone sizes, with one h1 and no ARIA on chart groups', async () => {
  const job = await finishedJob({ scenario_id: BASELINE, runs: 1000, seed: 2 });
  for (const viewport of [DESKTOP, PHONE]) {
    const page = await open(viewport);
    try {
      // the form, its allies' positions open, with errors beside two fields
      await page.goto(`${BASE}/#/simulate?scenario=${BASELINE}&runs=1000&seed=2`);
      await page.locator('[data-testid="positions"] tbody tr[data-iso3="POL"]').waitFor({ state: 'attached' });
      await page.locator('[data-testid="positions"] summary').click();
      await page.fill('#sim-pos-affinity-POL', '101');
      await page.fill('#sim-horizon', '0');
      await page.getByRole('button', { name: 'Run', exact: true }).click();
      await page.locator('#sim-pos-affinity-POL-error').waitFor();
      assert.deepEqual(await violations(page), [], `axe on the form at ${viewport.width}×${viewport.height}`);
      const { sw, cw } = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, cw: document.documentElement.clientWidth }));
      assert.ok(sw <= cw, `no horizontal overflow with the positions open (scrollWidth ${sw} > ${cw})`);

      await page.goto(`${BASE}/#/simulate?scenario=${BASELINE}&runs=1000&seed=2&job=${job.id}`);
      await waitForState(page, 'done');
      for (const chart of ['stage-chart-cdf', 'forces-chart', 'count-chart']) await marksOf(page, chart, 'g').first().waitFor({ state: 'attached' });
      await page.locator('[data-testid="deployment-map"] circle.capital').first().waitFor();
      // a tip drawn under the pointer is tidied as well
      const forces = page.locator('[data-testid="forces-chart"] svg');
      await forces.scrollIntoViewIfNeeded();
      const box = await forces.boundingBox();
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await marksOf(page, 'forces-chart', '[data-mark="tip"] text').first().waitFor({ state: 'attached' });
      assert.equal(await page.locator('.plot g[aria-label]').count(), 0, 'no aria-label on a chart group');
      assert.equal(await page.locator('.plot svg[role="img"][aria-label]').count(), await page.locator('.plot svg').count(), 'each chart is an image with a name');
      assert.equal(await page.locator('h1').count(), 1);
      const found = await violations(page);
      assert.deepEqual(found, [], `axe at ${viewport.width}×${viewport.height}`);
      assert.deepEqual(page.errors, []);
    } finally {
      await page.context().close();
    }
  }
});
