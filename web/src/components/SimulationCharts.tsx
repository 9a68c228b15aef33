// The charts of a simulation result, drawn with Observable Plot into SVG: when each stage
// of the response is reached (CDFs or histograms), forces in theatre over time, and the
// Council's rounds. Each chart is sized to its container and redrawn when it resizes.
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import * as Plot from '@observablehq/plot';
import type { Distribution, SimulationResult } from '../api';
import { STAGES, cdfPoints, fmtInt, fmtPct, horizonOf, rebin, totalOf } from '../simulation';

const NAVY = '#1f4e8c';
const TEAL = '#2f8a7e';
const ADVERSARY = '#c2410c';
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif';

function useWidth<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(0);
  // measured before the first paint, so a new figure is never shown empty
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setWidth(Math.floor(el.getBoundingClientRect().width));
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, width] as const;
}

/**
 * A Plot chart: `draw(width)` builds it; redrawn when `deps` or the width change. The
 * container carries `data-drawn` exactly while it holds the chart of the current `deps`
 * and width with all its marks: it is drawn in the same task as the render that changed
 * them, so the page never shows a chart of earlier `deps` under the current props.
 */
function PlotFigure({ draw, deps, testid, class: cls }: { draw: (width: number) => Element; deps: unknown[]; testid?: string; class?: string }) {
  const [ref, width] = useWidth<HTMLDivElement>();
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || width <= 0) return;
    const chart = draw(width);
    el.replaceChildren(chart);
    el.setAttribute('data-drawn', '');
    return () => {
      el.removeAttribute('data-drawn');
      chart.remove();
    };
  }, [width, ...deps]);
  return <div ref={ref} class={`plot${cls ? ` ${cls}` : ''}`} data-testid={testid} />;
}

const base = (width: number, height: number, ariaLabel: string): Plot.PlotOptions => ({
  width,
  height,
  ariaLabel,
  style: { fontFamily: FONT, fontSize: '12px', color: '#4a5568', overflow: 'visible' },
  marginLeft: 52,
  marginRight: 16,
});

/** the last day worth showing: where every stage's distribution has ended, within the horizon */
function lastDay(r: SimulationResult): number {
  const h = horizonOf(r.scenario);
  const ends = STAGES.map((s) => r.outcomes[s.key]).filter((d) => d && d.observed > 0).map((d) => d.max);
  const attack = Number((r.scenario.crisis as { attack_day?: number } | undefined)?.attack_day ?? 0);
  const day = Math.max(r.probabilities.deterrence_day, attack, ...ends) * 1.08 + 1;
  return Math.min(h, Math.ceil(day));
}

function markers(r: SimulationResult): Plot.Markish[] {
  const attack = (r.scenario.crisis as { attack_day?: number } | undefined)?.attack_day;
  const rules: { day: number; label: string; dy: number }[] = [];
  if (typeof attack === 'number') rules.push({ day: attack, label: `attack, day ${attack}`, dy: 2 });
  rules.push({ day: r.probabilities.deterrence_day, label: `deterrence day ${r.probabilities.deterrence_day}`, dy: 16 });
  return [
    Plot.ruleX(rules, { x: 'day', stroke: '#6b7585', strokeDasharray: '4 3', strokeOpacity: 0.8 }),
    ...rules.map((m) => Plot.text([m], { x: 'day', text: 'label', frameAnchor: 'top', textAnchor: 'start', dx: 4, dy: m.dy, fill: '#4a5568', fontSize: 11, lineAnchor: 'top', stroke: 'white', strokeWidth: 3, paintOrder: 'stroke' })),
  ];
}

export type StageMode = 'cdf' | 'hist';

