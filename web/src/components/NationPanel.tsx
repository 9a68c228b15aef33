import { api, type NationProfile, type RecordKind } from '../api';
import { fmtLong, fmtShort } from '../dates';
import { nationNotice } from '../notices';
import { ViewTools } from './Export';
import { useAsync } from '../hooks';
import { href } from '../route';
import { DateRange, ErrorBox, Loading, Note, RelationBadge, Source } from './common';
import { EligibilityWidget } from './Eligibility';
import { createHref, editHref } from './RecordPage';
import { isStaff, useSession } from '../session';
import type { Labels } from '../vocabulary';

const STATUS: Labels<'nation_status'> = {
  'un-member': 'UN member state',
  'un-observer': 'UN observer state',
  historical: 'Historical state',
  other: 'Not a UN member or observer',
};

const MEMBERSHIP_STATUS: Labels<'membership_status'> = { member: 'Member', suspended: 'Suspended', observer: 'Observer', associate: 'Associate' };
const PARTNERSHIP_STATUS: Labels<'partnership_status'> = { active: 'Active', suspended: 'Suspended' };
const PLAN: Labels<'partnership_plan'> = {
  ANP: 'Annual National Programme',
  IPAP: 'Individual Partnership Action Plan',
  IPCP: 'Individual Partnership and Cooperation Programme',
  ITPP: 'Individually Tailored Partnership Programme',
  MAP: 'Membership Action Plan',
};

/** a word the labels do not know yet (from a newer server), readably */
function statusLabel(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1).replace(/-/g, ' ');
}

interface Props {
  iso3: string;
  date: string;
  onClose: () => void;
  orgNames: Map<string, string>;
  fwNames: Map<string, string>;
  /** the organisation the map is coloured by (asked about in the eligibility widget) */
  org: string;
}

/** Edit and Delete for a row staff may change (rows from a server without record ids have none) */
function RowActions({ kind, id, what }: { kind: RecordKind; id: number | undefined; what: string }) {
  if (id === undefined) return null;
  return (
    <div class="rec-actions small">
      <a href={editHref(kind, id)} data-testid={`edit-${kind}`}>
        Edit<span class="sr-only"> {what}</span>
      </a>
      <a href={editHref(kind, id, 'delete')}>
        Delete<span class="sr-only"> {what}</span>
      </a>
    </div>
  );
}

function AddLink({ kind, iso3, org, label }: { kind: RecordKind; iso3: string; org?: string; label: string }) {
  return (
    <a class="btn small-btn add-record" href={createHref(kind, iso3, org)} data-testid={`add-${kind}`}>
      {label}
    </a>
  );
}

