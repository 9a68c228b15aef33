// #/org/{id} and #/framework/{id}: an organisation with its members, a partnership
// framework with its partners, on the date of the URL.
import type { ComponentChildren } from 'preact';
import { api, type Framework, type Member, type Organisation } from '../api';
import { fmtLong, fmtShort } from '../dates';
import { useAsync } from '../hooks';
import { href } from '../route';
import { ErrorBox, Loading, Note, Source } from './common';
import { ViewTools } from './Export';
import { statusLabel } from './rules';
import { useSortable } from './Sortable';
import '../styles/pages.css';

const enc = encodeURIComponent;

/** the API routes behind the two pages (the same the page reads) */
export const membersPath = (org: string, date: string) => `/api/v1/organisations/${enc(org)}/members?as_of=${enc(date)}`;
export const partnersPath = (fw: string, date: string) => `/api/v1/frameworks/${enc(fw)}/partners?as_of=${enc(date)}`;

function MemberTable({ rows, caption, kind, stale }: { rows: Member[]; caption: string; kind: 'members' | 'partners'; stale: boolean }) {
  const sorted = useSortable(rows, {
    nation: (m: Member) => m.name,
    from: (m: Member) => m.from,
    to: (m: Member) => m.to,
    status: (m: Member) => statusLabel(m.status),
  });
  const { Th } = sorted;
  if (!rows.length) return <p class="muted">No {kind} on this date.</p>;
  return (
    <div class={`table-wrap${stale ? ' stale' : ''}`}>
      <table class="table" data-testid={`${kind}-table`}>
        <caption class="sr-only">{caption}</caption>
        <thead>
          <tr>
            <Th col="nation">Nation</Th>
            <Th col="from">From</Th>
            <Th col="to">To</Th>
            <Th col="status">Status</Th>
            <th scope="col">Source</th>
          </tr>
        </thead>
        <tbody>
          {sorted.rows.map((m) => (
            <tr data-iso3={m.iso3} key={`${m.iso3}:${m.from}`}>
              <th scope="row" data-label="Nation">
                <a href={href({ view: 'nation', id: m.iso3 })}>{m.name}</a>
                <Note text={m.note} />
              </th>
              <td data-label="From">{m.from ? <time dateTime={m.from}>{fmtShort(m.from)}</time> : <span class="muted">not recorded</span>}</td>
              <td data-label="To">{m.to ? <time dateTime={m.to}>{fmtShort(m.to)}</time> : <span class="muted">present</span>}</td>
              <td data-label="Status">
                <span class={`tag${m.status === 'suspended' ? ' warn' : ''}`}>{statusLabel(m.status)}</span>
              </td>
              <td data-label="Source">{m.source ? <Source src={m.source} /> : <span class="muted">none recorded</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Fact({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export function OrgPage({ id, date, orgs, frameworks }: { id: string; date: string; orgs: Organisation[] | undefined; frameworks: Framework[] | undefined }) {
  const org = orgs?.find((o) => o.id === id);
  const res = useAsync(`${id}@${date}`, () => api.members(id, date));
  const fws = (frameworks ?? []).filter((f) => f.organisation === id);
  const members = res.data?.organisation === id ? res.data.members : undefined;
  // the count is that of the date shown, never of the date before while the next loads
  const current = members && res.data?.as_of === date && !res.loading;
  const name = org?.name ?? id;
  return (
    <div class="page">
      <section class="card" aria-labelledby="org-h">
        <div class="card-head">
          <h1 id="org-h" class="page-h1">
            {name} <span class="code">{id}</span>
          </h1>
          <a class="btn" href={href({ view: 'map', org: id })}>Show on map</a>
        </div>
        {org ? (
          <dl class="facts">
            <Fact label="Founded">{org.founded ? fmtLong(org.founded) : <span class="muted">not recorded</span>}</Fact>
            {org.dissolved ? <Fact label="Dissolved">{fmtLong(org.dissolved)}</Fact> : null}
            {org.headquarters ? <Fact label="Headquarters">{org.headquarters}</Fact> : null}
            {org.decision_rule ? <Fact label="Decisions">{org.decision_rule}</Fact> : null}
          </dl>
        ) : null}
        {org?.source ? <p class="page-sources"><span class="eyebrow">Sources</span><Source src={org.source} /></p> : null}
        <Note text={org?.note} />
        {fws.length ? (
          <>
            <h2 class="h3-like">Partnership frameworks</h2>
            <ul class="chips">
              {fws.map((f) => (
                <li>
                  <a class="chip" href={href({ view: 'framework', id: f.id })}>
                    <strong>{f.id}</strong> {f.name}
                    <span class="muted small"> {f.launched ? f.launched.slice(0, 4) : '?'}–{f.ended ? f.ended.slice(0, 4) : ''}</span>
                  </a>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
      <section class="card" aria-labelledby="members-h">
        <div class="card-head">
          <h2 id="members-h">
            Members on {fmtLong(date)} {current ? <span class="count">{members.length}</span> : null}
          </h2>
        </div>
        <ViewTools
          title={`${name} (${id}): members on ${fmtLong(date)}`}
          api={membersPath(id, date)}
          sources={[org?.source, ...(members ?? []).map((m) => m.source)]}
          stem={[id, 'members', date]}
        />
        <ErrorBox error={res.error} what="the members" retry={res.reload} />
        {!members && res.loading ? <Loading /> : null}
        {members ? <MemberTable rows={members} kind="members" caption={`Members of ${id} on ${date}`} stale={!current} /> : null}
      </section>
    </div>
  );
}

export function FrameworkPage({ id, date, frameworks, orgs }: { id: string; date: string; frameworks: Framework[] | undefined; orgs: Organisation[] | undefined }) {
  const fw = frameworks?.find((f) => f.id === id);
  const res = useAsync(`${id}@${date}`, () => api.partners(id, date));
  const partners = res.data?.framework === id ? res.data.partners : undefined;
  const current = partners && res.data?.as_of === date && !res.loading;
  const orgName = fw ? orgs?.find((o) => o.id === fw.organisation)?.name ?? fw.organisation : null;
  const suspended = partners?.filter((p) => p.status === 'suspended').length ?? 0;
  const name = fw?.name ?? id;
  return (
    <div class="page">
      <section class="card" aria-labelledby="fw-h">
        <div class="card-head">
          <h1 id="fw-h" class="page-h1">
            {name} <span class="code">{id}</span>
          </h1>
          {fw ? <a class="btn" href={href({ view: 'map', org: fw.organisation })}>Show {fw.organisation} on map</a> : null}
        </div>
        {fw ? (
          <dl class="facts">
            <Fact label="Organisation"><a href={href({ view: 'org', id: fw.organisation })}>{orgName}</a></Fact>
            <Fact label="Launched">{fw.launched ? fmtLong(fw.launched) : <span class="muted">not recorded</span>}</Fact>
            {fw.ended ? <Fact label="Ended">{fmtLong(fw.ended)}</Fact> : null}
            {fw.successor ? <Fact label="Succeeded by"><a href={href({ view: 'framework', id: fw.successor })}>{fw.successor}</a></Fact> : null}
          </dl>
        ) : null}
        {fw?.source ? <p class="page-sources"><span class="eyebrow">Sources</span><Source src={fw.source} /></p> : null}
        <Note text={fw?.note} />
      </section>
      <section class="card" aria-labelledby="partners-h">
        <div class="card-head">
          <h2 id="partners-h">
            Partners on {fmtLong(date)} {current ? <span class="count">{partners.length}</span> : null}
          </h2>
          {current && suspended ? <span class="muted small">{suspended} suspended</span> : null}
        </div>
        <ViewTools
          title={`${name} (${id}): partners on ${fmtLong(date)}`}
          api={partnersPath(id, date)}
          sources={[fw?.source, ...(partners ?? []).map((m) => m.source)]}
          stem={[id, 'partners', date]}
        />
        <ErrorBox error={res.error} what="the partners" retry={res.reload} />
        {!partners && res.loading ? <Loading /> : null}
        {partners ? <MemberTable rows={partners} kind="partners" caption={`Partners of ${id} on ${date}`} stale={!current} /> : null}
      </section>
    </div>
  );
}
