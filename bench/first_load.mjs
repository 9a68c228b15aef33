// First load of the map page in Debian's Chromium, side by side with nginx: the bytes over
// the wire of every request made until the coloured map is drawn, and the time to that
// moment on an unthrottled and on a throttled connection. Each load starts from an empty
// cache in a new browser context.
//
//   node bench/first_load.mjs [--runs 5] [--web web/dist] [--entente build/release/apps/entente]
//
// Servers, one after the other on the same page and database:
//   entente           `entente serve --web DIR`: precompressed files, compressed JSON
//   entente identity  the same server, the browser sending Accept-Encoding: identity (nothing compressed)
//   nginx             Debian's nginx serving DIR with gzip_static (the .gz files beside each
//                     file) and gzip (level 5) for what it proxies: /api and /healthz go to
//                     the same entente, asked for identity, so that nginx compresses them
// "Drawn" is the first animation frame after the world map's country paths carry their
// relation (more than 150 `svg.map[data-as-of] path[data-relation]`, as tests/e2e/map.test.mjs
// waits for). Transfer size is what Chromium's network layer received for a request,
// headers included (CDP Network.loadingFinished encodedDataLength). The throttled
// connection is CDP Network.emulateNetworkConditions with THROTTLE below. Prints Markdown;
// writes every run to bench/out/first_load.json. Needs node, nginx and chromium
// (scripts/setup installs them) and tests/e2e's packages (playwright-core).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { chromium } = createRequire(path.join(ROOT, 'tests', 'e2e', 'package.json'))('playwright-core');

// "Fast 3G"-like: 1.6 Mbit/s down, 750 kbit/s up, 150 ms added to every request's round trip.
const THROTTLE = { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 750e3 / 8 };
const MAP_DRAWN = 'svg.map[data-as-of]:not([data-as-of=""]) path[data-relation]';
const COUNTRIES = 150;
const TIMEOUT = 60_000;

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 && at + 1 < process.argv.length ? process.argv[at + 1] : fallback;
}
const runs = Number(option('runs', '5'));
const web = path.resolve(option('web', path.join(ROOT, 'web', 'dist')));
const entente = path.resolve(option('entente', path.join(ROOT, 'build', 'release', 'apps', 'entente')));
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const work = path.join(ROOT, 'bench', 'out', 'first_load');

function freePort() {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url) {
  for (let i = 0; i < 100; ++i) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not answer within 10 s`);
}

async function startEntente(database) {
  const port = await freePort();
  const child = spawn(entente, ['serve', '--db', database, '--host', '127.0.0.1', '--port', String(port), '--web', web,
    '--threads', '2', '--access-log', 'off'], { stdio: 'ignore' });
  await waitForHttp(`http://127.0.0.1:${port}/healthz`);
  return { url: `http://127.0.0.1:${port}`, port, child };
}

async function startNginx(upstreamPort) {
  const port = await freePort();
  const conf = path.join(work, 'nginx.conf');
  const proxy = `proxy_pass http://entente; proxy_http_version 1.1; proxy_set_header Connection "";
      proxy_set_header Host $host; proxy_set_header Accept-Encoding ""; proxy_max_temp_file_size 0;`;
  fs.writeFileSync(conf, `worker_processes 2;
daemon off;
pid ${work}/nginx.pid;
error_log ${work}/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  client_body_temp_path ${work}; proxy_temp_path ${work};
  fastcgi_temp_path ${work}; uwsgi_temp_path ${work}; scgi_temp_path ${work};
  sendfile on;
  gzip on; gzip_static on; gzip_vary on; gzip_proxied any; gzip_comp_level 5; gzip_min_length 1024;
  gzip_types text/css application/javascript text/javascript application/json application/problem+json
             text/csv image/svg+xml text/plain;
  upstream entente { server 127.0.0.1:${upstreamPort}; keepalive 16; }
  server {
    listen 127.0.0.1:${port};
    root ${web};
    location / { try_files $uri $uri/ =404; }
    location /api/ { ${proxy} }
    location = /healthz { ${proxy} }
  }
}
`);
  const child = spawn('nginx', ['-c', conf, '-e', path.join(work, 'nginx-error.log')], { stdio: ['ignore', 'ignore', 'inherit'] });
  await waitForHttp(`http://127.0.0.1:${port}/healthz`);
  return { url: `http://127.0.0.1:${port}`, port, child };
}

