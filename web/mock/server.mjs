#!/usr/bin/env node
// Development mock of the Entente HTTP API (no dependencies).
//   node mock/server.mjs [--port 8080] [--web dist]
// Serves /api/v1/*, /healthz and (optionally) the built UI with an SPA fallback.
// It follows the API contract of the real C++ server but uses small fixture data
// (mock/data.mjs) — it is for UI development only; the e2e test runs against
// the real server. Writes (accounts, sessions, tokens, records, the audit log) live
// in memory until the mock stops; see mock/writes.mjs for the accounts it knows.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { organisations, frameworks, memberships, partnerships, plans, details } from './data.mjs';
import { makeArticle5Mock } from './article5.mjs';
import { makeWrites, HttpProblem } from './writes.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const port = Number(opt('port', process.env.PORT ?? 8080));
const webRoot = path.resolve(here, '..', opt('web', 'dist'));
const delay = Number(opt('delay', 0));

// dependent territories are not nations in Entente (the UI colours them by their sovereign)
const TERRITORIES = new Set(['GRL', 'PRI', 'FLK', 'NCL', 'ATF', 'ATA', 'GUF', 'ESH', 'BMU', 'GUM', 'ASM', 'VIR', 'FRO', 'HKG', 'MAC', 'PYF', 'REU', 'MTQ', 'GLP', 'MYT', 'ABW', 'CUW', 'SXM', 'CYM', 'TCA', 'VGB', 'AIA', 'MSR', 'GIB', 'IMN', 'JEY', 'GGY', 'ALA', 'SJM', 'BVT', 'HMD', 'IOT', 'CXR', 'CCK', 'NFK', 'NIU', 'COK', 'TKL', 'WLF', 'SPM', 'BLM', 'MAF', 'SHN', 'SGS', 'UMI', 'MNP', 'PCN', 'BES']);
const nations = JSON.parse(fs.readFileSync(path.join(here, 'nations.json'), 'utf8')).filter((n) => !TERRITORIES.has(n.iso3)).map((n) => ({
  ...n, status: 'un-member', region: null, subregion: null, capital: null, capital_lat: null, capital_lon: null,
  from: null, to: null, ...(details[n.iso3] ?? {}),
}));
const byIso3 = new Map(nations.map((n) => [n.iso3, n]));

const today = () => new Date().toISOString().slice(0, 10);
const inForce = (row, d) => row.from <= d && (row.to == null || d < row.to);
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;

class Problem extends Error {
  constructor(status, title, detail, code) {
    super(detail);
    Object.assign(this, { status, title, detail, code });
  }
}

function asOf(q) {
  const d = q.get('as_of') ?? today();
  if (!DATE_RE.test(d) || Number.isNaN(Date.parse(d))) {
    throw new Problem(400, 'Invalid date', `as_of must be a date as YYYY-MM-DD, got "${d}"`, 'invalid-date');
  }
  return d;
}

function org(id) {
  const o = organisations.find((x) => x.id === id);
  if (!o) throw new Problem(404, 'Not found', `No organisation with id "${id}"`, 'organisation-not-found');
  return o;
}

const fwOf = (orgId) => new Set(frameworks.filter((f) => f.organisation === orgId).map((f) => f.id));
const nationExists = (n, d) => (n.from == null || n.from <= d) && (n.to == null || d < n.to);

function relationOf(iso3, orgId, d) {
  const mem = memberships.filter((x) => x.iso3 === iso3 && x.organisation === orgId);
  const cur = mem.find((x) => inForce(x, d));
  if (cur) {
    const r = { member: 'member', suspended: 'suspended-member', observer: 'observer', associate: 'associate' }[cur.status] ?? 'member';
    return { relation: r, frameworks: [] };
  }
  const fws = fwOf(orgId);
  const parts = partnerships.filter((x) => x.iso3 === iso3 && fws.has(x.framework));
  const active = parts.filter((x) => inForce(x, d));
  if (active.some((x) => x.status === 'active')) {
    return { relation: 'partner', frameworks: [...new Set(active.filter((x) => x.status === 'active').map((x) => x.framework))].sort() };
  }
  if (active.length) return { relation: 'suspended-partner', frameworks: [...new Set(active.map((x) => x.framework))].sort() };
  if (mem.some((x) => x.to && x.to <= d)) return { relation: 'former-member', frameworks: [] };
  if (parts.some((x) => x.to && x.to <= d)) return { relation: 'former-partner', frameworks: [] };
  return { relation: 'none', frameworks: [] };
}

