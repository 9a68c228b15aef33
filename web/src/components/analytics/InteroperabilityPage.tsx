// A partner's interoperability score by year: each component's raw value, its normalised
// value and its contribution, with weights the reader edits (the API recomputes the score).
import { useMemo } from 'preact/hooks';
import { api } from '../../api';
import { DEFAULT_INTEROP_WEIGHTS, INTEROP_COMPONENTS, formatWeights, interoperabilityUrl, parseWeights, parseYear, weightsDiffer, type Weights } from '../../analytics';
import { analyticsApi } from '../../analyticsApi';
import { today } from '../../dates';
import { useAsync } from '../../hooks';
import { setQuery } from '../../route';
import { ErrorBox, Loading } from '../common';
import { ViewTools } from '../Export';
import { FieldErrors, NumberField, paramErrors } from './shared';

const LABELS: Record<string, string> = {
  years_in_frameworks: 'Years in partnership',
  plans: 'Plans',
  parp: 'PARP',
  evaluations: 'Evaluations',
  exercises_with_allies: 'Exercises with Allies',
  operations_with_allies: 'Operations with Allies',
};

export function InteroperabilityPage({ q }: { q: Record<string, string> }) {
  const thisYear = Number(today().slice(0, 4));
  const from = parseYear(q.from, thisYear - 10, 1949, 2100);
  const to = parseYear(q.to, thisYear - 1, 1949, 2100);
  const nation = (q.nation ?? 'UKR').toUpperCase();
  const parsed = parseWeights(q.weights, INTEROP_COMPONENTS, DEFAULT_INTEROP_WEIGHTS);
  const weights = parsed.ok ? parsed.weights : DEFAULT_INTEROP_WEIGHTS;
  const url = interoperabilityUrl(from, to, [nation], weights);
  const res = useAsync(`interop:${url}`, () => analyticsApi.interoperability(from, to, [nation], weights));
  const nations = useAsync('nations', () => api.nations());
  const problems = paramErrors(res.error, ['from', 'to', 'nations', 'weights']);
  const setWeight = (name: string, w: number) => {
    const next: Weights = { ...weights, [name]: Math.max(0, w) };
    setQuery({ weights: weightsDiffer(next, DEFAULT_INTEROP_WEIGHTS) ? formatWeights(next, INTEROP_COMPONENTS) : null });
  };
  const rows = useMemo(() => [...(res.data?.rows ?? [])].sort((a, b) => a.year - b.year), [res.data]);
  const name = rows[0]?.name ?? nations.data?.nations.find((n) => n.iso3 === nation)?.name ?? nation;
  const components = res.data?.components ?? [];

  return (
    <div class="page analytics-page">
      <section class="card" aria-labelledby="interop-h">
        <h1 id="interop-h" class="page-h1">
          Partner interoperability
        </h1>
        <p class="muted small lead">
          A score from 0 to 1 for a partner in each year: the weighted sum of six components, each normalised to 0–1. The weights are yours to change;
          they are rescaled to sum to 1.
        </p>
        <div class="filters">
          <label class="field">
            <span class="eyebrow">Partner</span>
            <select value={nation} onChange={(e) => setQuery({ nation: (e.currentTarget as HTMLSelectElement).value })} aria-describedby={problems.by.nations ? 'interop-nation-error' : undefined}>
              {(nations.data?.nations ?? [{ iso3: nation, name: nation }]).map((n) => (
                <option value={n.iso3}>{n.name}</option>
              ))}
            </select>
            <FieldErrors id="interop-nation-error" errors={problems.by.nations} />
          </label>
          <NumberField id="interop-from" label="From" value={from} min={1949} max={2100} step={1} errors={problems.by.from} onValue={(v) => setQuery({ from: String(v) })} />
          <NumberField id="interop-to" label="To" value={to} min={1949} max={2100} step={1} errors={problems.by.to} onValue={(v) => setQuery({ to: String(v) })} />
        </div>
        <fieldset class="weights" aria-describedby={problems.by.weights ? 'interop-weights-error' : undefined}>
          <legend class="eyebrow">Component weights</legend>
          {INTEROP_COMPONENTS.map((c) => (
            <NumberField id={`interop-w-${c}`} label={LABELS[c]} value={weights[c]} min={0} step={0.05} onValue={(v) => setWeight(c, v)} />
          ))}
          <FieldErrors id="interop-weights-error" errors={problems.by.weights ?? (parsed.ok ? undefined : [parsed.error])} />
        </fieldset>
        <ErrorBox error={Object.keys(problems.by).length ? null : res.error} what="the interoperability scores" retry={res.reload} />
        {res.data?.records ? <p class="muted small">{res.data.records}</p> : null}
      </section>
      {!res.data && res.loading ? <Loading label="Computing the scores…" /> : null}
      {res.data ? (
        <section class="card" aria-labelledby="interop-table-h">
          <h2 id="interop-table-h">
            {name}, {from}–{to}
          </h2>
          {rows.length ? (
            <div class={`table-wrap${res.loading ? ' stale' : ''}`}>
              <table class="table" data-testid="interop-table">
                <thead>
                  <tr>
                    <th scope="col">Year</th>
                    <th scope="col" class="num">
                      Score
                    </th>
                    {components.map((c) => (
                      <th scope="col" class="num" title={c.normalisation}>
                        {LABELS[c.name] ?? c.name}
                        <span class="muted small block">weight {c.weight}</span>
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr data-year={r.year}>
                      <th scope="row">{r.year}</th>
                      <td class="num" data-col="score">
                        <strong>{r.score.toFixed(3)}</strong>
                      </td>
                      {components.map((c) => {
                        const x = r.components.find((y) => y.name === c.name);
                        return (
                          <td class="num" title={x && x.raw !== null ? `raw ${x.raw}, normalised ${x.normalised}` : 'no figure'}>
                            {x && x.contribution !== null ? x.contribution.toFixed(3) : '–'}
                          </td>
                        );
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p class="muted">No scores for {name} in these years: it was not a NATO partner then.</p>
          )}
          <details class="small">
            <summary>How each component is normalised</summary>
            <dl>
              {components.map((c) => (
                <>
                  <dt>{LABELS[c.name] ?? c.name}</dt>
                  <dd>{c.normalisation}</dd>
                </>
              ))}
            </dl>
          </details>
          <ViewTools title={`Interoperability of ${name}, ${from}–${to}`} api={url} csv={false} stem={['interoperability', nation, `${from}-${to}`]} />
        </section>
      ) : null}
    </div>
  );
}