/** One cold load of `url`: when the coloured map was drawn, and each request made before it. */
async function load(browser, url, { throttled, identity }) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    if (throttled) await cdp.send('Network.emulateNetworkConditions', THROTTLE);
    if (identity) await cdp.send('Network.setExtraHTTPHeaders', { headers: { 'Accept-Encoding': 'identity' } });
    const requests = new Map();
    cdp.on('Network.requestWillBeSent', (e) => {
      if (!/^https?:/.test(e.request.url)) return; // data: URLs never reach the network
      requests.set(e.requestId, { url: e.request.url, type: e.type, sentAt: e.wallTime * 1000, transfer: 0, body: 0, done: false });
    });
    cdp.on('Network.responseReceived', (e) => {
      const request = requests.get(e.requestId);
      if (!request) return;
      const headers = Object.fromEntries(Object.entries(e.response.headers).map(([k, v]) => [k.toLowerCase(), v]));
      request.status = e.response.status;
      request.encoding = headers['content-encoding'] ?? 'identity';
    });
    cdp.on('Network.dataReceived', (e) => {
      const request = requests.get(e.requestId);
      if (request) request.body += e.dataLength;
    });
    const finish = (e) => {
      const request = requests.get(e.requestId);
      if (!request) return;
      request.transfer = e.encodedDataLength ?? 0;
      request.done = true;
    };
    cdp.on('Network.loadingFinished', finish);
    cdp.on('Network.loadingFailed', finish);
    await page.addInitScript(
      ({ selector, countries }) => {
        const observer = new MutationObserver(() => {
          if (document.querySelectorAll(selector).length <= countries) return;
          observer.disconnect();
          requestAnimationFrame(() => {
            window.__mapDrawnAt = performance.timeOrigin + performance.now();
            window.__mapDrawnSince = performance.now();
          });
        });
        observer.observe(document, { subtree: true, childList: true, attributes: true });
      },
      { selector: MAP_DRAWN, countries: COUNTRIES },
    );
    await page.goto(`${url}/`, { waitUntil: 'commit', timeout: TIMEOUT });
    await page.waitForFunction(() => window.__mapDrawnAt !== undefined, null, { timeout: TIMEOUT, polling: 20 });
    const [drawnAt, sinceNavigation] = await page.evaluate(() => [window.__mapDrawnAt, window.__mapDrawnSince]);
    const before = () => [...requests.values()].filter((r) => r.sentAt <= drawnAt);
    for (let i = 0; i < 200 && before().some((r) => !r.done); ++i) await new Promise((r) => setTimeout(r, 50));
    return { ms: sinceNavigation, requests: before() };
  } finally {
    await context.close();
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
};
const kib = (bytes) => (bytes / 1024).toFixed(1);
const total = (requests, key) => requests.reduce((sum, r) => sum + r[key], 0);

