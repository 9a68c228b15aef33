// The results of a simulation job: headline probabilities, the Article 6 ruling, when each
// stage of the response is reached, forces in theatre, the deployment map and the
// contributions; for a comparison, the difference between the policies first.
import { useMemo, useState } from 'preact/hooks';
import type { ComparisonResult, Difference, Distribution, SimulationResult } from '../api';
import { href } from '../route';
import { STAGES, clauseLabel, fmtDays, fmtInt, fmtPct, fmtShare, runsOf } from '../simulation';
import { CountChart, ForcesChart, ForcesCompareChart, StageChart, type ChartDownload, type StageMode } from './SimulationCharts';
import { DeploymentLegend, DeploymentMap, deploymentsOf } from './DeploymentMap';
import { useSortable } from './Sortable';
import { RULING_LABELS, Reasoning, VerdictPill } from './rules';

/** the columns of the stage table after "Reached" */
const STAGE_COLUMNS: [string, (d: Distribution) => number][] = [
  ['Mean', (d) => d.mean],
  ['P5', (d) => d.p5],
  ['Median', (d) => d.p50],
  ['P95', (d) => d.p95],
];

/** the organisation whose Council decides in every scenario */
const ORGANISATION = 'NATO';

/**
 * What a figure of `r` is called and stamped with when downloaded: the scenario, what the
 * figure shows, the runs and the seed, as of the scenario's start (its Council's day).
 */
function downloadOf(r: SimulationResult, seed: number, what: string, word: string, side?: string): ChartDownload {
  const name = r.scenario.scenario?.name || 'Simulation';
  return {
    title: `${side ? `${side}: ` : ''}${name}: ${what} (${fmtInt(runsOf(r))} runs, seed ${seed})`,
    stem: ['simulation', name, side, word, `seed-${seed}`],
    date: r.scenario.scenario?.start ?? null,
    organisation: ORGANISATION,
  };
}

const attackDay = (r: SimulationResult) => (r.scenario.crisis as { attack_day?: number } | undefined)?.attack_day;

/** the four headline probabilities of a result */
export function Headline({ r }: { r: SimulationResult }) {
  const p = r.probabilities;
  const decided = r.outcomes.decided;
  const ratio = (r.scenario.outcome as { deterrence_ratio?: number } | undefined)?.deterrence_ratio ?? 1;
  const tiles: { id: string; value: number; label: string; sub: string }[] = [
    {
      id: 'deterred',
      value: p.deterred_by_day,
      label: `Deterred by day ${p.deterrence_day}`,
      sub: `allied troops in theatre reach ${ratio === 1 ? 'the' : `${ratio}× the`} adversary’s`,
    },
    { id: 'decided', value: p.decided, label: 'Council decided', sub: decided && decided.observed ? `median on day ${decided.p50.toFixed(1)}` : 'never within the horizon' },
    { id: 'article5', value: p.article5, label: 'Article 5 invoked', sub: 'the Council judges it an armed attack' },
    { id: 'warned', value: p.warned_before_attack, label: 'Warned before the attack', sub: attackDay(r) != null ? `the attack comes on day ${attackDay(r)}` : 'the build-up is read as warning' },
  ];
  return (
    <ul class="sim-tiles" data-testid="headline">
      {tiles.map((t) => (
        <li class={`sim-tile t-${t.id}`} data-testid={`p-${t.id}`} data-value={t.value}>
          <span class="tile-value">{fmtPct(t.value)}</span>
          <span class="tile-label">{t.label}</span>
          <span class="tile-sub muted small">{t.sub}</span>
        </li>
      ))}
    </ul>
  );
}