export function NationPanel({ iso3, date, onClose, orgNames, fwNames, org }: Props) {
  const res = useAsync<NationProfile>(`${iso3}@${date}`, () => api.nation(iso3, date));
  const p = res.data && res.data.nation.iso3 === iso3 ? res.data : undefined;
  const staff = isStaff(useSession());

  return (
    <section class="card nation-panel" aria-labelledby="nation-h" data-testid="nation-panel">
      <div class="card-head">
        <h1 id="nation-h" class="nation-title" tabIndex={-1}>
          {p ? p.nation.name : iso3}
          <span class="code">{iso3}</span>
        </h1>
        <button type="button" class="btn icon ghost" onClick={onClose} aria-label="Close the nation profile" title="Close">
          <svg viewBox="0 0 16 16" aria-hidden="true"><path d="M3.5 2.1 8 6.6l4.5-4.5 1.4 1.4L9.4 8l4.5 4.5-1.4 1.4L8 9.4l-4.5 4.5-1.4-1.4L6.6 8 2.1 3.5z" /></svg>
        </button>
      </div>
      <ErrorBox error={res.error} what={`the profile of ${iso3}`} retry={res.reload} />
      {!p && res.loading ? <Loading /> : null}
      {p ? (
        <div class={res.loading ? 'stale' : ''}>
          {(() => {
            const notice = nationNotice(p.nation, p.as_of);
            return notice ? (
              <p class="infobox nation-notice" data-testid="nation-notice">
                {notice}
              </p>
            ) : null;
          })()}
          <dl class="facts">
            {p.nation.region ? (
              <div>
                <dt>Region</dt>
                <dd>{[p.nation.region, p.nation.subregion].filter(Boolean).join(' · ')}</dd>
              </div>
            ) : null}
            {p.nation.capital ? (
              <div>
                <dt>Capital</dt>
                <dd>{p.nation.capital}</dd>
              </div>
            ) : null}
            {p.nation.status ? (
              <div>
                <dt>Status</dt>
                <dd>{STATUS[p.nation.status] ?? statusLabel(p.nation.status)}</dd>
              </div>
            ) : null}
            <div>
              <dt>ISO codes</dt>
              <dd>{[p.nation.iso3, p.nation.iso2, p.nation.iso_numeric].filter(Boolean).join(' · ')}</dd>
            </div>
            {p.nation.from || p.nation.to ? (
              <div>
                <dt>Exists</dt>
                <dd><DateRange from={p.nation.from} to={p.nation.to} /></dd>
              </div>
            ) : null}
          </dl>

          <h3>Relations on {fmtLong(p.as_of)}</h3>
          {p.relations.some((r) => r.relation !== 'none') ? (
            <ul class="relations">
              {p.relations
                .filter((r) => r.relation !== 'none')
                .map((r) => (
                  <li data-org={r.organisation}>
                    <a href={href({ view: 'org', id: r.organisation })} title={orgNames.get(r.organisation)}>{r.organisation}</a>
                    <RelationBadge relation={r.relation} />
                    {r.frameworks.length ? (
                      <span class="muted small">
                        {' via '}
                        {r.frameworks.map((f, i) => (
                          <>
                            {i ? ', ' : ''}
                            <a href={href({ view: 'framework', id: f })} title={fwNames.get(f)}>{f}</a>
                          </>
                        ))}
                      </span>
                    ) : null}
                  </li>
                ))}
            </ul>
          ) : (
            <p class="muted">No relation to any organisation in the registry.</p>
          )}
          {p.relations.some((r) => r.relation === 'none') && p.relations.some((r) => r.relation !== 'none') ? (
            <p class="muted small none-orgs">
              No relation:{' '}
              {p.relations
                .filter((r) => r.relation === 'none')
                .map((r, i) => (
                  <>
                    {i ? ', ' : ''}
                    <a href={href({ view: 'org', id: r.organisation })} title={orgNames.get(r.organisation)}>{r.organisation}</a>
                  </>
                ))}
            </p>
          ) : null}

          <h3>Activities</h3>
          <EligibilityWidget iso3={iso3} org={org} date={date} fws={fwNames} />

          <div class="rec-head">
            <h3>Memberships</h3>
            {staff ? <AddLink kind="membership" iso3={iso3} org={org} label="Add a membership" /> : null}
          </div>
          {p.memberships.length ? (
            <ul class="records" data-testid="memberships">
              {p.memberships.map((m) => (
                <li>
                  <div class="rec-main">
                    <a href={href({ view: 'org', id: m.organisation, date: m.from ?? date })}>{orgNames.get(m.organisation) ?? m.organisation}</a>
                    <span class="tag">
                      {m.to && m.to <= date ? 'Ended' : m.from && m.from > date ? 'Not yet begun' : (MEMBERSHIP_STATUS[m.status] ?? statusLabel(m.status))}
                    </span>
                  </div>
                  <div class="rec-sub">
                    <DateRange from={m.from} to={m.to} />
                  </div>
                  <div class="rec-src">
                    <Source src={m.source} />
                  </div>
                  <Note text={m.note} />
                  {staff ? <RowActions kind="membership" id={m.id} what={`the ${m.organisation} membership from ${m.from ?? '?'}`} /> : null}
                </li>
              ))}
            </ul>
          ) : (
            <p class="muted">None recorded.</p>
          )}

          <div class="rec-head">
            <h3>Partnerships</h3>
            {staff ? <AddLink kind="partnership" iso3={iso3} label="Add a partnership" /> : null}
          </div>
          {p.partnerships.length ? (
            <ul class="records" data-testid="partnerships">
              {p.partnerships.map((m) => (
                <li>
                  <div class="rec-main">
                    <a href={href({ view: 'framework', id: m.framework, date: m.from ?? date })}>{fwNames.get(m.framework) ?? m.framework}</a>
                    <span class="muted small">{m.organisation}</span>
                    {m.to && m.to <= date ? (
                      <span class="tag">Ended</span>
                    ) : m.from && m.from > date ? (
                      <span class="tag">Not yet begun</span>
                    ) : (
                      <span class={`tag${m.status === 'suspended' ? ' warn' : ''}`}>{PARTNERSHIP_STATUS[m.status] ?? statusLabel(m.status)}</span>
                    )}
                  </div>
                  <div class="rec-sub">
                    <DateRange from={m.from} to={m.to} />
                  </div>
                  <div class="rec-src">
                    <Source src={m.source} />
                  </div>
                  <Note text={m.note} />
                  {staff ? <RowActions kind="partnership" id={m.id} what={`the ${m.framework} partnership from ${m.from ?? '?'}`} /> : null}
                </li>
              ))}
            </ul>
          ) : (
            <p class="muted">None recorded.</p>
          )}

          {p.plans.length || staff ? (
            <>
              <div class="rec-head">
                <h3>Plans</h3>
                {staff ? <AddLink kind="plan" iso3={iso3} label="Add a plan" /> : null}
              </div>
              {!p.plans.length ? <p class="muted">None recorded.</p> : null}
              <ul class="records" data-testid="plans">
                {p.plans.map((m) => (
                  <li>
                    <div class="rec-main">
                      <strong>
                        {PLAN[m.plan] ?? m.plan} <abbr>({m.plan})</abbr>
                      </strong>
                      <span class="muted small">{m.organisation}</span>
                    </div>
                    <div class="rec-sub">
                      <DateRange from={m.from} to={m.to} />
                    </div>
                    <div class="rec-src">
                      <Source src={m.source} />
                    </div>
                    <Note text={m.note} />
                    {staff ? <RowActions kind="plan" id={m.id} what={`the ${m.plan} from ${m.from ?? '?'}`} /> : null}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {p.territory_changes?.length ? (
            <>
              <h3>Territory changes</h3>
              <ul class="records">
                {p.territory_changes.map((t) => (
                  <li>
                    <div class="rec-main">
                      <strong>{t.change === "extension" ? "Comes under" : "Leaves"} {t.organisation}</strong>
                      <span class="muted small">{fmtShort(t.date)}</span>
                    </div>
                    <div class="rec-sub">{t.territory}</div>
                    <div class="rec-src">
                      <Source src={t.source} />
                    </div>
                    <Note text={t.note} />
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {p.nation.source || p.nation.note ? (
            <div class="muted small nation-source">
              <Note text={p.nation.note} />
              {p.nation.source ? <p>Nation data: <Source src={p.nation.source} /></p> : null}
            </div>
          ) : null}
          <ViewTools
            title={`${p.nation.name}: relations, memberships and partnerships on ${fmtLong(p.as_of)}`}
            api={`/api/v1/nations/${encodeURIComponent(iso3)}?as_of=${p.as_of}`}
            csv
            sources={[
              ...p.memberships.map((m) => m.source),
              ...p.partnerships.map((m) => m.source),
              ...p.plans.map((m) => m.source),
              ...(p.territory_changes ?? []).map((t) => t.source),
              p.nation.source,
            ]}
            stem={[iso3, 'profile', p.as_of]}
          />
        </div>
      ) : null}
    </section>
  );
}
