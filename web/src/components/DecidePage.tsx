// #/decide — try a decision of an organisation's council under its procedure.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, type Decision, type DecisionRequest, type NationRef, type Organisation, type Position, type Procedure } from '../api';
import { fmtLong, fmtShort, isIsoDate } from '../dates';
import { useAsync } from '../hooks';
import { navigate } from '../route';
import { ErrorBox, Loading } from './common';
import { NationChips, OUTCOME_LABELS, POSITIONS, POSITION_LABELS, PROCEDURE_LABELS, Reasoning, label, pct } from './rules';

/** the procedures each organisation's council uses (the server has the last word and says why otherwise) */
function proceduresOf(org: string): Procedure[] {
  if (org === 'NATO') return ['consensus', 'silence'];
  if (org === 'EU') return ['unanimity', 'qualified-majority', 'consensus'];
  if (org === 'AU') return ['psc', 'consensus'];
  return ['consensus'];
}
const defaultProcedure = (org: string): Procedure => proceduresOf(org)[0];

interface Form {
  org: string;
  procedure: Procedure;
  subject: string;
  dflt: Position;
  positions: Record<string, Position>;
  formal: string[];
  deadline: string;
  breaks: Record<string, string>;
  reinforced: boolean;
  procedural: boolean;
  parties: string[];
}

const blank = (org: string): Form => ({
  org,
  procedure: defaultProcedure(org),
  subject: '',
  dflt: 'silent',
  positions: {},
  formal: [],
  deadline: '',
  breaks: {},
  reinforced: false,
  procedural: false,
  parties: [],
});

// The form outlives the page (going to a profile and back keeps it).
let saved: { form: Form; result: { req: DecisionRequest; res: Decision } | null } | null = null;

export const EXAMPLE_2003 = {
  org: 'NATO',
  date: '2003-02-06',
  form: {
    org: 'NATO',
    procedure: 'silence' as Procedure,
    subject: 'Defensive planning for Türkiye ahead of the Iraq war (silence procedure)',
    dflt: 'silent' as Position,
    positions: { FRA: 'object', DEU: 'object', BEL: 'object' } as Record<string, Position>,
    formal: [],
    deadline: '2003-02-10',
    breaks: { FRA: '2003-02-09', DEU: '2003-02-09', BEL: '2003-02-09' },
    reinforced: false,
    procedural: false,
    parties: [],
  },
};

function buildRequest(f: Form, date: string, voters: Set<string> | null): DecisionRequest {
  const keep = (iso3: string) => !voters || voters.has(iso3);
  const positions = Object.fromEntries(Object.entries(f.positions).filter(([k]) => keep(k)));
  const req: DecisionRequest = { organisation: f.org, procedure: f.procedure, subject: f.subject.trim(), as_of: date, default: f.dflt };
  if (Object.keys(positions).length) req.positions = positions;
  if (f.procedure === 'unanimity') {
    const formal = f.formal.filter((k) => keep(k) && positions[k] === 'abstain');
    if (formal.length) req.formal_abstentions = formal;
  }
  if (f.procedure === 'silence') {
    if (f.deadline) req.silence_deadline = f.deadline;
    const breaks = Object.fromEntries(Object.entries(f.breaks).filter(([k, v]) => keep(k) && v));
    if (Object.keys(breaks).length) req.silence_breaks = breaks;
  }
  if (f.procedure === 'qualified-majority' && f.reinforced) req.reinforced = true;
  if (f.procedure === 'psc') {
    if (f.procedural) req.procedural = true;
    const parties = f.parties.filter(keep);
    if (parties.length) req.parties_to_conflict = parties;
  }
  return req;
}

/** who votes: the members on the date, or for the AU PSC the fifteen seats (asked of the server) */
async function loadVoters(org: string, date: string, procedure: Procedure): Promise<NationRef[]> {
  const members = await api.members(org, date);
  const voting = members.members.filter((m) => m.status === 'member').map((m) => ({ iso3: m.iso3, name: m.name }));
  if (procedure !== 'psc') return voting;
  // the seats are not a route: a neutral probe decision lists the voters in `positions`
  const probe = await api.decide({ organisation: org, procedure, subject: 'Who sits on the Council', as_of: date, default: 'silent' });
  const names = new Map(voting.map((v) => [v.iso3, v.name]));
  return Object.keys(probe.positions).map((iso3) => ({ iso3, name: names.get(iso3) ?? iso3 }));
}

