// Which partnership activities a nation may take part in: the "May take part in…"
// widget of the nation profile and the #/eligibility page.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, api, get, type Eligibility, type Framework, type Organisation } from '../api';
import { fmtLong, isIsoDate } from '../dates';
import { isUnrecordedNo, isUnrecordedRoute } from '../gaps';
import { useAsync } from '../hooks';
import { href, navigate, setQuery } from '../route';
import { ErrorBox, Loading, RelationBadge, Source } from './common';
import { ViewTools } from './Export';
import { ACTIVITIES, ACTIVITY_LABELS, ELIGIBLE_LABELS, Reasoning, VerdictPill, label } from './rules';
import '../styles/pages.css';

/** the API route of one answer (the same request the page makes) */
export function eligibilityPath(p: { nation: string; activity: string; organisation: string; as_of: string }): string {
  return `/api/v1/eligibility?${new URLSearchParams({ nation: p.nation, activity: p.activity, organisation: p.organisation, as_of: p.as_of }).toString()}`;
}

const loadEligibility = (p: Parameters<typeof eligibilityPath>[0]) => get<Eligibility>(eligibilityPath(p));

/** the server has no eligibility rules for the organisation (as opposed to an unknown nation or organisation) */
const noRulesFor = (e: unknown) => e instanceof ApiError && e.status === 404 && e.code === 'not-found';

/** the gap said plainly, instead of the server's problem */
function NoRules({ org }: { org: string }) {
  return (
    <p class="gap-note" role="note" data-testid="eligibility-no-rules">
      No eligibility rules are recorded for {org}, so Entente cannot say who may take part in its activities.
      {org !== 'NATO' ? (
        <>
          {' '}
          <a href={href({ org: 'NATO' })}>Ask about NATO</a>, whose rules are recorded.
        </>
      ) : null}
    </p>
  );
}

/** a standing in words: membership, or the framework's id */
const standingLabel = (standing: string) => label({ member: 'Membership' }, standing);

/** the verdict of a route or an answer; a "no" that only means no rule is recorded says so */
function Verdict({ value, unrecorded, testid }: { value: string; unrecorded: boolean; testid?: string }) {
  if (unrecorded)
    return (
      <span class="verdict v-unrecorded" data-testid={testid} data-verdict={value} data-unrecorded="true">
        No rule recorded
      </span>
    );
  return <VerdictPill value={value} labels={ELIGIBLE_LABELS} testid={testid} />;
}

const ACT_KEY = 'entente.activity';
const rememberedActivity = () => {
  try {
    const v = localStorage.getItem(ACT_KEY);
    if (v && ACTIVITY_LABELS.has(v)) return v;
  } catch {
    /* private mode */
  }
  return 'exercises';
};
const remember = (a: string) => {
  try {
    localStorage.setItem(ACT_KEY, a);
  } catch {
    /* private mode */
  }
};

function sentence(e: Eligibility): string {
  const act = label(ACTIVITY_LABELS, e.activity).toLowerCase();
  const on = fmtLong(e.as_of);
  if (e.eligible === 'yes') return `${e.name} may take part in ${act} with ${e.organisation} on ${on}.`;
  if (isUnrecordedNo(e)) return `No recorded rule says whether ${e.name} may take part in ${act} with ${e.organisation} on ${on}: the data is silent, so it is not counted as eligible.`;
  if (e.eligible === 'conditional') return `${e.name} may take part in ${act} with ${e.organisation} on ${on}, on conditions.`;
  return `No recorded rule opens ${act} with ${e.organisation} to ${e.name} on ${on}.`;
}

