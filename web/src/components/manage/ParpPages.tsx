// #/parp and #/parp-cycle/ID — the Planning and Review Process: a partner's cycles, each
// drawn as a timeline of the workflow's states, its partnership goals with their results
// year by year, and the steps the signed-in user may take. This file also holds the parts
// the other cooperation pages share: the sign-in gate, load failures said plainly, the
// actions bar (every step of the view's `actions`, the ones not allowed disabled with the
// server's reason), the history of steps, and a write that shows a conflict's current view.
import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../../api';
import { coopHash, cycleTimeline, horizon, reasonParts, resultsByYear, withKeys, workflowWord, approvalsText, type CoopView } from '../../cooperation';
import { conflictView, cooperationApi, PATHS, type ActionOption, type ParpCycle, type ParpGoal, type ParpView, type Transition } from '../../cooperationApi';
import { useAsync } from '../../hooks';
import { nameRecord } from '../../titles';
import { isStaff, roleLabel, useSession, type SessionState } from '../../session';
import { ErrorBox, Loading } from '../common';
import { Source } from '../Sources';
import { ViewTools } from '../Export';
import { Field, ProblemBox, Time, fieldProblems } from '../forms';
import { SignInCard } from '../AccountPage';
import { useSortable } from '../Sortable';
import '../../styles/pages.css';
import '../../styles/cooperation.css';

// ---------- shared by the cooperation pages ----------

/** the address of a cooperation page, keeping the organisation and date of the address now */
export const linkTo = (view: CoopView, id?: string | number | null, keys?: Record<string, string>) =>
  coopHash(view, id, keys, typeof location === 'undefined' ? '' : location.hash);

/** go to a cooperation page (a new entry in the history, so Back returns) */
export function goTo(view: CoopView, id?: string | number | null, keys?: Record<string, string>) {
  location.hash = linkTo(view, id, keys);
}

/** change some of the page's query keys in place (filters: no new entry in the history) */
export function setKeys(keys: Record<string, string | null | undefined>) {
  const next = withKeys(location.hash, keys);
  if (next !== location.hash) location.replace(next);
}

/** the nation an officer acts for; null for staff and others */
export function officerNation(session: SessionState): string | null {
  const user = session.info?.user;
  return session.status === 'signed-in' && user?.role === 'nation-officer' && user.nation ? user.nation : null;
}

/** nation names by ISO code (the public list, cached), for the pages' lists and pickers */
export function useNations() {
  const res = useAsync('nations', () => api.nations());
  const list = res.data?.nations ?? [];
  const names = useMemo(() => new Map(list.map((n) => [n.iso3, n.name])), [res.data]);
  return { list, name: (iso3: string) => names.get(iso3) ?? iso3, known: (iso3: string) => names.has(iso3) };
}

/** a datalist of every nation, "GEO" with "Georgia" beside it, for the nation fields */
export function NationOptions({ id }: { id: string }) {
  const nations = useNations();
  return (
    <datalist id={id}>
      {nations.list.map((n) => (
        <option value={n.iso3}>{n.name}</option>
      ))}
    </datalist>
  );
}

/**
 * The page for signed-in users only: while the session is checked, a wait; without one, the
 * sign-in form under the page's title.
 */
export function SignedIn({ title, why, children }: { title: string; why: string; children: () => ComponentChildren }) {
  const session = useSession();
  if (session.status === 'checking') return <Loading label="Checking your session…" />;
  if (session.status !== 'signed-in' || !session.info) {
    return (
      <div class="page coop-page">
        <SignInCard title={`${title}: sign in`} why={why} />
      </div>
    );
  }
  return <>{children()}</>;
}

/**
 * A read that failed, said plainly under the page's title: refused for the role (403), not
 * found or not visible (404), or another problem with Retry.
 */