export function DecidePage({ org, date, orgs }: { org: string; date: string; orgs: Organisation[] | undefined }) {
  const [form, setForm] = useState<Form>(() => (saved && saved.form.org === org ? saved.form : blank(org)));
  const [result, setResult] = useState<{ req: DecisionRequest; res: Decision } | null>(() => (saved && saved.form.org === org ? saved.result : null));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const resultRef = useRef<HTMLHeadingElement>(null);

  // a new organisation starts a new form (positions of another council's members would be refused)
  useEffect(() => {
    if (form.org !== org) {
      setForm(blank(org));
      setResult(null);
      setError(null);
    }
  }, [org]);
  useEffect(() => {
    saved = { form, result };
  }, [form, result]);

  const voters = useAsync(form.org === org ? `${org}@${date}:${form.procedure === 'psc' ? 'psc' : 'council'}` : null, () =>
    loadVoters(org, date, form.procedure),
  );
  const voterList = voters.data ?? [];
  const voterSet = useMemo(() => (voters.data ? new Set(voters.data.map((v) => v.iso3)) : null), [voters.data]);
  const codes = useMemo(() => new Map(voterList.map((v) => [v.iso3, v.name])), [voters.data]);

  const req = buildRequest(form, date, voterSet);
  const stale = result && JSON.stringify(result.req) !== JSON.stringify(req);
  const decisive = new Set(result && !stale ? result.res.decisive.map((d) => d.iso3) : []);
  const orgName = orgs?.find((o) => o.id === org)?.name ?? org;

  const set = (patch: Partial<Form>) => setForm((f) => ({ ...f, ...patch }));
  const setPosition = (iso3: string, p: Position | '') =>
    setForm((f) => {
      const positions = { ...f.positions };
      if (p) positions[iso3] = p;
      else delete positions[iso3];
      return { ...f, positions };
    });
  const toggle = (key: 'formal' | 'parties', iso3: string, on: boolean) =>
    setForm((f) => ({ ...f, [key]: on ? [...new Set([...f[key], iso3])] : f[key].filter((x) => x !== iso3) }));

  const run = async (r: DecisionRequest) => {
    setBusy(true);
    setError(null);
    try {
      const res = await api.decide(r);
      setResult({ req: r, res });
      requestAnimationFrame(() => {
        const h = resultRef.current;
        if (!h) return;
        h.focus({ preventScroll: true });
        const b = h.getBoundingClientRect();
        if (b.top < 0 || b.bottom > window.innerHeight) h.scrollIntoView({ block: 'start', behavior: 'smooth' });
      });
    } catch (e) {
      setError(e);
      setResult(null);
    } finally {
      setBusy(false);
    }
  };

  const loadExample = () => {
    const ex = EXAMPLE_2003;
    // form and route change in one render, so the organisation effect sees a matching form
    setForm(ex.form);
    if (org !== ex.org || date !== ex.date) navigate({ org: ex.org, date: ex.date }, { replace: true });
    void run(buildRequest(ex.form, ex.date, null));
  };

  const procedures = proceduresOf(org);
  const curl = `curl -s -X POST -H 'content-type: application/json' -d '${JSON.stringify(req)}' ${location.origin}/api/v1/decisions`;

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
              <h2 id="decide-h">Try a decision</h2>
              <p class="muted small lead">
                Who sits on the council on the day, how each votes, and what the procedure makes of it. Members not set below take the default
                position.
              </p>
            </div>
            <button type="button" class="btn" onClick={loadExample} data-testid="example-2003">
              Example: NATO, February 2003
            </button>
          </div>

          <div class="form-grid">
            <label class="field">
              <span class="eyebrow">Organisation</span>
              <select value={org} onChange={(e) => navigate({ org: (e.currentTarget as HTMLSelectElement).value }, { replace: true })} id="decide-org">
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
                  if (isIsoDate(v)) navigate({ date: v }, { replace: true });
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
                <input type="checkbox" checked={form.reinforced} onChange={(e) => set({ reinforced: (e.currentTarget as HTMLInputElement).checked })} />
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
                <input type="checkbox" checked={form.procedural} onChange={(e) => set({ procedural: (e.currentTarget as HTMLInputElement).checked })} />
                Procedural matter (simple majority failing consensus, instead of two thirds)
              </label>
              <p class="muted small">Members party to the conflict take no part in the decision: tick them below.</p>
            </fieldset>
          ) : null}

          <div class="voters-head">
            <h3 id="voters-h">
              {form.procedure === 'psc' ? 'Council seats' : 'Members voting'} on {fmtLong(date)}
              {voters.data ? <span class="count">{voterList.length}</span> : null}
            </h3>
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
          <ErrorBox error={voters.error} what={`the members of ${org} on ${date}`} />
          {!voters.data && voters.loading ? <Loading label="Loading the members…" /> : null}
          {voters.data && !voterList.length ? <p class="muted">No voting members on this date.</p> : null}
          <ul class={`voters${voters.loading ? ' stale' : ''}`} aria-labelledby="voters-h" data-testid="voters">
            {voterList.map((v) => {
              const set_ = form.positions[v.iso3];
              const p = set_ ?? form.dflt;
              return (
                <li class={`voter pos-${p}${set_ ? ' set' : ''}${decisive.has(v.iso3) ? ' decisive' : ''}`} data-iso3={v.iso3} data-position={p}>
                  <div class="voter-main">
                    <label for={`pos-${v.iso3}`} class="voter-name">
                      <span class="chip-code">{v.iso3}</span>
                      <span class="nm">{v.name}</span>
                    </label>
                    <select
                      id={`pos-${v.iso3}`}
                      value={set_ ?? ''}
                      onChange={(e) => setPosition(v.iso3, (e.currentTarget as HTMLSelectElement).value as Position | '')}
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
                        onChange={(e) => {
                          const d = (e.currentTarget as HTMLInputElement).value;
                          setForm((f) => {
                            const breaks = { ...f.breaks };
                            const positions = { ...f.positions };
                            if (d) {
                              breaks[v.iso3] = d;
                              positions[v.iso3] = 'object'; // breaking silence is an objection
                            } else delete breaks[v.iso3];
                            return { ...f, breaks, positions };
                          });
                        }}
                      />
                    </label>
                  ) : null}
                  {form.procedure === 'unanimity' && p === 'abstain' ? (
                    <label class="voter-extra check">
                      <input
                        type="checkbox"
                        checked={form.formal.includes(v.iso3) && p === 'abstain'}
                        onChange={(e) => {
                          const on = (e.currentTarget as HTMLInputElement).checked;
                          toggle('formal', v.iso3, on);
                          if (on) setPosition(v.iso3, 'abstain');
                        }}
                      />
                      Formal declaration of abstention
                    </label>
                  ) : null}
                  {form.procedure === 'psc' ? (
                    <label class="voter-extra check">
                      <input type="checkbox" checked={form.parties.includes(v.iso3)} onChange={(e) => toggle('parties', v.iso3, (e.currentTarget as HTMLInputElement).checked)} />
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
            <details class="api-call">
              <summary>As an API call</summary>
              <pre>{curl}</pre>
            </details>
          </div>
        </form>

        <section class="card decide-result" aria-labelledby="result-h" aria-live="polite" data-testid="decision">
          <div class="card-head">
            <h2 id="result-h" tabIndex={-1} ref={resultRef}>
              Decision
            </h2>
            {result ? <span class="muted small">{result.res.body}</span> : null}
          </div>
          <ErrorBox error={error} what="a decision" />
          {!result && !error ? (
            <p class="muted">
              Set the positions and press <strong>Decide</strong>, or load the example: NATO’s silence procedure on defensive measures for Türkiye in
              February 2003, broken by France, Germany and Belgium.
            </p>
          ) : null}
          {result ? <DecisionView d={result.res} req={result.req} codes={codes} stale={!!stale} orgName={orgName} /> : null}
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
  if (m.eligible_members != null && m.needed == null) facts.push(['Eligible to vote', `${m.eligible_members}, ${m.in_favour} in favour`]);
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
      <div class="countbar" role="img" aria-label={POSITION_ORDER.filter((p) => d.counts[p]).map((p) => `${d.counts[p]} ${p}`).join(', ')}>
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
