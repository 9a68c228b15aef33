// End-to-end test of the Simulate page: pick a shipped scenario, run it on the server,
// read the results (headline, Article 6, charts, map, contributions), the server's
// problem detail for an invalid edit, cancelling a big run, and a policy comparison.
//
//   ENTENTE_URL=http://127.0.0.1:8080 node --test tests/e2e/simulate.test.mjs
//
// Env: see harness.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { BASE, SHOTS, TIMEOUT, PHONE, open, waitForCount } from './harness.mjs';

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
 * figure carries data-drawn exactly while it holds its current chart
 */
const marksOf = (page, testid, marks) => page.locator(`[data-testid="${testid}"][data-drawn] svg ${marks}`);

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
    assert.ok((await waitForCount(marksOf(page, 'stage-chart-cdf', '[aria-label="line"] path'), 5, 'stage lines')) >= 5, 'one line per stage');
    assert.ok((await waitForCount(marksOf(page, 'forces-chart', '[aria-label="area"] path'), 1, 'forces band')) >= 1, 'the P5–P95 band');
    assert.ok((await waitForCount(marksOf(page, 'forces-chart', '[aria-label="line"] path'), 3, 'forces lines')) >= 3, 'median, mean and adversary');
    assert.ok((await waitForCount(marksOf(page, 'count-chart', 'rect'), 2, 'Council round bars')) >= 2, 'bars of the Council rounds');
    assert.equal(await waitForCount(page.locator('[data-testid="stage-table"] tbody tr'), 5, 'stage table rows'), 5);
    await page.getByRole('button', { name: 'Histograms' }).click();
    assert.ok((await waitForCount(marksOf(page, 'stage-chart-hist', '[aria-label="rect"] rect'), 11, 'histogram bars')) > 10, 'histogram bars');

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

    // text that is not JSON is caught before it is sent
    await editor.fill('{ "scenario": ');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.locator('[data-testid="json-error"]').waitFor();
    assert.match(await page.locator('[data-testid="json-error"]').textContent(), /not valid JSON/);

    // a knob out of range: the deterrence day after the horizon
    await page.getByRole('button', { name: 'Reset to the form' }).click();
    await page.getByRole('button', { name: 'Reset to the scenario’s values' }).click();
    await page.waitForURL((u) => !/edit=/.test(u.toString()));
    await page.fill('#sim-det_day', '400');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.locator('[data-testid="sim-problem"]').filter({ hasText: 'outcome.deterrence_day' }).waitFor();
    assert.match(await page.locator('[data-testid="sim-problem"]').textContent(), /after the horizon/);
    assert.equal(await page.locator('#sim-det_day').getAttribute('aria-invalid'), 'true');
    assert.match(await page.locator('[data-knob="det_day"]').getAttribute('class'), /has-problem/);
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
    await marksOf(page, 'forces-compare-chart', '[aria-label="line"] path').first().waitFor({ state: 'attached' });
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
      ['stage-chart-cdf', '[aria-label="line"] path'],
      ['forces-chart', '[aria-label="line"] path'],
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