async function main() {
  if (!fs.existsSync(path.join(web, 'index.html'))) throw new Error(`no built UI in ${web}: run 'npm run build' in web/`);
  if (!fs.existsSync(entente)) throw new Error(`no entente binary at ${entente}: build it, or pass --entente`);
  if (!fs.existsSync(chromiumPath)) throw new Error(`${chromiumPath} is missing: apt-get install chromium, or set CHROMIUM`);
  if (spawnSync('nginx', ['-v']).error) throw new Error('nginx is missing: apt-get install nginx-light (scripts/setup does)');
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
  const database = path.join(work, 'first_load.db');
  const init = spawnSync(entente, ['init', '--db', database, '--data', path.join(ROOT, 'data')], { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`entente init failed: ${init.stderr}`);

  const server = await startEntente(database);
  let nginx;
  let browser;
  try {
    nginx = await startNginx(server.port);
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const peers = [
      { name: 'entente', url: server.url, identity: false },
      { name: 'entente identity', url: server.url, identity: true },
      { name: 'nginx', url: nginx.url, identity: false },
    ];
    const results = {};
    // Warm both servers (the reply cache, nginx's file cache) before measuring.
    for (const peer of peers) await load(browser, peer.url, { throttled: false, identity: peer.identity });
    for (let run = 0; run < runs; ++run) {
      for (const peer of peers) {
        for (const throttled of [false, true]) {
          const key = `${peer.name}${throttled ? ' throttled' : ''}`;
          (results[key] ??= []).push(await load(browser, peer.url, { throttled, identity: peer.identity }));
        }
      }
    }
    fs.writeFileSync(path.join(ROOT, 'bench', 'out', 'first_load.json'), JSON.stringify(results, null, 1));

    const cores = (await import('node:os')).cpus().length;
    const version = spawnSync(chromiumPath, ['--version'], { encoding: 'utf8' }).stdout.trim();
    console.log(`first load of / (the map), ${runs} cold loads each, medians (min–max); ${version}; ${cores} cores; ` +
      `throttled: ${THROTTLE.downloadThroughput * 8 / 1e6} Mbit/s down, ${THROTTLE.uploadThroughput * 8 / 1e3} kbit/s up, ` +
      `${THROTTLE.latency} ms latency`);
    console.log();
    console.log('| server | requests | over the wire (KiB) | decoded (KiB) | to coloured map | throttled |');
    console.log('|---|---:|---:|---:|---:|---:|');
    const summary = {};
    for (const peer of peers) {
      const fast = results[peer.name];
      const slow = results[`${peer.name} throttled`];
      summary[peer.name] = {
        requests: median(fast.map((r) => r.requests.length)),
        wire: median(fast.map((r) => total(r.requests, 'transfer'))),
        decoded: median(fast.map((r) => total(r.requests, 'body'))),
        ms: median(fast.map((r) => r.ms)),
        throttled: median(slow.map((r) => r.ms)),
      };
      const s = summary[peer.name];
      const range = (loads, scale, digits) => {
        const times = loads.map((r) => r.ms / scale);
        return `${Math.min(...times).toFixed(digits)}–${Math.max(...times).toFixed(digits)}`;
      };
      console.log(`| ${peer.name} | ${s.requests} | ${kib(s.wire)} | ${kib(s.decoded)} | ` +
        `${s.ms.toFixed(0)} ms (${range(fast, 1, 0)}) | ${(s.throttled / 1000).toFixed(2)} s (${range(slow, 1000, 2)}) |`);
    }
    console.log();
    const ratio = (a, b) => (summary[a].wire / summary[b].wire).toFixed(2);
    console.log(`bytes over the wire, entente / nginx: **${ratio('entente', 'nginx')}**; ` +
      `entente / entente identity: ${ratio('entente', 'entente identity')}`);
    console.log(`throttled time to coloured map, entente / nginx: ` +
      `**${(summary.entente.throttled / summary.nginx.throttled).toFixed(2)}**`);
    console.log();
    console.log('what entente sends (the last unthrottled run):');
    console.log();
    console.log('| request | type | coding | over the wire (KiB) | decoded (KiB) |');
    console.log('|---|---|---|---:|---:|');
    const last = results.entente[results.entente.length - 1].requests;
    for (const r of [...last].sort((a, b) => b.transfer - a.transfer)) {
      const where = new URL(r.url);
      console.log(`| ${where.pathname.replace(/-[A-Za-z0-9_]{8}\./, '-*.')}${where.search} | ${r.type} | ` +
        `${r.encoding ?? '-'} | ${kib(r.transfer)} | ${kib(r.body)} |`);
    }
  } finally {
    await browser?.close();
    nginx?.child.kill('SIGTERM');
    server.child.kill('SIGTERM');
  }
}

main().catch((error) => {
  console.error(`first_load: ${error.message}`);
  process.exit(1);
});
