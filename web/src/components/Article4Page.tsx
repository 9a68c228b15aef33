// #/article4 — the register of consultations requested under Article 4 of the North Atlantic Treaty.
import { useMemo } from 'preact/hooks';
import { api, type Consultation } from '../api';
import { fmtLong, fmtShort, isIsoDate } from '../dates';
import { useAsync } from '../hooks';
import { href, setQuery } from '../route';
import { ErrorBox, Loading, Note, Source } from './common';
import { NationChips } from './rules';

export function Article4Page({ q }: { q: Record<string, string> }) {
  const nation = q.nation ?? '';
  const from = isIsoDate(q.from) ? q.from : '';
  const to = isIsoDate(q.to) ? q.to : '';
  const all = useAsync('a4:all', () => api.article4({}));
  const res = useAsync(`a4:${nation}:${from}:${to}`, () => api.article4({ nation, from, to }));
  const data = res.data;

  // the nations that ever asked, for the filter (with how often)
  const requesters = useMemo(() => {
    const m = new Map<string, { name: string; n: number }>();
    for (const c of all.data?.consultations ?? [])
      for (const r of c.requested_by) m.set(r.iso3, { name: r.name, n: (m.get(r.iso3)?.n ?? 0) + 1 });
    return [...m.entries()].sort((a, b) => b[1].n - a[1].n || a[1].name.localeCompare(b[1].name));
  }, [all.data]);
  const maxN = Math.max(1, ...requesters.map(([, v]) => v.n));

  const years = useMemo(() => {
    const g = new Map<string, Consultation[]>();
    for (const c of data?.consultations ?? []) {
      const y = c.date.slice(0, 4);
      if (!g.has(y)) g.set(y, []);
      g.get(y)!.push(c);
    }
    return [...g.entries()];
  }, [data]);

  return (
    <div class="page">
      <section class="card" aria-labelledby="a4-h">
        <div class="card-head">
          <div>
            <h2 id="a4-h">
              Article 4 consultations {data ? <span class="count">{data.count}</span> : null}
            </h2>
            <p class="muted small lead">
              “The Parties will consult together whenever, in the opinion of any of them, the territorial integrity, political independence or
              security of any of the Parties is threatened.” — North Atlantic Treaty, Article 4. Every request recorded, with who asked, why, and
              what the Council did.
            </p>
          </div>
        </div>
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
        {requesters.length ? (
          <div class="a4-by" aria-label="Requests by nation">
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
      </section>

      <section class="card" aria-label="Consultations">
        <ErrorBox error={res.error} what="the Article 4 register" />
        {!data && res.loading ? <Loading /> : null}
        {data ? (
          <p class="muted small range-note">
            {data.count} request{data.count === 1 ? '' : 's'} {data.nation ? `by ${requesters.find(([k]) => k === data.nation)?.[1].name ?? data.nation} ` : ''}
            from {fmtLong(data.from)} to {fmtLong(data.to)}
          </p>
        ) : null}
        {data && !data.consultations.length ? <p class="muted">No consultation in this range.</p> : null}
        <div class={res.loading ? 'stale' : ''}>
          {years.map(([y, list]) => (
            <div class="a4-year">
              <h3 class="a4-year-h">{y}</h3>
              <ol class="a4-list" data-testid="article4-list">
                {list.map((c) => (
                  <li class="a4-item" data-id={c.id} data-date={c.date}>
                    <div class="a4-date">
                      <time dateTime={c.date}>{fmtShort(c.date)}</time>
                    </div>
                    <div class="a4-body">
                      <div class="a4-who">
                        <span class="eyebrow">Requested by {c.requested_by.length > 1 ? `${c.requested_by.length} nations` : ''}</span>
                        <NationChips nations={c.requested_by} testid="requested-by" />
                      </div>
                      <p class="a4-occasion">{c.occasion}</p>
                      {c.outcome ? (
                        <p class="a4-outcome">
                          <span class="eyebrow">Outcome</span>
                          {c.outcome}
                        </p>
                      ) : null}
                      <div class="rec-src">
                        <Source src={c.source} />
                      </div>
                      <Note text={c.note} />
                      <div class="a4-links small">
                        <a href={href({ view: 'map', date: c.date, org: 'NATO' })}>NATO on {fmtShort(c.date)}</a>
                        {' · '}
                        <a href={href({ view: 'operations', date: c.date, q: { active: '1' } })}>Operations active then</a>
                      </div>
                    </div>
                  </li>
                ))}
              </ol>
            </div>
          ))}
        </div>
      </section>
    </div>
  );
}
