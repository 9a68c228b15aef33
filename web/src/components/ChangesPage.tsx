// #/changes — the audit log (GET /api/v1/audit), newest first: who changed which record,
// when and why, with the record before and after as a field-by-field difference. Filters
// (actor, kind, record, from, to) and the page (before) live in the URL.
import { useEffect, useState } from 'preact/hooks';
import { fresh, type AuditEntry, type AuditQuery } from '../api';
import { isIsoDate } from '../dates';
import { useAsync } from '../hooks';
import { href, setQuery } from '../route';
import { isStaff, roleLabel, useSession } from '../session';
import { VOCABULARY, type Labels } from '../vocabulary';
import { ErrorBox, Loading } from './common';
import { ViewTools } from './Export';
import { Time } from './forms';
import { SignInCard } from './AccountPage';
import { isRecordKind } from './RecordPage';
import { label, statusLabel } from './rules';
import '../styles/pages.css';

/** the API route of one page of the log, with the filters (the same request the page makes) */
export function auditPath(p: AuditQuery): string {
  const q = new URLSearchParams();
  for (const k of ['actor', 'kind', 'record', 'from', 'to', 'before', 'limit'] as const) if (p[k]) q.set(k, p[k]!);
  const s = q.toString();
  return `/api/v1/audit${s ? `?${s}` : ''}`;
}

const KIND_LABELS: Labels<'audit_kind'> = {
  membership: 'Membership',
  partnership: 'Partnership',
  plan: 'Plan',
  account: 'Account',
  token: 'API token',
  programme: 'Partnership programme',
  'parp-cycle': 'PARP cycle',
  unit: 'Evaluated unit',
  event: 'Partnership event',
  'council-round': 'Council round',
  menu: 'Cooperation menu',
};

const kindLabel = (k: string) => (KIND_LABELS as Record<string, string>)[k] ?? k;

/** what the actor did, as a verb */
const ACTION_LABELS: Labels<'audit_action'> = {
  create: 'created',
  update: 'changed',
  delete: 'deleted',
  disable: 'disabled',
  'reset-password': 'reset the password of',
  revoke: 'revoked',
  step: 'took a workflow step on',
  position: 'stated a position in',
  import: 'imported',
};
const actionLabel = (a: string) => (ACTION_LABELS as Record<string, string>)[a] ?? a.replace(/-/g, ' ');

/** the action as a tag */
const ACTION_TAGS: Labels<'audit_action'> = {
  create: 'Created',
  update: 'Changed',
  delete: 'Deleted',
  disable: 'Disabled',
  'reset-password': 'Password reset',
  revoke: 'Revoked',
  step: 'Step',
  position: 'Position',
  import: 'Imported',
};

/** the fields of the records the log keeps, in words */
const FIELD_LABELS: Record<string, string> = {
  id: 'Record',
  version: 'Version',
  organisation: 'Organisation',
  framework: 'Framework',
  nation: 'Nation',
  from: 'From',
  to: 'Until',
  status: 'Status',
  plan: 'Plan',
  source: 'Source',
  note: 'Note',
  name: 'Name',
  role: 'Role',
  disabled: 'Disabled',
  created: 'Created',
  expires: 'Expires',
  last_used: 'Last used',
};
const fieldLabel = (k: string) => FIELD_LABELS[k] ?? label({}, k.replace(/_/g, '-'));

const PAGE_SIZE = 50;

export function ChangesPage({ q }: { q: Record<string, string> }) {
  const session = useSession();
  if (session.status === 'checking') return <Loading label="Checking your session…" />;
  if (session.status !== 'signed-in' || !session.info) {
    return (
      <div class="page changes-page">
        <SignInCard title="Changes: sign in" why="Alliance staff and administrators sign in to read the log of changes to the registry and the accounts." />
      </div>
    );
  }
  if (!isStaff(session)) {
    return (
      <div class="page changes-page">
        <section class="card" aria-labelledby="changes-h">
          <h1 id="changes-h" class="page-h1">
            Changes
          </h1>
          <p class="error" role="alert">
            The log of changes is for alliance staff and administrators; you are signed in as {roleLabel(session.info.user.role).toLowerCase()}.
          </p>
        </section>
      </div>
    );
  }
  return <ChangesLog q={q} />;
}

