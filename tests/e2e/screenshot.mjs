// Screenshot helper for looking at the UI: node screenshot.mjs URL OUT.png [width] [height] [full]
// Env: CLICK=selector (clicked first, e.g. the decide page's example button),
//      WAIT=selector (waited for before the shot), SCROLL=selector (scrolled to the top), CHROMIUM.
import { chromium } from 'playwright-core';
const [url, out, w = '1280', h = '800', full] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
// reduced motion: no transitions (map fills, progress bar) half-way through at the shot
const page = await browser.newPage({ viewport: { width: +w, height: +h }, reducedMotion: 'reduce' });
page.on('console', (m) => console.log('console:', m.type(), m.text()));
page.on('pageerror', (e) => console.log('pageerror:', e.message));
await page.goto(url);
await page.waitForLoadState('networkidle').catch(() => {});
if (await page.locator('svg.map').count()) {
  await page.waitForSelector('svg.map[data-as-of]:not([data-as-of=""])', { timeout: 15000 }).catch(() => {});
}
if (process.env.CLICK) {
  await page.click(process.env.CLICK);
  await page.waitForLoadState('networkidle').catch(() => {});
}
if (process.env.WAIT) await page.waitForSelector(process.env.WAIT, { timeout: 15000 }).catch((e) => console.log('wait:', e.message));
if (process.env.SCROLL) await page.locator(process.env.SCROLL).first().evaluate((el) => el.scrollIntoView({ block: 'start' }));
// the shot shows the page as drawn: its fonts loaded and every chart holding its marks
await page.evaluate(() => document.fonts.ready.then(() => true));
await page.locator('.plot:not([data-drawn])').first().waitFor({ state: 'detached', timeout: 15000 }).catch((e) => console.log('charts:', e.message));
await page.screenshot({ path: out, fullPage: full === 'full' });
await browser.close();
