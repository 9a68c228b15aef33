// #/programmes — the Individually Tailored Partnership Programmes the user sees (filters in
// the URL, sortable, paged, CSV/JSON), and a new draft for officers and staff.
// #/programme/ID — one programme: where it stands on the itpp workflow, its objectives →
// goals → activities (changed while it is a draft), the steps the user may take (the
// server's `actions`: allowed ones as buttons, the others disabled with the server's
// reason), the council rounds with positions, countdown and reasoning, the position form of
// an Ally's officer, the DCB packages of its nation and the history. A write names the
// version it changes; a 409 shows the programme as it now stands.
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api } from '../../api';
import { fmtShort } from '../../dates';
import { useAsync, useDebounced } from '../../hooks';
import {
  conflictView,
  manageApi,
  programmePath,
  programmesPath,
  type ActionOption,
  type CouncilRound,
  type MenuItem,
  type PartFields,
  type PartKind,
  type PartnershipGoal,
  type Programme,
  type ProgrammeActivity,
  type ProgrammeFields,
  type ProgrammeView,
  type Objective,
  type Transition,
  type WorkflowStep,
} from '../../manageApi';
import {
  actionLabel,
  approvalsNote,
  defaultDeadline,
  filterHistory,
  fromLocalInput,
  nextRefreshMs,
  programmeTree,
  roundClosing,
  roundOpeners,
  stateTrack,
  timeLeft,
  toLocalInput,
  words,
  workflowPath,
  type GoalNode,
} from '../../programmeFlow';
import { href, navigate, setQuery } from '../../route';
import { useSession } from '../../session';
import { nameRecord } from '../../titles';
import { VOCABULARY, type Labels, type Word } from '../../vocabulary';
import { DateRange, ErrorBox, Loading, Note, Source } from '../common';
import { Downloads, ViewTools } from '../Export';
import { Field, ProblemBox, Time, fieldProblems } from '../forms';
import { OUTCOME_LABELS, POSITION_LABELS, PROCEDURE_LABELS, Reasoning, label } from '../rules';
import { useSortable } from '../Sortable';
import { ManageGate, refreshInbox } from './ManageNav';
import '../../styles/pages.css';
import '../../styles/manage.css';

const ITPP = 'itpp';
const PAGE_SIZE = 25;

const ROUND_STATE_LABELS: Labels<'council_round_state'> = {
  open: 'Open',
  adopted: 'Adopted',
  'not-adopted': 'Not adopted',
  withdrawn: 'Withdrawn',
};

const ACTIVITY_STATE_LABELS: Labels<'activity_state'> = { planned: 'Planned', done: 'Done', cancelled: 'Cancelled' };

/** the procedures a council round may follow (the server refuses others) */
const ROUND_PROCEDURES: { procedure: Word<'procedure'>; help: string }[] = [
  { procedure: 'consensus', help: 'Every Ally states its position; a single objection blocks.' },
  { procedure: 'silence', help: 'Adopted at the deadline unless an Ally breaks silence before it.' },
];

const WHY = 'Nation officers, alliance staff and administrators sign in to draft, review and approve partnership programmes.';

// ---------- shared pieces ----------

