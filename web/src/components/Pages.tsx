import type { ComponentChildren } from 'preact';
import { api, type Framework, type Member, type Organisation } from '../api';
import { fmtLong, fmtShort } from '../dates';
import { useAsync } from '../hooks';
import { href } from '../route';
import { ErrorBox, Loading, Note, Source } from './common';

function MemberTable({ rows, caption, kind }: { rows: Member[]; caption: string; kind: 'members' | 'partners' }) {
  if (!rows.length) return <p class="muted">No {kind} on this date.</p>;
  return (
    <div class="table-wrap">
      <table class="table" data-testid={`${kind}-table`}>
        <caption class="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Nation</th>
            <th scope="col">From</th>
            <th scope="col">To</th>
            <th scope="col">Status</th>
            <th scope="col">Source</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((m) => (
            <tr data-iso3={m.iso3}>
              <th scope="row" data-label="Nation">
                <a href={href({ view: 'nation', id: m.iso3 })}>{m.name}</a>
                <Note text={m.note} />
              </th>
              <td data-label="From">{m.from ? <time dateTime={m.from}>{fmtShort(m.from)}</time> : '—'}</td>
              <td data-label="To">{m.to ? <time dateTime={m.to}>{fmtShort(m.to)}</time> : <span class="muted">present</span>}</td>
              <td data-label="Status">
                <span class={`tag${m.status === 'suspended' ? ' warn' : ''}`}>{m.status}</span>
              </td>
              <td data-label="Source">
                <Source src={m.source} />
              </td>
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
  return (
    <div class="page">
      <section class="card">
        <div class="card-head">
          <h2>
            {org?.name ?? id} <span class="code">{id}</span>
          </h2>
          <a class="btn" href={href({ view: 'map', org: id })}>Show on map</a>
        </div>
        {org ? (
          <dl class="facts">
            <Fact label="Founded">{org.founded ? fmtLong(org.founded) : '—'}</Fact>
            {org.dissolved ? <Fact label="Dissolved">{fmtLong(org.dissolved)}</Fact> : null}
            {org.headquarters ? <Fact label="Headquarters">{org.headquarters}</Fact> : null}
            {org.decision_rule ? <Fact label="Decisions">{org.decision_rule}</Fact> : null}
          </dl>
        ) : null}
        {org?.source ? <p class="page-sources"><span class="eyebrow">Sources</span><Source src={org.source} /></p> : null}
        <Note text={org?.note} />
        {fws.length ? (
          <>
            <h3>Partnership frameworks</h3>
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
            Members on {fmtLong(date)} {members ? <span class="count">{members.length}</span> : null}
          </h2>
        </div>
        <ErrorBox error={res.error} what="the members" />
        {!members && res.loading ? <Loading /> : null}
        {members ? <MemberTable rows={members} kind="members" caption={`Members of ${id} on ${date}`} /> : null}
      </section>
    </div>
  );
}

export function FrameworkPage({ id, date, frameworks, orgs }: { id: string; date: string; frameworks: Framework[] | undefined; orgs: Organisation[] | undefined }) {
  const fw = frameworks?.find((f) => f.id === id);
  const res = useAsync(`${id}@${date}`, () => api.partners(id, date));
  const partners = res.data?.framework === id ? res.data.partners : undefined;
  const orgName = fw ? orgs?.find((o) => o.id === fw.organisation)?.name ?? fw.organisation : null;
  const active = partners?.filter((p) => p.status !== 'suspended').length ?? 0;
  return (
    <div class="page">
      <section class="card">
        <div class="card-head">
          <h2>
            {fw?.name ?? id} <span class="code">{id}</span>
          </h2>
          {fw ? <a class="btn" href={href({ view: 'map', org: fw.organisation })}>Show {fw.organisation} on map</a> : null}
        </div>
        {fw ? (
          <dl class="facts">
            <Fact label="Organisation"><a href={href({ view: 'org', id: fw.organisation })}>{orgName}</a></Fact>
            <Fact label="Launched">{fw.launched ? fmtLong(fw.launched) : '—'}</Fact>
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
            Partners on {fmtLong(date)} {partners ? <span class="count">{partners.length}</span> : null}
          </h2>
          {partners && active !== partners.length ? <span class="muted small">{partners.length - active} suspended</span> : null}
        </div>
        <ErrorBox error={res.error} what="the partners" />
        {!partners && res.loading ? <Loading /> : null}
        {partners ? <MemberTable rows={partners} kind="partners" caption={`Partners of ${id} on ${date}`} /> : null}
      </section>
    </div>
  );
}
