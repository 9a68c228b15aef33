// #/edit/membership (…/partnership, …/plan) — alliance staff record a fact of the
// registry, or correct or delete one (?record=ID), with the source that supports it and
// the reason, which the audit log keeps. The server checks everything: its field errors
// (errors[].pointer) are shown beside the fields; a conflict (someone changed the record
// since it was read) shows the record as it now stands and offers to load it.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import {
  ApiError,
  conflictCurrent,
  recordApi,
  type Framework,
  type Nation,
  type Organisation,
  type RecordKind,
  type RegistryRecord,
  RECORD_PATH,
} from '../api';
import { fmtLong } from '../dates';
import { useAsync } from '../hooks';
import { href } from '../route';
import { isStaff, roleLabel, sessionEnded, useSession } from '../session';
import { VOCABULARY } from '../vocabulary';
import { ErrorBox, Loading } from './common';
import { ApiCall } from './Export';
import { Field, ProblemBox, fieldProblems, type ControlProps } from './forms';
import { SignInCard } from './AccountPage';
import '../styles/pages.css';

export const RECORD_KINDS: readonly RecordKind[] = VOCABULARY.record_kind;
export const isRecordKind = (s: string | null | undefined): s is RecordKind => !!s && (RECORD_KINDS as readonly string[]).includes(s);

const KIND_LABEL: Record<RecordKind, string> = { membership: 'membership', partnership: 'partnership', plan: 'plan' };

type FieldKind = 'organisation' | 'framework' | 'nation' | 'date' | 'membership_status' | 'partnership_status' | 'partnership_plan' | 'text' | 'long';

interface FieldSpec {
  name: string;
  label: string;
  kind: FieldKind;
  required: boolean;
  help?: string;
}

const FROM: FieldSpec = { name: 'from', label: 'From', kind: 'date', required: true, help: 'The first day it holds' };
const TO: FieldSpec = { name: 'to', label: 'Until', kind: 'date', required: false, help: 'The day it ended (not included); empty while it holds' };
const NATION: FieldSpec = { name: 'nation', label: 'Nation', kind: 'nation', required: true };
const SOURCE: FieldSpec = { name: 'source', label: 'Source', kind: 'long', required: true, help: "URL(s) or citation(s), separated by ' ; '" };
const NOTE: FieldSpec = { name: 'note', label: 'Note', kind: 'long', required: false, help: 'Choices and disagreements between sources' };

/** the fields of each kind of record, in the order of the form */
const FIELDS: Record<RecordKind, FieldSpec[]> = {
  membership: [
    { name: 'organisation', label: 'Organisation', kind: 'organisation', required: true },
    NATION,
    FROM,
    TO,
    { name: 'status', label: 'Status', kind: 'membership_status', required: true },
    SOURCE,
    NOTE,
  ],
  partnership: [
    { name: 'framework', label: 'Framework', kind: 'framework', required: true },
    NATION,
    FROM,
    TO,
    { name: 'status', label: 'Status', kind: 'partnership_status', required: true },
    SOURCE,
    NOTE,
  ],
  plan: [
    { name: 'organisation', label: 'Organisation', kind: 'organisation', required: true },
    NATION,
    { name: 'plan', label: 'Plan', kind: 'partnership_plan', required: true },
    FROM,
    TO,
    SOURCE,
    NOTE,
  ],
};

const REASON: FieldSpec = { name: 'reason', label: 'Reason', kind: 'long', required: false, help: 'Why, for the audit log' };

const STATUS_LABELS: Record<string, string> = {
  member: 'Member',
  suspended: 'Suspended',
  observer: 'Observer',
  associate: 'Associate',
  active: 'Active',
};

type Values = Record<string, string>;

/** a record as the form's text values ("" for no end date) */
function toValues(kind: RecordKind, rec: Record<string, unknown>): Values {
  const v: Values = {};
  for (const f of FIELDS[kind]) {
    const x = rec[f.name];
    v[f.name] = x == null ? '' : String(x);
  }
  return v;
}

/** a form value as the API takes it: no end date is null */
const toJson = (name: string, value: string): string | null => (name === 'to' && value === '' ? null : value);

