// #/article4 — the register of consultations requested under Article 4 of the North Atlantic Treaty.
import { useMemo } from 'preact/hooks';
import { get, type Consultation } from '../api';
import { fmtLong, fmtShort, isIsoDate } from '../dates';
import { filterDateNotice } from '../notices';
import { missingParts } from '../gaps';
import { useAsync } from '../hooks';
import { href, setQuery } from '../route';
import { ErrorBox, Loading, Note, Source } from './common';
import { ViewTools } from './Export';
import { NationChips } from './rules';
import { useSortable } from './Sortable';
import '../styles/pages.css';

interface Register {
  from: string;
  to: string;
  nation: string | null;
  count: number;
  consultations: Consultation[];
}

/** the API route behind the register, with the page's filters (the same request the page makes) */
export function article4Path(p: { nation?: string; from?: string; to?: string }): string {
  const q = new URLSearchParams();
  for (const k of ['nation', 'from', 'to'] as const) if (p[k]) q.set(k, p[k]!);
  const s = q.toString();
  return `/api/v1/article4${s ? `?${s}` : ''}`;
}

export function Article4Page({ q }: { q: Record<string, string> }) {
  const nation = (q.nation ?? '').toUpperCase();
  const from = isIsoDate(q.from) ? q.from : '';
  const to = isIsoDate(q.to) ? q.to : '';
  const path = article4Path({ nation, from, to });
  const all = useAsync('a4:all', () => get<Register>(article4Path({})));
  const res = useAsync(path, () => get<Register>(path));
  const data = res.data;
  const current = data && !res.loading ? data : undefined;

  // the nations that ever asked, for the filter (with how often)
  const requesters = useMemo(() => {
    const m = new Map<string, { name: string; n: number }>();
    for (const c of all.data?.consultations ?? [])
      for (const r of c.requested_by) m.set(r.iso3, { name: r.name, n: (m.get(r.iso3)?.n ?? 0) + 1 });
    return [...m.entries()].sort((a, b) => b[1].n - a[1].n || a[1].name.localeCompare(b[1].name));
  }, [all.data]);
  const maxN = Math.max(1, ...requesters.map(([, v]) => v.n));
  const nationName = requesters.find(([k]) => k === nation)?.[1].name ?? nation;

  const sorted = useSortable(data?.consultations ?? [], {
    date: (c: Consultation) => c.date,
    requested: (c: Consultation) => c.requested_by.map((r) => r.name).join(', ') || null,
  });
  const { Th } = sorted;

  const filterWords = [nation ? `requested by ${nationName}` : null, from ? `from ${from}` : null, to ? `to ${to}` : null].filter(Boolean);
  const title = `Article 4 consultations of the North Atlantic Treaty${filterWords.length ? ` (${filterWords.join(', ')})` : ''}`;

  return (
    <div class="page">
      <section class="card" aria-labelledby="a4-h">
        <div class="card-head">
          <div>
            <h1 id="a4-h" class="page-h1">
              Article 4 consultations {current ? <span class="count">{current.count}</span> : null}
            </h1>
            <p class="muted small lead">
              “The Parties will consult together whenever, in the opinion of any of them, the territorial integrity, political independence or
              security of any of the Parties is threatened.” — North Atlantic Treaty, Article 4. Every request recorded, with who asked, why, and
              what the Council did.
            </p>
          </div>
        </div>
        {[filterDateNotice('from', q.from), filterDateNotice('to', q.to)]
          .filter((n): n is string => n !== null)
          .map((n) => (
            <p class="warnbox" role="status" data-testid="filter-date-notice" key={n}>
              {n}
            </p>
          ))}
        <div class="filters" role="group" aria-label="Filter the register">
          <label class="field">
            <span class="eyebrow">Requested by</span>
            <select id="a4-nation" value={nation} onChange={(e) => setQuery({ nation: (e.currentTarget as HTMLSelectElement).value })}>
              <option value="">Any member</option>
              {requesters.map(([iso3, v]) => (
                <option value={iso3}>
                  {v.name} ({v.n})
                </option>
              ))}
              {nation && !requesters.some(([k]) => k === nation) ? <option value={nation}>{nation}</option> : null}
            </select>
          </label>
          <label class="field">
            <span class="eyebrow">From</span>
            <input type="date" id="a4-from" value={from} min="1949-04-04" onChange={(e) => setQuery({ from: (e.currentTarget as HTMLInputElement).value })} />
          </label>
          <label class="field">
            <span class="eyebrow">To</span>
            <input type="date" id="a4-to" value={to} min="1949-04-04" onChange={(e) => setQuery({ to: (e.currentTarget as HTMLInputElement).value })} />
          </label>
          {nation || from || to ? (
            <button type="button" class="btn" onClick={() => setQuery({ nation: null, from: null, to: null })}>
              Clear filters
            </button>
          ) : null}
        </div>
        <ErrorBox error={all.error} what="the nations that asked" retry={all.reload} />
        {requesters.length ? (
          <div class="a4-by" role="group" aria-label="Requests by nation">
            {requesters.map(([iso3, v]) => (
              <button
                type="button"
                class={`a4-by-item${nation === iso3 ? ' on' : ''}`}
                aria-pressed={nation === iso3}
                onClick={() => setQuery({ nation: nation === iso3 ? null : iso3 })}
                title={`${v.name}: ${v.n} request${v.n === 1 ? '' : 's'}`}
              >
                <span class="a4-by-name">{v.name}</span>
                <span class="a4-by-bar" style={`width:${(v.n / maxN) * 100}%`} />
                <span class="a4-by-n">{v.n}</span>
              </button>
            ))}
          </div>
        ) : null}
        <ViewTools
          title={title}
          api={path}
          sources={(data?.consultations ?? []).map((c) => c.source)}
          stem={['nato', 'article4', nation, from, to]}
        />
      </section>

      <section class="card" aria-labelledby="a4-list-h">
        <h2 id="a4-list-h" class="sr-only">
          The requests
        </h2>
        <ErrorBox error={res.error} what="the Article 4 register" retry={res.reload} />
        {!data && res.loading ? <Loading /> : null}
        {current ? (
          <p class="muted small range-note">
            {current.count} request{current.count === 1 ? '' : 's'} {current.nation ? `by ${nationName} ` : ''}
            from {fmtLong(current.from)} to {fmtLong(current.to)}
          </p>
        ) : null}
        {current && !current.consultations.length ? <p class="muted">No consultation in this range.</p> : null}
        {data && data.consultations.length ? (
          <div class={`table-wrap${res.loading ? ' stale' : ''}`}>
            <table class="table a4-table" data-testid="article4-table">
              <caption class="sr-only">Requests for consultations under Article 4</caption>
              <thead>
                <tr>
                  <Th col="date">Date</Th>
                  <Th col="requested">Requested by</Th>
                  <th scope="col">Occasion and outcome</th>
                </tr>
              </thead>
              <tbody>
                {sorted.rows.map((c) => {
                  const missing = missingParts(c);
                  return (
                    <tr class="a4-row" data-id={c.id} data-date={c.date} key={c.id}>
                      <th scope="row" data-label="Date" class="a4-when">
                        <time dateTime={c.date}>{fmtShort(c.date)}</time>
                      </th>
                      <td data-label="By" class="a4-requesters">
                        {c.requested_by.length ? <NationChips nations={c.requested_by} testid="requested-by" /> : <span class="gap-tag">not recorded</span>}
                      </td>
                      <td data-label="What" class="a4-what">
                        <p class="a4-occasion">{c.occasion}</p>
                        {c.outcome?.trim() ? (
                          <p class="a4-outcome">
                            <span class="eyebrow">Outcome</span> {c.outcome}
                          </p>
                        ) : null}
                        {missing.length ? (
                          <p class="gap-note" role="note">
                            The register does not record {missing.join(', ').replace(/, ([^,]*)$/, ' or $1')} for this request.
                          </p>
                        ) : null}
                        {c.source ? (
                          <div class="rec-src">
                            <Source src={c.source} />
                          </div>
                        ) : null}
                        <Note text={c.note} />
                        <div class="a4-links small">
                          <a href={href({ view: 'map', date: c.date, org: 'NATO' })}>NATO on {fmtShort(c.date)}</a>
                          {' · '}
                          <a href={href({ view: 'operations', date: c.date, q: { active: '1' } })}>Operations active then</a>
                        </div>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </div>
  );
}
