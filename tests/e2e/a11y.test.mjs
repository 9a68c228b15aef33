// Accessibility of every page: axe-core (WCAG 2.0–2.2 A and AA rules) at desktop and
// phone sizes, failing on any critical or serious violation.
//
// Each page is checked once it has drawn what it is about: its h1, and no loading notice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { BASE, DESKTOP, PHONE, open } from './harness.mjs';

const require = createRequire(import.meta.url);
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

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

/** axe's critical and serious violations of the page as it is now, one line each */
async function violations(page) {
  await page.evaluate(AXE);
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      resultTypes: ['violations'],
    });
    return r.violations
      .filter((v) => v.impact === 'critical' || v.impact === 'serious')
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')), count: v.nodes.length }));
  });
  return result.map((v) => `${v.impact} ${v.id} (${v.help}) ×${v.count}: ${v.targets.join(' | ')}`);
}

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