function blank(kind: RecordKind, q: Record<string, string>): Values {
  const v: Values = {};
  for (const f of FIELDS[kind]) v[f.name] = '';
  v.nation = (q.nation ?? '').toUpperCase();
  if (kind === 'membership') {
    v.organisation = q.organisation ?? '';
    v.status = 'member';
  } else if (kind === 'partnership') {
    v.framework = q.framework ?? '';
    v.status = 'active';
  } else {
    v.organisation = q.organisation ?? 'NATO';
    v.plan = VOCABULARY.partnership_plan[0];
  }
  return v;
}

interface Props {
  kind: string;
  q: Record<string, string>;
  orgs: Organisation[] | undefined;
  frameworks: Framework[] | undefined;
  nations: Nation[] | undefined;
}

export function RecordPage(props: Props) {
  const session = useSession();
  if (session.status === 'checking') return <Loading label="Checking your session…" />;
  if (session.status !== 'signed-in' || !session.info) {
    return (
      <div class="page record-page">
        <SignInCard title="Record a fact: sign in" why="Alliance staff and administrators sign in to record and correct memberships, partnerships and plans." />
      </div>
    );
  }
  if (!isStaff(session)) {
    return (
      <div class="page record-page">
        <section class="card" aria-labelledby="record-h">
          <h1 id="record-h" class="page-h1">
            Record a fact
          </h1>
          <p class="error" role="alert">
            As {roleLabel(session.info.user.role).toLowerCase()} you may read the registry but not change it: recording and correcting it is for
            alliance staff and administrators.
          </p>
        </section>
      </div>
    );
  }
  if (!isRecordKind(props.kind)) {
    return (
      <div class="page record-page">
        <section class="card" aria-labelledby="record-h">
          <h1 id="record-h" class="page-h1">
            Record a fact
          </h1>
          <p class="error" role="alert">
            There is no kind of record “{props.kind}”: the registry's records are memberships, partnerships and plans.{' '}
            <a href={href({ view: 'edit', id: 'membership', q: {} })}>Record a membership</a>
          </p>
        </section>
      </div>
    );
  }
  const id = /^\d+$/.test(props.q.record ?? '') ? Number(props.q.record) : null;
  // a new form for each record (or each kind of new record)
  return <RecordForm key={`${props.kind}:${id ?? 'new'}`} {...props} kind={props.kind} id={id} />;
}

