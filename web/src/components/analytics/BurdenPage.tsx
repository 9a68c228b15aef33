// Burden sharing: each Ally's defence expenditure as a share of GDP and the share spent on
// major equipment, year by year, against NATO's guidelines (2% and 20% agreed at Wales; 5%
// and 3.5% on core defence agreed at The Hague, with its caveat). A missing figure is a dash
// with its reason, never 0; an estimate is flagged.
import { useMemo } from 'preact/hooks';
import * as Plot from '@observablehq/plot';
import { burdenUrl, fmtFigure, fmtMusd, metWord, parseNations, parseYear } from '../../analytics';
import { analyticsApi, type BurdenRow, type Guideline } from '../../analyticsApi';
import { today } from '../../dates';
import { useAsync } from '../../hooks';
import { setQuery } from '../../route';
import { ErrorBox, Loading } from '../common';
import { ViewTools } from '../Export';
import { useSortable } from '../Sortable';
import { FieldErrors, PlotFigure, paramErrors } from './shared';

const FIRST_YEAR = 2014;
const DEFAULT_ALLIES = ['USA', 'DEU', 'FRA', 'GBR', 'POL', 'ITA'];
const AGGREGATE = 'NATO (aggregate)';
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif';
const RULE_COLOURS: Record<string, string> = { 'gdp-share': '#b42318', 'core-gdp-share': '#7a4f01', 'equipment-share': '#b42318' };

