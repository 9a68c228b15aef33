// Alliances compared: the provisions of the chosen alliances' treaties side by side (rows
// are provisions, columns alliances; each cell the level in words, the article linked to
// its source and the treaty's words folded beneath), and who belongs to which of them on the
// date: the pairs with the nations they share, and a map of each member by how many of the
// chosen bodies it belongs to.
import { useMemo } from 'preact/hooks';
import { api } from '../../api';
import { alliancesUrl, firstUrl, levelWord, overlapsUrl, provisionLabel } from '../../analytics';
import { analyticsApi, type ProvisionRow } from '../../analyticsApi';
import { fmtLong, isIsoDate } from '../../dates';
import { useAsync } from '../../hooks';
import { href, navigate, setQuery } from '../../route';
import { ErrorBox, Loading } from '../common';
import { ViewTools } from '../Export';
import { MiniMap, type MiniPoint } from '../MiniMap';
import { FieldErrors, paramErrors } from './shared';

const DEFAULT_IDS = ['NATO', 'CSTO', 'EU', 'RIO', 'ANZUS'];

export function ComparePage({ date, q }: { date: string; q: Record<string, string> }) {
  const ids = q.ids === 'none' ? [] : q.ids ? q.ids.split(',').filter(Boolean) : DEFAULT_IDS;
  const list = useAsync('alliances', analyticsApi.alliances);
  const key = `${ids.join(',')}@${date}`;
  const cmp = useAsync(ids.length ? `cmp:${key}` : null, () => analyticsApi.compare(ids, date));
  const ovl = useAsync(ids.length ? `ovl:${key}` : null, () => analyticsApi.overlaps(ids, date));
  const nations = useAsync('nations', () => api.nations());
  const problems = paramErrors(cmp.error ?? ovl.error, ['ids', 'as_of']);
  const toggle = (id: string, on: boolean) => {
    const next = on ? [...ids, id] : ids.filter((x) => x !== id);
    const order = (list.data?.alliances ?? []).map((a) => a.id);
    next.sort((a, b) => order.indexOf(a) - order.indexOf(b));
    setQuery({ ids: next.join(',') === DEFAULT_IDS.join(',') ? null : next.length ? next.join(',') : 'none' });
  };

  const points: MiniPoint[] = useMemo(() => {
    const byIso = new Map((nations.data?.nations ?? []).map((n) => [n.iso3, n]));
    return (ovl.data?.nations ?? []).flatMap((x) => {
      const n = byIso.get(x.nation);
      if (!n || n.capital_lat === null || n.capital_lon === null) return [];
      const count = Math.min(3, x.bodies.length);
      return [{ id: x.nation, label: `${x.name}: ${x.bodies.join(', ')}`, lat: n.capital_lat, lon: n.capital_lon, tone: `overlap-${count}`, href: href({ view: 'nation', id: x.nation, q: {} }) }];
    });
  }, [ovl.data, nations.data]);
  const counts = useMemo(() => {
    const c = [0, 0, 0, 0];
    for (const x of ovl.data?.nations ?? []) c[Math.min(3, x.bodies.length)] += 1;
    return c;
  }, [ovl.data]);

  const title = `Alliances compared on ${fmtLong(date)}: ${ids.join(', ')}`;
  return (
    <div class="page analytics-page compare-page">
      <section class="card" aria-labelledby="compare-h">
        <h1 id="compare-h" class="page-h1">
          Compare alliances
        </h1>
        <p class="muted small lead">
          What each treaty obliges its parties to, provision by provision: <strong>none</strong> (the treaty does not provide it),{' '}
          <strong>provided</strong>, or <strong>binding</strong> (provided in a binding, automatic form). Each cell links the article to the text it was
          read in.
        </p>
        <div class="filters">
          <div class="field">
            <label class="eyebrow" for="compare-date">
              Date
            </label>
            <input
              id="compare-date"
              type="date"
              value={date}
              aria-describedby={problems.by.as_of ? 'compare-date-error' : undefined}
              onChange={(e) => {
                const v = (e.currentTarget as HTMLInputElement).value;
                if (isIsoDate(v)) navigate({ date: v }, { replace: true });
              }}
            />
            <FieldErrors id="compare-date-error" errors={problems.by.as_of} />
          </div>
          <fieldset class="checks alliance-picker" aria-describedby={problems.by.ids ? 'compare-ids-error' : undefined}>
            <legend class="eyebrow">Alliances</legend>
            {(list.data?.alliances ?? []).map((a) => (
              <label class="check" title={a.name}>
                <input type="checkbox" checked={ids.includes(a.id)} data-alliance={a.id} onChange={(e) => toggle(a.id, (e.currentTarget as HTMLInputElement).checked)} />
                {a.id}
              </label>
            ))}
            <FieldErrors id="compare-ids-error" errors={problems.by.ids} />
          </fieldset>
        </div>
        <ErrorBox error={list.error} what="the alliances" retry={list.reload} />
        {!ids.length ? <p class="muted">Choose at least one alliance.</p> : null}
      </section>

      {ids.length ? (
        <section class="card" aria-labelledby="provisions-h">
          <h2 id="provisions-h">Provisions</h2>
          <ErrorBox error={Object.keys(problems.by).length ? null : cmp.error} what="the provisions" retry={cmp.reload} />
          {cmp.data ? (
            <div class="table-wrap">
              <table class="table provisions-table" data-testid="provisions-table">
                <thead>
                  <tr>
                    <th scope="col">Provision</th>
                    {cmp.data.alliances.map((a) => (
                      <th scope="col" data-alliance={a.id}>
                        <abbr title={a.name}>{a.id}</abbr>
                        <span class="muted small block">
                          {a.member_count} members{a.in_force ? '' : ', not in force'}
                        </span>
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {cmp.data.provisions.map((p) => (
                    <tr data-provision={p.provision}>
                      <th scope="row">{provisionLabel(p.provision)}</th>
                      {cmp.data!.alliances.map((a) => {
                        const cell = p.cells[a.id];
                        return (
                          <td data-alliance={a.id} data-level={cell?.level ?? ''} class={`level-${cell?.level ?? 'none'}`}>
                            {cell ? <ProvisionCell level={cell.level} rows={cell.rows} /> : <span class="muted">not coded</span>}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : cmp.loading ? (
            <Loading label="Reading the treaties…" />
          ) : null}
          <ViewTools title={title} api={alliancesUrl(ids, date)} csv={false} stem={['alliances', ids.join('-'), date]} sources={(cmp.data?.alliances ?? []).map((a) => a.source)} />
        </section>
      ) : null}

      {ids.length ? (
        <section class="card" aria-labelledby="overlaps-h">
          <h2 id="overlaps-h">Membership overlaps on {fmtLong(date)}</h2>
          <ErrorBox error={Object.keys(problems.by).length ? null : ovl.error} what="the memberships" retry={ovl.reload} />
          {ovl.data ? (
            <>
              <div class="table-wrap">
                <table class="table" data-testid="overlap-pairs">
                  <thead>
                    <tr>
                      <th scope="col">Bodies</th>
                      <th scope="col" class="num">
                        Nations in both
                      </th>
                      <th scope="col">Which</th>
                    </tr>
                  </thead>
                  <tbody>
                    {ovl.data.pairs.map((p) => (
                      <tr data-pair={`${p.first}-${p.second}`}>
                        <th scope="row">
                          {p.first} and {p.second}
                        </th>
                        <td class="num">{p.count}</td>
                        <td class="small">{p.nations.join(', ') || '–'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <MiniMap points={points} height={320} label={`Map of the members of ${ids.join(', ')} on ${fmtLong(date)}, each marked at its capital by how many of them it belongs to`} testid="overlap-map" />
              <ul class="overlap-key small" aria-label="Key">
                {[1, 2, 3].map((n) => (
                  <li>
                    <span class={`overlap-swatch overlap-${n}`} aria-hidden="true" /> {n === 3 ? '3 or more bodies' : n === 1 ? '1 body' : '2 bodies'}: {counts[n]}
                  </li>
                ))}
              </ul>
              <ViewTools title={`Membership overlaps on ${fmtLong(date)}: ${ids.join(', ')}`} api={overlapsUrl(ids, date)} csv={false} stem={['overlaps', ids.join('-'), date]} />
            </>
          ) : ovl.loading ? (
            <Loading label="Counting the members…" />
          ) : null}
        </section>
      ) : null}
    </div>
  );
}

function ProvisionCell({ level, rows }: { level: number; rows: ProvisionRow[] }) {
  return (
    <div class="provision-cell">
      <strong class="level-word">{levelWord(level)}</strong>
      {rows.map((r) => {
        const url = firstUrl(r.source);
        return (
          <div class="provision-row">
            {r.applies_to ? <span class="muted small">{r.applies_to}: </span> : null}
            {r.article ? (
              url ? (
                <a href={url} target="_blank" rel="noopener noreferrer" class="article-link" data-article={r.article}>
                  {r.article}
                  <span class="sr-only"> (source, opens in a new tab)</span>
                </a>
              ) : (
                <span>{r.article}</span>
              )
            ) : null}
            {r.quote || r.note ? (
              <details class="quote">
                <summary>{r.quote ? 'Text' : 'Note'}</summary>
                {r.quote ? <blockquote>{r.quote}</blockquote> : null}
                {r.note ? <p class="muted small">{r.note}</p> : null}
              </details>
            ) : null}
          </div>
        );
      })}
    </div>
  );
}