function ChangesLog({ q }: { q: Record<string, string> }) {
  const actor = q.actor ?? '';
  const kind = q.kind ?? '';
  const record = /^\d+$/.test(q.record ?? '') ? q.record : '';
  const from = isIsoDate(q.from) ? q.from : '';
  const to = isIsoDate(q.to) ? q.to : '';
  const before = /^\d+$/.test(q.before ?? '') ? q.before : '';
  const path = auditPath({ actor, kind, record, from, to, before, limit: String(PAGE_SIZE) });
  const res = useAsync(path, () => fresh<{ entries: AuditEntry[]; next_before: number | null }>(path));
  const [actorText, setActorText] = useState(actor);
  const [recordText, setRecordText] = useState(record);
  // the URL changed (a link to one record's changes, Back): the text fields follow
  useEffect(() => setActorText(actor), [actor]);
  useEffect(() => setRecordText(record), [record]);
  const filtered = !!(actor || kind || record || from || to);
  const data = res.data;

  return (
    <div class="page changes-page">
      <section class="card" aria-labelledby="changes-h">
        <div class="card-head">
          <div>
            <h1 id="changes-h" class="page-h1">
              Changes
            </h1>
            <p class="muted small lead">
              Every change to the registry, the accounts and partnership management, newest first: who made it, when, why, and the record before and after.
            </p>
          </div>
          <a class="btn small-btn" href={href({ view: 'edit', id: 'membership', q: {} })}>
            Record a fact
          </a>
        </div>
        <form
          class="filters"
          role="search"
          aria-label="Filter the changes"
          onSubmit={(e) => {
            e.preventDefault();
            setQuery({ actor: actorText.trim(), record: recordText.trim(), before: null });
          }}
        >
          <label class="field" for="audit-actor">
            <span class="eyebrow">By</span>
            <input
              type="text"
              id="audit-actor"
              value={actorText}
              placeholder="user name"
              autoCapitalize="off"
              onInput={(e) => setActorText((e.currentTarget as HTMLInputElement).value)}
              onChange={(e) => setQuery({ actor: (e.currentTarget as HTMLInputElement).value.trim(), before: null })}
            />
          </label>
          <label class="field" for="audit-kind">
            <span class="eyebrow">Kind</span>
            <select id="audit-kind" value={kind} onChange={(e) => setQuery({ kind: (e.currentTarget as HTMLSelectElement).value, before: null })}>
              <option value="">Any</option>
              {VOCABULARY.audit_kind.map((k) => (
                <option value={k}>{KIND_LABELS[k]}</option>
              ))}
              {kind && !(VOCABULARY.audit_kind as readonly string[]).includes(kind) ? <option value={kind}>{kind}</option> : null}
            </select>
          </label>
          <label class="field" for="audit-record">
            <span class="eyebrow">Record id</span>
            <input
              type="number"
              id="audit-record"
              min={1}
              step={1}
              inputMode="numeric"
              value={recordText}
              onInput={(e) => setRecordText((e.currentTarget as HTMLInputElement).value)}
              onChange={(e) => setQuery({ record: (e.currentTarget as HTMLInputElement).value.trim(), before: null })}
            />
          </label>
          <label class="field" for="audit-from">
            <span class="eyebrow">From</span>
            <input type="date" id="audit-from" value={from} onChange={(e) => setQuery({ from: (e.currentTarget as HTMLInputElement).value, before: null })} />
          </label>
          <label class="field" for="audit-to">
            <span class="eyebrow">To</span>
            <input type="date" id="audit-to" value={to} onChange={(e) => setQuery({ to: (e.currentTarget as HTMLInputElement).value, before: null })} />
          </label>
          <button type="submit" class="btn">
            Apply
          </button>
          {filtered ? (
            <button
              type="button"
              class="btn"
              onClick={() => {
                setActorText('');
                setRecordText('');
                setQuery({ actor: null, kind: null, record: null, from: null, to: null, before: null });
              }}
            >
              Clear filters
            </button>
          ) : null}
        </form>
        <ViewTools
          title={`Entente change log${filtered ? ' (filtered)' : ''}`}
          api={path}
          stem={['changes', actor, kind, record ? `record-${record}` : null, from, to]}
        />
      </section>

      <section class="card" aria-labelledby="log-h" aria-busy={res.loading ? 'true' : undefined}>
        <h2 id="log-h" class="sr-only">
          Log entries
        </h2>
        <ErrorBox error={res.error} what="the changes" retry={res.reload} />
        {!data && res.loading ? <Loading /> : null}
        {data && !res.loading ? (
          <p class="muted small range-note" role="status">
            {data.entries.length ? `${data.entries.length} change${data.entries.length === 1 ? '' : 's'}` : 'No change'}
            {before ? ' before the newest page' : ''}
            {filtered ? ' matching the filters' : ''}.
          </p>
        ) : null}
        <ol class={`audit-list${res.loading ? ' stale' : ''}`} data-testid="audit-list">
          {(data?.entries ?? []).map((e) => (
            <AuditItem entry={e} />
          ))}
        </ol>
        <nav class="pager" aria-label="Pages of changes">
          {before ? (
            <a class="btn" href={href({ view: 'changes', q: { ...q, before: '' } })}>
              Newest
            </a>
          ) : null}
          {data?.next_before != null ? (
            <button type="button" class="btn" data-testid="audit-older" onClick={() => setQuery({ before: String(data.next_before) }, { replace: false })}>
              Older changes
            </button>
          ) : null}
        </nav>
      </section>
    </div>
  );
}

