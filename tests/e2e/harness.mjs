// What every end-to-end test file shares: where the server and the screenshots are,
// Debian's Chromium launched once per file, pages that record uncaught errors, and waits
// for exactly what a test asserts (a count of marks, a text), never for a fixed time.
//
// Env: ENTENTE_URL (default http://127.0.0.1:8080), ENTENTE_SCREENSHOT_DIR (default
// tests/e2e/out/), CHROMIUM (default /usr/bin/chromium).
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, errors } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const BASE = (process.env.ENTENTE_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
export const SHOTS = path.resolve(process.env.ENTENTE_SCREENSHOT_DIR ?? path.join(here, 'out'));
export const TIMEOUT = 20_000;
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

let browser;

before(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM`);
  }
  const health = await fetch(`${BASE}/healthz`).catch((e) => {
    throw new Error(`the server at ${BASE} is not reachable (${e.cause?.code ?? e.message}); start it or set ENTENTE_URL`);
  });
  assert.equal(health.status, 200, `${BASE}/healthz answered ${health.status}`);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
});

/**
 * a new page; its uncaught errors, and anything the server's Content-Security-Policy
 * refused, collect in page.errors
 */
export async function open(viewport = DESKTOP) {
  const context = await browser.newContext({ viewport, reducedMotion: 'reduce' });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) errors.push(message.text());
  });
  page.errors = errors;
  return page;
}

/**
 * How many elements `locator` matches, once it matches at least `atLeast`: the page may
 * still be rendering them, so this waits for the `atLeast`-th one to be in the document
 * (visible or not: a bar of height 0 is still a bar). Fails, saying how many there were,
 * when they do not all appear within TIMEOUT.
 */
export async function waitForCount(locator, atLeast, what) {
  if (atLeast > 0) {
    try {
      await locator.nth(atLeast - 1).waitFor({ state: 'attached' });
    } catch (e) {
      if (!(e instanceof errors.TimeoutError)) throw e;
      assert.fail(`${what}: expected at least ${atLeast}, found ${await locator.count()} after ${TIMEOUT} ms (${locator})`);
    }
  }
  return locator.count();
}

/**
 * Waits until the first element of `locator` has a text that matches `re`, and returns
 * that text. Fails with the text it had when none matches within TIMEOUT.
 */
export async function waitForText(locator, re) {
  const first = locator.first();
  try {
    await first.filter({ hasText: re }).waitFor();
  } catch (e) {
    if (!(e instanceof errors.TimeoutError)) throw e;
    const text = (await locator.count()) ? await first.textContent() : null;
    assert.fail(`${locator}: ${text === null ? 'no element' : `the text ${JSON.stringify(text)} does not match ${re}`} after ${TIMEOUT} ms`);
  }
  return first.textContent();
}
