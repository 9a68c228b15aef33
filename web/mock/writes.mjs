// What users write, for the development mock (server.mjs): accounts, sessions (a cookie
// and a CSRF token), API tokens, the records staff edit (memberships, partnerships,
// plans, with ids and versions) and the audit log. In memory; the contract is
// /api/v1 as docs/openapi.json describes it, with the real server's problem codes.
//
// Accounts (password "entente" for each):
//   admin   administrator
//   staff   alliance-staff
//   officer nation-officer (FIN)
//   viewer  viewer
import crypto from 'node:crypto';

export class HttpProblem extends Error {
  constructor(status, code, title, detail, extra = {}) {
    super(detail);
    Object.assign(this, { status, code, title, detail, extra });
  }
}

const ROLES = ['viewer', 'nation-officer', 'alliance-staff', 'administrator'];
const STAFF = new Set(['alliance-staff', 'administrator']);
const MEMBERSHIP_STATUS = ['member', 'suspended', 'observer', 'associate'];
const PARTNERSHIP_STATUS = ['active', 'suspended'];
const PLANS = ['ANP', 'IPAP', 'IPCP', 'ITPP', 'MAP', 'PARP'];
const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const COOKIE = 'entente-session';
const IDLE_SECONDS = 1800;
const SESSION_HOURS = 12;
const MAX_FAILURES = 5;
const LOCK_SECONDS = 30;

const now = () => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
const hex = (bytes) => crypto.randomBytes(bytes).toString('hex');
const isDate = (d) => typeof d === 'string' && DATE_RE.test(d) && !Number.isNaN(Date.parse(d)) && new Date(d).toISOString().slice(0, 10) === d;

const fieldProblem = (status, code, title, errors) =>
  new HttpProblem(status, code, title, errors.map((e) => `${e.pointer.slice(1)}: ${e.detail}`).join('; '), { errors });

/**
 * rows: the fixture's arrays (memberships, partnerships, plans: rows with iso3), which
 * the read routes serve; onChange() is called after every committed change of them.
 */