function AuditItem({ entry: e }: { entry: AuditEntry }) {
  const rec = (e.after ?? e.before ?? {}) as Record<string, unknown>;
  const nation = typeof rec.nation === 'string' ? rec.nation : null;
  return (
    <li class={`audit-item act-${e.action}`} data-id={e.id} data-kind={e.kind} data-action={e.action}>
      <div class="audit-head">
        <Time value={e.at} />
        <span class="audit-what">
          <strong class="audit-actor">{e.actor || 'system'}</strong> {actionLabel(e.action)}{' '}
          <a href={href({ view: 'changes', q: { kind: e.kind, record: String(e.record) } })} title="Every change to this record">
            {kindLabel(e.kind).toLowerCase()} #{e.record}
          </a>
          {nation ? (
            <>
              {' of '}
              <a href={href({ view: 'nation', id: nation, q: {} })}>{nation}</a>
            </>
          ) : null}
        </span>
        <span class={`tag act act-${e.action}`}>{label(ACTION_TAGS, e.action)}</span>
      </div>
      {e.reason ? (
        <p class="audit-reason">
          <span class="eyebrow">Reason</span> {e.reason}
        </p>
      ) : null}
      <Diff before={e.before} after={e.after} />
      <p class="muted small audit-foot">
        Request <code>{e.request_id || '—'}</code>
        {isRecordKind(e.kind) && e.after ? (
          <>
            {' · '}
            <a href={href({ view: 'edit', id: e.kind, q: { record: String(e.record) } })}>Correct this record</a>
          </>
        ) : null}
      </p>
    </li>
  );
}

/** a value of a record, readably: no value as a dash, words of a vocabulary in words, objects as JSON */
function show(v: unknown, field?: string) {
  if (v === null || v === undefined || v === '') return <span class="muted">—</span>;
  if (typeof v === 'object') return <code>{JSON.stringify(v)}</code>;
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (field === 'status' && typeof v === 'string') return statusLabel(v);
  if (field === 'role' && typeof v === 'string') return roleLabel(v);
  return String(v);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** the record before and after, field by field: what changed first, the rest folded */
export function Diff({ before, after }: { before: Record<string, unknown> | null; after: Record<string, unknown> | null }) {
  if (!before && !after) return null;
  const keys: string[] = [];
  for (const k of [...Object.keys(before ?? {}), ...Object.keys(after ?? {})]) if (!keys.includes(k)) keys.push(k);
  const changed = keys.filter((k) => !before || !after || !same(before[k], after[k]));
  const unchanged = keys.filter((k) => !changed.includes(k));
  const only = !before ? 'after' : !after ? 'before' : null;
  return (
    <div class="diff">
      <div class="table-wrap">
        <table class="table diff-table">
          <caption class="sr-only">{only === 'after' ? 'The new record' : only === 'before' ? 'The record deleted' : 'What changed'}</caption>
          <thead>
            <tr>
              <th scope="col">Field</th>
              {only !== 'after' ? <th scope="col">Before</th> : null}
              {only !== 'before' ? <th scope="col">After</th> : null}
            </tr>
          </thead>
          <tbody>
            {changed.map((k) => (
              <tr class={only ? '' : 'changed'} data-field={k}>
                <th scope="row">{fieldLabel(k)}</th>
                {only !== 'after' ? (
                  <td class="diff-before" data-label="Before">
                    {show(before?.[k], k)}
                  </td>
                ) : null}
                {only !== 'before' ? (
                  <td class="diff-after" data-label="After">
                    {show(after?.[k], k)}
                  </td>
                ) : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {unchanged.length ? (
        <details class="diff-same">
          <summary>
            {unchanged.length} unchanged field{unchanged.length === 1 ? '' : 's'}
          </summary>
          <dl class="facts compact-facts">
            {unchanged.map((k) => (
              <div>
                <dt>{fieldLabel(k)}</dt>
                <dd>{show(after?.[k], k)}</dd>
              </div>
            ))}
          </dl>
        </details>
      ) : null}
    </div>
  );
}