/** the current time, ticking every `ms` (null: not ticking) */
function useNow(ms: number | null = 1000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (ms === null) return;
    setNow(Date.now());
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

/** a write's busy flag and problem; `run` reports success */
function useWrite() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (fn: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      await fn();
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}

const inputValue = (e: Event) => (e.currentTarget as HTMLInputElement).value;

/** the states of the itpp workflow, by name (the steps name no first state to order them from) */
function itppStates(steps: readonly WorkflowStep[] | undefined): string[] {
  const out = new Set<string>();
  for (const s of steps ?? []) if (s.workflow === ITPP) out.add(s.from_state).add(s.to_state);
  return [...out].sort();
}

export function StateBadge({ state }: { state: string }) {
  return (
    <span class={`state-badge st-${state}`} data-state={state}>
      {words(state)}
    </span>
  );
}

// =====================================================================================
// #/programmes
// =====================================================================================

export function ProgrammesPage({ q }: { q: Record<string, string> }) {
  return (
    <ManageGate title="Partnership programmes" why={WHY}>
      <ProgrammeList q={q} />
    </ManageGate>
  );
}

function ProgrammeList({ q }: { q: Record<string, string> }) {
  const session = useSession();
  const user = session.info!.user;
  const nation = q.nation ?? '';
  const state = q.state ?? '';
  const text = q.text ?? '';
  const offset = /^\d+$/.test(q.offset ?? '') ? Number(q.offset) : 0;
  const path = programmesPath({ nation, state, q: text, limit: PAGE_SIZE, offset });
  const list = useAsync(path, () => manageApi.programmes({ nation, state, q: text, limit: PAGE_SIZE, offset }));
  const workflows = useAsync('workflows', manageApi.workflows);
  const nations = useAsync('nations', () => api.nations());
  const [textField, setTextField] = useState(text);
  useEffect(() => setTextField(text), [text]);
  const [creating, setCreating] = useState(q.new === '1');
  const states = itppStates(workflows.data?.steps);
  const nationName = useMemo(() => new Map((nations.data?.nations ?? []).map((n) => [n.iso3, n.name])), [nations.data]);
  const rows = list.data?.programmes ?? [];
  const sort = useSortable(rows, {
    title: (p: Programme) => p.title,
    nation: (p: Programme) => nationName.get(p.nation) ?? p.nation,
    period: (p: Programme) => p.period_from,
    review: (p: Programme) => p.review_on,
    state: (p: Programme) => p.state,
    updated: (p: Programme) => p.updated_at,
  });
  const filtered = !!(nation || state || text);
  const total = list.data?.total ?? 0;

  return (
    <div class="page manage-page programmes-page">
      <section class="card" aria-labelledby="programmes-h">
        <div class="card-head">
          <div>
            <h1 id="programmes-h" class="page-h1">
              Partnership programmes
            </h1>
            <p class="muted small lead">
              Individually Tailored Partnership Programmes: a partner's objectives, goals and activities, drafted with NATO staff and approved by the
              North Atlantic Council.
            </p>
          </div>
          <button
            type="button"
            class="btn primary"
            aria-expanded={creating}
            aria-controls="new-programme"
            data-testid="new-programme-toggle"
            onClick={() => setCreating(!creating)}
          >
            New programme
          </button>
        </div>
        {creating ? (
          <NewProgrammeForm
            officerNation={user.role === 'nation-officer' ? user.nation : null}
            nations={nations.data?.nations}
            onCancel={() => setCreating(false)}
          />
        ) : null}
        <form
          class="filters"
          role="search"
          aria-label="Filter the programmes"
          onSubmit={(e) => {
            e.preventDefault();
            setQuery({ text: textField.trim(), offset: null });
          }}
        >
          <label class="field" for="prog-text">
            <span class="eyebrow">Title</span>
            <input type="search" id="prog-text" value={textField} placeholder="words of the title" onInput={(e) => setTextField(inputValue(e))} />
          </label>
          <label class="field" for="prog-nation">
            <span class="eyebrow">Nation</span>
            <select id="prog-nation" value={nation} onChange={(e) => setQuery({ nation: inputValue(e), offset: null })}>
              <option value="">Any</option>
              {(nations.data?.nations ?? [])
                .filter((n) => !n.to)
                .sort((a, b) => a.name.localeCompare(b.name))
                .map((n) => (
                  <option value={n.iso3}>{n.name}</option>
                ))}
              {nation && !nationName.has(nation) ? <option value={nation}>{nation}</option> : null}
            </select>
          </label>
          <label class="field" for="prog-state">
            <span class="eyebrow">State</span>
            <select id="prog-state" value={state} onChange={(e) => setQuery({ state: inputValue(e), offset: null })}>
              <option value="">Any</option>
              {states.map((s) => (
                <option value={s}>{words(s)}</option>
              ))}
              {state && !states.includes(state) ? <option value={state}>{words(state)}</option> : null}
            </select>
          </label>
          <button type="submit" class="btn">
            Apply
          </button>
          {filtered ? (
            <button
              type="button"
              class="btn"
              onClick={() => {
                setTextField('');
                setQuery({ nation: null, state: null, text: null, offset: null });
              }}
            >
              Clear filters
            </button>
          ) : null}
        </form>
        <ViewTools
          title={`Partnership programmes${filtered ? ' (filtered)' : ''}`}
          api={programmesPath({ nation, state, q: text, limit: 500 })}
          stem={['programmes', nation, state, text]}
        />
      </section>

      <section class="card" aria-labelledby="programme-list-h" aria-busy={list.loading ? 'true' : undefined}>
        <h2 id="programme-list-h">Programmes</h2>
        <ErrorBox error={list.error} what="the programmes" retry={list.reload} />
        {!list.data && list.loading ? <Loading label="Loading the programmes…" /> : null}
        {list.data ? (
          <p class="muted small range-note" role="status">
            {total === 0
              ? filtered
                ? 'No programme matches the filters. Clear them to see every programme you may read.'
                : 'No programme yet. Draft one with “New programme”.'
              : `${offset + 1}–${offset + rows.length} of ${total} programme${total === 1 ? '' : 's'}${filtered ? ' matching the filters' : ''}.`}
          </p>
        ) : null}
        {rows.length ? (
          <div class="table-wrap">
            <table class={`table programmes-table${list.loading ? ' stale' : ''}`} data-testid="programmes-table">
              <caption class="sr-only">Partnership programmes; the column buttons sort them</caption>
              <thead>
                <tr>
                  <sort.Th col="title">Title</sort.Th>
                  <sort.Th col="nation">Nation</sort.Th>
                  <sort.Th col="period">Period</sort.Th>
                  <sort.Th col="review">Review</sort.Th>
                  <sort.Th col="state">State</sort.Th>
                  <sort.Th col="updated">Changed</sort.Th>
                </tr>
              </thead>
              <tbody>
                {sort.rows.map((p) => (
                  <tr data-programme={p.id}>
                    <td data-label="Title">
                      <a href={href({ view: 'programme', id: String(p.id), q: {} })}>{p.title}</a>
                    </td>
                    <td data-label="Nation">{nationName.get(p.nation) ?? p.nation}</td>
                    <td data-label="Period">
                      <DateRange from={p.period_from} to={p.period_to} />
                    </td>
                    <td data-label="Review">{p.review_on ? <time dateTime={p.review_on}>{fmtShort(p.review_on)}</time> : <span class="muted">—</span>}</td>
                    <td data-label="State">
                      <StateBadge state={p.state} />
                    </td>
                    <td data-label="Changed">
                      <Time value={p.updated_at} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        <nav class="pager" aria-label="Pages of programmes">
          {offset > 0 ? (
            <button type="button" class="btn" onClick={() => setQuery({ offset: String(Math.max(0, offset - PAGE_SIZE)) }, { replace: false })}>
              Previous
            </button>
          ) : null}
          {offset + rows.length < total ? (
            <button type="button" class="btn" data-testid="programmes-next" onClick={() => setQuery({ offset: String(offset + PAGE_SIZE) }, { replace: false })}>
              Next
            </button>
          ) : null}
        </nav>
      </section>
      <p class="muted small">
        Staff and officers of an Ally see the programmes put to the Council; a partner's officers see their nation's. What awaits you is in the{' '}
        <a href={href({ view: 'inbox', q: {} })}>inbox</a>.
      </p>
    </div>
  );
}

const PROGRAMME_FIELDS = ['nation', 'title', 'period_from', 'period_to', 'review_on'] as const;
const PROGRAMME_LABELS: Record<string, string> = {
  nation: 'Nation',
  title: 'Title',
  period_from: 'From',
  period_to: 'Until',
  review_on: 'Review date',
};

function NewProgrammeForm({
  officerNation,
  nations,
  onCancel,
}: {
  officerNation: string | null;
  nations: { iso3: string; name: string; to: string | null }[] | undefined;
  onCancel: () => void;
}) {
  const [fields, setFields] = useState<Required<ProgrammeFields>>({ nation: officerNation ?? '', title: '', period_from: '', period_to: '', review_on: '' });
  const write = useWrite();
  const problems = fieldProblems(write.error, PROGRAMME_FIELDS);
  const set = (k: keyof ProgrammeFields) => (e: Event) => setFields({ ...fields, [k]: inputValue(e) });
  const choices = (nations ?? []).filter((n) => !n.to && (!officerNation || n.iso3 === officerNation)).sort((a, b) => a.name.localeCompare(b.name));
  const submit = async (e: Event) => {
    e.preventDefault();
    let created: ProgrammeView | null = null;
    const ok = await write.run(async () => {
      created = await manageApi.createProgramme({ ...fields, review_on: fields.review_on || undefined });
    });
    if (ok && created) navigate({ view: 'programme', id: String((created as ProgrammeView).id), q: {} });
    else requestAnimationFrame(() => document.getElementById('new-programme-problem')?.focus());
  };
  return (
    <form id="new-programme" class="manage-form new-programme" onSubmit={submit} data-testid="new-programme-form" noValidate>
      <h2 class="form-h">New programme</h2>
      <div class="form-grid">
        <Field id="np-nation" label="Nation" required errors={problems.byField.nation}>
          {(c) => (
            <select {...c} value={fields.nation} onChange={set('nation')} disabled={!!officerNation && choices.length === 1}>
              {officerNation ? null : <option value="">Choose a nation</option>}
              {choices.map((n) => (
                <option value={n.iso3}>{n.name}</option>
              ))}
              {officerNation && !choices.length ? <option value={officerNation}>{officerNation}</option> : null}
            </select>
          )}
        </Field>
        <Field id="np-title" label="Title" required errors={problems.byField.title} class="wide">
          {(c) => <input {...c} type="text" value={fields.title} onInput={set('title')} />}
        </Field>
        <Field id="np-period_from" label="From" required errors={problems.byField.period_from} help="The first day of the programme">
          {(c) => <input {...c} type="date" value={fields.period_from} onInput={set('period_from')} />}
        </Field>
        <Field id="np-period_to" label="Until" required errors={problems.byField.period_to} help="Its last day">
          {(c) => <input {...c} type="date" value={fields.period_to} onInput={set('period_to')} />}
        </Field>
        <Field id="np-review_on" label="Review date" errors={problems.byField.review_on} help="When progress is to be reviewed">
          {(c) => <input {...c} type="date" value={fields.review_on} onInput={set('review_on')} />}
        </Field>
      </div>
      <ProblemBox error={write.error} what="The programme was not created" fields={problems} idPrefix="np-" id="new-programme-problem" labels={PROGRAMME_LABELS} />
      <div class="form-actions">
        <button type="submit" class="btn primary" disabled={write.busy} data-testid="new-programme-submit">
          {write.busy ? 'Creating…' : 'Create the draft'}
        </button>
        <button type="button" class="btn" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

// =====================================================================================
// #/programme/ID
// =====================================================================================

export function ProgrammePage({ id, q = {} }: { id: string; q?: Record<string, string> }) {
  return (
    <ManageGate title="Partnership programme" why={WHY}>
      {/^\d+$/.test(id) ? (
        <ProgrammeDetail id={Number(id)} q={q} />
      ) : (
        <div class="page manage-page">
          <section class="card" aria-labelledby="programme-missing-h">
            <h1 id="programme-missing-h" class="page-h1">
              No such programme
            </h1>
            <p class="error" role="alert">
              “{id}” is no programme number. Find the programme in the <a href={href({ view: 'programmes', q: {} })}>list of programmes</a>.
            </p>
          </section>
        </div>
      )}
    </ManageGate>
  );
}

interface Conflict {
  version: number;
  state: string;
}

function ProgrammeDetail({ id, q }: { id: number; q: Record<string, string> }) {
  const res = useAsync(`programme:${id}`, () => manageApi.programme(id));
  const workflows = useAsync('workflows', manageApi.workflows);
  const nations = useAsync('nations', () => api.nations());
  const [view, setView] = useState<ProgrammeView | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [status, setStatus] = useState('');
  const nationName = useMemo(() => new Map((nations.data?.nations ?? []).map((n) => [n.iso3, n.name])), [nations.data]);

  // a read never replaces a newer answer of a write
  useEffect(() => {
    const d = res.data;
    if (!d) return;
    setView((v) => (!v || v.id !== d.id || d.version >= v.version ? d : v));
  }, [res.data]);
  useEffect(() => setView(null), [id]);
  useEffect(() => {
    if (view) nameRecord('programme', String(id), view.title);
  }, [view?.title, id]);
  // read again soon after an open round's deadline, and every 30 s otherwise
  useEffect(() => {
    if (!view) return;
    const t = setTimeout(() => res.reload(), nextRefreshMs(view.rounds, Date.now()));
    return () => clearTimeout(t);
  }, [view]);
  // a link to one round (from the inbox) brings it into view once
  const shownRound = useRef<string | null>(null);
  useEffect(() => {
    if (!view || !q.round || shownRound.current === q.round) return;
    shownRound.current = q.round;
    // after the page's heading has taken focus (which scrolls it into view)
    requestAnimationFrame(() => requestAnimationFrame(() => document.getElementById(`round-${q.round}`)?.scrollIntoView({ block: 'start' })));
  }, [view, q.round]);

  /** the programme as a write answered it */
  const accept = (next: ProgrammeView, message: string) => {
    setView(next);
    setConflict(null);
    setStatus(message);
  };
  /** a 409: the programme as it now stands, and a notice */
  const onError = (e: unknown) => {
    const current = conflictView<ProgrammeView>(e);
    if (current) {
      setView(current);
      setConflict({ version: current.version, state: current.state });
    }
  };
  const write = async (fn: () => Promise<ProgrammeView>, message: string) => {
    try {
      accept(await fn(), message);
    } catch (e) {
      onError(e);
      throw e;
    }
  };

  if (!view) {
    return (
      <div class="page manage-page">
        {res.error ? (
          <section class="card" aria-labelledby="programme-error-h">
            <h1 id="programme-error-h" class="page-h1">
              Programme {id}
            </h1>
            <ErrorBox error={res.error} what={`programme ${id}`} retry={res.reload} />
            <p>
              <a href={href({ view: 'programmes', q: {} })}>All programmes</a>
            </p>
          </section>
        ) : (
          <Loading label="Loading the programme…" />
        )}
      </div>
    );
  }

  const steps = workflows.data?.steps ?? [];
  const openers = roundOpeners(steps, ITPP);
  return (
    <div class="page manage-page programme-page" data-programme={view.id} data-version={view.version}>
      <ProgrammeHead view={view} steps={steps} nationName={nationName} write={write} />
      {conflict ? (
        <div class="warnbox conflict-note" role="alert" data-testid="conflict-note">
          <p>
            This programme changed while you were working on it: someone else took a step or changed its content. Nothing of yours was saved. It now
            stands as shown on this page (version {conflict.version}, {words(conflict.state).toLowerCase()}); check it and try again.
          </p>
          <button type="button" class="btn small-btn" onClick={() => setConflict(null)}>
            Dismiss
          </button>
        </div>
      ) : null}
      <ErrorBox error={res.error} what="the latest state of the programme" retry={res.reload} />
      <p class="sr-only" role="status">
        {status}
      </p>
      <ActionsCard view={view} openers={openers} write={write} />
      <RoundsCard view={view} nationName={nationName} onPosition={() => res.reload()} />
      <TreeCard view={view} write={write} />
      {view.dcb_packages.length ? <DcbCard view={view} /> : null}
      <HistoryCard view={view} />
    </div>
  );
}

type Write = (fn: () => Promise<ProgrammeView>, message: string) => Promise<void>;

// ---------- the head: title, facts, the track of states, its details ----------

function ProgrammeHead({ view, steps, nationName, write }: { view: ProgrammeView; steps: WorkflowStep[]; nationName: Map<string, string>; write: Write }) {
  const [editing, setEditing] = useState(false);
  // the programme started in the state its first step left (or is in it still)
  const first = view.history[0]?.from_state ?? view.state;
  const track = steps.length ? stateTrack(workflowPath(steps, ITPP, first), steps, ITPP, view.state) : [];
  return (
    <section class="card programme-head" aria-labelledby="programme-h">
      <p class="eyebrow">
        <a href={href({ view: 'programmes', q: {} })}>Partnership programmes</a> · {view.nation_name || nationName.get(view.nation) || view.nation}
      </p>
      <div class="card-head">
        <h1 id="programme-h" class="page-h1">
          {view.title}
        </h1>
        {view.editable && !editing ? (
          <button type="button" class="btn small-btn" aria-expanded="false" onClick={() => setEditing(true)} data-testid="edit-details">
            Edit the details
          </button>
        ) : null}
      </div>
      <p class="programme-state">
        <span class="eyebrow">State</span>{' '}
        <strong data-testid="programme-state" data-state={view.state}>
          {words(view.state)}
        </strong>
        <span class="muted small"> · version {view.version}</span>
      </p>
      {track.length ? (
        <ol class="state-track" aria-label="The steps of a programme" data-testid="state-track">
          {track.map((t) => (
            <li class={`track-${t.status}${t.aside ? ' track-aside' : ''}`} aria-current={t.status === 'current' ? 'step' : undefined} data-state={t.state}>
              <span class="track-dot" aria-hidden="true" />
              <span class="track-label">
                {words(t.state)}
                <span class="sr-only">{t.status === 'done' ? ' (passed)' : t.status === 'current' ? ' (current)' : ''}</span>
              </span>
            </li>
          ))}
        </ol>
      ) : null}
      {editing ? (
        <DetailsForm view={view} write={write} onDone={() => setEditing(false)} />
      ) : (
        <dl class="facts programme-facts">
          <div>
            <dt>Nation</dt>
            <dd>
              <a href={href({ view: 'nation', id: view.nation, q: {} })}>{view.nation_name || nationName.get(view.nation) || view.nation}</a>
            </dd>
          </div>
          <div>
            <dt>Approved by</dt>
            <dd>{view.organisation} Council</dd>
          </div>
          <div>
            <dt>Period</dt>
            <dd>
              <DateRange from={view.period_from} to={view.period_to} />
            </dd>
          </div>
          <div>
            <dt>Review</dt>
            <dd>{view.review_on ? <time dateTime={view.review_on}>{fmtShort(view.review_on)}</time> : <span class="muted">none set</span>}</dd>
          </div>
          <div>
            <dt>Drafted by</dt>
            <dd>
              {view.created_by}, <Time value={view.created_at} />
            </dd>
          </div>
          <div>
            <dt>Last change</dt>
            <dd>
              <Time value={view.updated_at} />
            </dd>
          </div>
        </dl>
      )}
      <ViewTools title={`${view.title} (${view.nation_name || view.nation})`} api={programmePath(view.id)} csv={false} stem={['programme', String(view.id)]} />
    </section>
  );
}

function DetailsForm({ view, write, onDone }: { view: ProgrammeView; write: Write; onDone: () => void }) {
  const [fields, setFields] = useState({ title: view.title, period_from: view.period_from, period_to: view.period_to, review_on: view.review_on ?? '' });
  const w = useWrite();
  const problems = fieldProblems(w.error, PROGRAMME_FIELDS);
  const set = (k: keyof typeof fields) => (e: Event) => setFields({ ...fields, [k]: inputValue(e) });
  const submit = async (e: Event) => {
    e.preventDefault();
    const ok = await w.run(() => write(() => manageApi.updateProgramme(view.id, view.version, fields), 'The details are saved.'));
    if (ok) onDone();
  };
  return (
    <form class="manage-form" onSubmit={submit} noValidate data-testid="details-form">
      <h2 class="form-h">The programme's details</h2>
      <div class="form-grid">
        <Field id="pd-title" label="Title" required errors={problems.byField.title} class="wide">
          {(c) => <input {...c} type="text" value={fields.title} onInput={set('title')} />}
        </Field>
        <Field id="pd-period_from" label="From" required errors={problems.byField.period_from}>
          {(c) => <input {...c} type="date" value={fields.period_from} onInput={set('period_from')} />}
        </Field>
        <Field id="pd-period_to" label="Until" required errors={problems.byField.period_to}>
          {(c) => <input {...c} type="date" value={fields.period_to} onInput={set('period_to')} />}
        </Field>
        <Field id="pd-review_on" label="Review date" errors={problems.byField.review_on} help="Empty: none">
          {(c) => <input {...c} type="date" value={fields.review_on} onInput={set('review_on')} />}
        </Field>
      </div>
      <ProblemBox error={w.error} what="The details were not saved" fields={problems} idPrefix="pd-" labels={PROGRAMME_LABELS} />
      <div class="form-actions">
        <button type="submit" class="btn primary" disabled={w.busy}>
          {w.busy ? 'Saving…' : 'Save the details'}
        </button>
        <button type="button" class="btn" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

// ---------- the steps the user may take ----------

function ActionsCard({ view, openers, write }: { view: ProgrammeView; openers: Set<string>; write: Write }) {
  const [open, setOpen] = useState<string | null>(null);
  // a step taken elsewhere (or by this form) closes a form whose step is no longer offered
  useEffect(() => {
    if (open && !view.actions.some((a) => a.action === open && a.allowed)) setOpen(null);
  }, [view.actions]);
  const option = view.actions.find((a) => a.action === open) ?? null;
  return (
    <section class="card actions-card" aria-labelledby="actions-h" data-testid="actions">
      <h2 id="actions-h">Next steps</h2>
      {view.actions.length ? (
        <ul class="action-list">
          {view.actions.map((a) => {
            const reasonId = `reason-${a.action}`;
            const note = approvalsNote(a);
            return (
              <li data-action={a.action}>
                <button
                  type="button"
                  class={`btn${a.allowed ? ' primary' : ''}`}
                  disabled={!a.allowed}
                  aria-expanded={a.allowed ? open === a.action : undefined}
                  aria-controls={a.allowed ? 'step-form' : undefined}
                  aria-describedby={!a.allowed && a.reason ? reasonId : undefined}
                  data-action={a.action}
                  onClick={() => setOpen(open === a.action ? null : a.action)}
                >
                  {actionLabel(a.action)}
                </button>
                <span class="muted small action-to">→ {words(a.to).toLowerCase()}</span>
                {note ? <span class="small action-approvals">{note}</span> : null}
                {!a.allowed && a.reason ? (
                  <span class="action-reason small" id={reasonId} data-reason-for={a.action}>
                    {a.reason}
                  </span>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : (
        <p class="muted" data-testid="no-actions">
          No step of the programme follows from its state ({words(view.state).toLowerCase()}) for you. {view.state === 'in-council' ? 'The Council decides it.' : ''}
        </p>
      )}
      {option && option.allowed ? <StepForm view={view} option={option} round={openers.has(option.action)} write={write} onClose={() => setOpen(null)} /> : null}
    </section>
  );
}

function StepForm({ view, option, round, write, onClose }: { view: ProgrammeView; option: ActionOption; round: boolean; write: Write; onClose: () => void }) {
  const [comment, setComment] = useState('');
  const [attachments, setAttachments] = useState('');
  const [procedure, setProcedure] = useState<string>(ROUND_PROCEDURES[0].procedure);
  const [deadline, setDeadline] = useState(() => toLocalInput(defaultDeadline(new Date())));
  const [localError, setLocalError] = useState<Record<string, string[]>>({});
  const w = useWrite();
  const problems = fieldProblems(w.error, ['comment', 'procedure', 'deadline', 'attachments']);
  const errors = (k: string) => [...(localError[k] ?? []), ...(problems.byField[k] ?? [])];
  useEffect(() => {
    document.querySelector<HTMLElement>('#step-form textarea, #step-form input')?.focus();
  }, [option.action]);
  const submit = async (e: Event) => {
    e.preventDefault();
    const missing: Record<string, string[]> = {};
    if (option.comment_required && !comment.trim()) missing.comment = ['This step needs a comment: say why.'];
    const at = round ? fromLocalInput(deadline) : null;
    if (round && !at) missing.deadline = ['Give the day and time of the deadline.'];
    setLocalError(missing);
    if (Object.keys(missing).length) {
      requestAnimationFrame(() => document.querySelector<HTMLElement>('#step-form [aria-invalid="true"]')?.focus());
      return;
    }
    const links = attachments
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean);
    const body = {
      action: option.action,
      comment: comment.trim() || undefined,
      ...(links.length ? { attachments: links } : {}),
      ...(round ? { procedure, deadline: at! } : {}),
    };
    const ok = await w.run(() => write(() => manageApi.step(view.id, view.version, body), `${actionLabel(option.action)}: done.`));
    if (ok) {
      void refreshInbox();
      onClose();
    } else requestAnimationFrame(() => document.getElementById('step-problem')?.focus());
  };
  return (
    <form id="step-form" class="manage-form step-form" onSubmit={submit} noValidate data-testid="step-form" data-action={option.action}>
      <h3 class="form-h">
        {actionLabel(option.action)} <span class="muted">→ {words(option.to).toLowerCase()}</span>
      </h3>
      {round ? (
        <>
          <fieldset class="radio-group">
            <legend>Procedure</legend>
            {ROUND_PROCEDURES.map((p) => (
              <label class="check radio-choice">
                <input type="radio" name="step-procedure" value={p.procedure} checked={procedure === p.procedure} onChange={() => setProcedure(p.procedure)} data-procedure={p.procedure} />
                <span>
                  <strong>{PROCEDURE_LABELS[p.procedure]}</strong> <span class="muted small">{p.help}</span>
                </span>
              </label>
            ))}
            {problems.byField.procedure ? <span class="field-error">{problems.byField.procedure.join(' ')}</span> : null}
          </fieldset>
          <Field id="step-deadline" label="Deadline" required errors={errors('deadline')} help="In your local time; the Council decides by then at the latest. It starts 72 hours from now.">
            {(c) => <input {...c} type="datetime-local" step={1} value={deadline} onInput={(e) => setDeadline(inputValue(e))} data-testid="step-deadline" />}
          </Field>
        </>
      ) : null}
      <Field id="step-comment" label="Comment" required={option.comment_required} errors={errors('comment')} help={option.comment_required ? 'This step needs one: the reasons go into the history.' : 'Kept in the history.'}>
        {(c) => (
          <textarea
            {...c}
            rows={3}
            value={comment}
            onInput={(e) => setComment((e.currentTarget as HTMLTextAreaElement).value)}
            data-testid="step-comment"
          />
        )}
      </Field>
      <Field id="step-attachments" label="Documents" errors={errors('attachments')} help="The web address (http or https) of each document the step refers to, one per line; kept in the history.">
        {(c) => (
          <textarea
            {...c}
            rows={2}
            value={attachments}
            onInput={(e) => setAttachments((e.currentTarget as HTMLTextAreaElement).value)}
            data-testid="step-attachments"
          />
        )}
      </Field>
      <ProblemBox error={w.error} what={`${actionLabel(option.action)} was refused`} fields={problems} idPrefix="step-" id="step-problem" labels={{ comment: 'Comment', procedure: 'Procedure', deadline: 'Deadline', attachments: 'Documents' }} />
      <div class="form-actions">
        <button type="submit" class="btn primary" disabled={w.busy} data-testid="step-submit">
          {w.busy ? 'Sending…' : actionLabel(option.action)}
        </button>
        <button type="button" class="btn" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}

// ---------- council rounds ----------

function RoundsCard({ view, nationName, onPosition }: { view: ProgrammeView; nationName: Map<string, string>; onPosition: () => void }) {
  const rounds = [...view.rounds].sort((a, b) => b.id - a.id);
  return (
    <section class="card rounds-card" aria-labelledby="rounds-h" data-testid="rounds">
      <h2 id="rounds-h">Council rounds</h2>
      {rounds.length ? (
        rounds.map((r) => <Round round={r} number={view.rounds.filter((x) => x.id <= r.id).length} nationName={nationName} onPosition={onPosition} />)
      ) : (
        <p class="muted">The programme has not been put to the Council. Staff refer it once they have reviewed it.</p>
      )}
    </section>
  );
}

function Round({ round: r, number, nationName, onPosition }: { round: CouncilRound; number: number; nationName: Map<string, string>; onPosition: () => void }) {
  const now = useNow(r.state === 'open' ? 1000 : null);
  const left = r.state === 'open' ? timeLeft(r.deadline, now) : null;
  const closing = roundClosing(r, now);
  const silence = r.procedure === 'silence';
  const name = (iso3: string) => nationName.get(iso3) ?? iso3;
  const sort = useSortable(r.positions, {
    nation: (p) => name(p.nation),
    position: (p) => p.position,
    at: (p) => p.at,
  });
  return (
    <article class={`round round-${r.state}`} id={`round-${r.id}`} data-round={r.id} data-state={r.state} aria-labelledby={`round-${r.id}-h`}>
      <div class="round-head">
        <h3 class="round-h" id={`round-${r.id}-h`}>
          Round {number}: {r.question}
        </h3>
        <span class={`state-badge rs-${r.state}`} data-testid="round-state">
          {label(ROUND_STATE_LABELS, r.state)}
        </span>
      </div>
      <dl class="facts compact-facts">
        <div>
          <dt>Procedure</dt>
          <dd>{label(PROCEDURE_LABELS, r.procedure)}</dd>
        </div>
        <div>
          <dt>Opened</dt>
          <dd>
            by {r.opened_by}, <Time value={r.opened_at} />
          </dd>
        </div>
        <div>
          <dt>Deadline</dt>
          <dd>
            <Time value={r.deadline} />
            {r.state === 'open' ? (
              <span class={`countdown${closing ? ' due' : ''}`} data-testid="countdown">
                {' '}
                {left ? `(in ${left})` : '(passed: the round is being closed)'}
              </span>
            ) : null}
          </dd>
        </div>
        {r.state !== 'open' ? (
          <div>
            <dt>Outcome</dt>
            <dd data-testid="round-outcome">
              {label(OUTCOME_LABELS, r.outcome)}
              {r.decided_at ? (
                <>
                  , <Time value={r.decided_at} />
                </>
              ) : null}
            </dd>
          </div>
        ) : null}
      </dl>
      <h4 class="sub-h">{silence ? 'Silence broken' : 'Positions'}</h4>
      {r.positions.length ? (
        <div class="table-wrap">
          <table class="table positions-list" data-testid="positions">
            <caption class="sr-only">The positions stated in round {number}</caption>
            <thead>
              <tr>
                <sort.Th col="nation">Ally</sort.Th>
                <sort.Th col="position">Position</sort.Th>
                <th scope="col">Reason</th>
                <sort.Th col="at">When</sort.Th>
              </tr>
            </thead>
            <tbody>
              {sort.rows.map((p) => (
                <tr data-nation={p.nation} data-position={p.position}>
                  <td data-label="Ally">
                    <a href={href({ view: 'nation', id: p.nation, q: {} })}>{name(p.nation)}</a>
                    <span class="muted small"> · {p.actor}</span>
                  </td>
                  <td data-label="Position">{silence && p.position === 'object' ? 'Broke silence' : label(POSITION_LABELS, p.position)}</td>
                  <td data-label="Reason" class="position-reason">
                    {p.reason || <span class="muted">—</span>}
                  </td>
                  <td data-label="When">
                    <Time value={p.at} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="muted small">{silence ? 'No Ally has broken silence.' : 'No Ally has stated its position yet.'}</p>
      )}
      {r.awaiting.length ? (
        <details class="awaiting">
          <summary>
            {r.awaiting.length} {r.awaiting.length === 1 ? 'Ally' : 'Allies'} {silence ? (r.state === 'open' ? 'keep' : 'kept') : 'did not state a position'}
            {silence ? ' silent' : ''}
          </summary>
          <ul class="nation-codes">
            {r.awaiting.map((n) => (
              <li>
                <abbr title={name(n)}>{n}</abbr>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {r.state !== 'open' && r.reasoning.length ? (
        <>
          <h4 class="sub-h">Reasoning</h4>
          <Reasoning items={r.reasoning} testid={`round-${r.id}-reasoning`} />
        </>
      ) : null}
      {r.may_state_position && !closing ? <PositionForm round={r} onDone={onPosition} /> : null}
    </article>
  );
}

const POSITION_CHOICES = VOCABULARY.position.filter((p): p is 'support' | 'object' | 'abstain' => p === 'support' || p === 'object' || p === 'abstain');

function PositionForm({ round, onDone }: { round: CouncilRound; onDone: () => void }) {
  const silence = round.procedure === 'silence';
  const [position, setPosition] = useState<'support' | 'object' | 'abstain'>(silence ? 'object' : 'support');
  const [reason, setReason] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);
  const w = useWrite();
  const problems = fieldProblems(w.error, ['position', 'reason']);
  const prefix = `pos-${round.id}-`;
  const reasonErrors = [...(localError ? [localError] : []), ...(problems.byField.reason ?? [])];
  const submit = async (e: Event) => {
    e.preventDefault();
    if (position === 'object' && !reason.trim()) {
      setLocalError(silence ? 'Breaking silence needs a reason: say why.' : 'An objection needs a reason: say why.');
      requestAnimationFrame(() => document.getElementById(`${prefix}reason`)?.focus());
      return;
    }
    setLocalError(null);
    const ok = await w.run(() => manageApi.statePosition(round.id, { position, reason: reason.trim() || undefined }));
    if (ok) {
      void refreshInbox();
      onDone();
    }
  };
  return (
    <form class="manage-form position-form" onSubmit={submit} noValidate data-testid="position-form" aria-labelledby={`${prefix}h`}>
      <h4 class="sub-h" id={`${prefix}h`}>
        {silence ? 'Break silence' : 'Your nation’s position'}
      </h4>
      {silence ? (
        <p class="small">Under the silence procedure the draft is adopted at the deadline unless an Ally breaks silence. To object, break silence and say why.</p>
      ) : (
        <fieldset class="radio-group">
          <legend>Position</legend>
          {POSITION_CHOICES.map((p) => (
            <label class="check radio-choice">
              <input type="radio" name={`${prefix}position`} value={p} checked={position === p} onChange={() => setPosition(p)} data-position={p} />
              <span>{POSITION_LABELS[p]}</span>
            </label>
          ))}
        </fieldset>
      )}
      <Field id={`${prefix}reason`} label="Reason" required={position === 'object'} errors={reasonErrors} help={position === 'object' ? 'The other Allies and the partner read it.' : undefined}>
        {(c) => <textarea {...c} rows={3} value={reason} onInput={(e) => setReason((e.currentTarget as HTMLTextAreaElement).value)} data-testid="position-reason" />}
      </Field>
      <ProblemBox error={w.error} what="The position was not recorded" fields={problems} idPrefix={prefix} labels={{ position: 'Position', reason: 'Reason' }} />
      <div class="form-actions">
        <button type="submit" class={`btn primary${position === 'object' ? ' danger' : ''}`} disabled={w.busy} data-testid="position-submit">
          {w.busy ? 'Sending…' : silence ? 'Break silence' : `State: ${POSITION_LABELS[position].toLowerCase()}`}
        </button>
      </div>
    </form>
  );
}

// ---------- objectives → goals → activities ----------

function TreeCard({ view, write }: { view: ProgrammeView; write: Write }) {
  const tree = programmeTree(view);
  const editable = view.editable;
  const empty = !view.objectives.length && !view.goals.length && !view.activities.length;
  return (
    <section class="card tree-card" aria-labelledby="tree-h" data-testid="tree">
      <h2 id="tree-h">Objectives, goals and activities</h2>
      <p class="muted small">
        {editable
          ? 'You can change the content while the programme is a draft or returned for changes.'
          : `The content is fixed while the programme is ${words(view.state).toLowerCase()}; it changes while it is a draft or returned for changes.`}
      </p>
      {empty ? (
        <p class="empty-note">{editable ? 'No objective yet. Add the first one below; then goals under it, and activities under each goal.' : 'The programme has no objectives yet.'}</p>
      ) : null}
      <ol class="tree">
        {tree.objectives.map((o) => (
          <li class="tree-objective" data-objective={o.objective.id}>
            <PartRow kind="objectives" view={view} part={o.objective} write={write} heading={<h3 class="tree-h">{o.objective.title}</h3>} what="objective">
              {o.objective.description ? <p class="tree-text">{o.objective.description}</p> : null}
            </PartRow>
            <GoalList goals={o.goals} view={view} write={write} />
            {editable ? <AddPart kind="goals" view={view} write={write} objective={o.objective.id} /> : null}
          </li>
        ))}
      </ol>
      {tree.looseGoals.length ? (
        <div class="tree-loose">
          <h3 class="tree-h muted">Goals of no objective</h3>
          <GoalList goals={tree.looseGoals} view={view} write={write} />
        </div>
      ) : null}
      {tree.looseActivities.length ? (
        <div class="tree-loose">
          <h3 class="tree-h muted">Activities of no goal</h3>
          <ul class="tree-activities">
            {tree.looseActivities.map((a) => (
              <ActivityItem activity={a} view={view} write={write} />
            ))}
          </ul>
        </div>
      ) : null}
      {editable ? <AddPart kind="objectives" view={view} write={write} /> : null}
    </section>
  );
}

function GoalList({ goals, view, write }: { goals: GoalNode[]; view: ProgrammeView; write: Write }) {
  if (!goals.length) return view.editable ? null : <p class="muted small tree-indent">No goals.</p>;
  return (
    <ol class="tree-goals">
      {goals.map((g) => (
        <li class="tree-goal" data-goal={g.goal.id}>
          <PartRow
            kind="goals"
            view={view}
            part={g.goal}
            write={write}
            what="goal"
            heading={
              <h4 class="tree-h4">
                {g.goal.code ? <span class="goal-code">{g.goal.code}</span> : null} {g.goal.title}
              </h4>
            }
          >
            {g.goal.indicator ? (
              <p class="tree-text small">
                <span class="eyebrow">Indicator</span> {g.goal.indicator}
              </p>
            ) : null}
          </PartRow>
          {g.activities.length ? (
            <ul class="tree-activities">
              {g.activities.map((a) => (
                <ActivityItem activity={a} view={view} write={write} />
              ))}
            </ul>
          ) : (
            <p class="muted small tree-indent">No activities.</p>
          )}
          {view.editable ? <AddPart kind="activities" view={view} write={write} goal={g.goal.id} /> : null}
        </li>
      ))}
    </ol>
  );
}

function ActivityItem({ activity: a, view, write }: { activity: ProgrammeActivity; view: ProgrammeView; write: Write }) {
  return (
    <li class="tree-activity" data-activity={a.id} data-menu-item={a.menu_item || undefined}>
      <PartRow
        kind="activities"
        view={view}
        part={a}
        write={write}
        what="activity"
        heading={
          <p class="activity-line">
            <span class="activity-title">{a.title}</span>{' '}
            <span class="tag">{a.menu_item ? 'From the menu' : 'Bilateral'}</span> <span class={`tag act-${a.state}`}>{label(ACTIVITY_STATE_LABELS, a.state)}</span>
            {a.from || a.to ? (
              <span class="muted small">
                {' '}
                <ActivityDates from={a.from} to={a.to} />
              </span>
            ) : null}
          </p>
        }
      />
    </li>
  );
}

/** an activity's days: both ends, or the one known ("from 1 Jun 2027", "until 20 Jun 2027") */
function ActivityDates({ from, to }: { from: string | null; to: string | null }) {
  const day = (d: string) => <time dateTime={d}>{fmtShort(d)}</time>;
  if (from && to) return <DateRange from={from} to={to} />;
  if (from) return <>from {day(from)}</>;
  if (to) return <>until {day(to)}</>;
  return null;
}

type AnyPart = Objective | PartnershipGoal | ProgrammeActivity;

/** a part with Edit and Remove while the programme is editable */
function PartRow({
  kind,
  view,
  part,
  write,
  heading,
  what,
  children,
}: {
  kind: PartKind;
  view: ProgrammeView;
  part: AnyPart;
  write: Write;
  heading: ComponentChildren;
  what: string;
  children?: ComponentChildren;
}) {
  const [mode, setMode] = useState<'show' | 'edit' | 'remove'>('show');
  const w = useWrite();
  if (mode === 'edit') return <PartForm kind={kind} view={view} part={part} write={write} onDone={() => setMode('show')} />;
  const remove = async () => {
    const ok = await w.run(() => write(() => manageApi.removePart(view.id, kind, part.id, part.version), `The ${what} is removed.`));
    if (ok) setMode('show');
  };
  return (
    <div class="part-row">
      <div class="part-main">
        {heading}
        {children}
      </div>
      {view.editable ? (
        <div class="part-tools">
          {mode === 'remove' ? (
            <>
              <span class="small">
                Remove this {what}?{kind === 'objectives' ? ' Its goals stay, without an objective.' : kind === 'goals' ? ' Its activities stay, without a goal.' : ''}
              </span>
              <button type="button" class="btn small-btn danger" disabled={w.busy} onClick={remove} data-testid="confirm-remove">
                Remove
              </button>
              <button type="button" class="btn small-btn" onClick={() => setMode('show')}>
                Keep
              </button>
            </>
          ) : (
            <>
              <button type="button" class="btn small-btn" onClick={() => setMode('edit')} aria-label={`Edit the ${what} “${part.title}”`}>
                Edit
              </button>
              <button type="button" class="btn small-btn" onClick={() => setMode('remove')} aria-label={`Remove the ${what} “${part.title}”`}>
                Remove
              </button>
            </>
          )}
          {w.error ? <ProblemBox error={w.error} what={`The ${what} was not removed`} /> : null}
        </div>
      ) : null}
    </div>
  );
}

const PART_WHAT: Record<PartKind, string> = { objectives: 'objective', goals: 'goal', activities: 'activity' };

/** the button that opens the form of a new part, and the form */
function AddPart({ kind, view, write, objective, goal }: { kind: PartKind; view: ProgrammeView; write: Write; objective?: number; goal?: number }) {
  const [open, setOpen] = useState(false);
  if (open) return <PartForm kind={kind} view={view} write={write} objective={objective} goal={goal} onDone={() => setOpen(false)} />;
  return (
    <button type="button" class="btn small-btn add-part" aria-expanded="false" onClick={() => setOpen(true)} data-add={kind}>
      + Add {kind === 'objectives' ? 'an objective' : kind === 'goals' ? 'a goal' : 'an activity'}
      {kind !== 'objectives' ? <span class="sr-only"> to this {kind === 'goals' ? 'objective' : 'goal'}</span> : null}
    </button>
  );
}

const PART_FIELDS = ['title', 'description', 'objective', 'code', 'indicator', 'goal', 'menu_item', 'from', 'to', 'state'];
const PART_LABELS: Record<string, string> = {
  title: 'Title',
  description: 'Description',
  objective: 'Objective',
  code: 'Code',
  indicator: 'Indicator',
  goal: 'Goal',
  menu_item: 'Menu activity',
  from: 'From',
  to: 'Until',
  state: 'State',
};

let formCounter = 0;

/** a new part, or a change to one */
function PartForm({
  kind,
  view,
  part,
  write,
  objective,
  goal,
  onDone,
}: {
  kind: PartKind;
  view: ProgrammeView;
  part?: AnyPart;
  write: Write;
  objective?: number;
  goal?: number;
  onDone: () => void;
}) {
  const [prefix] = useState(() => `part${++formCounter}-`);
  const o = part as Objective | undefined;
  const g = part as PartnershipGoal | undefined;
  const a = part as ProgrammeActivity | undefined;
  const [fields, setFields] = useState<Record<string, string>>(() => ({
    title: part?.title ?? '',
    description: o?.description ?? '',
    code: g?.code ?? '',
    indicator: g?.indicator ?? '',
    objective: String(g?.objective ?? objective ?? 0),
    goal: String(a?.goal ?? goal ?? 0),
    menu_item: a?.menu_item ?? '',
    from: a?.from ?? '',
    to: a?.to ?? '',
    state: a?.state ?? 'planned',
  }));
  const [source, setSource] = useState<'menu' | 'bilateral'>(a && !a.menu_item ? 'bilateral' : 'menu');
  const [localError, setLocalError] = useState<Record<string, string[]>>({});
  const w = useWrite();
  const problems = fieldProblems(w.error, PART_FIELDS);
  const errors = (k: string) => [...(localError[k] ?? []), ...(problems.byField[k] ?? [])];
  const set = (k: string) => (e: Event) => setFields({ ...fields, [k]: inputValue(e) });
  const what = PART_WHAT[kind];
  const creating = !part;
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    formRef.current?.querySelector<HTMLElement>('input:not([type="radio"]), textarea, select')?.focus();
  }, []);

  const body = (): PartFields => {
    if (kind === 'objectives') return { title: fields.title, description: fields.description };
    if (kind === 'goals') return { title: fields.title, code: fields.code, indicator: fields.indicator, objective: Number(fields.objective) };
    const out: PartFields = { goal: Number(fields.goal), from: fields.from, to: fields.to };
    if (!creating) out.state = fields.state as PartFields['state'];
    if (source === 'menu') {
      out.menu_item = fields.menu_item;
      // a menu activity keeps the menu's title unless it was renamed
      if (!creating && a?.menu_item === fields.menu_item && fields.title && fields.title !== a.title) out.title = fields.title;
    } else {
      out.menu_item = '';
      out.title = fields.title;
    }
    return out;
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    const missing: Record<string, string[]> = {};
    if (kind === 'activities' && source === 'menu' && !fields.menu_item) missing.menu_item = ['Choose an activity of the menu, or make it bilateral.'];
    if ((kind !== 'activities' || source === 'bilateral') && !fields.title.trim()) missing.title = ['Give it a title.'];
    setLocalError(missing);
    if (Object.keys(missing).length) {
      requestAnimationFrame(() => formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"], .picker-error')?.focus());
      return;
    }
    const ok = await w.run(() =>
      write(
        () => (part ? manageApi.updatePart(view.id, kind, part.id, part.version, body()) : manageApi.addPart(view.id, kind, body())),
        creating ? `The ${what} is added.` : `The ${what} is saved.`,
      ),
    );
    if (ok) onDone();
    else requestAnimationFrame(() => document.getElementById(`${prefix}problem`)?.focus());
  };

  return (
    <form ref={formRef} class="manage-form part-form" onSubmit={submit} noValidate data-testid={`part-form-${kind}`} aria-labelledby={`${prefix}h`}>
      <h3 class="form-h" id={`${prefix}h`}>
        {creating ? `New ${what}` : `Change the ${what}`}
      </h3>
      {kind === 'activities' ? (
        <fieldset class="radio-group inline-radios">
          <legend>Kind of activity</legend>
          <label class="check radio-choice">
            <input type="radio" name={`${prefix}source`} checked={source === 'menu'} onChange={() => setSource('menu')} data-source="menu" />
            <span>From the cooperation menu</span>
          </label>
          <label class="check radio-choice">
            <input type="radio" name={`${prefix}source`} checked={source === 'bilateral'} onChange={() => setSource('bilateral')} data-source="bilateral" />
            <span>Bilateral</span>
          </label>
        </fieldset>
      ) : null}
      {kind === 'activities' && source === 'menu' ? (
        <MenuPicker nation={view.nation} value={fields.menu_item} onChange={(id) => setFields({ ...fields, menu_item: id })} errors={errors('menu_item')} prefix={prefix} />
      ) : null}
      <div class="form-grid">
        {kind === 'goals' ? (
          <Field id={`${prefix}code`} label="Code" errors={errors('code')} help="e.g. G1">
            {(c) => <input {...c} type="text" value={fields.code} onInput={set('code')} />}
          </Field>
        ) : null}
        {kind !== 'activities' || source === 'bilateral' || (!creating && source === 'menu') ? (
          <Field id={`${prefix}title`} label="Title" required={kind !== 'activities' || source === 'bilateral'} errors={errors('title')} class="wide" help={kind === 'activities' && source === 'menu' ? 'Empty: the menu’s title' : undefined}>
            {(c) => <input {...c} type="text" value={fields.title} onInput={set('title')} />}
          </Field>
        ) : null}
        {kind === 'objectives' ? (
          <Field id={`${prefix}description`} label="Description" errors={errors('description')} class="wide">
            {(c) => <textarea {...c} rows={2} value={fields.description} onInput={set('description')} />}
          </Field>
        ) : null}
        {kind === 'goals' ? (
          <>
            <Field id={`${prefix}indicator`} label="Indicator" errors={errors('indicator')} class="wide" help="How progress is measured">
              {(c) => <input {...c} type="text" value={fields.indicator} onInput={set('indicator')} />}
            </Field>
            {!creating ? (
              <Field id={`${prefix}objective`} label="Objective" errors={errors('objective')}>
                {(c) => (
                  <select {...c} value={fields.objective} onChange={set('objective')}>
                    <option value="0">None</option>
                    {view.objectives.map((x) => (
                      <option value={String(x.id)}>{x.title}</option>
                    ))}
                  </select>
                )}
              </Field>
            ) : null}
          </>
        ) : null}
        {kind === 'activities' ? (
          <>
            <Field id={`${prefix}from`} label="From" errors={errors('from')} help={`Within ${fmtShort(view.period_from)} – ${fmtShort(view.period_to)}`}>
              {(c) => <input {...c} type="date" min={view.period_from} max={view.period_to} value={fields.from} onInput={set('from')} />}
            </Field>
            <Field id={`${prefix}to`} label="Until" errors={errors('to')}>
              {(c) => <input {...c} type="date" min={view.period_from} max={view.period_to} value={fields.to} onInput={set('to')} />}
            </Field>
            {!creating ? (
              <>
                <Field id={`${prefix}state`} label="State" errors={errors('state')}>
                  {(c) => (
                    <select {...c} value={fields.state} onChange={set('state')}>
                      {VOCABULARY.activity_state.map((s) => (
                        <option value={s}>{ACTIVITY_STATE_LABELS[s]}</option>
                      ))}
                    </select>
                  )}
                </Field>
                <Field id={`${prefix}goal`} label="Goal" errors={errors('goal')}>
                  {(c) => (
                    <select {...c} value={fields.goal} onChange={set('goal')}>
                      <option value="0">None</option>
                      {view.goals.map((x) => (
                        <option value={String(x.id)}>{[x.code, x.title].filter(Boolean).join(' ')}</option>
                      ))}
                    </select>
                  )}
                </Field>
              </>
            ) : null}
          </>
        ) : null}
      </div>
      <ProblemBox error={w.error} what={creating ? `The ${what} was not added` : `The ${what} was not saved`} fields={problems} idPrefix={prefix} id={`${prefix}problem`} labels={PART_LABELS} />
      <div class="form-actions">
        <button type="submit" class="btn primary" disabled={w.busy} data-testid="part-submit">
          {w.busy ? 'Saving…' : creating ? `Add the ${what}` : 'Save'}
        </button>
        <button type="button" class="btn" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** a searchable choice among the menu's activities open to `nation` (GET /menu?nation=…) */
function MenuPicker({ nation, value, onChange, errors, prefix }: { nation: string; value: string; onChange: (id: string) => void; errors: string[]; prefix: string }) {
  const [text, setText] = useState('');
  const search = useDebounced(text.trim(), 200);
  const menu = useAsync(`menu:${nation}:${search}`, () => manageApi.menu({ nation, q: search || undefined }));
  const all = useAsync(`menu:${nation}:`, () => manageApi.menu({ nation }));
  const items = menu.data?.items ?? [];
  const chosen: MenuItem | undefined = (all.data?.items ?? []).find((i) => i.id === value) ?? items.find((i) => i.id === value);
  const errorId = errors.length ? `${prefix}menu-error` : undefined;
  return (
    <fieldset class="menu-picker" aria-describedby={errorId} data-testid="menu-picker">
      <legend>
        Activity of the cooperation menu <span class="req" aria-hidden="true">*</span>
      </legend>
      <label class="field" for={`${prefix}menu-search`}>
        <span class="eyebrow">Search the menu</span>
        <input type="search" id={`${prefix}menu-search`} value={text} placeholder="title, provider or area" onInput={(e) => setText(inputValue(e))} data-testid="menu-search" />
      </label>
      <p class="muted small" role="status">
        {menu.loading && !menu.data ? 'Loading the menu…' : `${items.length} activit${items.length === 1 ? 'y' : 'ies'} open to ${nation}${search ? ` matching “${search}”` : ''}.`}
      </p>
      <ErrorBox error={menu.error} what="the cooperation menu" retry={menu.reload} />
      <div class={`menu-choices${menu.loading ? ' stale' : ''}`}>
        {items.map((i) => (
          <label class="menu-choice" data-menu-item={i.id}>
            <input type="radio" name={`${prefix}menu`} value={i.id} checked={value === i.id} onChange={() => onChange(i.id)} />
            <span>
              <span class="menu-title">{i.title}</span>
              <span class="muted small">
                {' '}
                {words(i.kind)} · {words(i.area)} · {i.provider}
                {i.duration_days ? ` · ${i.duration_days} days` : ''}
              </span>
            </span>
          </label>
        ))}
        {menu.data && !items.length ? <p class="muted small">Nothing on the menu matches. Try other words, or make the activity bilateral.</p> : null}
      </div>
      {chosen ? (
        <p class="small menu-chosen" data-testid="menu-chosen">
          Chosen: <strong>{chosen.title}</strong>
        </p>
      ) : null}
      {errorId ? (
        <span class="field-error picker-error" id={errorId} tabIndex={-1}>
          {errors.join(' ')}
        </span>
      ) : null}
    </fieldset>
  );
}

// ---------- DCB packages ----------

function DcbCard({ view }: { view: ProgrammeView }) {
  return (
    <section class="card" aria-labelledby="dcb-h" data-testid="dcb">
      <h2 id="dcb-h">Defence capacity building</h2>
      <p class="muted small">The Defence and Related Security Capacity Building packages of {view.nation_name || view.nation}.</p>
      <ul class="dcb-list">
        {view.dcb_packages.map((p) => (
          <li>
            <p>
              <strong>Package</strong> <DateRange from={p.from} to={p.to} />
            </p>
            <p class="small">
              <span class="eyebrow">Sources</span> <Source src={p.source} />
            </p>
            <Note text={p.note} />
          </li>
        ))}
      </ul>
    </section>
  );
}

// ---------- history ----------

function HistoryCard({ view }: { view: ProgrammeView }) {
  const [filter, setFilter] = useState('');
  const rows = filterHistory(view.history, filter);
  const sort = useSortable<Transition, 'at' | 'actor' | 'action' | 'to'>(
    rows,
    {
      at: (t) => t.at,
      actor: (t) => t.actor,
      action: (t) => t.action,
      to: (t) => t.to_state,
    },
    { key: 'at', dir: 'asc' },
  );
  return (
    <section class="card history-card" aria-labelledby="history-h" data-testid="history">
      <div class="card-head">
        <h2 id="history-h">History</h2>
        <label class="field inline" for="history-filter">
          <span>Filter</span>
          <input type="search" id="history-filter" value={filter} placeholder="who, step or comment" onInput={(e) => setFilter(inputValue(e))} />
        </label>
      </div>
      {view.history.length ? (
        <>
          <p class="muted small" role="status">
            {rows.length === view.history.length ? `${rows.length} step${rows.length === 1 ? '' : 's'}.` : `${rows.length} of ${view.history.length} steps match “${filter}”.`}
          </p>
          {rows.length ? (
            <div class="table-wrap">
              <table class="table history-table">
                <caption class="sr-only">The steps the programme has taken</caption>
                <thead>
                  <tr>
                    <sort.Th col="at">When</sort.Th>
                    <sort.Th col="actor">Who</sort.Th>
                    <sort.Th col="action">Step</sort.Th>
                    <sort.Th col="to">State</sort.Th>
                    <th scope="col">Comment</th>
                  </tr>
                </thead>
                <tbody>
                  {sort.rows.map((t) => (
                    <tr data-step={t.action} class={t.effective ? '' : 'not-effective'}>
                      <td data-label="When">
                        <Time value={t.at} />
                      </td>
                      <td data-label="Who">
                        {t.actor === 'system' ? <span class="muted">the Council’s decision</span> : t.actor}
                        {t.actor_nation ? <span class="muted small"> · {t.actor_nation}</span> : null}
                      </td>
                      <td data-label="Step">
                        {words(t.action)}
                        {t.effective ? null : <span class="muted small"> (an approval; more are needed)</span>}
                      </td>
                      <td data-label="State">
                        {words(t.from_state)} → {words(t.to_state)}
                      </td>
                      <td data-label="Comment">
                        {t.comment || (t.attachments?.length ? null : <span class="muted">—</span>)}
                        {t.attachments?.length ? (
                          <ul class="step-attachments">
                            {t.attachments.map((url) => (
                              <li>
                                <a href={url} rel="noopener noreferrer" target="_blank">
                                  {url.replace(/^https?:\/\//, '')}
                                </a>
                              </li>
                            ))}
                          </ul>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </>
      ) : (
        <p class="muted">No step yet: the programme is a draft since {fmtShort(view.created_at.slice(0, 10))}.</p>
      )}
      <div class="view-tools no-print">
        <Downloads api={`${programmePath(view.id)}/transitions`} stem={`entente-programme-${view.id}-history`} />
      </div>
    </section>
  );
}
