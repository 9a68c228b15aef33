// #/decide — try a decision of an organisation's council under its procedure. The whole
// form lives in the URL (src/decideState.ts), so a link restores it and its decision.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, councilApi, type Decision, type DecisionRequest, type NationRef, type Organisation, type Position, type Procedure } from '../api';
import { fmtLong, fmtShort, isIsoDate } from '../dates';
import {
  DECIDE_KEYS,
  EXAMPLE_2003,
  SUBJECT_MAX,
  blankForm,
  buildRequest,
  councilOf,
  decodeDecide,
  encodeDecide,
  isComplete,
  outsideVoters,
  proceduresOf,
  withBreak,
  withListed,
  withPosition,
  type DecideForm,
} from '../decideState';
import { useAsync } from '../hooks';
import { getRoute, navigate, setQuery, useRoute } from '../route';
import { ErrorBox, Loading } from './common';
import { ViewTools } from './Export';
import { NationChips, OUTCOME_LABELS, POSITIONS, POSITION_LABELS, PROCEDURE_LABELS, Reasoning, label, pct } from './rules';
import '../styles/pages.css';

export { EXAMPLE_2003 };

/** who votes: the members on the date, or the seats of the council that decides (AU PSC) */
async function loadVoters(org: string, date: string, procedure: Procedure): Promise<NationRef[]> {
  const council = councilOf(org, procedure);
  if (council) {
    const seats = await councilApi.seats(council, date);
    return seats.seats.map((s) => ({ iso3: s.iso3, name: s.name }));
  }
  const members = await api.members(org, date);
  return members.members.filter((m) => m.status === 'member').map((m) => ({ iso3: m.iso3, name: m.name }));
}

/** what identifies a form on a date: a change of it that the page did not make itself came from a link, Back or Forward */
const formKey = (org: string, date: string, form: DecideForm) => `${org}|${date}|${JSON.stringify(encodeDecide(form))}`;

/** the form's query keys, without the empty ones (for a new route) */
function queryOf(form: DecideForm): Record<string, string> {
  return Object.fromEntries(Object.entries(encodeDecide(form)).filter((e): e is [string, string] => !!e[1]));
}

