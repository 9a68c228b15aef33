#!/usr/bin/env node
// Development proxy: the real Entente server for every route, plus the MOCK of
// /api/v1/article5 and /api/v1/treaty-area (mock/article5.mjs) for as long as the
// real server answers 404 for them. For UI development only.
//
//   node mock/proxy.mjs [--port 8098] [--upstream http://127.0.0.1:8080] [--web dist]
//
// Mocked answers carry the header `x-entente-mock: article5` and a reasoning line
// with the clause "MOCK". Once the server implements the routes, the proxy passes
// them through unchanged.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeArticle5Mock } from './article5.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const port = Number(opt('port', 8098));
const upstream = opt('upstream', process.env.ENTENTE_API ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
const webRoot = path.resolve(here, '..', opt('web', 'dist'));

const getJson = async (p) => {
  const r = await fetch(`${upstream}${p}`);
  if (!r.ok) throw Object.assign(new Error(`${p}: upstream ${r.status}`), { status: r.status });
  return r.json();
};
const mock = makeArticle5Mock({
  members: async (asOf) => (await getJson(`/api/v1/organisations/NATO/members?as_of=${asOf}`)).members.filter((m) => m.status === 'member').map((m) => ({ iso3: m.iso3, name: m.name })),
  target: async (iso3, asOf) => {
    const p = await getJson(`/api/v1/nations/${iso3}?as_of=${asOf}`);
    const r = p.relations.find((x) => x.organisation === 'NATO') ?? { relation: 'none', frameworks: [] };
    return { iso3: p.nation.iso3, name: p.nation.name, relation: r.relation, frameworks: r.frameworks };
  },
});
const MOCKED = { '/api/v1/article5': mock.article5, '/api/v1/treaty-area': mock.treatyArea };

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png' };

/** request headers the upstream needs: the session cookie, CSRF token, versions, a token */
const FORWARDED = ['content-type', 'accept', 'cookie', 'x-csrf-token', 'if-match', 'if-none-match', 'authorization', 'user-agent'];
/** answer headers the UI reads */
const RETURNED = ['etag', 'retry-after', 'location', 'x-request-id'];

async function forward(req, res, url) {
  const body =
    req.method === 'GET' || req.method === 'HEAD'
      ? undefined
      : await new Promise((ok) => { const c = []; req.on('data', (d) => c.push(d)); req.on('end', () => ok(Buffer.concat(c))); });
  const headers = {};
  for (const h of FORWARDED) if (req.headers[h]) headers[h] = req.headers[h];
  const r = await fetch(`${upstream}${url.pathname}${url.search}`, { method: req.method, headers, body: body?.length ? body : undefined });
  const buf = Buffer.from(await r.arrayBuffer());
  const back = {};
  for (const h of RETURNED) if (r.headers.has(h)) back[h] = r.headers.get(h);
  const cookies = r.headers.getSetCookie?.() ?? [];
  if (cookies.length) back['set-cookie'] = cookies;
  return { status: r.status, type: r.headers.get('content-type') ?? 'application/json', buf, headers: back };
}

http
  .createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
    try {
      if (url.pathname.startsWith('/api/') || url.pathname === '/healthz') {
        const up = await forward(req, res, url);
        const m = MOCKED[url.pathname];
        if (m && up.status === 404) {
          try {
            const out = await m(url.searchParams);
            res.writeHead(200, { 'content-type': 'application/json', 'x-entente-mock': 'article5', 'cache-control': 'no-store' });
            return res.end(JSON.stringify(out));
          } catch (e) {
            const status = e.status ?? 500;
            res.writeHead(status, { 'content-type': 'application/problem+json', 'x-entente-mock': 'article5' });
            return res.end(JSON.stringify({ type: `/problems/${e.code ?? 'internal'}`, title: status === 400 ? 'Invalid argument' : 'Mock error', status, detail: `[mock] ${e.message}`, code: e.code ?? 'internal' }));
          }
        }
        if (up.status === 204 || up.status === 304) {
          res.writeHead(up.status, { 'cache-control': 'no-store', ...up.headers });
          return res.end();
        }
        res.writeHead(up.status, { 'content-type': up.type, 'cache-control': 'no-store', ...up.headers });
        return res.end(up.buf);
      }
      let p = path.normalize(path.join(webRoot, decodeURIComponent(url.pathname)));
      if (!p.startsWith(webRoot) || !fs.existsSync(p) || fs.statSync(p).isDirectory()) p = path.join(webRoot, 'index.html');
      res.writeHead(200, { 'content-type': TYPES[path.extname(p)] ?? 'application/octet-stream' });
      fs.createReadStream(p).pipe(res);
    } catch (e) {
      res.writeHead(502, { 'content-type': 'application/problem+json' });
      res.end(JSON.stringify({ type: '/problems/bad-gateway', title: 'Bad gateway', status: 502, detail: `proxy: ${e.message}`, code: 'bad-gateway' }));
    }
  })
  .listen(port, '127.0.0.1', () => console.log(`entente dev proxy on http://127.0.0.1:${port} → ${upstream} (article5/treaty-area MOCKED while upstream answers 404; web: ${webRoot})`));