export function LoadFailure({ error, title, what, retry, back }: { error: unknown; title: string; what: string; retry: () => void; back?: { href: string; label: string } }) {
  const session = useSession();
  const role = session.info ? roleLabel(session.info.user.role).toLowerCase() : null;
  const status = error instanceof ApiError ? error.status : 0;
  return (
    <div class="page coop-page">
      <section class="card" aria-labelledby="coop-fail-h">
        <h1 id="coop-fail-h" class="page-h1">
          {title}
        </h1>
        {status === 403 ? (
          <p class="error" role="alert" data-testid="coop-forbidden">
            {role ? `Signed in as ${role}, you may not see ${what}` : `You may not see ${what}`}: the server answered “{(error as ApiError).message}”. Nation officers, alliance staff
            and administrators use these pages; ask an administrator if you need such an account.
          </p>
        ) : status === 404 ? (
          <p class="error" role="alert" data-testid="coop-not-found">
            There is no {what} here, or it is not one you may see: the server answered “{(error as ApiError).message}”.
          </p>
        ) : (
          <ErrorBox error={error} what={what} retry={retry} />
        )}
        {back ? (
          <p>
            <a href={back.href}>{back.label}</a>
          </p>
        ) : null}
      </section>
    </div>
  );
}

/**
 * A subject's view (a cycle, a unit, an event) as read, then as each write answers it; a
 * write that finds it changed meanwhile (409) shows it as it now stands.
 */
export function useSubject<T extends { id: number; version: number }>(key: string, loader: () => Promise<T>) {
  const res = useAsync(key, loader);
  const [view, setView] = useState<T | null>(null);
  useEffect(() => {
    // an older answer (a read begun before the last write) does not undo a write
    if (res.data && (!view || view.id !== res.data.id || res.data.version >= view.version)) setView(res.data);
  }, [res.data]);
  useEffect(() => setView(null), [key]);
  return { res, view: view && res.data && view.id === res.data.id ? view : (res.data ?? null), setView };
}

export interface WriteState {
  busy: boolean;
  error: unknown;
  /** the write found the subject changed meanwhile: the page shows it as it now stands */
  conflict: boolean;
  /**
   * run a write; true when it succeeded. `done` takes the view the write answers;
   * `current`, the view as it now stands when the write found it changed (409).
   */
  run: <T>(write: () => Promise<T>, done: (view: T) => void, current?: (view: T) => void) => Promise<boolean>;
  clear: () => void;
}

/** one form's write: busy while it runs, its problem kept for the form to show */
export function useWrite(): WriteState {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [conflict, setConflict] = useState(false);
  return {
    busy,
    error,
    conflict,
    clear: () => {
      setError(null);
      setConflict(false);
    },
    run: async <T,>(write: () => Promise<T>, done: (view: T) => void, current?: (view: T) => void) => {
      setBusy(true);
      setError(null);
      setConflict(false);
      try {
        done(await write());
        return true;
      } catch (e) {
        const now = conflictView<T>(e);
        if (now && current) {
          current(now);
          setConflict(true);
        }
        setError(e);
        return false;
      } finally {
        setBusy(false);
      }
    },
  };
}

/** the problem of a write, with a word on what a conflict did to the page */
export function WriteProblem({ write, what, fields, idPrefix, labels, id }: { write: WriteState; what: string; fields?: readonly string[]; idPrefix?: string; labels?: Record<string, string>; id?: string }) {
  if (!write.error) return null;
  return (
    <>
      <ProblemBox error={write.error} what={what} fields={fields ? fieldProblems(write.error, fields) : undefined} idPrefix={idPrefix} labels={labels} id={id} />
      {write.conflict ? (
        <p class="warnbox" role="status" data-testid="coop-conflict">
          Someone changed this meanwhile. The page now shows it as it stands: check it, then try again.
        </p>
      ) : null}
    </>
  );
}

/** a rule's refusal: what it found, then the sources it cites */
export function RuleReason({ text }: { text: string }) {
  const { finding, source } = reasonParts(text);
  return (
    <>
      <span class="coop-reason-finding">{finding}</span>
      {source ? (
        <span class="coop-reason-source">
          {' '}
          <span class="muted small">Sources:</span> <Source src={source} />
        </span>
      ) : null}
    </>
  );
}

/**
 * The steps the view offers: the allowed ones as buttons (those that need a comment ask
 * for it first), the others disabled with the server's reason; an N-of-M step says how
 * many have approved.
 */