function events() {
  const ev = [];
  const name = (iso3) => byIso3.get(iso3)?.name ?? iso3;
  for (const o of organisations) {
    ev.push({ date: o.founded, kind: 'organisation-founded', nation: null, nation_name: null, organisation: o.id, framework: null, detail: `${o.name} founded`, source: o.source, note: '' });
    if (o.dissolved) ev.push({ date: o.dissolved, kind: 'organisation-dissolved', nation: null, nation_name: null, organisation: o.id, framework: null, detail: `${o.name} dissolved`, source: o.source, note: '' });
  }
  for (const f of frameworks) {
    ev.push({ date: f.launched, kind: 'framework-launched', nation: null, nation_name: null, organisation: f.organisation, framework: f.id, detail: `${f.name} launched`, source: f.source, note: '' });
    if (f.ended) ev.push({ date: f.ended, kind: 'framework-ended', nation: null, nation_name: null, organisation: f.organisation, framework: f.id, detail: `${f.name} ended`, source: f.source, note: '' });
  }
  for (const x of memberships) {
    ev.push({ date: x.from, kind: 'accession', nation: x.iso3, nation_name: name(x.iso3), organisation: x.organisation, framework: null, detail: `${name(x.iso3)} joins ${x.organisation}`, source: x.source, note: '' });
    if (x.to) ev.push({ date: x.to, kind: 'withdrawal', nation: x.iso3, nation_name: name(x.iso3), organisation: x.organisation, framework: null, detail: `${name(x.iso3)} leaves ${x.organisation}`, source: x.source, note: '' });
  }
  const groups = new Map();
  for (const x of partnerships) {
    const k = `${x.iso3}/${x.framework}`;
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k).push(x);
  }
  for (const rows of groups.values()) {
    rows.sort((a, b) => a.from.localeCompare(b.from));
    rows.forEach((x, i) => {
      const f = frameworks.find((y) => y.id === x.framework);
      const base = { nation: x.iso3, nation_name: name(x.iso3), organisation: f.organisation, framework: x.framework, source: x.source, note: '' };
      let kind;
      if (i === 0) kind = x.status === 'suspended' ? 'partnership-suspended' : 'partnership-start';
      else kind = x.status === 'suspended' ? 'partnership-suspended' : 'partnership-resumed';
      const verb = { 'partnership-start': 'joins', 'partnership-suspended': 'suspended from', 'partnership-resumed': 'resumes' }[kind];
      ev.push({ date: x.from, kind, ...base, detail: `${name(x.iso3)} ${verb} ${f.name}` });
      if (i === rows.length - 1 && x.to) ev.push({ date: x.to, kind: 'partnership-end', ...base, detail: `${name(x.iso3)} leaves ${f.name}` });
    });
  }
  return ev.sort((a, b) => a.date.localeCompare(b.date) || a.kind.localeCompare(b.kind) || (a.nation ?? '').localeCompare(b.nation ?? ''));
}
let allEvents = events();

// The version of the data: every committed write increases it, and every read carries it as
// its ETag, as the real server's snapshots do.
let dataVersion = 1;
const writes = makeWrites({
  memberships,
  partnerships,
  plans,
  organisations,
  frameworks,
  nationExists: (iso3) => byIso3.has(iso3),
  onChange: () => {
    dataVersion += 1;
    allEvents = events();
  },
});

// /api/v1/article5 and /api/v1/treaty-area: MOCK rulings (see article5.mjs)
const natoMembers = (d) =>
  memberships.filter((x) => x.organisation === 'NATO' && x.status === 'member' && inForce(x, d)).map((x) => ({ iso3: x.iso3, name: byIso3.get(x.iso3)?.name ?? x.iso3 }));