export function DecidePage({ org, date, orgs }: { org: string; date: string; orgs: Organisation[] | undefined }) {
  const { q } = useRoute();
  const decoded = useMemo(() => decodeDecide(q, org), [q, org]);
  const form = decoded.form;
  const [result, setResult] = useState<{ req: DecisionRequest; res: Decision } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const resultRef = useRef<HTMLHeadingElement>(null);
  // A form that arrives from outside (a link, Back, Forward) and is whole is decided as soon
  // as the voters are known; the page's own edits only mark the decision shown as stale.
  const written = useRef<string | null>(null);
  /** the number of the last decision asked for: answers to earlier ones are dropped */
  const runs = useRef(0);
  const [armed, setArmed] = useState(false);
  const key = formKey(org, date, form);
  useEffect(() => {
    if (key === written.current) return;
    const orgChanged = written.current !== null && !written.current.startsWith(`${org}|`);
    written.current = key;
    if (orgChanged) {
      runs.current += 1;
      setBusy(false);
      setResult(null);
      setError(null);
    }
    setArmed(decoded.present && isComplete(form));
  }, [key]);
  /** the page changes the form, date or organisation itself */
  const own = (nextOrg: string, nextDate: string, nextForm: DecideForm) => {
    written.current = formKey(nextOrg, nextDate, nextForm);
  };

  const council = councilOf(org, form.procedure);
  const voters = useAsync(`${org}@${date}:${council ?? 'members'}`, () => loadVoters(org, date, form.procedure));
  const votersNow = !voters.loading && !voters.error ? voters.data : undefined;
  const voterList = voters.data ?? [];
  const voterSet = useMemo(() => (voters.data ? new Set(voters.data.map((v) => v.iso3)) : null), [voters.data]);
  const codes = useMemo(() => new Map(voterList.map((v) => [v.iso3, v.name])), [voters.data]);

  const req = buildRequest(org, date, form, voterSet);
  const stale = result && JSON.stringify(result.req) !== JSON.stringify(req);
  const decisive = new Set(result && !stale ? result.res.decisive.map((d) => d.iso3) : []);
  const orgRecord = orgs?.find((o) => o.id === org);
  const orgName = orgRecord?.name ?? org;
  const outside = votersNow ? outsideVoters(form, voterSet) : [];

  /** change the form: it is read from the URL at the moment of the change, so changes made one after another all count */
  const update = (change: (f: DecideForm) => DecideForm) => {
    const next = change(decodeDecide(getRoute().q, org).form);
    own(org, date, next);
    setQuery(encodeDecide(next));
  };
  const set = (patch: Partial<DecideForm>) => update((f) => ({ ...f, ...patch }));

  /** decide `r`; `focus` moves to the answer (not when a link is opened: the reader starts at the top) */
  const run = async (r: DecisionRequest, focus = true) => {
    const n = ++runs.current;
    setBusy(true);
    setError(null);
    try {
      const res = await api.decide(r);
      // an answer to a request made before the last one is not shown
      if (n !== runs.current) return;
      setResult({ req: r, res });
      if (focus)
        requestAnimationFrame(() => {
          const h = resultRef.current;
          if (!h) return;
          h.focus({ preventScroll: true });
          const b = h.getBoundingClientRect();
          if (b.top < 0 || b.bottom > window.innerHeight) h.scrollIntoView({ block: 'start', behavior: 'smooth' });
        });
    } catch (e) {
      if (n !== runs.current) return;
      setError(e);
      setResult(null);
    } finally {
      if (n === runs.current) setBusy(false);
    }
  };

  useEffect(() => {
    if (!armed || !votersNow) return;
    setArmed(false);
    void run(req, false);
  }, [armed, votersNow]);

  const loadExample = () => {
    const ex = EXAMPLE_2003;
    own(ex.org, ex.date, ex.form);
    setArmed(false);
    navigate({ org: ex.org, date: ex.date, q: queryOf(ex.form) });
    void run(buildRequest(ex.org, ex.date, ex.form, null));
  };

  const clearForm = () => {
    own(org, date, blankForm(org));
    setArmed(false);
    runs.current += 1;
    setBusy(false);
    setResult(null);
    setError(null);
    setQuery(Object.fromEntries(DECIDE_KEYS.map((k) => [k, null])));
  };

  const procedures = proceduresOf(org);
  const title = `${orgName}: ${form.subject.trim() || 'a decision'} (${PROCEDURE_LABELS[form.procedure]}, ${fmtLong(date)})`;

  return (
    <div class="page decide-page">
      <div class="decide-layout">
        <form
          class="card decide-form"
          aria-labelledby="decide-h"
          onSubmit={(e) => {
            e.preventDefault();
            void run(req);
          }}
        >
          <div class="card-head">
            <div class="grow">
              <h1 id="decide-h" class="page-h1">
                Try a decision
              </h1>
              <p class="muted small lead">
                Who sits on the council on the day, how each votes, and what the procedure makes of it. Members not set below take the default
                position. The link of this page keeps the whole form.
              </p>
            </div>
            <div class="decide-head-tools">
              <button type="button" class="btn" onClick={loadExample} data-testid="example-2003">
                Example: NATO, February 2003
              </button>
              {decoded.present ? (
                <button type="button" class="btn ghost" onClick={clearForm} data-testid="decide-clear">
                  Clear the form
                </button>
              ) : null}
            </div>
          </div>

          {decoded.notes.length ? (
            <div class="infobox link-notes" role="note" data-testid="decide-notes">
              <strong>Part of the link could not be used:</strong>
              <ul>
                {decoded.notes.map((n) => (
                  <li>{n}</li>
                ))}
              </ul>
            </div>
          ) : null}

          <div class="form-grid">
            <label class="field">
              <span class="eyebrow">Organisation</span>
              <select
                value={org}
                onChange={(e) => {
                  const next = (e.currentTarget as HTMLSelectElement).value;
                  own(next, date, blankForm(next));
                  runs.current += 1;
                  setBusy(false);
                  setResult(null);
                  setError(null);
                  navigate({ org: next, q: {} }, { replace: true });
                }}
                id="decide-org"
              >
                {(orgs ?? [{ id: org, name: org } as Organisation]).map((o) => (
                  <option value={o.id}>{o.id === o.name ? o.id : `${o.id} — ${o.name}`}</option>
                ))}
              </select>
            </label>
            <label class="field">
              <span class="eyebrow">Procedure</span>
              <select value={form.procedure} onChange={(e) => set({ procedure: (e.currentTarget as HTMLSelectElement).value as Procedure })} id="decide-procedure">
                {procedures.map((p, i) => (
                  <option value={p}>
                    {PROCEDURE_LABELS[p]}
                    {i === 0 ? ` — usual for ${org}` : ''}
                  </option>
                ))}
              </select>
            </label>
            <label class="field">
              <span class="eyebrow">Date (as of)</span>
              <input
                type="date"
                id="decide-date"
                value={date}
                min="1949-01-01"
                required
                onChange={(e) => {
                  const v = (e.currentTarget as HTMLInputElement).value;
                  if (!isIsoDate(v)) return;
                  own(org, v, form);
                  navigate({ date: v }, { replace: true });
                }}
              />
            </label>
            <label class="field wide">
              <span class="eyebrow">Subject</span>
              <input
                type="text"
                id="decide-subject"
                value={form.subject}
                required
                maxLength={SUBJECT_MAX}
                placeholder="e.g. Deploy the NATO Response Force"
                onInput={(e) => set({ subject: (e.currentTarget as HTMLInputElement).value })}
              />
            </label>
          </div>

          {form.procedure === 'silence' ? (
            <fieldset class="extras">
              <legend>Silence procedure</legend>
              <label class="field inline">
                <span>Silence ends (deadline)</span>
                <input type="date" id="silence-deadline" value={form.deadline} required min={date} onChange={(e) => set({ deadline: (e.currentTarget as HTMLInputElement).value })} />
              </label>
              <p class="muted small">
                The draft is adopted at the deadline unless a member breaks silence before it. Set a member to <em>Object</em> to have it break
                silence, and give the day it did; objections outside the silence period do not count.
              </p>
            </fieldset>
          ) : null}
          {form.procedure === 'qualified-majority' ? (
            <fieldset class="extras">
              <legend>Qualified majority</legend>
              <label class="check">
                <input type="checkbox" id="decide-reinforced" checked={form.reinforced} onChange={(e) => set({ reinforced: (e.currentTarget as HTMLInputElement).checked })} />
                Reinforced qualified majority (no Commission proposal: 72% of the members)
              </label>
            </fieldset>
          ) : null}
          {form.procedure === 'unanimity' ? (
            <fieldset class="extras">
              <legend>Unanimity</legend>
              <p class="muted small">
                A member set to <em>Abstain</em> may qualify its abstention with a formal declaration (constructive abstention): tick it on the
                member. If the declared abstentions reach one third of the members and of the population, the decision is not adopted.
              </p>
            </fieldset>
          ) : null}
          {form.procedure === 'psc' ? (
            <fieldset class="extras">
              <legend>Peace and Security Council</legend>
              <label class="check">
                <input type="checkbox" id="decide-procedural" checked={form.procedural} onChange={(e) => set({ procedural: (e.currentTarget as HTMLInputElement).checked })} />
                Procedural matter (simple majority failing consensus, instead of two thirds)
              </label>
              <p class="muted small">Members party to the conflict take no part in the decision: tick them below.</p>
            </fieldset>
          ) : null}

          <div class="voters-head">
            <h2 id="voters-h" class="h3-like">
              {council ? 'Council seats' : 'Members voting'} on {fmtLong(date)}
              {votersNow ? <span class="count">{votersNow.length}</span> : null}
            </h2>
            <div class="voters-tools">
              <label class="field inline">
                <span>Default</span>
                <select value={form.dflt} id="decide-default" onChange={(e) => set({ dflt: (e.currentTarget as HTMLSelectElement).value as Position })}>
                  {POSITIONS.map((p) => (
                    <option value={p}>{POSITION_LABELS[p]}</option>
                  ))}
                </select>
              </label>
              <button type="button" class="btn small-btn" onClick={() => set({ dflt: 'support', positions: {}, formal: [], breaks: {} })}>
                All support
              </button>
              <button type="button" class="btn small-btn" onClick={() => set({ dflt: 'silent', positions: {}, formal: [], breaks: {} })}>
                All silent
              </button>
            </div>
          </div>
          <ErrorBox error={voters.error} what={`the ${council ? 'council seats' : 'members'} of ${org} on ${date}`} retry={voters.reload} />
          {!voters.data && voters.loading ? <Loading label="Loading the members…" /> : null}
          {votersNow && !votersNow.length ? <p class="muted">No voting members on this date.</p> : null}
          {outside.length ? (
            <p class="infobox" role="note" data-testid="decide-outside">
              {outside.join(', ')} {outside.length === 1 ? 'is' : 'are'} named in the form but{' '}
              {council ? (outside.length === 1 ? 'holds no seat on the council' : 'hold no seat on the council') : outside.length === 1 ? 'is no voting member' : 'are no voting members'}{' '}
              of {org} on {fmtLong(date)}, so {outside.length === 1 ? 'it is' : 'they are'} left out of the decision.
            </p>
          ) : null}
          <ul class={`voters${voters.loading ? ' stale' : ''}`} aria-labelledby="voters-h" data-testid="voters">
            {voterList.map((v) => {
              const own = form.positions[v.iso3];
              const p = own ?? form.dflt;
              return (
                <li class={`voter pos-${p}${own ? ' set' : ''}${decisive.has(v.iso3) ? ' decisive' : ''}`} data-iso3={v.iso3} data-position={p}>
                  <div class="voter-main">
                    <label for={`pos-${v.iso3}`} class="voter-name">
                      <span class="chip-code">{v.iso3}</span>
                      <span class="nm">{v.name}</span>
                    </label>
                    <select
                      id={`pos-${v.iso3}`}
                      value={own ?? ''}
                      onChange={(e) => update((f) => withPosition(f, v.iso3, (e.currentTarget as HTMLSelectElement).value as Position | ''))}
                    >
                      <option value="">({POSITION_LABELS[form.dflt].toLowerCase()})</option>
                      {POSITIONS.map((x) => (
                        <option value={x}>{POSITION_LABELS[x]}</option>
                      ))}
                    </select>
                  </div>
                  {decisive.has(v.iso3) ? <span class="tag warn decisive-tag">Decisive</span> : null}
                  {form.procedure === 'silence' && p === 'object' ? (
                    <label class="voter-extra">
                      <span>Broke silence</span>
                      <input
                        type="date"
                        value={form.breaks[v.iso3] ?? ''}
                        aria-label={`${v.name} broke silence on`}
                        onChange={(e) => update((f) => withBreak(f, v.iso3, (e.currentTarget as HTMLInputElement).value))}
                      />
                    </label>
                  ) : null}
                  {form.procedure === 'unanimity' && p === 'abstain' ? (
                    <label class="voter-extra check">
                      <input
                        type="checkbox"
                        checked={form.formal.includes(v.iso3)}
                        onChange={(e) => update((f) => withListed(f, 'formal', v.iso3, (e.currentTarget as HTMLInputElement).checked))}
                      />
                      Formal declaration of abstention
                    </label>
                  ) : null}
                  {council ? (
                    <label class="voter-extra check">
                      <input
                        type="checkbox"
                        checked={form.parties.includes(v.iso3)}
                        onChange={(e) => update((f) => withListed(f, 'parties', v.iso3, (e.currentTarget as HTMLInputElement).checked))}
                      />
                      Party to the conflict
                    </label>
                  ) : null}
                </li>
              );
            })}
          </ul>

          <div class="decide-actions">
            <button type="submit" class="btn primary" disabled={busy} data-testid="decide">
              {busy ? 'Deciding…' : 'Decide'}
            </button>
          </div>
        </form>

        <section class="card decide-result" aria-labelledby="result-h" data-testid="decision">
          <div class="card-head">
            <h2 id="result-h" tabIndex={-1} ref={resultRef}>
              Decision
            </h2>
            {result ? <span class="muted small">{result.res.body}</span> : null}
          </div>
          <ViewTools
            title={title}
            api="/api/v1/decisions"
            body={req}
            sources={[orgRecord?.source]}
            stem={[org, 'decision', date]}
          />
          <div aria-live="polite">
            <ErrorBox error={error} what="a decision" retry={() => void run(req)} />
            {!result && !error && busy ? <Loading label="Deciding…" /> : null}
            {!result && !error && !busy ? (
              <p class="muted">
                Set the positions and press <strong>Decide</strong>, or load the example: NATO’s silence procedure on defensive measures for Türkiye in
                February 2003, broken by France, Germany and Belgium.
              </p>
            ) : null}
            {result ? <DecisionView d={result.res} req={result.req} codes={codes} stale={!!stale} orgName={orgName} /> : null}
          </div>
        </section>
      </div>
    </div>
  );
}