export function ActionsBar({
  actions,
  onStep,
  write,
  approver = 'people',
  idPrefix,
  label = 'Steps',
}: {
  actions: ActionOption[];
  onStep: (action: string, comment: string) => Promise<boolean>;
  write: WriteState;
  approver?: string;
  idPrefix: string;
  label?: string;
}) {
  const [asking, setAsking] = useState<ActionOption | null>(null);
  const [comment, setComment] = useState('');
  const commentRef = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (asking) commentRef.current?.focus();
  }, [asking]);
  if (!actions.length) {
    return (
      <p class="muted small" data-testid={`${idPrefix}no-steps`}>
        No step leads on from here.
      </p>
    );
  }
  const take = async (option: ActionOption, text: string) => {
    const ok = await onStep(option.action, text);
    if (ok) {
      setAsking(null);
      setComment('');
    }
  };
  return (
    <div class="coop-actions" data-testid={`${idPrefix}actions`}>
      <ul class="coop-steps" aria-label={label}>
        {actions.map((a) => {
          const reasonId = `${idPrefix}why-${a.action}`;
          const progress = approvalsText(a, approver);
          return (
            <li class={`coop-step${a.allowed ? '' : ' not-allowed'}`} data-action={a.action}>
              <button
                type="button"
                class={`btn${a.allowed ? ' primary' : ''}`}
                disabled={!a.allowed || write.busy}
                aria-describedby={!a.allowed && a.reason ? reasonId : undefined}
                aria-expanded={a.comment_required && a.allowed ? asking?.action === a.action : undefined}
                data-testid={`${idPrefix}step-${a.action}`}
                onClick={() => {
                  write.clear();
                  if (a.comment_required) setAsking(asking?.action === a.action ? null : a);
                  else void take(a, '');
                }}
              >
                {workflowWord(a.action)}
                {a.to && workflowWord(a.to) !== workflowWord(a.action) ? <span class="coop-step-to"> → {workflowWord(a.to)}</span> : null}
              </button>
              {!a.allowed && a.reason ? (
                <span class="coop-step-reason muted small" id={reasonId}>
                  {a.reason}
                </span>
              ) : null}
              {progress ? <span class="coop-step-progress small">{progress}{a.approved_by.length ? ` (${a.approved_by.join(', ')})` : ''}</span> : null}
            </li>
          );
        })}
      </ul>
      {asking ? (
        <form
          class="coop-step-comment"
          onSubmit={(e) => {
            e.preventDefault();
            void take(asking, comment.trim());
          }}
        >
          <Field id={`${idPrefix}comment`} label={`Comment for “${workflowWord(asking.action)}”`} required help="This step is taken with a comment; it stays in the history.">
            {(c) => <textarea {...c} ref={commentRef} rows={3} value={comment} required onInput={(e) => setComment((e.currentTarget as HTMLTextAreaElement).value)} />}
          </Field>
          <div class="coop-form-actions">
            <button type="submit" class="btn primary" disabled={write.busy || !comment.trim()} data-testid={`${idPrefix}confirm`}>
              {workflowWord(asking.action)}
            </button>
            <button type="button" class="btn" onClick={() => setAsking(null)}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}
      <WriteProblem write={write} what="The step was not taken" fields={['comment']} idPrefix={idPrefix} labels={{ comment: 'Comment' }} id={`${idPrefix}step-problem`} />
    </div>
  );
}

/** the steps taken, oldest first: who, when, from which state to which, with their comments */
export function HistoryList({ history, testid }: { history: Transition[]; testid: string }) {
  if (!history.length) return <p class="muted">No step has been taken yet.</p>;
  return (
    <ol class="coop-history" data-testid={testid}>
      {history.map((t) => (
        <li data-action={t.action} class={t.effective === 0 ? 'approval' : ''}>
          <Time value={t.at} /> <strong>{t.actor || 'system'}</strong>
          {t.actor_role ? <span class="muted small"> ({roleLabel(t.actor_role).toLowerCase()}{t.actor_nation ? `, ${t.actor_nation}` : ''})</span> : null}{' '}
          {t.effective === 0 ? (
            <>approved “{workflowWord(t.action)}”; more approvals are needed</>
          ) : (
            <>
              took “{workflowWord(t.action)}”: {workflowWord(t.from_state)} → {workflowWord(t.to_state)}
            </>
          )}
          {t.comment ? <p class="coop-comment">{t.comment}</p> : null}
        </li>
      ))}
    </ol>
  );
}

/** a notice of the last write, read out once */
export function Notice({ text }: { text: string }) {
  return (
    <p class={text ? 'coop-notice' : 'sr-only'} role="status" data-testid="coop-notice">
      {text}
    </p>
  );
}

// ---------- #/parp ----------

const PARP_WHY = 'Nation officers, alliance staff and administrators sign in to follow the Planning and Review Process.';