const a5 = makeArticle5Mock({
  members: async (d) => natoMembers(d),
  target: async (iso3, d) => {
    const n = byIso3.get(iso3);
    if (!n) throw new Problem(404, 'Unknown nation', `unknown nation '${iso3}'`, 'unknown-nation');
    return { iso3, name: n.name, ...relationOf(iso3, 'NATO', d) };
  },
});

async function api(url) {
  if (url.pathname === '/api/v1/article5') return a5.article5(url.searchParams);
  if (url.pathname === '/api/v1/treaty-area') return a5.treatyArea(url.searchParams);
  return apiSync(url);
}

function apiSync(url) {
  const q = url.searchParams;
  const parts = url.pathname.split('/').filter(Boolean).slice(2).map(decodeURIComponent); // after api/v1
  const [a, b, c] = parts;
  if (a === 'organisations' && !b) return { organisations };
  if (a === 'frameworks' && !b) return { frameworks };
  if (a === 'organisations' && b && c === 'members') {
    org(b);
    const d = asOf(q);
    const members = memberships.filter((x) => x.organisation === b && inForce(x, d))
      .map((x) => ({ id: x.id, version: x.version, iso3: x.iso3, name: byIso3.get(x.iso3)?.name ?? x.iso3, from: x.from, to: x.to, status: x.status, source: x.source, note: x.note }))
      .sort((x, y) => x.name.localeCompare(y.name));
    return { organisation: b, as_of: d, members };
  }
  if (a === 'frameworks' && b && c === 'partners') {
    if (!frameworks.some((f) => f.id === b)) throw new Problem(404, 'Not found', `No framework with id "${b}"`, 'framework-not-found');
    const d = asOf(q);
    const list = partnerships.filter((x) => x.framework === b && inForce(x, d))
      .map((x) => ({ id: x.id, version: x.version, iso3: x.iso3, name: byIso3.get(x.iso3)?.name ?? x.iso3, from: x.from, to: x.to, status: x.status, source: x.source, note: x.note }))
      .sort((x, y) => x.name.localeCompare(y.name));
    return { framework: b, as_of: d, partners: list };
  }
  if (a === 'organisations' && b && c === 'relations') {
    org(b);
    const d = asOf(q);
    const relations = nations.filter((n) => nationExists(n, d))
      .map((n) => ({ iso3: n.iso3, iso_numeric: n.iso_numeric, name: n.name, ...relationOf(n.iso3, b, d) }));
    return { organisation: b, as_of: d, relations };
  }
  if (a === 'nations' && !b) {
    const s = (q.get('q') ?? '').trim().toLowerCase();
    const list = s ? nations.filter((n) => n.name.toLowerCase().includes(s) || n.iso3.toLowerCase() === s || n.iso2.toLowerCase() === s) : nations;
    return { nations: list };
  }
  if (a === 'nations' && b) {
    const n = byIso3.get(b.toUpperCase());
    if (!n) throw new Problem(404, 'Not found', `No nation with ISO 3166-1 alpha-3 code "${b}"`, 'nation-not-found');
    const d = asOf(q);
    return {
      nation: { ...n, source: 'https://www.iso.org/iso-3166-country-codes.html', note: '' },
      as_of: d,
      relations: organisations.map((o) => ({ organisation: o.id, ...relationOf(n.iso3, o.id, d) })),
      memberships: memberships.filter((x) => x.iso3 === n.iso3).map(({ iso3, ...r }) => r),
      partnerships: partnerships.filter((x) => x.iso3 === n.iso3)
        .map(({ iso3, ...r }) => ({ ...r, organisation: frameworks.find((f) => f.id === r.framework).organisation })),
      plans: plans.filter((x) => x.iso3 === n.iso3).map(({ iso3, ...r }) => r),
    };
  }
  if (a === 'timeline' && !b) {
    const from = q.get('from') ?? '0000-01-01';
    const to = q.get('to') ?? today();
    for (const d of [from, to]) if (!DATE_RE.test(d)) throw new Problem(400, 'Invalid date', `from/to must be YYYY-MM-DD, got "${d}"`, 'invalid-date');
    const o = q.get('organisation');
    const n = q.get('nation');
    if (o) org(o);
    const list = allEvents.filter((e) => e.date >= from && e.date <= to && (!o || e.organisation === o) && (!n || e.nation === n));
    return { from, to, events: list };
  }
  throw new Problem(404, 'Not found', `No route for ${url.pathname}`, 'route-not-found');
}

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon' };