export function BurdenPage({ q }: { q: Record<string, string> }) {
  const thisYear = Number(today().slice(0, 4));
  const from = parseYear(q.from, FIRST_YEAR, 1949, thisYear + 1);
  const to = parseYear(q.to, thisYear, 1949, 2100);
  const allies = q.allies === 'none' ? [] : q.allies ? parseNations(q.allies) : DEFAULT_ALLIES;
  const res = useAsync(`burden:${from}:${to}`, () => analyticsApi.burden(from, to));
  const data = res.data?.from === from && res.data?.to === to ? res.data : res.data;
  const problems = paramErrors(res.error, ['from', 'to', 'nations']);

  const allyList = useMemo(() => {
    const m = new Map<string, string>();
    for (const r of data?.rows ?? []) if (r.ally) m.set(r.nation, r.name);
    return [...m].sort((a, b) => a[1].localeCompare(b[1]));
  }, [data]);
  const years = useMemo(() => [...new Set((data?.rows ?? []).map((r) => r.year))].sort((a, b) => a - b), [data]);
  const latestWithFigures = useMemo(() => {
    const ys = (data?.rows ?? []).filter((r) => r.gdp_share !== null).map((r) => r.year);
    return ys.length ? Math.max(...ys) : to;
  }, [data]);
  const tableYear = q.year === 'all' ? null : parseYear(q.year, latestWithFigures, from, to);

  const chosen = new Set(allies);
  const series = useMemo(() => {
    const rows = (data?.rows ?? []).filter((r) => chosen.has(r.nation)).map((r) => ({ name: r.name, year: r.year, gdp: r.gdp_share, equipment: r.equipment_share }));
    for (const a of data?.alliance ?? []) rows.push({ name: AGGREGATE, year: a.year, gdp: a.aggregate_gdp_share, equipment: null });
    return rows;
  }, [data, allies.join(',')]);

  const guidelines = data?.guidelines ?? [];
  const gdpRules = guidelines.filter((g) => g.compared_with === 'gdp_share');
  const equipmentRules = guidelines.filter((g) => g.compared_with === 'equipment_share');
  const setAllies = (next: string[]) => setQuery({ allies: next.length ? (sameSet(next, DEFAULT_ALLIES) ? null : next.join(',')) : 'none' });
  const api = burdenUrl(from, to);
  const title = `Defence expenditure of the Allies against NATO's guidelines, ${from}–${to}`;

  return (
    <div class="page analytics-page burden-page">
      <section class="card" aria-labelledby="burden-h">
        <h1 id="burden-h" class="page-h1">
          Burden sharing
        </h1>
        <p class="muted small lead">
          NATO's figures for each Ally: defence expenditure as a share of GDP and the share of it spent on major equipment, against the guidelines the
          Allies agreed. A dash is a figure NATO does not give (hover it for why), never 0.
        </p>
        <div class="filters" role="group" aria-label="Years">
          <div class="field">
            <label class="eyebrow" for="burden-from">
              From
            </label>
            <input
              id="burden-from"
              type="number"
              min={1949}
              max={2100}
              value={from}
              aria-invalid={problems.by.from ? 'true' : undefined}
              aria-describedby={problems.by.from ? 'burden-from-error' : undefined}
              onChange={(e) => setQuery({ from: (e.currentTarget as HTMLInputElement).value || null })}
            />
            <FieldErrors id="burden-from-error" errors={problems.by.from} />
          </div>
          <div class="field">
            <label class="eyebrow" for="burden-to">
              To
            </label>
            <input
              id="burden-to"
              type="number"
              min={1949}
              max={2100}
              value={to}
              aria-invalid={problems.by.to ? 'true' : undefined}
              aria-describedby={problems.by.to ? 'burden-to-error' : undefined}
              onChange={(e) => setQuery({ to: (e.currentTarget as HTMLInputElement).value || null })}
            />
            <FieldErrors id="burden-to-error" errors={problems.by.to} />
          </div>
        </div>
        <ErrorBox error={Object.keys(problems.by).length ? null : res.error} what="the defence expenditure" retry={res.reload} />
        {allyList.length ? (
          <details class="ally-picker" open={!!q.allies}>
            <summary>
              Allies in the charts ({allies.length} and the aggregate)
            </summary>
            <fieldset class="checks">
              <legend class="sr-only">Allies drawn in the charts</legend>
              {allyList.map(([iso3, name]) => (
                <label class="check">
                  <input
                    type="checkbox"
                    checked={chosen.has(iso3)}
                    data-ally={iso3}
                    onChange={(e) => setAllies((e.currentTarget as HTMLInputElement).checked ? [...allies, iso3] : allies.filter((a) => a !== iso3))}
                  />
                  {name}
                </label>
              ))}
            </fieldset>
          </details>
        ) : null}
      </section>

      {!data && res.loading ? <Loading label="Reading the defence expenditure…" /> : null}
      {data ? (
        <>
          <section class="card" aria-labelledby="gdp-h">
            <h2 id="gdp-h">Defence expenditure as a share of GDP</h2>
            <PlotFigure
              testid="burden-gdp-chart"
              label={`Line chart of defence expenditure as a share of GDP, ${from}–${to}, for ${allies.length} Allies and the NATO aggregate, with the guidelines at ${gdpRules.map((g) => `${g.threshold}%`).join(', ')}. The table below has the figures.`}
              deps={[series, gdpRules]}
              draw={(width) => shareChart(width, series, 'gdp', gdpRules, '% of GDP')}
            />
            <Caveats guidelines={gdpRules} />
          </section>
          <section class="card" aria-labelledby="equipment-h">
            <h2 id="equipment-h">Share of defence expenditure on major equipment</h2>
            <PlotFigure
              testid="burden-equipment-chart"
              label={`Line chart of the share of defence expenditure spent on major equipment, ${from}–${to}, for ${allies.length} Allies, with the guideline at ${equipmentRules.map((g) => `${g.threshold}%`).join(', ')}.`}
              deps={[series, equipmentRules]}
              draw={(width) => shareChart(width, series.filter((s) => s.name !== AGGREGATE), 'equipment', equipmentRules, '% of defence expenditure')}
            />
          </section>
          <AllianceSummary data={data} year={tableYear ?? latestWithFigures} />
          <section class="card" aria-labelledby="burden-table-h">
            <div class="card-head">
              <h2 id="burden-table-h">Allies {tableYear ? `in ${tableYear}` : `${from}–${to}`}</h2>
              <label class="field inline">
                <span class="eyebrow">Year</span>
                <select value={tableYear === null ? 'all' : String(tableYear)} onChange={(e) => setQuery({ year: (e.currentTarget as HTMLSelectElement).value })} data-testid="burden-year">
                  {years.map((y) => (
                    <option value={String(y)}>{y}</option>
                  ))}
                  <option value="all">All years</option>
                </select>
              </label>
            </div>
            <BurdenTable rows={data.rows.filter((r) => r.ally && (tableYear === null || r.year === tableYear))} guidelines={guidelines} />
            <ViewTools title={title} api={api} stem={['burden-sharing', `${from}-${to}`]} sources={guidelines.map((g) => g.source)} />
          </section>
        </>
      ) : null}
    </div>
  );
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

type Point = { name: string; year: number; gdp: number | null; equipment: number | null };

function shareChart(width: number, rows: Point[], key: 'gdp' | 'equipment', rules: Guideline[], label: string) {
  const values = rows.map((r) => r[key]).filter((v): v is number => v !== null);
  const top = Math.max(...values, ...rules.map((g) => g.threshold), 1) * 1.08;
  return Plot.plot({
    width,
    height: Math.max(260, Math.min(420, width * 0.5)),
    marginLeft: 44,
    marginRight: 150,
    style: { fontFamily: FONT, fontSize: '11px' },
    x: { label: 'Year', tickFormat: 'd', ticks: Math.min(10, Math.max(2, Math.floor(width / 90))) },
    y: { label, domain: [0, top], grid: true },
    color: { legend: true, type: 'categorical' },
    marks: [
      ...rules.map((g) => Plot.ruleY([g.threshold], { stroke: RULE_COLOURS[g.metric] ?? '#b42318', strokeDasharray: g.metric === 'core-gdp-share' ? '2 3' : '6 3' })),
      Plot.text(rules, { y: 'threshold', text: ruleLabel, frameAnchor: 'right', dx: 6, textAnchor: 'start', fill: '#4a5568' }),
      Plot.lineY(rows, { x: 'year', y: key, stroke: 'name', strokeWidth: (d: Point) => (d.name === AGGREGATE ? 3 : 1.6), strokeDasharray: (d: Point) => (d.name === AGGREGATE ? '8 3' : null) } as never),
      Plot.dot(rows, { x: 'year', y: key, fill: 'name', r: 2 }),
    ],
  });
}

/** a guideline's rule in the chart: its threshold and where it was agreed */
function ruleLabel(g: Guideline): string {
  const where = g.summit.startsWith('Wales') ? 'Wales' : g.summit.startsWith('The Hague') ? 'The Hague' : g.agreed.slice(0, 4);
  return `${g.threshold}%${g.metric === 'core-gdp-share' ? ' core' : ''} (${where})`;
}

function Caveats({ guidelines }: { guidelines: Guideline[] }) {
  return (
    <ul class="guidelines small">
      {guidelines.map((g) => (
        <li>
          <strong>{g.threshold}%</strong> {g.name} (agreed {g.agreed}, to be met by {g.by_year})
          {g.caveat ? (
            <p class="caveat" role="note" data-testid={`caveat-${g.id}`}>
              Caveat: {g.caveat}
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

function AllianceSummary({ data, year }: { data: { alliance: { year: number; allies: number; allies_with_expenditure: number; total_expenditure_musd: number | null; aggregate_gdp_share: number | null; guidelines: Record<string, { in_force: boolean; allies_meeting: number; allies_with_figure: number; total_gap_musd: number | null }> }[]; guidelines: Guideline[] }; year: number }) {
  const a = data.alliance.find((x) => x.year === year);
  if (!a) return null;
  return (
    <section class="card" aria-labelledby="alliance-h" data-testid="alliance-summary">
      <h2 id="alliance-h">The alliance in {year}</h2>
      <p>
        {a.allies} Allies, {a.allies_with_expenditure} with figures; total defence expenditure {fmtMusd(a.total_expenditure_musd)} million USD; aggregate
        share of GDP {fmtFigure(a.aggregate_gdp_share)}%.
      </p>
      <ul>
        {data.guidelines.map((g) => {
          const s = a.guidelines[g.id];
          if (!s) return null;
          return (
            <li>
              {g.name}: {s.in_force ? `${s.allies_meeting} of ${s.allies_with_figure} Allies with a figure meet it; the others fall short by ${fmtMusd(s.total_gap_musd)} million USD together` : `not yet agreed in ${year}`}
              .
            </li>
          );
        })}
      </ul>
    </section>
  );
}

type BurdenCol = 'name' | 'year' | 'gdp' | 'equipment' | 'expenditure' | `met:${string}` | `gap:${string}` | `musd:${string}`;

function BurdenTable({ rows, guidelines }: { rows: BurdenRow[]; guidelines: Guideline[] }) {
  const cols = useMemo(() => {
    const c: Record<string, (r: BurdenRow) => string | number | null> = {
      name: (r) => r.name,
      year: (r) => r.year,
      gdp: (r) => r.gdp_share,
      equipment: (r) => r.equipment_share,
      expenditure: (r) => r.expenditure_musd,
    };
    for (const g of guidelines) {
      c[`met:${g.id}`] = (r) => metWord(r.guidelines[g.id]?.in_force ? r.guidelines[g.id].met : null);
      c[`gap:${g.id}`] = (r) => r.guidelines[g.id]?.gap_points ?? null;
      c[`musd:${g.id}`] = (r) => r.guidelines[g.id]?.gap_musd ?? null;
    }
    return c as Record<BurdenCol, (r: BurdenRow) => string | number | null>;
  }, [guidelines]);
  const { rows: sorted, Th } = useSortable(rows, cols);
  const inForce = guidelines.filter((g) => rows.some((r) => r.guidelines[g.id]?.in_force));
  const missing = (r: BurdenRow, v: string) => (v === '–' ? <span title={r.missing_reason ?? 'no figure'} data-missing="">–<span class="sr-only"> ({r.missing_reason ?? 'no figure'})</span></span> : v);
  return (
    <div class="table-wrap">
      <table class="table burden-table" data-testid="burden-table">
        <thead>
          <tr>
            <Th col="name">Ally</Th>
            <Th col="year" class="num">Year</Th>
            <Th col="gdp" class="num">% of GDP</Th>
            <Th col="equipment" class="num">% on equipment</Th>
            <Th col="expenditure" class="num">Million USD</Th>
            {inForce.map((g) => (
              <>
                <Th col={`met:${g.id}`}>{g.threshold}%{g.metric === 'core-gdp-share' ? ' core' : g.metric === 'equipment-share' ? ' equipment' : ''}</Th>
                <Th col={`gap:${g.id}`} class="num">Gap, points</Th>
                <Th col={`musd:${g.id}`} class="num">Gap, m USD</Th>
              </>
            ))}
          </tr>
        </thead>
        <tbody>
          {sorted.map((r) => (
            <tr data-nation={r.nation} data-year={r.year}>
              <th scope="row">
                {r.name}
                {r.estimate ? (
                  <span class="badge estimate" title="NATO's estimate">
                    {' '}
                    e<span class="sr-only">stimate</span>
                  </span>
                ) : null}
              </th>
              <td class="num">{r.year}</td>
              <td class="num" data-col="gdp_share">
                {missing(r, fmtFigure(r.gdp_share))}
              </td>
              <td class="num" data-col="equipment_share">
                {missing(r, fmtFigure(r.equipment_share))}
              </td>
              <td class="num" data-col="expenditure_musd">
                {missing(r, fmtMusd(r.expenditure_musd))}
              </td>
              {inForce.map((g) => {
                const c = r.guidelines[g.id];
                const on = c?.in_force;
                return (
                  <>
                    <td data-guideline={g.id} class={on && c.met === true ? 'met' : on && c.met === false ? 'not-met' : undefined}>
                      {on ? missing(r, metWord(c.met)) : <span class="muted">not yet</span>}
                    </td>
                    <td class="num">{on ? missing(r, fmtFigure(c.gap_points)) : ''}</td>
                    <td class="num">{on ? missing(r, fmtMusd(c.gap_musd)) : ''}</td>
                  </>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