export function makeWrites({ memberships, partnerships, plans, organisations, frameworks, nationExists, onChange }) {
  const created = now();
  const users = [
    { id: 1, name: 'admin', role: 'administrator', nation: '', disabled: false, created, version: 1, password: 'entente' },
    { id: 2, name: 'staff', role: 'alliance-staff', nation: '', disabled: false, created, version: 1, password: 'entente' },
    { id: 3, name: 'officer', role: 'nation-officer', nation: 'FIN', disabled: false, created, version: 1, password: 'entente' },
    { id: 4, name: 'viewer', role: 'viewer', nation: '', disabled: false, created, version: 1, password: 'entente' },
  ];
  const sessions = new Map(); // cookie value -> session
  const tokens = new Map(); // secret -> token
  const failures = new Map(); // username or address -> { count, lockedUntil }
  const audit = [];
  let nextSession = 1;
  let nextToken = 1;
  let nextUser = users.length + 1;
  let nextAudit = 1;

  // ids and versions of the records (ids per kind, as the real store numbers them)
  const tables = { membership: memberships, partnership: partnerships, plan: plans };
  for (const rows of Object.values(tables)) rows.forEach((r, i) => Object.assign(r, { id: i + 1, version: 1 }));
  const nextId = Object.fromEntries(Object.entries(tables).map(([k, rows]) => [k, rows.length + 1]));

  const publicUser = ({ password, ...u }) => u;
  const asRecord = (kind, row) => {
    const { iso3, id, version, ...rest } = row;
    if (kind === 'membership') return { id, version, organisation: rest.organisation, nation: iso3, from: rest.from, to: rest.to, status: rest.status, source: rest.source, note: rest.note ?? '' };
    if (kind === 'partnership') return { id, version, framework: rest.framework, nation: iso3, from: rest.from, to: rest.to, status: rest.status, source: rest.source, note: rest.note ?? '' };
    return { id, version, organisation: rest.organisation, nation: iso3, plan: rest.plan, from: rest.from, to: rest.to, source: rest.source, note: rest.note ?? '' };
  };

  function record(actor, action, kind, id, before, after, reason, requestId) {
    audit.push({ id: nextAudit++, at: now(), actor, action, kind, record: id, before, after, reason: reason ?? '', request_id: requestId });
  }

  // ---------- who is asking ----------

  function cookieOf(req) {
    for (const part of (req.headers.cookie ?? '').split(';')) {
      const [k, ...v] = part.trim().split('=');
      if (k === COOKIE) return v.join('=');
    }
    return null;
  }

  /** the principal of a request: { user, via, session? } or null */
  function principal(req) {
    const auth = req.headers.authorization ?? '';
    if (auth.startsWith('Bearer ')) {
      const t = tokens.get(auth.slice(7).trim());
      if (!t || Date.parse(t.expires) < Date.now()) throw new HttpProblem(401, 'unauthenticated', 'Unauthenticated', 'the API token is unknown, revoked or expired; create a new one on the Account page');
      const user = users.find((u) => u.id === t.user);
      t.last_used = now();
      return { user, via: 'token' };
    }
    const c = cookieOf(req);
    if (!c) return null;
    const s = sessions.get(c);
    if (!s) return null;
    if (Date.now() - Date.parse(s.last_seen) > IDLE_SECONDS * 1000 || Date.parse(s.expires) < Date.now()) {
      sessions.delete(c);
      return null;
    }
    s.last_seen = now();
    const user = users.find((u) => u.id === s.user);
    if (!user || user.disabled) return null;
    return { user, via: 'session', session: s };
  }

  function need(p, roles) {
    if (!p) throw new HttpProblem(401, 'unauthenticated', 'Unauthenticated', 'sign in first (POST /api/v1/session), or send an API token as Authorization: Bearer');
    if (roles && !roles.has(p.user.role)) {
      throw new HttpProblem(403, 'forbidden', 'Forbidden', `a ${p.user.role} may not do this; it takes ${[...roles].join(' or ')}`);
    }
    return p;
  }

  function checkCsrf(req, p) {
    if (!p || p.via !== 'session') return;
    if (req.headers['x-csrf-token'] !== p.session.csrf) {
      throw new HttpProblem(403, 'csrf-failed', 'CSRF check failed', 'the request lacks the X-CSRF-Token of the session; reload the page and try again', {
        errors: [{ header: 'X-CSRF-Token', detail: 'missing or wrong' }],
      });
    }
  }

  function ifMatch(req, row) {
    const tag = req.headers['if-match'];
    if (!tag) {
      throw new HttpProblem(428, 'precondition-required', 'Precondition required', 'name the version you change: send If-Match with the record\'s ETag', {
        errors: [{ header: 'If-Match', detail: 'required' }],
      });
    }
    if (tag !== `"r${row.version}"` && tag !== '*') return false;
    return true;
  }

  // ---------- validation of records ----------

  function validate(kind, rec, rows, selfId) {
    const errors = [];
    const req = (k, what) => {
      if (rec[k] == null || rec[k] === '') errors.push({ pointer: `/${k}`, detail: `give the ${what}` });
    };
    if (kind === 'partnership') {
      req('framework', 'framework');
      if (rec.framework && !frameworks.some((f) => f.id === rec.framework)) errors.push({ pointer: '/framework', detail: `no framework '${rec.framework}'` });
    } else {
      req('organisation', 'organisation');
      if (rec.organisation && !organisations.some((o) => o.id === rec.organisation)) errors.push({ pointer: '/organisation', detail: `no organisation '${rec.organisation}'` });
    }
    req('nation', 'nation (ISO 3166-1 alpha-3)');
    if (rec.nation && !nationExists(rec.nation)) errors.push({ pointer: '/nation', detail: `no nation '${rec.nation}'; nations are ISO 3166-1 alpha-3 codes such as FIN` });
    if (!isDate(rec.from)) errors.push({ pointer: '/from', detail: `'${rec.from ?? ''}' is not a date as YYYY-MM-DD` });
    if (rec.to != null && !isDate(rec.to)) errors.push({ pointer: '/to', detail: `'${rec.to}' is not a date as YYYY-MM-DD (or null while it holds)` });
    if (kind === 'membership' && !MEMBERSHIP_STATUS.includes(rec.status)) errors.push({ pointer: '/status', detail: `the status is one of ${MEMBERSHIP_STATUS.join(', ')}` });
    if (kind === 'partnership' && !PARTNERSHIP_STATUS.includes(rec.status)) errors.push({ pointer: '/status', detail: `the status is one of ${PARTNERSHIP_STATUS.join(', ')}` });
    if (kind === 'plan' && !PLANS.includes(rec.plan)) errors.push({ pointer: '/plan', detail: `the plan is one of ${PLANS.join(', ')}` });
    if (typeof rec.source !== 'string' || !rec.source.trim()) errors.push({ pointer: '/source', detail: 'give the source: a URL or a citation' });
    if (errors.length) throw fieldProblem(400, 'invalid-argument', 'Invalid argument', errors);
    if (rec.to != null && rec.to <= rec.from) {
      throw fieldProblem(422, 'invalid-data', 'Invalid data', [{ pointer: '/to', detail: `the end (${rec.to}) must come after the start (${rec.from})` }]);
    }
    const same = (r) =>
      r.id !== selfId && r.iso3 === rec.nation && (kind === 'partnership' ? r.framework === rec.framework : r.organisation === rec.organisation) && (kind !== 'plan' || r.plan === rec.plan);
    const overlap = rows.find((r) => same(r) && (r.to == null || rec.from < r.to) && (rec.to == null || r.from < rec.to));
    if (overlap) {
      throw fieldProblem(422, 'invalid-data', 'Invalid data', [
        { pointer: '/from', detail: `overlaps ${kind} #${overlap.id} (${overlap.from} to ${overlap.to ?? 'now'}); end that one first or correct it` },
      ]);
    }
  }

  const FIELDS = {
    membership: ['organisation', 'nation', 'from', 'to', 'status', 'source', 'note'],
    partnership: ['framework', 'nation', 'from', 'to', 'status', 'source', 'note'],
    plan: ['organisation', 'nation', 'plan', 'from', 'to', 'source', 'note'],
  };

  function rejectUnknown(kind, body, extra) {
    const errors = Object.keys(body)
      .filter((k) => !FIELDS[kind].includes(k) && !extra.includes(k))
      .map((k) => ({ pointer: `/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`, detail: `unknown field; a ${kind} has ${FIELDS[kind].join(', ')}` }));
    if (errors.length) throw fieldProblem(400, 'invalid-argument', 'Invalid argument', errors);
  }

  const toRow = (kind, rec) => {
    const { nation, ...rest } = rec;
    const row = { iso3: nation };
    for (const k of FIELDS[kind]) if (k !== 'nation') row[k] = rest[k] ?? (k === 'to' ? null : '');
    return row;
  };

  // ---------- routes ----------

  /**
   * Answers a request to one of the routes of this module, or returns undefined when the
   * route is not one of them. Returns { status, body?, headers? }.
   */
  function handle(req, url, body, requestId) {
    const method = req.method;
    const parts = url.pathname.split('/').filter(Boolean).slice(2);
    const [a, b] = parts;
    const address = req.socket.remoteAddress ?? '';

    if (a === 'session' && !b) {
      if (method === 'POST') return signIn(req, body, address, requestId);
      const p = principal(req);
      if (method === 'GET') {
        need(p);
        return {
          status: 200,
          body: { user: publicUser(p.user), ...(p.via === 'session' ? { csrf_token: p.session.csrf } : {}), via: p.via, expires: p.session?.expires ?? '', idle_timeout_seconds: IDLE_SECONDS },
        };
      }
      if (method === 'DELETE') {
        need(p);
        checkCsrf(req, p);
        if (p.session) sessions.delete(p.session.cookie);
        return { status: 204, headers: { 'set-cookie': `${COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0` } };
      }
      return undefined;
    }
    if (a === 'sessions') {
      const p = need(principal(req));
      if (method === 'GET' && !b) {
        const list = [...sessions.values()]
          .filter((s) => s.user === p.user.id)
          .map((s) => ({ id: s.id, created: s.created, last_seen: s.last_seen, address: s.address, user_agent: s.user_agent, current: s === p.session }));
        return { status: 200, body: { sessions: list } };
      }
      if (method === 'DELETE' && b) {
        checkCsrf(req, p);
        const s = [...sessions.values()].find((x) => String(x.id) === b && x.user === p.user.id);
        if (!s) throw new HttpProblem(404, 'not-found', 'Not found', `you have no session ${b}`);
        sessions.delete(s.cookie);
        return { status: 204 };
      }
      return undefined;
    }
    if (a === 'tokens') {
      const p = need(principal(req));
      if (method === 'GET' && !b) {
        const list = [...tokens.values()].filter((t) => t.user === p.user.id).map(({ secret, user, ...t }) => t);
        return { status: 200, body: { tokens: list } };
      }
      if (method === 'POST' && !b) {
        checkCsrf(req, p);
        const name = typeof body.name === 'string' ? body.name.trim() : '';
        const days = body.expires_in_days ?? 90;
        const errors = [];
        if (!name) errors.push({ pointer: '/name', detail: 'give the token a name' });
        if (!Number.isInteger(days) || days < 1 || days > 366) errors.push({ pointer: '/expires_in_days', detail: 'a whole number of days from 1 to 366' });
        if (errors.length) throw fieldProblem(400, 'invalid-argument', 'Invalid argument', errors);
        const secret = `ent_${hex(24)}`;
        const t = { id: nextToken++, name, created: now(), expires: new Date(Date.now() + days * 86400e3).toISOString().replace(/\.\d{3}Z$/, 'Z'), last_used: '', user: p.user.id, secret };
        tokens.set(secret, t);
        record(p.user.name, 'create', 'token', t.id, null, { name, expires: t.expires }, '', requestId);
        const { secret: _s, user: _u, ...shown } = t;
        return { status: 201, body: { token: secret, ...shown } };
      }
      if (method === 'DELETE' && b) {
        checkCsrf(req, p);
        const t = [...tokens.values()].find((x) => String(x.id) === b && x.user === p.user.id);
        if (!t) throw new HttpProblem(404, 'not-found', 'Not found', `you have no token ${b}`);
        tokens.delete(t.secret);
        record(p.user.name, 'revoke', 'token', t.id, { name: t.name, expires: t.expires }, null, '', requestId);
        return { status: 204 };
      }
      return undefined;
    }
    if (a === 'users' && !b) {
      const p = need(principal(req), new Set(['administrator']));
      if (method === 'GET') return { status: 200, body: { users: users.map(publicUser) } };
      if (method === 'POST') {
        checkCsrf(req, p);
        const errors = [];
        if (typeof body.name !== 'string' || !/^[a-z0-9._-]{2,64}$/i.test(body.name)) errors.push({ pointer: '/name', detail: '2 to 64 letters, digits, dots, dashes or underscores' });
        else if (users.some((u) => u.name === body.name)) throw new HttpProblem(409, 'conflict', 'Conflict', `there is already a user '${body.name}'`);
        if (!ROLES.includes(body.role)) errors.push({ pointer: '/role', detail: `one of ${ROLES.join(', ')}` });
        if (errors.length) throw fieldProblem(400, 'invalid-argument', 'Invalid argument', errors);
        const password = typeof body.password === 'string' && body.password ? body.password : hex(8);
        const u = { id: nextUser++, name: body.name, role: body.role, nation: body.nation ?? '', disabled: false, created: now(), version: 1, password };
        users.push(u);
        record(p.user.name, 'create', 'account', u.id, null, publicUser(u), '', requestId);
        return { status: 201, body: { user: publicUser(u), ...(body.password ? {} : { password }) } };
      }
      return undefined;
    }
    if (a === 'audit' && !b && method === 'GET') {
      need(principal(req), STAFF);
      const q = url.searchParams;
      const limit = Math.min(Math.max(Number(q.get('limit') ?? 100) || 100, 1), 1000);
      const from = q.get('from');
      const to = q.get('to');
      const before = q.get('before');
      let list = audit.slice().reverse();
      if (q.get('actor')) list = list.filter((e) => e.actor === q.get('actor'));
      if (q.get('kind')) list = list.filter((e) => e.kind === q.get('kind'));
      if (q.get('record')) list = list.filter((e) => String(e.record) === q.get('record'));
      if (from) list = list.filter((e) => e.at >= from);
      if (to) list = list.filter((e) => e.at.slice(0, to.length) <= to);
      if (before) list = list.filter((e) => e.id < Number(before));
      const page = list.slice(0, limit);
      return { status: 200, body: { entries: page, next_before: list.length > limit ? page[page.length - 1].id : null } };
    }
    const kind = { memberships: 'membership', partnerships: 'partnership', plans: 'plan' }[a];
    if (kind) return records(req, kind, b, body, requestId);
    return undefined;
  }

  function signIn(req, body, address, requestId) {
    const name = typeof body.username === 'string' ? body.username : '';
    for (const key of [`user:${name}`, `address:${address}`]) {
      const f = failures.get(key);
      if (f && f.lockedUntil > Date.now()) {
        const wait = Math.ceil((f.lockedUntil - Date.now()) / 1000);
        throw new HttpProblem(429, 'too-many-requests', 'Too many requests', `too many failed sign-ins; wait ${wait} seconds and try again`, { retryAfter: wait });
      }
    }
    const user = users.find((u) => u.name === name);
    if (!user || user.disabled || user.password !== body.password) {
      for (const key of [`user:${name}`, `address:${address}`]) {
        const f = failures.get(key) ?? { count: 0, lockedUntil: 0 };
        f.count += 1;
        if (f.count >= MAX_FAILURES) {
          f.count = 0;
          f.lockedUntil = Date.now() + LOCK_SECONDS * 1000;
        }
        failures.set(key, f);
      }
      throw new HttpProblem(401, 'unauthenticated', 'Unauthenticated', 'wrong username or password');
    }
    failures.delete(`user:${name}`);
    const cookie = hex(32);
    const s = {
      id: nextSession++,
      cookie,
      user: user.id,
      csrf: hex(16),
      created: now(),
      last_seen: now(),
      expires: new Date(Date.now() + SESSION_HOURS * 3600e3).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      address,
      user_agent: req.headers['user-agent'] ?? '',
    };
    sessions.set(cookie, s);
    void requestId;
    return {
      status: 201,
      body: { user: publicUser(user), csrf_token: s.csrf, expires: s.expires, idle_timeout_seconds: IDLE_SECONDS },
      headers: { 'set-cookie': `${COOKIE}=${cookie}; HttpOnly; SameSite=Strict; Path=/` },
    };
  }

  function records(req, kind, idText, body, requestId) {
    const rows = tables[kind];
    const method = req.method;
    if (!idText) {
      if (method !== 'POST') return undefined;
      const p = need(principal(req), STAFF);
      checkCsrf(req, p);
      rejectUnknown(kind, body, ['reason']);
      const rec = { ...body, nation: typeof body.nation === 'string' ? body.nation.toUpperCase() : body.nation, to: body.to ?? null, note: body.note ?? '' };
      validate(kind, rec, rows, null);
      const row = { ...toRow(kind, rec), id: nextId[kind]++, version: 1 };
      rows.push(row);
      const after = asRecord(kind, row);
      record(p.user.name, 'create', kind, row.id, null, after, body.reason, requestId);
      onChange();
      return { status: 201, body: after, headers: { etag: `"r${row.version}"`, location: `/api/v1/${kind}s/${row.id}` } };
    }
    const row = rows.find((r) => String(r.id) === idText);
    if (method === 'GET') {
      if (!row) throw new HttpProblem(404, 'not-found', 'Not found', `no ${kind} ${idText}`);
      return { status: 200, body: asRecord(kind, row), headers: { etag: `"r${row.version}"` } };
    }
    if (method !== 'PATCH' && method !== 'DELETE') return undefined;
    const p = need(principal(req), STAFF);
    checkCsrf(req, p);
    if (!row) throw new HttpProblem(404, 'not-found', 'Not found', `no ${kind} ${idText}`);
    if (!ifMatch(req, row)) {
      throw new HttpProblem(409, 'conflict', 'Conflict', `${kind} ${row.id} has changed since you read it (it is now version ${row.version}); read it again and reapply your change`, {
        current: asRecord(kind, row),
      });
    }
    const before = asRecord(kind, row);
    if (method === 'DELETE') {
      rows.splice(rows.indexOf(row), 1);
      record(p.user.name, 'delete', kind, row.id, before, null, body.reason, requestId);
      onChange();
      return { status: 204 };
    }
    rejectUnknown(kind, body, ['reason']);
    if (typeof body.source !== 'string' || !body.source.trim()) {
      throw fieldProblem(400, 'invalid-argument', 'Invalid argument', [{ pointer: '/source', detail: 'give the source of the correction' }]);
    }
    const { reason, ...changes } = body;
    const next = { ...before, ...changes };
    if (typeof next.nation === 'string') next.nation = next.nation.toUpperCase();
    validate(kind, next, rows, row.id);
    Object.assign(row, toRow(kind, next), { version: row.version + 1 });
    const after = asRecord(kind, row);
    record(p.user.name, 'update', kind, row.id, before, after, reason, requestId);
    onChange();
    return { status: 200, body: after, headers: { etag: `"r${row.version}"` } };
  }

  return { handle, principal, need };
}