/** when each stage is reached: the share of runs by day (CDF), or histograms of the day */
export function StageChart({ result, mode }: { result: SimulationResult; mode: StageMode }) {
  const days = lastDay(result);
  const h = horizonOf(result.scenario);
  const stages = STAGES.filter((s) => result.outcomes[s.key]);
  const label =
    mode === 'cdf'
      ? `Share of runs that reached each stage by each day: ${stages
          .map((s) => `${s.label} ${fmtPct(result.outcomes[s.key].share)} of runs, median day ${result.outcomes[s.key].p50.toFixed(1)}`)
          .join('; ')}.`
      : `Histograms of the day each stage is reached, one row per stage.`;
  return (
    <PlotFigure
      testid={`stage-chart-${mode}`}
      deps={[result, mode]}
      draw={(width) => {
        const color = { domain: stages.map((s) => s.label), range: stages.map((s) => s.color) };
        if (mode === 'cdf') {
          const data = stages.flatMap((s) => cdfPoints(result.outcomes[s.key], h).map((p) => ({ ...p, stage: s.label })));
          return Plot.plot({
            ...base(width, 320, label),
            color: { ...color, legend: true },
            x: { domain: [0, days], label: 'Day of the crisis →', grid: true },
            y: { domain: [0, 100], percent: true, label: '↑ Runs reaching the stage (%)', grid: true },
            marks: [
              ...markers(result),
              Plot.line(data, { x: 'day', y: 'share', stroke: 'stage', strokeWidth: 2.2, clip: true }),
              Plot.tip(data, Plot.pointer({ x: 'day', y: 'share', stroke: 'stage', title: (d: { stage: string; day: number; share: number }) => `${d.stage}\nby day ${d.day.toFixed(1)}: ${fmtPct(d.share)} of runs` })),
            ],
          });
        }
        const bin = days > 90 ? 2 : 1;
        const data = stages.flatMap((s) => rebin(result.outcomes[s.key], bin).map((b) => ({ ...b, stage: s.label })));
        return Plot.plot({
          ...base(width, 64 * stages.length + 50, label),
          marginLeft: 150,
          color,
          x: { domain: [0, days], label: `Day of the crisis (bins of ${bin} day${bin > 1 ? 's' : ''}) →`, grid: true },
          y: { percent: true, label: null, ticks: 2 },
          fy: { domain: stages.map((s) => s.label), label: null, padding: 0.15 },
          marks: [
            Plot.frame({ stroke: '#e3e7ee' }),
            Plot.rectY(data, { x1: 'x1', x2: 'x2', y: 'share', fy: 'stage', fill: 'stage', inset: 0.3, tip: { format: { fy: false, fill: false } }, title: (d: { stage: string; x1: number; x2: number; share: number }) => `${d.stage}\ndays ${d.x1}–${d.x2}: ${fmtPct(d.share)} of runs` }),
          ],
        });
      }}
    />
  );
}

/** a small bar chart of a count (Council rounds, objectors in the first round) */
export function CountChart({ d, label, what }: { d: Distribution; label: string; what: string }) {
  const total = totalOf(d);
  const data = d.histogram.counts.map((c, i) => ({ value: d.histogram.low + i * d.histogram.width, share: total ? c / total : 0 }));
  const aria = `${label}: ${data.filter((x) => x.share > 0).map((x) => `${x.value} ${what} in ${fmtPct(x.share)} of runs`).join(', ')}.`;
  return (
    <PlotFigure
      class="plot-small"
      testid="count-chart"
      deps={[d]}
      draw={(width) =>
        Plot.plot({
          ...base(width, 150, aria),
          marginLeft: 44,
          x: { label: `${label} →`, type: 'band' },
          y: { percent: true, label: '↑ Runs (%)', grid: true, ticks: 3 },
          marks: [Plot.barY(data, { x: 'value', y: 'share', fill: NAVY, tip: true, title: (x: { value: number; share: number }) => `${x.value} ${what}: ${fmtPct(x.share)} of runs` }), Plot.ruleY([0])],
        })
      }
    />
  );
}