function Article6Card({ r, codes }: { r: SimulationResult; codes: Map<string, string> }) {
  const a6 = r.model.article6;
  const facts = a6.facts ?? ({} as SimulationResult['model']['article6']['facts']);
  const kind = a6.target_kind ?? 'territory';
  const what = kind !== 'territory' && a6.target ? `${a6.target.name}’s ${kind}` : kind;
  const where = facts.territory ? facts.territory.name : facts.sea_area ? facts.sea_area.name : r.model.place;
  const details = [what, ...(where !== r.model.place ? [where] : []), `${r.model.lat.toFixed(3)}, ${r.model.lon.toFixed(3)}`];
  return (
    <section class="card" aria-labelledby="a6-h" data-testid="article6">
      <div class="card-head">
        <h2 id="a6-h">Article 6: is the place covered?</h2>
        <span class="muted small">as of {a6.as_of ?? '—'}</span>
      </div>
      <div class="a6-verdict">
        <VerdictPill value={a6.verdict} labels={RULING_LABELS} size="big" testid="a6-verdict" />
        <span>
          <strong>{r.model.place}</strong>
          <span class="muted"> · {details.join(' · ')}</span>
        </span>
        {clauseLabel(a6.clause) ? <span class="tag clause-tag">{clauseLabel(a6.clause)}</span> : null}
      </div>
      <p class="small a6-sub">
        The Council judged the attack an armed attack under Article 5 in <strong>{fmtPct(r.probabilities.article5)}</strong> of runs.{' '}
        {a6.bound?.length ? `${a6.bound.length} allies are bound by Article 5 on the day; ` : ''}
        {r.model.council.length} sit on the Council.
      </p>
      <h3>Reasoning</h3>
      <Reasoning items={a6.reasoning ?? []} codes={codes} testid="a6-reasoning" />
      {r.model.notes?.length ? (
        <>
          <h3>Notes of the model</h3>
          <ul class="sim-notes">
            {r.model.notes.map((n) => (
              <li>{n}</li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function StageCard({ r, idp, seed, side }: { r: SimulationResult; idp: string; seed: number; side?: string }) {
  const [mode, setMode] = useState<StageMode>('cdf');
  const total = runsOf(r);
  const rounds = r.outcomes.rounds;
  const objectors = r.outcomes.first_round_objectors;
  const stageRows = useMemo(() => STAGES.filter((s) => r.outcomes[s.key]).map((s, order) => ({ ...s, order, d: r.outcomes[s.key] })), [r]);
  const seen = (d: Distribution, x: number) => (d.observed > 0 ? x : null);
  const sorted = useSortable(stageRows, {
    stage: (x) => x.order,
    reached: (x) => x.d.share,
    mean: (x) => seen(x.d, x.d.mean),
    p5: (x) => seen(x.d, x.d.p5),
    median: (x) => seen(x.d, x.d.p50),
    p95: (x) => seen(x.d, x.d.p95),
  });
  const Th = sorted.Th;
  return (
    <section class="card" aria-labelledby={`${idp}stages-h`} data-testid="stages">
      <div class="card-head">
        <div class="grow">
          <h2 id={`${idp}stages-h`}>When each stage is reached</h2>
          <p class="muted small lead">Days from the onset of the crisis, over {fmtInt(total)} runs. Runs that never reach a stage within the horizon count as not reached.</p>
        </div>
        <div class="map-presets" role="group" aria-label="Chart type">
          <button type="button" class="seg" aria-pressed={mode === 'cdf'} onClick={() => setMode('cdf')}>
            Share by day
          </button>
          <button type="button" class="seg" aria-pressed={mode === 'hist'} onClick={() => setMode('hist')}>
            Histograms
          </button>
        </div>
      </div>
      {/* keyed by mode: each mode is its own figure, so switching never shows one mode's chart under the other's label */}
      <StageChart
        key={mode}
        result={r}
        mode={mode}
        download={downloadOf(r, seed, mode === 'cdf' ? 'share of runs reaching each stage by day' : 'day each stage is reached', mode === 'cdf' ? 'stages' : 'stage-histograms', side)}
      />
      <div class="table-wrap">
        <table class="table sim-table" data-testid="stage-table">
          <caption class="sr-only">Day each stage of the response is reached</caption>
          <thead>
            <tr>
              <Th col="stage">Stage</Th>
              <Th col="reached" class="num">Reached</Th>
              <Th col="mean" class="num">Mean</Th>
              <Th col="p5" class="num">P5</Th>
              <Th col="median" class="num">Median</Th>
              <Th col="p95" class="num">P95</Th>
            </tr>
          </thead>
          <tbody>
            {sorted.rows.map((s) => (
              <tr data-stage={s.key} key={s.key}>
                <th scope="row">
                  <span class="stage-key" style={`background:${s.color}`} aria-hidden="true" />
                  {s.label}
                </th>
                <td class="num" data-label="Reached">
                  {fmtShare(s.d.share)}
                </td>
                {STAGE_COLUMNS.map(([label, value]) => (
                  <td key={label} class="num" data-label={label}>
                    {s.d.observed > 0 ? fmtDays(value(s.d)) : '—'}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rounds || objectors ? (
        <div class="sim-counts">
          {rounds ? (
            <figure>
              <figcaption class="small">
                <strong>Council rounds</strong> <span class="muted">mean {rounds.mean.toFixed(2)}</span>
              </figcaption>
              <CountChart d={rounds} label="Rounds" what="rounds" download={downloadOf(r, seed, 'Council rounds', 'council-rounds', side)} />
            </figure>
          ) : null}
          {objectors ? (
            <figure>
              <figcaption class="small">
                <strong>Objectors in the first round</strong> <span class="muted">mean {objectors.mean.toFixed(2)}</span>
              </figcaption>
              <CountChart d={objectors} label="Objectors" what="objectors" download={downloadOf(r, seed, 'objectors in the first round', 'objectors', side)} />
            </figure>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

function ForcesCard({ r, idp, seed, side }: { r: SimulationResult; idp: string; seed: number; side?: string }) {
  const day = r.probabilities.deterrence_day;
  const i = Math.min(day, r.forces.days.length - 1);
  return (
    <section class="card" aria-labelledby={`${idp}forces-h`} data-testid="forces">
      <div class="card-head">
        <div class="grow">
          <h2 id={`${idp}forces-h`}>Forces in theatre</h2>
          <p class="muted small lead">
            Allied troops in theatre each day across the runs, against the adversary’s build-up.
            {r.forces.days.length > i ? ` On day ${day}: median ${fmtInt(r.forces.p50[i])}, adversary ${fmtInt(r.forces.adversary[i])}.` : ''}
          </p>
        </div>
      </div>
      <ForcesChart result={r} download={downloadOf(r, seed, 'forces in theatre by day', 'forces', side)} />
    </section>
  );
}

function DeploymentCard({ r, idp }: { r: SimulationResult; idp: string }) {
  const [active, setActive] = useState<string | null>(null);
  const [all, setAll] = useState(false);
  const rows = useMemo(() => deploymentsOf(r), [r]);
  const total = rows.reduce((s, d) => s + d.mean_troops, 0);
  const max = rows[0]?.mean_troops ?? 0;
  const sorted = useSortable(rows, {
    nation: (d) => d.name,
    status: (d) => (d.ally ? 'Ally' : 'Partner'),
    troops: (d) => d.mean_troops,
    sd: (d) => d.sd,
    share: (d) => d.mean_troops,
    distance: (d) => (Number.isFinite(d.distance_km) ? d.distance_km : null),
  });
  const Th = sorted.Th;
  const shown = all ? sorted.rows : sorted.rows.slice(0, 10);
  const largestFirst = sorted.state.key === null;
  return (
    <section class="card" aria-labelledby={`${idp}deploy-h`} data-testid="deployment">
      <div class="card-head">
        <div class="grow">
          <h2 id={`${idp}deploy-h`}>Deployment</h2>
          <p class="muted small lead">
            Mean troops each contributor sends to {r.model.place} over the runs, {fmtInt(total)} in all, along great-circle routes from its capital.
          </p>
        </div>
      </div>
      <DeploymentMap result={r} active={active} onActive={setActive} />
      <DeploymentLegend result={r} />
      <div class="table-wrap">
        <table class="table sim-table contrib-table" data-testid="contributions">
          <caption class="sr-only">Contributions per nation</caption>
          <thead>
            <tr>
              <Th col="nation">Nation</Th>
              <Th col="status">Status</Th>
              <Th col="troops" class="num">Mean troops</Th>
              <Th col="sd" class="num">SD</Th>
              <Th col="share">Share</Th>
              <Th col="distance" class="num">Distance</Th>
            </tr>
          </thead>
          <tbody>
            {shown.map((d) => (
              <tr key={d.nation} data-iso3={d.nation} class={active === d.nation ? 'hl' : ''} onPointerEnter={() => setActive(d.nation)} onPointerLeave={() => setActive(null)}>
                <th scope="row">
                  <a href={href({ view: 'nation', id: d.nation })} onFocus={() => setActive(d.nation)} onBlur={() => setActive(null)}>
                    <span class="chip-code">{d.nation}</span> {d.name}
                  </a>
                </th>
                <td data-label="Status">{d.ally ? <span class="badge rel-member">Ally</span> : <span class="badge rel-partner">Partner</span>}</td>
                <td class="num" data-label="Troops">
                  {fmtInt(d.mean_troops)}
                </td>
                <td class="num" data-label="SD">
                  {fmtInt(d.sd)}
                </td>
                <td data-label="Share">
                  <span class="share-cell">
                    <span class="share-bar" style={`width:${max ? (100 * d.mean_troops) / max : 0}%`} aria-hidden="true" />
                    <span>{total ? fmtPct(d.mean_troops / total) : '—'}</span>
                  </span>
                </td>
                <td class="num" data-label="Distance">
                  {Number.isFinite(d.distance_km) ? `${fmtInt(d.distance_km)} km` : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows.length > 10 ? (
        <button type="button" class="btn small-btn table-more" aria-expanded={all} onClick={() => setAll(!all)}>
          {all ? (largestFirst ? 'Show the ten largest' : 'Show the first ten') : `Show all ${rows.length} contributors`}
        </button>
      ) : null}
    </section>
  );
}

/** every card of one simulation result */
/** every card of one simulation result; `side` names it in a comparison ("A", "B") */
export function ResultView({ r, idp = '', seed, side }: { r: SimulationResult; idp?: string; seed: number; side?: string }) {
  const codes = useMemo(() => new Map(r.model.contributors.map((c) => [c.nation, c.name])), [r]);
  return (
    <>
      <Article6Card r={r} codes={codes} />
      <StageCard r={r} idp={idp} seed={seed} side={side} />
      <ForcesCard r={r} idp={idp} seed={seed} side={side} />
      <DeploymentCard r={r} idp={idp} />
    </>
  );
}

const DIFFERENCES: { key: string; label: (day: number) => string; kind: 'days' | 'troops' | 'share' }[] = [
  { key: 'decided_days', label: () => 'Council decision', kind: 'days' },
  { key: 'first_forces_days', label: () => 'First forces arrive', kind: 'days' },
  { key: 'deterred_days', label: () => 'Deterrence reached', kind: 'days' },
  { key: 'forces_on_deterrence_day', label: (d) => `Troops in theatre on day ${d}`, kind: 'troops' },
  { key: 'deterred_by_day_probability', label: (d) => `Deterred by day ${d}`, kind: 'share' },
];

function fmtDiff(x: number, kind: 'days' | 'troops' | 'share'): string {
  const sign = x > 0 ? '+' : x < 0 ? '−' : '±';
  const v = Math.abs(x);
  if (kind === 'days') return `${sign}${v.toFixed(2)} d`;
  if (kind === 'troops') return `${sign}${fmtInt(v)}`;
  return `${sign}${(v * 100).toFixed(1)} pp`;
}

/** what a difference means, when its 95% interval excludes zero */
function reading(d: Difference, kind: 'days' | 'troops' | 'share'): string {
  if (d.low <= 0 && d.high >= 0) return 'no clear difference';
  if (kind === 'days') return d.mean < 0 ? 'B sooner' : 'B later';
  if (kind === 'troops') return d.mean > 0 ? 'B more troops' : 'B fewer troops';
  return d.mean > 0 ? 'B more likely' : 'B less likely';
}

export function ComparisonView({ c, nameA, nameB }: { c: ComparisonResult; nameA: string; nameB: string }) {
  const [side, setSide] = useState<'a' | 'b'>('a');
  const day = c.a.probabilities.deterrence_day;
  const meaning = typeof c.difference.meaning === 'string' ? c.difference.meaning : null;
  const rows: { label: string; a: string; b: string }[] = [
    { label: `Deterred by day ${day}`, a: fmtPct(c.a.probabilities.deterred_by_day), b: fmtPct(c.b.probabilities.deterred_by_day) },
    { label: 'Council decided', a: fmtPct(c.a.probabilities.decided), b: fmtPct(c.b.probabilities.decided) },
    { label: 'Article 5 invoked', a: fmtPct(c.a.probabilities.article5), b: fmtPct(c.b.probabilities.article5) },
    { label: 'Warned before the attack', a: fmtPct(c.a.probabilities.warned_before_attack), b: fmtPct(c.b.probabilities.warned_before_attack) },
    ...(['decided', 'first_forces', 'deterred'] as const).map((k) => ({
      label: `${STAGES.find((s) => s.key === k)!.label}, median day`,
      a: c.a.outcomes[k]?.observed ? c.a.outcomes[k].p50.toFixed(1) : '—',
      b: c.b.outcomes[k]?.observed ? c.b.outcomes[k].p50.toFixed(1) : '—',
    })),
  ];
  return (
    <>
      <section class="card" aria-labelledby="diff-h" data-testid="comparison">
        <div class="card-head">
          <div class="grow">
            <h2 id="diff-h">Difference between the policies: B − A</h2>
            <p class="muted small lead">
              <strong>A</strong> {nameA} · <strong>B</strong> {nameB}. Both run on the same random numbers ({fmtInt(c.run.runs)} runs, seed {c.run.seed}), so
              the difference is measured run by run.{meaning ? ` ${meaning.charAt(0).toUpperCase()}${meaning.slice(1)}.` : ''}
            </p>
          </div>
        </div>
        <div class="table-wrap">
          <table class="table sim-table" data-testid="difference-table">
            <caption class="sr-only">Difference B minus A with 95% confidence intervals</caption>
            <thead>
              <tr>
                <th scope="col">Measure</th>
                <th scope="col" class="num">Mean B − A</th>
                <th scope="col" class="num">95% interval</th>
                <th scope="col" class="num">P5 to P95 per run</th>
                <th scope="col">Reading</th>
              </tr>
            </thead>
            <tbody>
              {DIFFERENCES.filter((d) => typeof c.difference[d.key] === 'object').map((d) => {
                const x = c.difference[d.key] as Difference;
                const clear = !(x.low <= 0 && x.high >= 0);
                return (
                  <tr data-key={d.key}>
                    <th scope="row">{d.label(day)}</th>
                    <td class="num" data-label="Mean">
                      <strong>{fmtDiff(x.mean, d.kind)}</strong>
                    </td>
                    <td class="num" data-label="95% CI">
                      {fmtDiff(x.low, d.kind)} to {fmtDiff(x.high, d.kind)}
                    </td>
                    <td class="num" data-label="P5–P95">
                      {d.kind === 'share' ? (
                        <span class="muted" title="Per run the difference is −1, 0 or +1: whether B was deterred by the day and A not, or the reverse">
                          —
                        </span>
                      ) : (
                        `${fmtDiff(x.p5, d.kind)} to ${fmtDiff(x.p95, d.kind)}`
                      )}
                    </td>
                    <td data-label="Reading">
                      <span class={`tag${clear ? ' clear' : ''}`}>{reading(x, d.kind)}</span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <h3>Side by side</h3>
        <div class="table-wrap">
          <table class="table sim-table" data-testid="side-by-side">
            <thead>
              <tr>
                <th scope="col">Measure</th>
                <th scope="col" class="num">A</th>
                <th scope="col" class="num">B</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr>
                  <th scope="row">{row.label}</th>
                  <td class="num" data-label="A">
                    {row.a}
                  </td>
                  <td class="num" data-label="B">
                    {row.b}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <h3>Forces in theatre, A and B</h3>
        <ForcesCompareChart
          a={c.a}
          b={c.b}
          nameA={nameA}
          nameB={nameB}
          download={{
            title: `Forces in theatre by day, A: ${nameA} against B: ${nameB} (${fmtInt(c.run.runs)} runs, seed ${c.run.seed})`,
            stem: ['simulation', 'comparison', 'forces', `seed-${c.run.seed}`],
            date: c.a.scenario.scenario?.start ?? null,
            organisation: ORGANISATION,
          }}
        />
      </section>
      <div class="card side-switch">
        <div class="card-head">
          <span class="eyebrow" id="side-label">
            Details of
          </span>
          <div class="map-presets" role="group" aria-labelledby="side-label">
            <button type="button" class="seg" aria-pressed={side === 'a'} onClick={() => setSide('a')} data-testid="side-a">
              A: {nameA}
            </button>
            <button type="button" class="seg" aria-pressed={side === 'b'} onClick={() => setSide('b')} data-testid="side-b">
              B: {nameB}
            </button>
          </div>
        </div>
        <Headline r={side === 'a' ? c.a : c.b} />
      </div>
      <ResultView r={side === 'a' ? c.a : c.b} idp={side} key={side} seed={c.run.seed} side={side === 'a' ? 'A' : 'B'} />
    </>
  );
}