function RecordForm({ kind, id, q, orgs, frameworks, nations }: Props & { kind: RecordKind; id: number | null }) {
  const editing = id !== null;
  const fields = FIELDS[kind];
  const names = useMemo(() => [...fields.map((f) => f.name), 'reason'], [kind]);
  const loaded = useAsync(editing ? `record:${kind}:${id}` : null, () => recordApi.get(kind, id!));
  /** the version of the record the form edits (null while creating or loading) */
  const [base, setBase] = useState<RegistryRecord | null>(null);
  const [values, setValues] = useState<Values>(() => blank(kind, q));
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState<Record<string, string[]>>({});
  const [error, setError] = useState<unknown>(null);
  const [conflict, setConflict] = useState<RegistryRecord | null>(null);
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState<{ record: RegistryRecord; created: boolean } | null>(null);
  const [deleted, setDeleted] = useState<RegistryRecord | null>(null);
  const [deleting, setDeleting] = useState(q.action === 'delete');
  const savedRef = useRef<HTMLDivElement>(null);
  const deleteRef = useRef<HTMLFieldSetElement>(null);

  // the form starts from the record as first read
  useEffect(() => {
    if (!loaded.data || base) return;
    setBase(loaded.data);
    setValues(toValues(kind, loaded.data as unknown as Record<string, unknown>));
  }, [loaded.data]);

  useEffect(() => {
    if (deleting && base) deleteRef.current?.querySelector<HTMLElement>('button')?.focus();
  }, [deleting, !!base]);

  useEffect(() => {
    if (saved || deleted) savedRef.current?.focus();
  }, [saved, deleted]);

  const problems = fieldProblems(error, names);
  const errorsOf = (name: string) => [...(local[name] ?? []), ...(problems.byField[name] ?? [])];
  const labels = Object.fromEntries([...fields, REASON].map((f) => [f.name, f.label]));
  const set = (name: string, value: string) => {
    setValues((v) => ({ ...v, [name]: value }));
    setSaved(null);
  };

  const orgOf = (rec: Values | RegistryRecord) => {
    const r = rec as Record<string, unknown>;
    if (typeof r.organisation === 'string' && r.organisation) return r.organisation;
    return frameworks?.find((f) => f.id === r.framework)?.organisation ?? 'NATO';
  };
  const nationName = (iso3: string) => nations?.find((n) => n.iso3 === iso3)?.name ?? iso3;

  const fail = (e: unknown) => {
    if (e instanceof ApiError && e.status === 401) sessionEnded();
    setError(e);
    setConflict(conflictCurrent(e));
    requestAnimationFrame(() => {
      const first = e instanceof ApiError ? document.querySelector<HTMLElement>('.record-form [aria-invalid="true"]') : null;
      (first ?? document.getElementById('record-problem'))?.focus();
    });
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    const checks: Record<string, string[]> = {};
    for (const f of fields) {
      if (f.required && !values[f.name]?.trim()) {
        checks[f.name] = [f.name === 'source' ? 'Give the source that supports this: a URL or a citation.' : `Give the ${f.label.toLowerCase()}.`];
      }
    }
    setLocal(checks);
    setError(null);
    setConflict(null);
    setSaved(null);
    if (Object.keys(checks).length) {
      document.getElementById(`rec-${Object.keys(checks)[0]}`)?.focus();
      return;
    }
    setBusy(true);
    try {
      if (!editing) {
        const body: Record<string, unknown> = {};
        for (const f of fields) body[f.name] = toJson(f.name, f.name === 'nation' ? values[f.name].trim().toUpperCase() : values[f.name]);
        if (reason.trim()) body.reason = reason.trim();
        const rec = await recordApi.create(kind, body);
        setSaved({ record: rec, created: true });
      } else if (base) {
        const before = toValues(kind, base as unknown as Record<string, unknown>);
        const body: Record<string, unknown> = {};
        for (const f of fields) if (f.name !== 'source' && values[f.name] !== before[f.name]) body[f.name] = toJson(f.name, values[f.name]);
        body.source = values.source;
        if (reason.trim()) body.reason = reason.trim();
        if (Object.keys(body).length === 1 && values.source === before.source) {
          setError(new Error('Nothing has changed: correct a field (or the source) first.'));
          return;
        }
        const rec = await recordApi.update(kind, id!, base.version, body);
        setBase(rec);
        setValues(toValues(kind, rec as unknown as Record<string, unknown>));
        setReason('');
        setSaved({ record: rec, created: false });
      }
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!base || busy) return;
    setBusy(true);
    setError(null);
    setConflict(null);
    try {
      const body: { source?: string; reason?: string } = {};
      if (values.source.trim() && values.source !== (base as { source: string }).source) body.source = values.source.trim();
      if (reason.trim()) body.reason = reason.trim();
      await recordApi.remove(kind, id!, base.version, body);
      setDeleted(base);
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  };

  /** start again from the record as it now stands (keeping the reason) */
  const loadCurrent = (rec: RegistryRecord) => {
    setBase(rec);
    setValues(toValues(kind, rec as unknown as Record<string, unknown>));
    setError(null);
    setConflict(null);
    setLocal({});
    requestAnimationFrame(() => document.getElementById(`rec-${fields[0].name}`)?.focus());
  };

  const title = editing ? `Correct ${KIND_LABEL[kind]} #${id}` : `Record a ${KIND_LABEL[kind]}`;
  // someone saved a newer version since the form was opened (seen when the data changed)
  const newer = base && loaded.data && loaded.data.id === base.id && loaded.data.version > base.version && !conflict ? loaded.data : null;

  if (deleted) {
    const n = (deleted as { nation: string }).nation;
    return (
      <div class="page record-page">
        <section class="card" aria-labelledby="record-h">
          <div class="card-head">
            <h1 id="record-h" class="page-h1">
              {title}
            </h1>
          </div>
          <div class="saved" role="status" tabIndex={-1} ref={savedRef} data-testid="record-deleted">
            <strong>Deleted.</strong> {nationName(n)}'s {KIND_LABEL[kind]} #{deleted.id} is no longer in the registry; the audit log keeps it.
            <p class="saved-links">
              <a href={href({ view: 'nation', id: n, org: orgOf(deleted), q: {} })}>{nationName(n)}'s profile</a>
              {' · '}
              <a href={href({ view: 'changes', q: { kind, record: String(deleted.id) } })}>Changes to this record</a>
            </p>
          </div>
        </section>
      </div>
    );
  }

  return (
    <div class="page record-page">
      <section class="card" aria-labelledby="record-h">
        <div class="card-head">
          <div>
            <h1 id="record-h" class="page-h1">
              {title}
            </h1>
            <p class="muted small lead">
              {editing
                ? 'Change what is wrong and give the source of the correction. The change is checked against the rest of the registry and kept in the audit log with your reason.'
                : 'A fact of the registry, with the source that supports it. It is checked against the rest of the registry and kept in the audit log with your reason.'}
            </p>
          </div>
          {editing ? (
            <a class="btn small-btn" href={href({ view: 'changes', q: { kind, record: String(id) } })}>
              Changes to this record
            </a>
          ) : null}
        </div>

        {!editing ? (
          <div class="seg-group record-kinds" role="group" aria-label="Kind of record">
            {RECORD_KINDS.map((k) => (
              <a
                class="seg"
                href={href({ view: 'edit', id: k, q: { nation: values.nation, ...(k !== 'partnership' && values.organisation ? { organisation: values.organisation } : {}) } })}
                aria-current={k === kind ? 'page' : undefined}
              >
                {k === 'membership' ? 'Membership' : k === 'partnership' ? 'Partnership' : 'Plan'}
              </a>
            ))}
          </div>
        ) : null}

        {editing ? <ErrorBox error={loaded.error} what={`${KIND_LABEL[kind]} #${id}`} retry={loaded.reload} /> : null}
        {editing && !base && loaded.loading ? <Loading /> : null}
        {editing && base ? (
          <div class="view-tools no-print">
            <ApiCall path={`${RECORD_PATH[kind]}/${id}`} />
          </div>
        ) : null}

        {newer ? (
          <div class="warnbox conflict" role="status">
            Someone saved version {newer.version} of this record after you opened it (you are editing version {base!.version}).{' '}
            <button type="button" class="btn small-btn" onClick={() => loadCurrent(newer)}>
              Load version {newer.version}
            </button>
          </div>
        ) : null}

        {saved ? (
          <div class="saved" role="status" tabIndex={-1} ref={savedRef} data-testid="record-saved">
            <strong>{saved.created ? 'Recorded.' : 'Saved.'}</strong>{' '}
            {describe(kind, saved.record, nationName)} — record #{saved.record.id}, version {saved.record.version}.
            <p class="saved-links">
              <a href={href({ view: 'nation', id: saved.record.nation, org: orgOf(saved.record), date: saved.record.from, q: {} })} data-testid="record-on-map">
                See it on the map on {fmtLong(saved.record.from)}
              </a>
              {saved.created ? (
                <>
                  {' · '}
                  <a href={href({ view: 'edit', id: kind, q: { record: String(saved.record.id) } })}>Correct it</a>
                  {' · '}
                  <button
                    type="button"
                    class="link"
                    onClick={() => {
                      setSaved(null);
                      setValues(blank(kind, { nation: values.nation, organisation: values.organisation ?? '', framework: values.framework ?? '' }));
                      setReason('');
                      requestAnimationFrame(() => document.getElementById(`rec-${fields[0].name}`)?.focus());
                    }}
                  >
                    Record another
                  </button>
                </>
              ) : null}
            </p>
          </div>
        ) : null}

        {!editing || base ? (
          <form class="record-form" onSubmit={submit} noValidate aria-labelledby="record-h" data-kind={kind}>
            <div class="form-grid record-grid">
              {fields.map((f) => (
                <Field
                  id={`rec-${f.name}`}
                  label={f.label}
                  required={f.required}
                  errors={errorsOf(f.name)}
                  help={f.name === 'source' && editing ? 'The source of the record as corrected (it replaces the one shown): URL(s) or citation(s), separated by \' ; \'' : f.help}
                  class={f.kind === 'long' ? 'wide' : undefined}
                >
                  {(a) => (
                    <Control
                      spec={f}
                      a={a}
                      value={values[f.name] ?? ''}
                      onChange={(v) => set(f.name, v)}
                      orgs={orgs}
                      frameworks={frameworks}
                      nations={nations}
                      disabled={busy}
                    />
                  )}
                </Field>
              ))}
              <Field id="rec-reason" label={REASON.label} required={false} errors={errorsOf('reason')} help={REASON.help} class="wide">
                {(a) => <textarea {...a} rows={2} value={reason} disabled={busy} onInput={(e) => setReason((e.currentTarget as HTMLTextAreaElement).value)} />}
              </Field>
            </div>

            <ProblemBox
              error={error}
              what={conflict ? 'Someone changed this record' : error instanceof ApiError ? 'The server refused the change' : 'Check the form'}
              fields={problems}
              idPrefix="rec-"
              labels={labels}
              id="record-problem"
            />
            {conflict ? <ConflictPanel kind={kind} current={conflict} mine={values} onLoad={() => loadCurrent(conflict)} /> : null}

            <div class="record-actions">
              <button type="submit" class="btn primary" disabled={busy} data-testid="record-submit">
                {busy ? 'Saving…' : editing ? 'Save correction' : `Record ${KIND_LABEL[kind]}`}
              </button>
              {editing && base ? (
                <button
                  type="button"
                  class={`btn${deleting ? ' on' : ''}`}
                  aria-expanded={deleting}
                  aria-controls="record-delete"
                  onClick={() => setDeleting(!deleting)}
                >
                  Delete…
                </button>
              ) : null}
              {values.nation ? (
                <a class="muted small" href={href({ view: 'nation', id: values.nation, org: orgOf(values), q: {} })}>
                  {nationName(values.nation)}'s profile
                </a>
              ) : null}
            </div>

            {editing && base && deleting ? (
              <fieldset class="extras danger-zone" id="record-delete" ref={deleteRef}>
                <legend>Delete this {KIND_LABEL[kind]}</legend>
                <p class="small">
                  The record leaves the registry (the audit log keeps it). The reason above is recorded with the deletion; so is the source, if you
                  changed it, as the source that shows the record was wrong.
                </p>
                <div>
                  <button type="button" class="btn danger" disabled={busy} onClick={remove} data-testid="record-delete">
                    Delete {KIND_LABEL[kind]} #{id}
                  </button>
                </div>
              </fieldset>
            ) : null}
          </form>
        ) : null}
      </section>
    </div>
  );
}

function describe(kind: RecordKind, rec: RegistryRecord, nationName: (iso3: string) => string): string {
  const r = rec as unknown as Record<string, string | null>;
  const span = `from ${fmtLong(r.from!)}${r.to ? ` until ${fmtLong(r.to)}` : ''}`;
  if (kind === 'membership') return `${nationName(r.nation!)}: ${STATUS_LABELS[r.status!] ?? r.status} of ${r.organisation} ${span}`;
  if (kind === 'partnership') return `${nationName(r.nation!)}: ${r.framework} partner (${(STATUS_LABELS[r.status!] ?? r.status)!.toLowerCase()}) ${span}`;
  return `${nationName(r.nation!)}: ${r.plan} with ${r.organisation} ${span}`;
}

function Control({
  spec,
  a,
  value,
  onChange,
  orgs,
  frameworks,
  nations,
  disabled,
}: {
  spec: FieldSpec;
  a: ControlProps;
  value: string;
  onChange: (v: string) => void;
  orgs: Organisation[] | undefined;
  frameworks: Framework[] | undefined;
  nations: Nation[] | undefined;
  disabled: boolean;
}) {
  const onSelect = (e: Event) => onChange((e.currentTarget as HTMLSelectElement).value);
  const onInput = (e: Event) => onChange((e.currentTarget as HTMLInputElement).value);
  const other = (known: boolean) => (value && !known ? <option value={value}>{value}</option> : null);
  switch (spec.kind) {
    case 'organisation':
      return (
        <select {...a} value={value} onChange={onSelect} disabled={disabled}>
          <option value="">Choose…</option>
          {(orgs ?? []).map((o) => (
            <option value={o.id}>{o.id === o.name ? o.id : `${o.id} — ${o.name}`}</option>
          ))}
          {other(!!orgs?.some((o) => o.id === value))}
        </select>
      );
    case 'framework':
      return (
        <select {...a} value={value} onChange={onSelect} disabled={disabled}>
          <option value="">Choose…</option>
          {(frameworks ?? []).map((f) => (
            <option value={f.id}>
              {f.id} — {f.name} ({f.organisation})
            </option>
          ))}
          {other(!!frameworks?.some((f) => f.id === value))}
        </select>
      );
    case 'nation': {
      const sorted = [...(nations ?? [])].sort((x, y) => x.name.localeCompare(y.name));
      if (!sorted.length) {
        return <input type="text" {...a} value={value} maxLength={3} autoCapitalize="characters" onInput={onInput} disabled={disabled} />;
      }
      return (
        <select {...a} value={value} onChange={onSelect} disabled={disabled}>
          <option value="">Choose…</option>
          {sorted.map((n) => (
            <option value={n.iso3}>
              {n.name} ({n.iso3})
            </option>
          ))}
          {other(sorted.some((n) => n.iso3 === value))}
        </select>
      );
    }
    case 'date':
      return <input type="date" {...a} value={value} min="1900-01-01" max="2100-12-31" onInput={onInput} onChange={onInput} disabled={disabled} />;
    case 'membership_status':
    case 'partnership_status':
    case 'partnership_plan': {
      const words: readonly string[] = VOCABULARY[spec.kind];
      return (
        <select {...a} value={value} onChange={onSelect} disabled={disabled}>
          {words.map((w) => (
            <option value={w}>{STATUS_LABELS[w] ?? w}</option>
          ))}
          {other(words.includes(value))}
        </select>
      );
    }
    case 'long':
      return <textarea {...a} rows={2} value={value} onInput={onInput} disabled={disabled} />;
    default:
      return <input type="text" {...a} value={value} onInput={onInput} disabled={disabled} />;
  }
}

/** the record as it now stands beside the values of the form, field by field */
function ConflictPanel({ kind, current, mine, onLoad }: { kind: RecordKind; current: RegistryRecord; mine: Values; onLoad: () => void }) {
  const now = toValues(kind, current as unknown as Record<string, unknown>);
  return (
    <div class="conflict-panel" data-testid="record-conflict">
      <p>
        Someone saved version {current.version} of this record while you were editing it, so your change was not saved. Here is the record as it
        now stands beside your form. Load the current values, then make your correction again.
      </p>
      <div class="table-wrap">
        <table class="table diff-table">
          <caption class="sr-only">The record now, and your form</caption>
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Now (version {current.version})</th>
              <th scope="col">Your form</th>
            </tr>
          </thead>
          <tbody>
            {FIELDS[kind].map((f) => (
              <tr class={now[f.name] !== (mine[f.name] ?? '') ? 'changed' : ''}>
                <th scope="row">{f.label}</th>
                <td data-label="Now">{now[f.name] || <span class="muted">—</span>}</td>
                <td data-label="Yours">{mine[f.name] || <span class="muted">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <button type="button" class="btn" onClick={onLoad} data-testid="record-load-current">
        Load the current values
      </button>
    </div>
  );
}

/** where a nation profile's row leads: the form for that record */
export function editHref(kind: RecordKind, id: number, action?: 'delete'): string {
  return href({ view: 'edit', id: kind, q: action ? { record: String(id), action } : { record: String(id) } });
}

/** the form for a new record of a nation */
export function createHref(kind: RecordKind, nation: string, organisation?: string): string {
  return href({ view: 'edit', id: kind, q: organisation ? { nation, organisation } : { nation } });
}