/** allied troops in theatre by day (P5–P95 band, median, mean) against the adversary's */
export function ForcesChart({ result }: { result: SimulationResult }) {
  const f = result.forces;
  const data = f.days.map((day, i) => ({ day, mean: f.mean[i], p5: f.p5[i], p50: f.p50[i], p95: f.p95[i], adversary: f.adversary[i] }));
  const at = Math.min(result.probabilities.deterrence_day, data.length - 1);
  const d = data[at];
  const label = d
    ? `Troops in theatre by day. On day ${d.day}: allied median ${fmtInt(d.p50)} (P5 ${fmtInt(d.p5)}, P95 ${fmtInt(d.p95)}, mean ${fmtInt(d.mean)}) against the adversary's ${fmtInt(d.adversary)}.`
    : 'Troops in theatre by day.';
  return (
    <PlotFigure
      testid="forces-chart"
      deps={[result]}
      draw={(width) =>
        Plot.plot({
          ...base(width, 320, label),
          marginLeft: 60,
          x: { label: 'Day of the crisis →', grid: true },
          y: { label: '↑ Troops in theatre', grid: true, tickFormat: '~s' },
          marks: [
            Plot.areaY(data, { x: 'day', y1: 'p5', y2: 'p95', fill: NAVY, fillOpacity: 0.16 }),
            Plot.lineY(data, { x: 'day', y: 'adversary', stroke: ADVERSARY, strokeWidth: 2 }),
            Plot.lineY(data, { x: 'day', y: 'mean', stroke: NAVY, strokeWidth: 1.5, strokeDasharray: '5 3' }),
            Plot.lineY(data, { x: 'day', y: 'p50', stroke: NAVY, strokeWidth: 2.4 }),
            ...markers(result),
            Plot.ruleY([0]),
            Plot.tip(
              data,
              Plot.pointerX({
                x: 'day',
                y: 'p50',
                title: (x: (typeof data)[number]) =>
                  `Day ${x.day}\nmedian ${fmtInt(x.p50)} · mean ${fmtInt(x.mean)}\nP5–P95 ${fmtInt(x.p5)}–${fmtInt(x.p95)}\nadversary ${fmtInt(x.adversary)}`,
              }),
            ),
          ],
        })
      }
    />
  );
}

/** the medians and bands of two policies against the adversary */
export function ForcesCompareChart({ a, b, nameA, nameB }: { a: SimulationResult; b: SimulationResult; nameA: string; nameB: string }) {
  const rows = (r: SimulationResult, policy: string) => r.forces.days.map((day, i) => ({ day, policy, p5: r.forces.p5[i], p50: r.forces.p50[i], p95: r.forces.p95[i], adversary: r.forces.adversary[i] }));
  const data = [...rows(a, 'A'), ...rows(b, 'B')];
  const label = `Median troops in theatre by day with P5–P95 bands, A (${nameA}) against B (${nameB}), and the adversary's troops.`;
  return (
    <PlotFigure
      testid="forces-compare-chart"
      deps={[a, b]}
      draw={(width) =>
        Plot.plot({
          ...base(width, 300, label),
          marginLeft: 60,
          color: { domain: ['A', 'B'], range: [NAVY, TEAL] },
          x: { label: 'Day of the crisis →', grid: true },
          y: { label: '↑ Troops in theatre', grid: true, tickFormat: '~s' },
          marks: [
            Plot.areaY(data, { x: 'day', y1: 'p5', y2: 'p95', fill: 'policy', fillOpacity: 0.12 }),
            Plot.lineY(rows(a, 'A'), { x: 'day', y: 'adversary', stroke: ADVERSARY, strokeWidth: 2 }),
            Plot.lineY(rows(a, 'A'), { x: 'day', y: 'p50', stroke: 'policy', strokeWidth: 2.4 }),
            Plot.lineY(rows(b, 'B'), { x: 'day', y: 'p50', stroke: 'policy', strokeWidth: 2.4, strokeDasharray: '6 4' }),
            ...markers(a),
            Plot.ruleY([0]),
            Plot.tip(data, Plot.pointerX({ x: 'day', y: 'p50', stroke: 'policy', title: (x: (typeof data)[number]) => `${x.policy}, day ${x.day}\nmedian ${fmtInt(x.p50)}\nP5–P95 ${fmtInt(x.p5)}–${fmtInt(x.p95)}` })),
          ],
        })
      }
    />
  );
}
