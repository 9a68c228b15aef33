// What every end-to-end test file shares: where the server and the screenshots are,
// Debian's Chromium launched once per file, pages that record uncaught errors, and waits
// for exactly what a test asserts (a count of marks, a text), never for a fixed time.
//
// Env: ENTENTE_URL (default http://127.0.0.1:8080), ENTENTE_SCREENSHOT_DIR (default
// tests/e2e/out/), CHROMIUM (default /usr/bin/chromium), ENTENTE_BIN (default
// build/release/apps/entente: the binary for tests that start a server of their own).
import { before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium, errors } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(here, '..', '..');
export const BIN = path.resolve(process.env.ENTENTE_BIN ?? path.join(ROOT, 'build', 'release', 'apps', 'entente'));
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

/**
 * Runs `entente ARGS...` to completion (init, user add); `input` is written to its stdin.
 * Fails with its stderr when it exits non-zero.
 */
export function entente(args, { input } = {}) {
  assert.ok(fs.existsSync(BIN), `no entente binary at ${BIN}: build it, or set ENTENTE_BIN`);
  const run = spawnSync(BIN, args, { input, encoding: 'utf8' });
  if (run.error) throw run.error;
  assert.equal(run.status, 0, `entente ${args.join(' ')} exited ${run.status}: ${run.stderr}`);
  return run.stdout;
}

/**
 * Starts `entente serve ARGS... --host 127.0.0.1 --port 0` (its own server, e.g. on a
 * scratch database) and resolves, once it prints "listening on http://HOST:PORT", to
 * { url, stop }. Fails with its stderr if it exits first or does not listen within TIMEOUT.
 */
export function startServer(args) {
  assert.ok(fs.existsSync(BIN), `no entente binary at ${BIN}: build it, or set ENTENTE_BIN`);
  const child = spawn(BIN, ['serve', ...args, '--host', '127.0.0.1', '--port', '0', '--threads', '2', '--access-log', 'off'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`entente serve did not listen within ${TIMEOUT} ms: ${stderr}`));
    }, TIMEOUT);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`entente serve exited (${code ?? signal}) before listening: ${stderr}`));
    });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const m = /^listening on (http:\/\/\S+)/m.exec(stdout);
      if (m) {
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve({ url: m[1].replace(/\/+$/, ''), stop });
      }
    });
  });
}

const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core's critical and serious violations of WCAG 2.0–2.2 A and AA on the page as it is
 * now, one line each ("serious color-contrast (…) ×2: selector | selector"); [] when none.
 */
export async function axeViolations(page) {
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