const POSITION_ORDER: Position[] = ['support', 'abstain', 'silent', 'absent', 'object'];

function DecisionView({ d, req, codes, stale, orgName }: { d: Decision; req: DecisionRequest; codes: Map<string, string>; stale: boolean; orgName: string }) {
  const total = Object.values(d.counts).reduce((a, b) => a + (b ?? 0), 0);
  const m = d.margins;
  const known = new Set<string>();
  const bars: preact.JSX.Element[] = [];
  const take = (...keys: string[]) => keys.forEach((k) => known.add(k));
  if (d.procedure === 'qualified-majority' && m.member_share != null) {
    take('member_share', 'member_threshold', 'population_share', 'population_threshold');
    bars.push(<Bar label="Members in favour" value={m.member_share} threshold={m.member_threshold ?? 0.55} rule="needed" />);
    if (m.population_share != null) bars.push(<Bar label="Population in favour" value={m.population_share} threshold={m.population_threshold ?? 0.65} rule="needed" />);
  }
  if (m.declared_abstention_member_share != null) {
    take('declared_abstention_member_share', 'declared_abstention_population_share');
    bars.push(<Bar label="Members declaring abstention" value={m.declared_abstention_member_share} threshold={1 / 3} rule="blocks" />);
    if (m.declared_abstention_population_share != null)
      bars.push(<Bar label="Population declaring abstention" value={m.declared_abstention_population_share} threshold={1 / 3} rule="blocks" />);
  }
  if (m.eligible_members != null && m.in_favour != null) {
    take('eligible_members', 'in_favour', 'needed');
    if (m.needed != null)
      bars.push(
        <Bar
          label={`In favour (${m.in_favour} of ${m.eligible_members} eligible)`}
          value={m.in_favour / m.eligible_members}
          threshold={m.needed / m.eligible_members}
          thresholdText={`${m.needed} needed`}
          rule="needed"
        />,
      );
  }
  const facts: [string, string][] = [];
  if (m.deadline_days_after_as_of != null) {
    take('deadline_days_after_as_of');
    facts.push(['Silence period', `${m.deadline_days_after_as_of} day${m.deadline_days_after_as_of === 1 ? '' : 's'}${req.silence_deadline ? ` (to ${fmtShort(req.silence_deadline)})` : ''}`]);
  }
  if (m.objections != null) {
    take('objections');
    facts.push(['Objections', String(m.objections)]);
  }
  if (m.eligible_members != null && m.needed == null) {
    take('eligible_members', 'in_favour');
    facts.push(['Eligible to vote', `${m.eligible_members}, ${m.in_favour ?? 0} in favour`]);
  }
  for (const [k, v] of Object.entries(m)) if (!known.has(k)) facts.push([k.replace(/_/g, ' '), Number.isInteger(v) ? String(v) : v < 1 ? pct(v) : v.toFixed(2)]);

  const icon = d.outcome === 'adopted' ? '✓' : d.outcome === 'returned-to-discussion' ? '↺' : '✕';
  return (
    <div class={stale ? 'stale-result' : ''}>
      {stale ? (
        <p class="stale-note" role="status">
          The form has changed since this decision. Press <strong>Decide</strong> to decide again.
        </p>
      ) : null}
      <div class={`outcome o-${d.outcome}`} data-testid="outcome" data-outcome={d.outcome}>
        <span class="outcome-icon" aria-hidden="true">
          {icon}
        </span>
        <span class="outcome-text">{label(OUTCOME_LABELS, d.outcome)}</span>
      </div>
      <p class="outcome-sub">
        <strong>{req.subject}</strong>
        <br />
        <span class="muted small">
          {orgName} · {PROCEDURE_LABELS[d.procedure] ?? d.procedure} · {fmtLong(d.as_of)}
        </span>
      </p>

      <h3>Positions</h3>
      <div class="countbar" role="img" aria-label={POSITION_ORDER.filter((p) => d.counts[p]).map((p) => `${POSITION_LABELS[p]}: ${d.counts[p]}`).join(', ')}>
        {POSITION_ORDER.filter((p) => d.counts[p]).map((p) => (
          <span class={`seg-${p}`} style={`flex:${d.counts[p]}`} title={`${POSITION_LABELS[p]}: ${d.counts[p]}`} />
        ))}
      </div>
      <ul class="counts" data-testid="counts">
        {POSITION_ORDER.filter((p) => d.counts[p]).map((p) => (
          <li data-position={p}>
            <span class={`pos-dot seg-${p}`} aria-hidden="true" />
            {POSITION_LABELS[p]} <strong>{d.counts[p]}</strong>
          </li>
        ))}
        <li class="muted">of {total}</li>
      </ul>

      {bars.length ? (
        <>
          <h3>Margins</h3>
          <div class="bars">{bars}</div>
        </>
      ) : null}
      {facts.length ? (
        <dl class="facts compact-facts">
          {facts.map(([k, v]) => (
            <div>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
      ) : null}

      <h3>Decisive</h3>
      {d.decisive.length ? (
        <NationChips nations={d.decisive} tone="warn" testid="decisive" />
      ) : (
        <p class="muted small" data-testid="decisive">
          No single member decided the outcome.
        </p>
      )}

      <h3>Reasoning</h3>
      <Reasoning items={d.reasoning} codes={codes} />
    </div>
  );
}

/** a share against a threshold: `needed` is met at or above it, `blocks` blocks at or above it */
function Bar({ label: text, value, threshold, thresholdText, rule }: { label: string; value: number; threshold: number; thresholdText?: string; rule: 'needed' | 'blocks' }) {
  const over = value >= threshold - 1e-12;
  const good = rule === 'needed' ? over : !over;
  const tt = thresholdText ?? `${rule === 'needed' ? 'needed' : 'blocks at'} ${threshold > 0.333 && threshold < 0.334 ? 'one third' : pct(threshold).replace('.0%', '%')}`;
  return (
    <div class={`bar ${good ? 'good' : 'bad'}`} data-testid="margin">
      <div class="bar-top">
        <span>{text}</span>
        <strong>{pct(value)}</strong>
      </div>
      <div class="bar-track" role="img" aria-label={`${text}: ${pct(value)}, ${tt}`}>
        <span class="bar-fill" style={`width:${Math.min(100, value * 100)}%`} />
        <span class="bar-mark" style={`left:${threshold * 100}%`} />
      </div>
      <div class="bar-foot muted small">
        <span>{tt}</span>
        <span>{good ? (rule === 'needed' ? 'reached' : 'not reached') : rule === 'needed' ? 'missed' : 'reached: blocks'}</span>
      </div>
    </div>
  );
}
