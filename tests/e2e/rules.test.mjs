// End-to-end test of the rules pages of the Entente browser UI: decisions,
// the Article 4 register, operations, eligibility and the treaty-area map mode.
//
//   ENTENTE_URL=http://127.0.0.1:8080 node --test tests/e2e/rules.test.mjs
//
// Env: see harness.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { BASE, SHOTS, PHONE, open, waitForCount, waitForText } from './harness.mjs';

async function noHorizontalOverflow(page, what) {
  const { sw, cw } = await page.evaluate(() => ({ sw: document.documentElement.scrollWidth, cw: document.documentElement.clientWidth }));
  assert.ok(sw <= cw, `${what}: no horizontal overflow at phone width (scrollWidth ${sw} > ${cw})`);
}

const shot = (page, name, full = false) => page.screenshot({ path: path.join(SHOTS, name), fullPage: full });

test('decide: the 2003 silence procedure example is returned to discussion, FRA/DEU/BEL decisive', async () => {
  const page = await open();
  try {
    await page.goto(`${BASE}/#/decide?org=NATO&date=2020-01-01`);
    await page.locator('[data-testid="voters"] li[data-iso3="USA"]').waitFor();
    await page.getByRole('button', { name: /Example: NATO, February 2003/ }).click();

    const outcome = page.locator('[data-testid="outcome"]');
    await outcome.waitFor();
    assert.equal(await outcome.getAttribute('data-outcome'), 'returned-to-discussion');
    await waitForText(outcome, /Returned to discussion/i);
    assert.match(page.url(), /date=2003-02-06/, 'the example sets the date');
    assert.equal(await page.locator('#decide-procedure').inputValue(), 'silence');
    assert.equal(await page.locator('#silence-deadline').inputValue(), '2003-02-10');

    const decisiveItems = page.locator('[data-testid="decisive"] li');
    await waitForCount(decisiveItems, 3, 'decisive members');
    const decisive = (await decisiveItems.evaluateAll((els) => els.map((e) => e.getAttribute('data-iso3')))).sort();
    assert.deepEqual(decisive, ['BEL', 'DEU', 'FRA']);
    // the decisive members are highlighted in the grid of the 19 members of 2003; the grid
    // keeps the members of the previous date (marked stale) until those of 2003-02-06 arrive
    const voters = page.locator('[data-testid="voters"]:not(.stale) li');
    assert.equal(await waitForCount(voters, 19, 'members in the grid'), 19, 'NATO had 19 members on 2003-02-06');
    const decisiveVoters = page.locator('[data-testid="voters"]:not(.stale) li.decisive');
    await waitForCount(decisiveVoters, 3, 'decisive members highlighted in the grid');
    const highlighted = (await decisiveVoters.evaluateAll((els) => els.map((e) => e.getAttribute('data-iso3')))).sort();
    assert.deepEqual(highlighted, ['BEL', 'DEU', 'FRA']);
    assert.equal(await page.locator('[data-testid="voters"] li[data-iso3="FRA"] input[type="date"]').inputValue(), '2003-02-09');
    // counts and reasoning
    await waitForText(page.locator('[data-testid="counts"] li[data-position="object"]'), /3/);
    await waitForText(page.locator('[data-testid="decision"] [data-testid="reasoning"]'), /silence broken by/i);
    assert.ok((await waitForCount(page.locator('[data-testid="decision"] [data-testid="reasoning"] li'), 2, 'reasoning items')) >= 2, 'the reasoning is a list');
    await shot(page, 'decide.png');

    // changing the form marks the result stale; deciding again with everyone silent adopts it
    await page.getByRole('button', { name: 'All silent' }).click();
    await page.locator('.stale-note').waitFor();
    await page.getByRole('button', { name: 'Decide', exact: true }).click();
    await page.locator('[data-testid="outcome"][data-outcome="adopted"]').waitFor();
    assert.equal(await page.locator('[data-testid="voters"] li.decisive').count(), 0);
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('decide: EU qualified majority shows the margins against the thresholds; an API error shows its detail', async () => {
  const page = await open();
  try {
    await page.goto(`${BASE}/#/decide?org=EU&date=2020-01-01`);
    await page.locator('[data-testid="voters"] li[data-iso3="HUN"]').waitFor();
    await page.selectOption('#decide-procedure', 'qualified-majority');
    await page.fill('#decide-subject', 'A test regulation');
    await page.getByRole('button', { name: 'All support' }).click();
    await page.selectOption('[data-testid="voters"] li[data-iso3="HUN"] select', 'object');
    await page.getByRole('button', { name: 'Decide', exact: true }).click();
    await page.locator('[data-testid="outcome"][data-outcome="adopted"]').waitFor();
    await waitForCount(page.locator('[data-testid="margin"]'), 2, 'margin bars');
    const margins = await page.locator('[data-testid="margin"]').allTextContents();
    assert.equal(margins.length, 2, `member and population shares: ${margins.join(' | ')}`);
    assert.match(margins[0], /needed 55%/);
    assert.match(margins[1], /needed 65%/);

    // a date on which the organisation did not exist: the server's problem detail is shown
    await page.fill('#decide-date', '1980-01-01');
    await page.getByRole('button', { name: 'Decide', exact: true }).click();
    const alert = page.locator('[data-testid="decision"] [role="alert"]');
    await alert.waitFor();
    const text = await alert.textContent();
    assert.match(text, /EU does not exist on 1980-01-01/);
    assert.match(text, /400/);
  } finally {
    await page.context().close();
  }
});

test('decide: phone layout', async () => {
  const page = await open(PHONE);
  try {
    await page.goto(`${BASE}/#/decide?org=NATO&date=2020-01-01`);
    await page.locator('[data-testid="voters"] li[data-iso3="USA"]').waitFor();
    await page.getByRole('button', { name: /Example: NATO, February 2003/ }).click();
    await page.locator('[data-testid="outcome"][data-outcome="returned-to-discussion"]').waitFor();
    await noHorizontalOverflow(page, 'decide');
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, 'decide-phone.png');
    await page.locator('[data-testid="decision"]').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await shot(page, 'decide-phone-result.png');
  } finally {
    await page.context().close();
  }
});

/** what the Decide form shows: procedure, subject, default, and each voter's own position */
async function decideForm(page) {
  return {
    procedure: await page.locator('#decide-procedure').inputValue(),
    subject: await page.locator('#decide-subject').inputValue(),
    dflt: await page.locator('#decide-default').inputValue(),
    positions: await page.locator('[data-testid="voters"] li').evaluateAll((lis) =>
      Object.fromEntries(lis.map((li) => [li.getAttribute('data-iso3'), li.querySelector('select').value]).filter(([, v]) => v)),
    ),
    formal: await page.locator('[data-testid="voters"] li').evaluateAll((lis) =>
      lis.filter((li) => li.querySelector('input[type="checkbox"]')?.checked).map((li) => li.getAttribute('data-iso3')),
    ),
  };
}

/** what the decision says: outcome, counts, decisive members */
async function decision(page) {
  const outcome = page.locator('[data-testid="decision"] [data-testid="outcome"]');
  await outcome.waitFor();
  await page.locator('[data-testid="decision"] .stale-result').waitFor({ state: 'detached' });
  return {
    outcome: await outcome.getAttribute('data-outcome'),
    counts: await page.locator('[data-testid="counts"] li').allTextContents(),
    margins: await page.locator('[data-testid="margin"]').allTextContents(),
  };
}

test('decide: the whole form is in the URL; reloading it restores the form and the decision', async () => {
  const page = await open();
  try {
    await page.goto(`${BASE}/#/decide?org=EU&date=2020-01-01`);
    await page.locator('[data-testid="voters"] li[data-iso3="HUN"]').waitFor();
    await page.selectOption('#decide-procedure', 'unanimity');
    await page.fill('#decide-subject', 'Sanctions, 14th package: “test” & more');
    await page.getByRole('button', { name: 'All support' }).click();
    await page.selectOption('[data-testid="voters"] li[data-iso3="HUN"] select', 'abstain');
    await page.locator('[data-testid="voters"] li[data-iso3="HUN"] input[type="checkbox"]').check();
    await page.selectOption('[data-testid="voters"] li[data-iso3="AUT"] select', 'abstain');
    await page.selectOption('[data-testid="voters"] li[data-iso3="MLT"] select', 'absent');
    await page.getByRole('button', { name: 'Decide', exact: true }).click();
    const before = await decision(page);
    const form = await decideForm(page);
    assert.deepEqual(form.positions, { AUT: 'abstain', HUN: 'abstain', MLT: 'absent' });
    assert.deepEqual(form.formal, ['HUN']);

    // the URL says it in words
    const url = page.url();
    const q = new URLSearchParams(url.split('?')[1]);
    assert.equal(q.get('procedure'), 'unanimity');
    assert.equal(q.get('default'), 'support');
    assert.equal(q.get('abstain'), 'AUT.HUN');
    assert.equal(q.get('absent'), 'MLT');
    assert.equal(q.get('formal'), 'HUN');
    assert.equal(q.get('subject'), 'Sanctions, 14th package: “test” & more');

    // reloading decides again: the same form, the same decision
    await page.reload();
    await page.locator('[data-testid="voters"] li[data-iso3="HUN"]').waitFor();
    assert.deepEqual(await decision(page), before);
    assert.deepEqual(await decideForm(page), form);

    // and so does the link opened elsewhere
    const other = await open();
    try {
      await other.goto(url);
      await other.locator('[data-testid="voters"] li[data-iso3="HUN"]').waitFor();
      assert.deepEqual(await decision(other), before);
      assert.deepEqual(await decideForm(other), form);
      assert.deepEqual(other.errors, []);
    } finally {
      await other.context().close();
    }

    // the API call is the shared one, with the form's body
    await page.locator('[data-testid="decision"] [data-testid="api-call"] summary').click();
    const curl = await page.locator('[data-testid="decision"] [data-testid="api-call"] pre').textContent();
    assert.match(curl, /^curl -X POST '.*\/api\/v1\/decisions'/);
    const body = JSON.parse(/-d '(.*)'$/s.exec(curl)[1].replace(/'\\''/g, "'"));
    assert.deepEqual(body.formal_abstentions, ['HUN']);
    assert.equal(body.procedure, 'unanimity');
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('decide: a hostile link is read as far as it can be, with a note, never a crash', async () => {
  const page = await open();
  try {
    const subject = 'x'.repeat(5000);
    await page.goto(
      `${BASE}/#/decide?org=NATO&date=2003-02-06&procedure=silence&subject=${subject}&object=FRA.XYZ.12.%3Cb%3E&deadline=2003-02-30&breaks=FRA_2003-02-09.DEU_2003-13-01&default=maybe&reinforced=yes`,
    );
    await page.locator('[data-testid="voters"] li[data-iso3="FRA"]').waitFor();
    const notes = await page.locator('[data-testid="decide-notes"] li').allTextContents();
    const all = notes.join(' ');
    assert.match(all, /not a nation code/);
    assert.match(all, /silence deadline “2003-02-30” is not a date/);
    assert.match(all, /no such day/);
    assert.match(all, /default position “maybe” is not a position/);
    assert.match(all, /subject in the link is 5000 characters long/);
    // a well-formed code that is no member is named, and left out of the decision
    await waitForText(page.locator('[data-testid="decide-outside"]'), /XYZ/);
    assert.equal(await page.locator('[data-testid="voters"] li[data-iso3="FRA"] select').inputValue(), 'object');
    assert.equal(await page.locator('[data-testid="voters"] li[data-iso3="FRA"] input[type="date"]').inputValue(), '2003-02-09');
    assert.equal((await page.locator('#decide-subject').inputValue()).length, 300);
    assert.equal(await page.locator('#silence-deadline').inputValue(), '');
    // without a deadline the silence procedure is not decided by itself
    assert.equal(await page.locator('[data-testid="outcome"]').count(), 0);
    // the first change writes the form as it is read: the unusable parts leave the URL (a
    // well-formed code stays: on another date it may name a member)
    await page.fill('#silence-deadline', '2003-02-10');
    await page.waitForURL(/deadline=2003-02-10/);
    assert.doesNotMatch(page.url(), /maybe|reinforced|DEU_|\.12|%3C/);
    assert.match(page.url(), /object=FRA\.XYZ/);
    await page.locator('[data-testid="decide-notes"]').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Decide', exact: true }).click();
    await page.locator('[data-testid="outcome"][data-outcome="returned-to-discussion"]').waitFor();
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('operations: a participant filter says how many operations it could not judge', async () => {
  const all = (await (await fetch(`${BASE}/api/v1/operations`)).json()).operations;
  const missing = all.filter((op) => op.participants.length === 0);
  assert.ok(missing.length > 0, 'some operations have no recorded participants');
  const page = await open();
  try {
    await page.goto(`${BASE}/#/operations?nation=POL`);
    const note = page.locator('[data-testid="not-judged"]');
    const text = await waitForText(note, /not judged/);
    assert.match(text, new RegExp(`^${missing.length} of ${all.length} operations have no recorded participants and are not judged: whether Poland took part`));
    assert.equal(await note.getAttribute('data-missing'), String(missing.length));
    // the list without the filter marks them, and their pages say so
    await note.getByRole('link', { name: /Drop the participant filter/ }).click();
    const row = page.locator(`[data-testid="operations-table"] tr[data-id="${missing[0].id}"]`);
    await row.waitFor();
    assert.equal(await row.getAttribute('data-participants'), 'unrecorded');
    await waitForText(row.locator('td[data-label="Nations"]'), /not recorded/);
    await page.goto(`${BASE}/#/operation/${missing[0].id}`);
    await waitForText(page.locator('[data-testid="participants-unrecorded"]'), /does not record which nations took part/);
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('Article 4: filter dates in the address that are no dates are said, and the register is shown without them', async () => {
  const page = await open();
  try {
    await page.goto(`${BASE}/#/article4?from=2023-02-30&to=banana`);
    const notices = page.locator('[data-testid="filter-date-notice"]');
    assert.equal(await waitForCount(notices, 2, 'notices of the two bad filter dates'), 2);
    assert.match(await notices.nth(0).textContent(), /“2023-02-30” as the from date, which is not a date/);
    assert.match(await notices.nth(1).textContent(), /“banana” as the to date, which is not a date/);
    // unfiltered: the 2003 request is listed
    await page.locator('.a4-row[data-date="2003-02-10"]').waitFor();
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('Article 4: the register lists 2022-02-24 with eight requesting nations, linked to their profiles', async () => {
  const page = await open();
  try {
    await page.goto(`${BASE}/#/article4`);
    const item = page.locator('.a4-row[data-date="2022-02-24"]');
    const chips = item.locator('[data-testid="requested-by"] li');
    assert.equal(await waitForCount(chips, 8, 'nations requesting on 2022-02-24'), 8, 'eight Allies asked on 24 February 2022');
    const links = await chips.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    for (const l of links) assert.match(l, /^#\/nation\/[A-Z]{3}\?/);
    assert.ok(links.some((l) => l.startsWith('#/nation/POL?')), 'Poland is among them');
    await shot(page, 'article4.png');

    // filter by nation: Poland's requests only
    await page.selectOption('#a4-nation', 'POL');
    await page.waitForURL(/nation=POL/);
    await page.locator('.a4-row[data-date="2003-02-10"]').waitFor({ state: 'detached' });
    const dates = await page.locator('.a4-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-date')));
    assert.ok(dates.includes('2022-02-24') && dates.includes('2014-03-03'), `Poland's requests: ${dates}`);
    // and by dates
    await page.fill('#a4-from', '2020-01-01');
    await page.locator('.a4-row[data-date="2014-03-03"]').waitFor({ state: 'detached' });
    // a profile link leads to the nation
    await page.locator('.a4-row[data-date="2022-02-24"] [data-testid="requested-by"] a').first().click();
    await page.waitForURL(/#\/nation\/[A-Z]{3}\?/);
    await page.locator('[data-testid="nation-panel"]').waitFor();
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('operations: the list shows Allied Force as contested; its page gives the reasoning', async () => {
  const page = await open();
  try {
    await page.goto(`${BASE}/#/operations`);
    const row = page.locator('[data-testid="operations-table"] tr[data-id="allied-force"]');
    await row.waitFor();
    assert.equal(await row.getAttribute('data-contested'), 'true');
    await waitForText(row.locator('[data-testid="basis"]'), /Contested/);
    assert.match(await row.locator('[data-testid="basis"]').getAttribute('class'), /b-contested/);
    // a mandated operation is not marked contested
    assert.equal(await page.locator('tr[data-id="kfor"]').getAttribute('data-contested'), 'false');
    assert.ok((await waitForCount(page.locator('[data-testid="ops-map"] [data-op]'), 11, 'operation markers')) > 10, 'the map marks the operation areas');
    await shot(page, 'operations.png');

    // filters: active on a date, legal basis
    await page.goto(`${BASE}/#/operations?date=1999-04-01&active=1`);
    await page.locator('tr[data-id="allied-force"]').waitFor();
    await page.locator('tr[data-id="kfor"]').waitFor({ state: 'detached' });
    await page.selectOption('#ops-basis', 'un-mandated');
    await page.locator('tr[data-id="allied-force"]').waitFor({ state: 'detached' });

    await page.goto(`${BASE}/#/operation/allied-force`);
    const op = page.locator('[data-testid="operation"]');
    await waitForText(op.locator('h1'), /Operation Allied Force/);
    await waitForText(op.locator('[data-testid="basis"]'), /Contested/);
    await op.locator('.warnbox').waitFor();
    assert.ok((await waitForCount(page.locator('[data-testid="reasoning"] li'), 2, 'reasoning items')) >= 2, 'the reasoning is listed');
    await page.locator('[data-testid="op-map"] [data-op="allied-force"]').waitFor();
    await shot(page, 'operation.png');

    // participants are linked to their profiles
    await page.goto(`${BASE}/#/operation/unified-protector`);
    const part = page.locator('[data-testid="participants-table"] tbody tr');
    await part.first().waitFor();
    assert.match(await part.first().locator('th a').first().getAttribute('href'), /^#\/nation\/[A-Z]{3}\?/);
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('eligibility: the profile widget shows the server’s answer for Austria, exercises, 2020-01-01', async () => {
  const api = await (await fetch(`${BASE}/api/v1/eligibility?nation=AUT&activity=exercises&organisation=NATO&as_of=2020-01-01`)).json();
  assert.ok(['yes', 'no', 'conditional'].includes(api.eligible), `the API answers: ${JSON.stringify(api)}`);
  const page = await open();
  try {
    await page.goto(`${BASE}/#/nation/AUT?org=NATO&date=2020-01-01`);
    const widget = page.locator('[data-testid="eligibility-widget"]');
    await widget.waitFor();
    await page.selectOption('#elig-activity', 'exercises');
    const verdict = widget.locator('[data-testid="eligibility-verdict"]');
    await page.locator('[data-testid="eligibility-widget"] [data-testid="eligibility"][data-eligible]').waitFor();
    assert.equal(await verdict.getAttribute('data-verdict'), api.eligible);
    await waitForText(verdict, new RegExp(`^${api.eligible}$`, 'i'));
    await waitForText(widget.locator('.elig-verdict'), /Austria/);
    // every route the server gives is shown
    assert.equal(await waitForCount(widget.locator('.elig-routes li'), api.routes.length, 'routes'), api.routes.length);
    await widget.locator('[data-testid="eligibility"]').scrollIntoViewIfNeeded();
    await shot(page, 'eligibility-widget.png');

    // the standalone page: the same answer and all twelve activities
    await page.goto(`${BASE}/#/eligibility?org=NATO&date=2020-01-01&nation=AUT&activity=exercises`);
    assert.equal(await waitForCount(page.locator('[data-testid="eligibility-matrix"] li'), 12, 'activities'), 12);
    assert.equal(await page.locator('.elig-layout [data-testid="eligibility-verdict"]').first().getAttribute('data-verdict'), api.eligible);
    await shot(page, 'eligibility.png');
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('rules pages fit a phone screen', async () => {
  const page = await open(PHONE);
  try {
    // each page with everything it loads shown: every answer it asks the server for
    for (const [hash, loaded, name] of [
      ['#/article4', ['.a4-row[data-date="2022-02-24"] [data-testid="requested-by"] li', '#a4-nation option[value="POL"]'], 'article4-phone.png'],
      ['#/operations', ['tr[data-id="allied-force"]', '[data-testid="ops-map"] [data-op="allied-force"]', '#ops-nation option[value="USA"]'], 'operations-phone.png'],
      ['#/operation/allied-force', ['[data-testid="op-map"] [data-op="allied-force"]', '[data-testid="reasoning"] li'], 'operation-phone.png'],
      [
        '#/eligibility?org=NATO&date=2020-01-01&nation=AUT&activity=exercises',
        ['[data-testid="eligibility-matrix"] li:nth-child(12)', '.elig-layout [data-testid="eligibility"][data-eligible]', '#elig-nation option[value="USA"]'],
        'eligibility-phone.png',
      ],
    ]) {
      await page.goto(`${BASE}/${hash}`);
      for (const selector of loaded) await page.locator(selector).first().waitFor({ state: 'attached' });
      await noHorizontalOverflow(page, hash);
      await shot(page, name);
    }
  } finally {
    await page.context().close();
  }
});

/** click the map at a geographic point, through the map's own projection */
async function clickAt(page, lon, lat) {
  const xy = await page.locator('svg.map').evaluate((svg, ll) => {
    const p = svg.__entente.project(ll);
    if (!p) return null;
    const m = svg.getScreenCTM();
    const pt = new DOMPoint(p[0], p[1]).matrixTransform(m);
    return [pt.x, pt.y];
  }, [lon, lat]);
  assert.ok(xy, `[${lon}, ${lat}] is on the map`);
  await page.mouse.click(xy[0], xy[1]);
}

/** the treaty-area mode asks this route; without it the mode cannot answer */
async function assertArticle5Route() {
  const probe = await fetch(`${BASE}/api/v1/article5?lat=40.4168&lon=-3.7038&as_of=2020-01-01&target=territory`);
  assert.equal(probe.status, 200, `GET /api/v1/article5 answers ${probe.status}: the treaty-area mode needs it`);
}

test('treaty area: Madrid is covered by Article 5, Honolulu is not (or contested)', async () => {
  await assertArticle5Route();
  const page = await open();
  try {
    await page.goto(`${BASE}/#/?org=NATO&date=2020-01-01`);
    await page.waitForSelector('svg.map[data-as-of="2020-01-01"]');
    await page.locator('[data-testid="treaty-toggle"]').click();
    await page.waitForURL(/mode=treaty/);
    await page.getByRole('button', { name: 'World', exact: true }).click();
    await page.locator('[data-testid="article5-panel"]').waitFor();
    await page.waitForFunction(() => !!document.querySelector('svg.map')?.__entente);

    await clickAt(page, -3.7038, 40.4168);
    await page.waitForURL(/at=40\.\d/);
    let result = page.locator('[data-testid="article5-result"]');
    await result.waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="article5-result"]:not(.stale)'));
    assert.equal(await result.getAttribute('data-verdict'), 'covered', 'Madrid');
    await waitForText(page.locator('[data-testid="article5-verdict"]'), /^covered$/i);
    await page.locator('[data-testid="a5-pin"]').waitFor();
    await shot(page, 'treaty-area.png');

    await clickAt(page, -157.8583, 21.3069);
    await page.waitForURL(/at=21\.\d/);
    await page.waitForFunction(() => {
      const r = document.querySelector('[data-testid="article5-result"]');
      return r && !r.classList.contains('stale') && r.getAttribute('data-verdict') !== 'covered';
    });
    result = page.locator('[data-testid="article5-result"]');
    const v = await result.getAttribute('data-verdict');
    assert.ok(v === 'not-covered' || v === 'contested', `Honolulu: ${v}`);
    await waitForText(page.locator('[data-testid="article5-verdict"]'), /not covered|contested/i);
    await shot(page, 'treaty-area-honolulu.png');
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('treaty area: phone layout', async () => {
  await assertArticle5Route();
  const page = await open(PHONE);
  try {
    await page.goto(`${BASE}/#/?org=NATO&date=2020-01-01&mode=treaty&at=40.4168,-3.7038`);
    await page.locator('[data-testid="article5-result"]').waitFor();
    await noHorizontalOverflow(page, 'treaty area');
    await shot(page, 'treaty-area-phone.png');
  } finally {
    await page.context().close();
  }
});