function serveStatic(url, res) {
  let p = path.normalize(path.join(webRoot, decodeURIComponent(url.pathname)));
  if (!p.startsWith(webRoot)) p = webRoot;
  if (!fs.existsSync(p) || fs.statSync(p).isDirectory()) p = path.join(webRoot, 'index.html');
  if (!fs.existsSync(p)) {
    res.writeHead(404, { 'content-type': 'text/plain' });
    return res.end('UI not built: run npm run build');
  }
  res.writeHead(200, { 'content-type': TYPES[path.extname(p)] ?? 'application/octet-stream' });
  fs.createReadStream(p).pipe(res);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > 64 * 1024) {
        reject(new HttpProblem(413, 'body-too-large', 'Body too large', 'the body is larger than 64 KiB'));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function jsonBody(req) {
  const text = await readBody(req);
  if (!text.trim()) return {};
  if (!(req.headers['content-type'] ?? '').includes('application/json')) {
    throw new HttpProblem(415, 'unsupported-media-type', 'Unsupported media type', 'send the body as application/json');
  }
  try {
    const v = JSON.parse(text);
    if (v && typeof v === 'object' && !Array.isArray(v)) return v;
  } catch {
    /* below */
  }
  throw new HttpProblem(400, 'invalid-argument', 'Invalid argument', 'the body is not a JSON object');
}

let requestCount = 0;

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  const requestId = `mock-${++requestCount}`;
  const send = (status, body, type = 'application/json', headers = {}) => {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-request-id': requestId, ...headers });
    res.end(body === undefined ? undefined : JSON.stringify(body));
  };
  if (url.pathname === '/healthz') return send(200, { status: 'ok' });
  if (url.pathname.startsWith('/api/')) {
    const go = async () => {
      try {
        const body = req.method === 'GET' || req.method === 'HEAD' ? {} : await jsonBody(req);
        const written = writes.handle(req, url, body, requestId);
        if (written) {
          const headers = written.headers ?? {};
          if (written.status === 204) {
            res.writeHead(204, { 'cache-control': 'no-store', 'x-request-id': requestId, ...headers });
            return res.end();
          }
          return send(written.status, written.body, 'application/json', headers);
        }
        if (req.method !== 'GET') throw new HttpProblem(405, 'method-not-allowed', 'Method not allowed', `${req.method} is not allowed on ${url.pathname}`);
        send(200, await api(url), 'application/json', { etag: `"v${dataVersion}"` });
      } catch (e) {
        if (e instanceof HttpProblem) {
          const headers = e.extra?.retryAfter ? { 'retry-after': String(e.extra.retryAfter) } : {};
          const { retryAfter, ...members } = e.extra ?? {};
          send(e.status, { type: `/problems/${e.code}`, title: e.title, status: e.status, detail: e.detail, code: e.code, instance: url.pathname, ...members }, 'application/problem+json', headers);
        } else if (e instanceof Problem || (e.status && e.code)) {
          send(e.status, { type: `https://entente.invalid/problems/${e.code}`, title: e.title ?? 'Invalid argument', status: e.status, detail: e.detail ?? e.message, code: e.code }, 'application/problem+json');
        } else {
          console.error(e);
          send(500, { type: 'about:blank', title: 'Internal error', status: 500, detail: String(e), code: 'internal' }, 'application/problem+json');
        }
      }
    };
    return delay ? setTimeout(go, delay) : go();
  }
  serveStatic(url, res);
});
server.listen(port, '127.0.0.1', () => console.log(`entente mock on http://127.0.0.1:${port} (web: ${webRoot})`));