export function ParpListPage({ q }: { q: Record<string, string> }) {
  return <SignedIn title="Planning and Review Process" why={PARP_WHY}>{() => <ParpList q={q} />}</SignedIn>;
}

function ParpList({ q }: { q: Record<string, string> }) {
  const session = useSession();
  const nations = useNations();
  const nationFilter = /^[A-Z]{3}$/.test(q.nation ?? '') ? q.nation : '';
  const path = PATHS.parpList(nationFilter);
  const res = useAsync(path, () => cooperationApi.parpCycles(nationFilter));
  const cycles = res.data?.cycles ?? [];
  const { rows, Th } = useSortable<ParpCycle, 'nation' | 'year' | 'state' | 'opened'>(cycles, {
    nation: (c) => nations.name(c.nation),
    year: (c) => c.year,
    state: (c) => c.state,
    opened: (c) => c.opened_at,
  });
  if (res.error) return <LoadFailure error={res.error} title="Planning and Review Process" what="the PARP cycles" retry={res.reload} />;
  return (
    <div class="page coop-page parp-page">
      <section class="card" aria-labelledby="parp-h">
        <div class="card-head">
          <div>
            <h1 id="parp-h" class="page-h1">
              Planning and Review Process
            </h1>
            <p class="muted small lead">
              A partner's PARP cycles: open one for a nation the rules let take part, follow its steps, and record its partnership goals year by year.
            </p>
          </div>
        </div>
        <OpenCycle officer={officerNation(session)} />
      </section>
      <section class="card" aria-labelledby="parp-list-h" aria-busy={res.loading ? 'true' : undefined}>
        <div class="card-head">
          <h2 id="parp-list-h">Cycles</h2>
          <ViewTools title="PARP cycles" api={path} stem={['parp', nationFilter]} />
        </div>
        {!res.data ? (
          <Loading />
        ) : !cycles.length ? (
          <p class="muted" data-testid="parp-empty">
            No cycle is open{nationFilter ? ` for ${nations.name(nationFilter)}` : ''} yet. Open one above.
          </p>
        ) : (
          <div class="table-wrap">
            <table class="table coop-table" data-testid="parp-cycles">
              <caption class="sr-only">PARP cycles</caption>
              <thead>
                <tr>
                  <Th col="nation">Nation</Th>
                  <Th col="year">Year</Th>
                  <Th col="state">State</Th>
                  <Th col="opened">Opened</Th>
                </tr>
              </thead>
              <tbody>
                {rows.map((c) => (
                  <tr data-id={c.id} data-nation={c.nation}>
                    <th scope="row" data-label="Nation">
                      <a href={linkTo('parp-cycle', c.id)}>
                        {nations.name(c.nation)} <span class="muted">({c.nation})</span>
                      </a>
                    </th>
                    <td data-label="Year">{c.year}</td>
                    <td data-label="State">
                      <span class={`tag state-${c.state}`}>{workflowWord(c.state)}</span>
                    </td>
                    <td data-label="Opened">
                      <Time value={c.opened_at} /> <span class="muted small">by {c.opened_by}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

/** "Open a cycle": an officer for their own nation, staff for any; the rules may refuse */
function OpenCycle({ officer }: { officer: string | null }) {
  const nations = useNations();
  const [nation, setNation] = useState(officer ?? '');
  const write = useWrite();
  const submit = (e: Event) => {
    e.preventDefault();
    const code = (officer ?? nation).trim().toUpperCase();
    void write.run(() => cooperationApi.openParp(code), (view) => goTo('parp-cycle', view.id));
  };
  return (
    <form class="coop-form open-cycle" onSubmit={submit} aria-labelledby="parp-open-h" data-testid="parp-open">
      <h2 id="parp-open-h" class="h3-like">
        Open a cycle
      </h2>
      <div class="filters">
        {officer ? (
          <p class="muted">
            This year's cycle for {nations.name(officer)} ({officer}).
          </p>
        ) : (
          <Field id="parp-nation" label="Nation" required help="ISO code, e.g. GEO">
            {(c) => (
              <input
                {...c}
                type="text"
                list="parp-nations"
                value={nation}
                autoComplete="off"
                autoCapitalize="characters"
                maxLength={3}
                size={8}
                onInput={(e) => setNation((e.currentTarget as HTMLInputElement).value)}
              />
            )}
          </Field>
        )}
        {!officer ? <NationOptions id="parp-nations" /> : null}
        <button type="submit" class="btn primary" disabled={write.busy || (!officer && !nation.trim())} data-testid="parp-open-submit">
          Open this year's cycle
        </button>
      </div>
      {write.error instanceof ApiError && write.error.code === 'refused' ? (
        <div class="error problem" role="alert" data-testid="parp-refused">
          <strong>The rules refuse this cycle: </strong>
          <RuleReason text={write.error.message} />
        </div>
      ) : (
        <WriteProblem write={write} what="The cycle was not opened" fields={['nation']} idPrefix="parp-" labels={{ nation: 'Nation' }} />
      )}
    </form>
  );
}

// ---------- #/parp-cycle/ID ----------

export function ParpPage({ id }: { id: string }) {
  return <SignedIn title="PARP cycle" why={PARP_WHY}>{() => <ParpCycleView id={id} />}</SignedIn>;
}

function ParpCycleView({ id }: { id: string }) {
  const session = useSession();
  const staff = isStaff(session);
  const { res, view, setView } = useSubject<ParpView>(`parp:${id}`, () => cooperationApi.parp(id));
  const stepWrite = useWrite();
  const [notice, setNotice] = useState('');
  const name = view ? `PARP ${view.year}: ${view.nation_name}` : null;
  useEffect(() => {
    if (name) nameRecord('parp-cycle', id, name);
  }, [id, name]);
  if (res.error && !view) {
    return <LoadFailure error={res.error} title="PARP cycle" what={`PARP cycle ${id}`} retry={res.reload} back={{ href: linkTo('parp'), label: 'All PARP cycles' }} />;
  }
  if (!view) {
    // the same outline as the cycle's, so that the heading keeps focus when the cycle arrives
    return (
      <div class="page coop-page parp-cycle-page">
        <section class="card" aria-labelledby="cycle-h">
          <p class="crumbs small">
            <a href={linkTo('parp')}>Planning and Review Process</a>
          </p>
          <div class="card-head">
            <h1 id="cycle-h" class="page-h1">
              PARP cycle
            </h1>
          </div>
          <Loading />
        </section>
      </div>
    );
  }
  const timeline = cycleTimeline(view.states, view.state, view.history, { at: view.opened_at, by: view.opened_by });
  const step = (action: string, comment: string) =>
    stepWrite.run(
      () => cooperationApi.stepParp(view, { action, comment: comment || undefined }),
      (v) => {
        setView(v);
        setNotice(`Step taken: ${workflowWord(action)}. The cycle is now at ${workflowWord(v.state)}.`);
      },
      setView,
    );
  return (
    <div class="page coop-page parp-cycle-page" data-state={view.state}>
      <section class="card" aria-labelledby="cycle-h">
        <p class="crumbs small">
          <a href={linkTo('parp')}>Planning and Review Process</a>
        </p>
        <div class="card-head">
          <h1 id="cycle-h" class="page-h1">
            PARP {view.year}: {view.nation_name} <span class="muted h-sub">{workflowWord(view.state)}</span>
          </h1>
        </div>
        <dl class="facts">
          <div>
            <dt>Nation</dt>
            <dd>
              {view.nation_name} ({view.nation})
            </dd>
          </div>
          <div>
            <dt>Organisation</dt>
            <dd>{view.organisation}</dd>
          </div>
          <div>
            <dt>Opened</dt>
            <dd>
              <Time value={view.opened_at} /> by {view.opened_by}
            </dd>
          </div>
          <div>
            <dt>Version</dt>
            <dd>{view.version}</dd>
          </div>
        </dl>
        <h2 class="h3-like" id="timeline-h">
          Timeline
        </h2>
        <ol class="coop-timeline" aria-labelledby="timeline-h" data-testid="parp-timeline">
          {timeline.map((s) => (
            <li class={`coop-tl-step ${s.status}`} data-state={s.state} data-status={s.status} aria-current={s.status === 'current' ? 'step' : undefined}>
              <span class="coop-tl-mark" aria-hidden="true" />
              <span class="coop-tl-name">{workflowWord(s.state)}</span>
              <span class="sr-only">{s.status === 'done' ? ' (done)' : s.status === 'current' ? ' (the current step)' : ' (to come)'}</span>
              <span class="coop-tl-when muted small">{s.at ? <Time value={s.at} /> : s.status === 'upcoming' ? '' : '—'}</span>
            </li>
          ))}
        </ol>
        <Notice text={notice} />
        <h2 class="h3-like">Next steps</h2>
        <ActionsBar actions={view.actions} onStep={step} write={stepWrite} idPrefix="parp-" label="Steps of the cycle" />
        <details class="coop-why">
          <summary>Why the rules let {view.nation_name} take part</summary>
          <p>
            <RuleReason text={view.eligibility} />
          </p>
        </details>
        <ViewTools title={`PARP ${view.year}: ${view.nation_name}`} api={PATHS.parp(view.id)} csv={false} stem={['parp', view.nation, String(view.year)]} />
      </section>

      <section class="card" aria-labelledby="goals-h">
        <div class="card-head">
          <h2 id="goals-h">Partnership goals</h2>
        </div>
        {view.goals.length ? (
          view.goals.map((g) => <GoalCard goal={g} cycle={view} onView={setView} onNotice={setNotice} />)
        ) : (
          <p class="muted" data-testid="goals-empty">
            No partnership goal yet. {staff ? 'Staff draft them while the goals are drafted and discussed.' : 'NATO staff draft them after the survey.'}
          </p>
        )}
        {staff ? <AddGoal cycle={view} onView={setView} onNotice={setNotice} /> : null}
      </section>

      <section class="card" aria-labelledby="history-h">
        <h2 id="history-h">History</h2>
        <HistoryList history={view.history} testid="parp-history" />
      </section>
    </div>
  );
}

function GoalCard({ goal, cycle, onView, onNotice }: { goal: ParpGoal; cycle: ParpView; onView: (v: ParpView) => void; onNotice: (s: string) => void }) {
  const years = horizon(cycle.year);
  const byYear = resultsByYear(goal.results);
  const [open, setOpen] = useState(false);
  const headId = `goal-${goal.id}-h`;
  return (
    <article class="coop-goal" aria-labelledby={headId} data-goal={goal.id}>
      <h3 id={headId}>
        {goal.code ? <span class="coop-goal-code">{goal.code}</span> : null} {goal.title}
      </h3>
      {goal.indicator ? (
        <p class="small">
          <span class="eyebrow">Indicator</span> {goal.indicator}
        </p>
      ) : null}
      <div class="table-wrap">
        <table class="table coop-goal-results" data-testid={`goal-${goal.id}-results`}>
          <caption class="sr-only">Results of {goal.title}, year by year</caption>
          <thead>
            <tr>
              <th scope="col">Year</th>
              <th scope="col">Baseline</th>
              <th scope="col">Target</th>
              <th scope="col">Actual</th>
              <th scope="col">Note</th>
            </tr>
          </thead>
          <tbody>
            {years.map((y) => {
              const r = byYear.get(y);
              return (
                <tr data-year={y} class={r ? '' : 'no-result'}>
                  <th scope="row">{y}</th>
                  <td>{r?.baseline || <span class="muted">—</span>}</td>
                  <td>{r?.target || <span class="muted">—</span>}</td>
                  <td>{r?.actual || <span class="muted">—</span>}</td>
                  <td>{r?.note || <span class="muted">—</span>}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <button type="button" class="btn small-btn" aria-expanded={open} onClick={() => setOpen(!open)} data-testid={`goal-${goal.id}-record`}>
        Record a result
      </button>
      {open ? (
        <ResultForm
          goal={goal}
          cycle={cycle}
          onView={onView}
          onDone={(text) => {
            setOpen(false);
            onNotice(text);
          }}
        />
      ) : null}
    </article>
  );
}

function ResultForm({ goal, cycle, onView, onDone }: { goal: ParpGoal; cycle: ParpView; onView: (v: ParpView) => void; onDone: (notice: string) => void }) {
  const years = horizon(cycle.year);
  const byYear = resultsByYear(goal.results);
  const [year, setYear] = useState(years[0]);
  const current = byYear.get(year);
  const [values, setValues] = useState({ baseline: current?.baseline ?? '', target: current?.target ?? '', actual: current?.actual ?? '', note: current?.note ?? '' });
  const write = useWrite();
  const p = `goal-${goal.id}-`;
  const fields = ['year', 'baseline', 'target', 'actual', 'note'] as const;
  const problems = fieldProblems(write.error, fields);
  const pickYear = (y: number) => {
    setYear(y);
    const r = byYear.get(y);
    setValues({ baseline: r?.baseline ?? '', target: r?.target ?? '', actual: r?.actual ?? '', note: r?.note ?? '' });
  };
  const submit = (e: Event) => {
    e.preventDefault();
    void write.run(
      () => cooperationApi.recordResult(cycle.id, goal.id, { year, ...values }),
      (v) => {
        onView(v);
        onDone(`Recorded the ${year} result of ${goal.title}.`);
      },
      onView,
    );
  };
  const text = (name: 'baseline' | 'target' | 'actual' | 'note', label: string) => (
    <Field id={`${p}${name}`} label={label} errors={problems.byField[name]}>
      {(c) => <input {...c} type="text" value={values[name]} onInput={(e) => setValues({ ...values, [name]: (e.currentTarget as HTMLInputElement).value })} />}
    </Field>
  );
  return (
    <form class="coop-form result-form" onSubmit={submit} aria-label={`Record a result of ${goal.title}`}>
      <div class="form-grid">
        <Field id={`${p}year`} label="Year" required errors={problems.byField.year}>
          {(c) => (
            <select {...c} value={String(year)} onChange={(e) => pickYear(Number((e.currentTarget as HTMLSelectElement).value))}>
              {years.map((y) => (
                <option value={String(y)}>{y}</option>
              ))}
            </select>
          )}
        </Field>
        {text('baseline', 'Baseline')}
        {text('target', 'Target')}
        {text('actual', 'Actual')}
        {text('note', 'Note')}
      </div>
      <div class="coop-form-actions">
        <button type="submit" class="btn primary" disabled={write.busy} data-testid={`${p}save`}>
          Record the {year} result
        </button>
      </div>
      <WriteProblem write={write} what="The result was not recorded" fields={fields} idPrefix={p} labels={{ year: 'Year', baseline: 'Baseline', target: 'Target', actual: 'Actual', note: 'Note' }} />
    </form>
  );
}

function AddGoal({ cycle, onView, onNotice }: { cycle: ParpView; onView: (v: ParpView) => void; onNotice: (s: string) => void }) {
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState({ code: '', title: '', indicator: '' });
  const write = useWrite();
  const fields = ['code', 'title', 'indicator'] as const;
  const problems = fieldProblems(write.error, fields);
  const submit = (e: Event) => {
    e.preventDefault();
    void write.run(
      () => cooperationApi.addGoal(cycle.id, { title: values.title.trim(), code: values.code.trim() || undefined, indicator: values.indicator.trim() || undefined }),
      (v) => {
        onView(v);
        onNotice(`Drafted the goal ${values.title.trim()}.`);
        setValues({ code: '', title: '', indicator: '' });
      },
      onView,
    );
  };
  const input = (name: 'code' | 'title' | 'indicator', label: string, required = false, help?: string) => (
    <Field id={`goal-new-${name}`} label={label} required={required} errors={problems.byField[name]} help={help} class={name === 'indicator' ? 'wide' : undefined}>
      {(c) => <input {...c} type="text" value={values[name]} onInput={(e) => setValues({ ...values, [name]: (e.currentTarget as HTMLInputElement).value })} />}
    </Field>
  );
  if (!open) {
    return (
      <button type="button" class="btn" aria-expanded="false" onClick={() => setOpen(true)} data-testid="goal-add-open">
        Draft a goal
      </button>
    );
  }
  return (
    <form class="coop-form add-goal" onSubmit={submit} aria-labelledby="goal-new-h" data-testid="goal-add">
      <h3 id="goal-new-h">Draft a goal</h3>
      <div class="form-grid">
        {input('code', 'Code', false, 'e.g. G 0101')}
        {input('title', 'Title', true)}
        {input('indicator', 'Indicator', false, 'How progress is measured')}
      </div>
      <div class="coop-form-actions">
        <button type="submit" class="btn primary" disabled={write.busy || !values.title.trim()} data-testid="goal-add-submit">
          Draft the goal
        </button>
        <button type="button" class="btn" onClick={() => setOpen(false)}>
          Close
        </button>
      </div>
      <WriteProblem write={write} what="The goal was not drafted" fields={fields} idPrefix="goal-new-" labels={{ code: 'Code', title: 'Title', indicator: 'Indicator' }} />
    </form>
  );
}