/** the answer: verdict, the routes (standings) that open or do not open the activity, the reasoning */
export function EligibilityAnswer({ e, fws, openReasoning }: { e: Eligibility; fws?: Map<string, string>; openReasoning?: boolean }) {
  return (
    <div class="elig-answer" data-testid="eligibility" data-eligible={e.eligible}>
      <div class="elig-verdict">
        <Verdict value={e.eligible} unrecorded={isUnrecordedNo(e)} testid="eligibility-verdict" />
        <span>{sentence(e)}</span>
      </div>
      <p class="muted small elig-rel">
        Standing: <RelationBadge relation={e.relation} />
      </p>
      {e.routes.length ? (
        <ul class="elig-routes">
          {e.routes.map((r) => (
            <li class={`route r-${r.eligible}`}>
              <div class="rec-main">
                {fws?.has(r.standing) ? (
                  <a href={href({ view: 'framework', id: r.standing, org: e.organisation })} title={fws.get(r.standing)}>
                    {r.standing}
                  </a>
                ) : (
                  <strong>{standingLabel(r.standing)}</strong>
                )}
                <Verdict value={r.eligible} unrecorded={isUnrecordedRoute(r)} />
              </div>
              {r.conditions ? <p class="route-cond">{r.conditions}</p> : null}
              {isUnrecordedRoute(r) ? <p class="route-cond muted">No sourced rule says whether {standingLabel(r.standing)} opens this activity.</p> : null}
              {r.source ? (
                <div class="rec-src">
                  <Source src={r.source} />
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {openReasoning ? (
        <>
          <h3>Reasoning</h3>
          <Reasoning items={e.reasoning} />
        </>
      ) : (
        <details class="elig-why">
          <summary>Reasoning ({e.reasoning.length})</summary>
          <Reasoning items={e.reasoning} />
        </details>
      )}
    </div>
  );
}

function ActivitySelect({ id, value, onChange }: { id: string; value: string; onChange: (v: string) => void }) {
  return (
    <select id={id} value={value} onChange={(e) => onChange((e.currentTarget as HTMLSelectElement).value)}>
      {ACTIVITIES.map(([k, v]) => (
        <option value={k}>{v}</option>
      ))}
    </select>
  );
}

/** the widget on the nation profile */
export function EligibilityWidget({ iso3, org, date, fws }: { iso3: string; org: string; date: string; fws: Map<string, string> }) {
  const [activity, setActivity] = useState(rememberedActivity);
  const res = useAsync(`el:${iso3}:${org}:${activity}:${date}`, () => loadEligibility({ nation: iso3, activity, organisation: org, as_of: date }));
  const e = res.data && res.data.nation === iso3 && res.data.activity === activity && res.data.organisation === org ? res.data : undefined;
  return (
    <div class="elig-widget" data-testid="eligibility-widget">
      <div class="elig-ask">
        <label for="elig-activity">May take part in…</label>
        <ActivitySelect
          id="elig-activity"
          value={activity}
          onChange={(v) => {
            setActivity(v);
            remember(v);
          }}
        />
        <span class="muted small">with {org}</span>
      </div>
      {noRulesFor(res.error) ? <NoRules org={org} /> : <ErrorBox error={res.error} what="the eligibility" retry={res.reload} />}
      {!e && res.loading ? <Loading /> : null}
      {e && !res.error ? (
        <div class={res.loading ? 'stale' : ''}>
          <EligibilityAnswer e={e} fws={fws} />
        </div>
      ) : null}
      <p class="small elig-more">
        <a href={href({ view: 'eligibility', q: { nation: iso3, activity } })}>Every activity for {e?.name ?? iso3} →</a>
      </p>
    </div>
  );
}

/** #/eligibility: one nation, one organisation, every activity at a glance and one in detail */
export function EligibilityPage({ org, date, q, orgs, frameworks }: { org: string; date: string; q: Record<string, string>; orgs?: Organisation[]; frameworks?: Framework[] }) {
  const nation = (q.nation ?? 'AUT').toUpperCase();
  const activity = ACTIVITY_LABELS.has(q.activity ?? '') ? q.activity! : rememberedActivity();
  const nations = useAsync('nations', () => api.nations());
  const fws = useMemo(() => new Map((frameworks ?? []).map((f) => [f.id, f.name])), [frameworks]);
  const question = { nation, activity, organisation: org, as_of: date };
  const one = useAsync(eligibilityPath(question), () => loadEligibility(question));
  const all = useAsync(`elall:${nation}:${org}:${date}`, () =>
    Promise.all(ACTIVITIES.map(([a]) => loadEligibility({ nation, activity: a, organisation: org, as_of: date }))),
  );
  useEffect(() => remember(activity), [activity]);
  const e = one.data && one.data.nation === nation && one.data.activity === activity && one.data.organisation === org ? one.data : undefined;
  const list = [...(nations.data?.nations ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  const nationName = list.find((n) => n.iso3 === nation)?.name ?? nation;
  const noRules = noRulesFor(one.error) || noRulesFor(all.error);
  const matrix = all.data && all.data[0]?.nation === nation && all.data[0]?.organisation === org ? all.data : undefined;

  return (
    <div class="page">
      <section class="card" aria-labelledby="elig-h">
        <div class="card-head">
          <div>
            <h1 id="elig-h" class="page-h1">
              Who may take part in what
            </h1>
            <p class="muted small lead">
              Whether a nation may join an organisation’s activities on a date, through which membership or partnership framework, on what
              conditions, and on which source. Where no sourced rule is recorded, the page says so rather than answer no.
            </p>
          </div>
        </div>
        <div class="filters" role="group" aria-label="Question">
          <label class="field">
            <span class="eyebrow">Nation</span>
            <select id="elig-nation" value={nation} onChange={(ev) => setQuery({ nation: (ev.currentTarget as HTMLSelectElement).value })}>
              {list.some((n) => n.iso3 === nation) ? null : <option value={nation}>{nation}</option>}
              {list.map((n) => (
                <option value={n.iso3}>{n.name}</option>
              ))}
            </select>
          </label>
          <label class="field">
            <span class="eyebrow">Organisation</span>
            <select id="elig-org" value={org} onChange={(ev) => navigate({ org: (ev.currentTarget as HTMLSelectElement).value }, { replace: true })}>
              {(orgs ?? [{ id: org, name: org } as Organisation]).map((o) => (
                <option value={o.id}>{o.id === o.name ? o.id : `${o.id} — ${o.name}`}</option>
              ))}
            </select>
          </label>
          <label class="field">
            <span class="eyebrow">Activity</span>
            <ActivitySelect id="elig-page-activity" value={activity} onChange={(v) => setQuery({ activity: v })} />
          </label>
          <label class="field">
            <span class="eyebrow">Date</span>
            <input
              type="date"
              id="elig-date"
              value={date}
              min="1949-01-01"
              onChange={(ev) => {
                const v = (ev.currentTarget as HTMLInputElement).value;
                if (isIsoDate(v)) navigate({ date: v }, { replace: true });
              }}
            />
          </label>
        </div>
        <ErrorBox error={nations.error} what="the list of nations" retry={nations.reload} />
        {noRules ? <NoRules org={org} /> : null}
        {noRules ? null : (
          <ViewTools
            title={`${nationName}: ${label(ACTIVITY_LABELS, activity).toLowerCase()} with ${org} on ${fmtLong(date)}`}
            api={eligibilityPath(question)}
            sources={(e?.routes ?? []).map((r) => r.source)}
            stem={[nation, org, activity, date]}
          />
        )}
      </section>

      {noRules ? null : (
        <div class="elig-layout">
          <section class="card" aria-labelledby="elig-one-h" aria-live="polite">
            <div class="card-head">
              <h2 id="elig-one-h">
                <a href={href({ view: 'nation', id: nation })}>{nationName}</a> · {label(ACTIVITY_LABELS, activity)}
              </h2>
            </div>
            <ErrorBox error={one.error} what="the eligibility" retry={one.reload} />
            {!e && one.loading ? <Loading /> : null}
            {e && !one.error ? (
              <div class={one.loading ? 'stale' : ''}>
                <EligibilityAnswer e={e} fws={fws} openReasoning />
              </div>
            ) : null}
          </section>
          <section class="card" aria-labelledby="elig-all-h">
            <div class="card-head">
              <h2 id="elig-all-h">Every activity on {fmtLong(date)}</h2>
            </div>
            <ErrorBox error={all.error} what="the activities" retry={all.reload} />
            {!matrix && all.loading ? <Loading /> : null}
            {matrix && !all.error ? (
              <ul class={`elig-matrix${all.loading ? ' stale' : ''}`} data-testid="eligibility-matrix">
                {matrix.map((x) => (
                  <li>
                    <button
                      type="button"
                      class={`elig-row${x.activity === activity ? ' on' : ''}`}
                      aria-pressed={x.activity === activity}
                      onClick={() => setQuery({ activity: x.activity })}
                    >
                      <span>{label(ACTIVITY_LABELS, x.activity)}</span>
                      <span class="elig-via muted small">
                        {x.routes
                          .filter((r) => r.eligible !== 'no')
                          .map((r) => standingLabel(r.standing))
                          .join(', ')}
                      </span>
                      <Verdict value={x.eligible} unrecorded={isUnrecordedNo(x)} />
                    </button>
                  </li>
                ))}
              </ul>
            ) : null}
          </section>
        </div>
      )}
    </div>
  );
}
