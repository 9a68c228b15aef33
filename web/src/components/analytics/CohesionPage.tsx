// Allied cohesion: how often each Ally objected in the council rounds of the period, which
// pairs agreed, and — first and plainly — how much record the figures rest on.
import { cohesionUrl } from '../../analytics';
import { analyticsApi } from '../../analyticsApi';
import { isIsoDate, today } from '../../dates';
import { useAsync } from '../../hooks';
import { setQuery } from '../../route';
import { ErrorBox, Loading } from '../common';
import { ViewTools } from '../Export';
import { useSortable } from '../Sortable';
import { FieldErrors, paramErrors } from './shared';

const pct = (v: number | null) => (v === null ? '–' : `${Math.round(v * 1000) / 10}%`);

export function CohesionPage({ q }: { q: Record<string, string> }) {
  const t = today();
  const from = isIsoDate(q.from) ? q.from : `${Number(t.slice(0, 4)) - 10}-01-01`;
  const to = isIsoDate(q.to) ? q.to : t;
  const res = useAsync(`cohesion:${from}:${to}`, () => analyticsApi.cohesion(from, to));
  const problems = paramErrors(res.error, ['from', 'to']);
  const d = res.data;
  const allies = useSortable(d?.allies ?? [], { name: (a) => a.name, rounds: (a) => a.rounds, objections: (a) => a.objections, rate: (a) => a.objection_rate, a4: (a) => a.article4_requests });
  const pairs = useSortable<NonNullable<typeof d>['pairs'][number], 'pair' | 'shared' | 'rate' | 'co'>(d?.pairs ?? [], { pair: (p) => `${p.nation}-${p.other}`, shared: (p) => p.shared_rounds, rate: (p) => p.agreement_rate, co: (p) => p.co_signatures }, { key: 'rate', dir: 'desc' });
  const dateField = (key: 'from' | 'to', value: string, label: string) => (
    <div class="field">
      <label class="eyebrow" for={`cohesion-${key}`}>
        {label}
      </label>
      <input
        id={`cohesion-${key}`}
        type="date"
        value={value}
        aria-invalid={problems.by[key] ? 'true' : undefined}
        aria-describedby={problems.by[key] ? `cohesion-${key}-error` : undefined}
        onChange={(e) => {
          const v = (e.currentTarget as HTMLInputElement).value;
          if (isIsoDate(v)) setQuery({ [key]: v });
        }}
      />
      <FieldErrors id={`cohesion-${key}-error`} errors={problems.by[key]} />
    </div>
  );
  return (
    <div class="page analytics-page">
      <section class="card" aria-labelledby="cohesion-h">
        <h1 id="cohesion-h" class="page-h1">
          Allied cohesion
        </h1>
        <div class="filters">
          {dateField('from', from, 'From')}
          {dateField('to', to, 'To')}
        </div>
        <ErrorBox error={Object.keys(problems.by).length ? null : res.error} what="the cohesion figures" retry={res.reload} />
        {d ? (
          <p class={`record-statement${d.thin ? ' thin' : ''}`} role="note" data-testid="cohesion-record">
            {d.record}
          </p>
        ) : res.loading ? (
          <Loading label="Counting the rounds…" />
        ) : null}
        {d?.records ? <p class="muted small">{d.records}</p> : null}
      </section>
      {d ? (
        <>
          <section class="card" aria-labelledby="cohesion-allies-h">
            <h2 id="cohesion-allies-h">Allies' objections</h2>
            <div class="table-wrap">
              <table class="table" data-testid="cohesion-allies">
                <thead>
                  <tr>
                    <allies.Th col="name">Ally</allies.Th>
                    <allies.Th col="rounds" class="num">Rounds</allies.Th>
                    <allies.Th col="objections" class="num">Objections</allies.Th>
                    <allies.Th col="rate" class="num">Objection rate</allies.Th>
                    <allies.Th col="a4" class="num">Article 4 requests</allies.Th>
                  </tr>
                </thead>
                <tbody>
                  {allies.rows.map((a) => (
                    <tr data-nation={a.nation}>
                      <th scope="row">{a.name}</th>
                      <td class="num">{a.rounds}</td>
                      <td class="num">{a.objections}</td>
                      <td class="num" title={a.objection_rate === null ? 'no rounds to rate' : undefined}>
                        {pct(a.objection_rate)}
                      </td>
                      <td class="num">{a.article4_requests}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          <section class="card" aria-labelledby="cohesion-pairs-h">
            <h2 id="cohesion-pairs-h">Pairs of Allies</h2>
            <div class="table-wrap">
              <table class="table" data-testid="cohesion-pairs">
                <thead>
                  <tr>
                    <pairs.Th col="pair">Pair</pairs.Th>
                    <pairs.Th col="shared" class="num">Shared rounds</pairs.Th>
                    <pairs.Th col="rate" class="num">Agreement rate</pairs.Th>
                    <pairs.Th col="co" class="num">Article 4 co-signatures</pairs.Th>
                  </tr>
                </thead>
                <tbody>
                  {pairs.rows.map((p) => (
                    <tr>
                      <th scope="row">
                        {p.nation} – {p.other}
                      </th>
                      <td class="num">{p.shared_rounds}</td>
                      <td class="num" title={p.agreement_rate === null ? 'fewer than 3 shared rounds' : undefined}>
                        {pct(p.agreement_rate)}
                      </td>
                      <td class="num">{p.co_signatures}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <ViewTools title={`Allied cohesion, ${from} to ${to}`} api={cohesionUrl(from, to)} csv={false} stem={['cohesion', from, to]} />
          </section>
        </>
      ) : null}
    </div>
  );
}
