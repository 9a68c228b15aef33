// Accessibility of every page: axe-core (WCAG 2.0–2.2 A and AA rules) at desktop and
// phone sizes, failing on any critical or serious violation.
//
// Each page is checked once it has drawn what it is about: its h1, and no loading notice.
// The staff pages (the record form, the change log, the account page signed in) are checked
// in records.test.mjs, which signs a staff user in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, DESKTOP, PHONE, axeViolations as violations, open } from './harness.mjs';

/** the pages: their address, and what shows that each has drawn its content */
const PAGES = [
  { name: 'map', hash: '#/?org=NATO&date=2024-03-07', ready: 'svg.map[data-as-of="2024-03-07"] path[data-relation]' },
  { name: 'treaty area', hash: '#/?org=NATO&date=2024-03-07&mode=treaty', ready: 'svg.map path' },
  { name: 'nation', hash: '#/nation/FIN?org=NATO&date=2024-03-07', ready: '#nation-h' },
  { name: 'members', hash: '#/org/NATO?date=2024-03-07', ready: 'table tbody tr' },
  { name: 'framework', hash: '#/framework/PFP?org=NATO&date=2024-03-07', ready: 'table tbody tr' },
  { name: 'decide', hash: '#/decide?org=NATO&date=2024-03-07', ready: 'form' },
  { name: 'article 4', hash: '#/article4?org=NATO&date=2024-03-07', ready: 'table tbody tr, li' },
  { name: 'operations', hash: '#/operations?org=NATO&date=2024-03-07', ready: 'table tbody tr, li' },
  { name: 'operation', hash: '#/operation/deny-flight?org=NATO&date=2024-03-07', ready: 'h1' },
  { name: 'eligibility', hash: '#/eligibility?org=NATO&date=2024-03-07&nation=FIN', ready: 'h1' },
  { name: 'simulate', hash: '#/simulate?org=NATO&date=2024-03-07', ready: 'form' },
  { name: 'account', hash: '#/account?org=NATO&date=2024-03-07', ready: 'h1' },
];

for (const [size, viewport] of [
  ['desktop', DESKTOP],
  ['phone', PHONE],
]) {
  test(`every page passes axe-core's WCAG A/AA rules at ${size} size (no critical or serious violation)`, async () => {
    const page = await open(viewport);
    const failures = [];
    try {
      for (const p of PAGES) {
        await page.goto(`${BASE}/${p.hash}`);
        await page.locator(p.ready).first().waitFor({ state: 'attached' });
        await page.waitForFunction(() => !document.querySelector('.loading'));
        const found = await violations(page);
        const h1s = await page.locator('h1').count();
        if (h1s !== 1) found.push(`the page has ${h1s} h1 elements, not one`);
        for (const f of found) failures.push(`${p.name} (${p.hash}): ${f}`);
      }
      assert.deepEqual(page.errors, [], 'uncaught errors on the pages');
    } finally {
      await page.context().close();
    }
    assert.equal(failures.length, 0, `accessibility violations at ${size} size:\n${failures.join('\n')}`);
  });
}
