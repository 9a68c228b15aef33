// The charts of a simulation result, drawn with Observable Plot into SVG: when each stage
// of the response is reached (CDFs or histograms), forces in theatre over time, and the
// Council's rounds. Each chart is sized to its container and redrawn when it resizes; its
// legend is drawn inside the SVG (so a downloaded figure keeps it), and its lines differ
// by dash as well as colour.
//
// Accessibility: the <svg> is one image (role="img") named by a summary of what it shows;
// the tables beside the charts carry the numbers. Plot names each mark's <g> with an
// aria-label ("line", "rect"), which no role of a <g> allows: those names move to
// data-mark, also for the marks Plot draws later (the tip under the pointer).
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import * as Plot from '@observablehq/plot';
import type { Distribution, SimulationResult } from '../api';
import { fileStem } from '../export';
import { LEGEND, STAGES, cdfPoints, fmtInt, fmtShare, horizonOf, legendLayout, rebin, totalOf, type LegendItem } from '../simulation';
import { FigureDownloads } from './Export';

const NAVY = '#1f4e8c';
const TEAL = '#2f8a7e';
const ADVERSARY = '#c2410c';
const ADVERSARY_DASH = '9 3 2 3';
const INK = '#4a5568';
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif';
const SVG_NS = 'http://www.w3.org/2000/svg';
/** where a legend starts: under the y axis's label */
const LEGEND_TOP = 20;
/** the top margin of a chart with a legend of height `legend` */
const topWith = (legend: number) => (legend ? LEGEND_TOP + legend + 8 : 24);

/** what a chart's SVG and PNG downloads are called and stamped with */
export interface ChartDownload {
  /** what the figure shows, written under it */
  title: string;
  /** words of the file name after "entente" */
  stem: (string | null | undefined)[];
  /** the day the figure is as of: the scenario's start (the Council of that day) */
  date?: string | null;
  organisation?: string | null;
}

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

/** the aria-label of every element under the chart's root moved to data-mark (see the top of the file) */
function tidyAria(root: Element) {
  for (const el of root.querySelectorAll('[aria-label], [aria-description]')) {
    if (el === root) continue;
    const name = el.getAttribute('aria-label');
    if (name !== null) el.setAttribute('data-mark', name);
    el.removeAttribute('aria-label');
    el.removeAttribute('aria-description');
  }
}

/**
 * A Plot chart: `draw(width)` builds it; redrawn when `deps` or the width change. The
 * container carries `data-drawn` exactly while it holds the chart of the current `deps`
 * and width with all its marks: it is drawn in the same task as the render that changed
 * them, so the page never shows a chart of earlier `deps` under the current props.
 */
function PlotFigure({
  draw,
  deps,
  testid,
  class: cls,
  download,
}: {
  draw: (width: number) => SVGSVGElement | HTMLElement;
  deps: unknown[];
  testid?: string;
  class?: string;
  download?: ChartDownload;
}) {
  const [ref, width] = useWidth<HTMLDivElement>();
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el || width <= 0) return;
    const chart = draw(width);
    const svg = chart instanceof SVGSVGElement ? chart : chart.querySelector('svg');
    if (svg) {
      svg.setAttribute('role', 'img');
      tidyAria(svg);
    }
    el.replaceChildren(chart);
    el.setAttribute('data-drawn', '');
    const observer = new MutationObserver(() => {
      if (svg) tidyAria(svg);
    });
    if (svg) observer.observe(svg, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-label', 'aria-description'] });
    return () => {
      observer.disconnect();
      el.removeAttribute('data-drawn');
      chart.remove();
    };
  }, [width, ...deps]);
  return (
    <>
      <div ref={ref} class={`plot${cls ? ` ${cls}` : ''}`} data-testid={testid} />
      {download ? (
        <div class="figure-tools" data-testid={testid ? `${testid}-downloads` : undefined}>
          <FigureDownloads
            figure={() => ref.current?.querySelector<SVGSVGElement>('svg')}
            stem={fileStem(...download.stem)}
            stamp={{ title: download.title, date: download.date, organisation: download.organisation }}
          />
        </div>
      ) : null}
    </>
  );
}

const base = (width: number, height: number, ariaLabel: string): Plot.PlotOptions => ({
  width,
  height,
  ariaLabel,
  style: { fontFamily: FONT, fontSize: '12px', color: INK, overflow: 'visible' },
  marginLeft: 52,
  marginRight: 16,
});

/** the height of a legend of `items` drawn across `width`, with the space under it */
function legendHeight(items: LegendItem[], width: number): number {
  const { rows } = legendLayout(items, width);
  return rows ? rows * LEGEND.rowHeight + 6 : 0;
}

/**
 * A Plot mark drawing the legend above the frame, from its left edge, under the y axis's
 * label (which Plot puts at the top of the chart): swatches with their dashes, and labels.
 */
function legendMark(items: LegendItem[]): Plot.RenderFunction {
  return (_index, _scales, _values, dimensions) => {
    const { width, marginLeft, marginRight } = dimensions;
    const { places } = legendLayout(items, width - marginLeft - marginRight);
    const g = document.createElementNS(SVG_NS, 'g');
    g.setAttribute('data-mark', 'legend');
    g.setAttribute('transform', `translate(${marginLeft},${LEGEND_TOP})`);
    g.setAttribute('font-size', '12');
    const add = (tag: string, attrs: Record<string, string | number>) => {
      const el = document.createElementNS(SVG_NS, tag);
      for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
      g.appendChild(el);
      return el;
    };
    for (const { item, x, row } of places) {
      const y = row * LEGEND.rowHeight + LEGEND.rowHeight / 2;
      if (item.kind === 'band') {
        add('rect', { x, y: y - 5, width: LEGEND.swatch, height: 10, fill: item.color, 'fill-opacity': 0.18, stroke: item.color, 'stroke-opacity': 0.45 });
      } else {
        const line = add('line', { x1: x, x2: x + LEGEND.swatch, y1: y, y2: y, stroke: item.color, 'stroke-width': 2.4 });
        if (item.dash) line.setAttribute('stroke-dasharray', item.dash);
      }
      const text = add('text', { x: x + LEGEND.swatch + LEGEND.gap, y, dy: '0.32em', fill: INK, 'text-anchor': 'start' });
      text.textContent = item.label;
    }
    return g;
  };
}

/** the last day worth showing: where every stage's distribution has ended, within the horizon */
function lastDay(r: SimulationResult): number {
  const h = horizonOf(r.scenario);
  const ends = STAGES.map((s) => r.outcomes[s.key]).filter((d) => d && d.observed > 0).map((d) => d.max);
  const attack = Number((r.scenario.crisis as { attack_day?: number } | undefined)?.attack_day ?? 0);
  const day = Math.max(r.probabilities.deterrence_day, attack, ...ends) * 1.08 + 1;
  return Math.min(h, Math.ceil(day));
}

/**
 * The attack and the deterrence day as dashed rules, each labelled; a label near the end
 * of the x axis (`end`, a day) is written to the left of its rule, so it stays in the chart.
 */
function markers(r: SimulationResult, end: number): Plot.Markish[] {
  const attack = (r.scenario.crisis as { attack_day?: number } | undefined)?.attack_day;
  const rules: { day: number; label: string; dy: number }[] = [];
  if (typeof attack === 'number') rules.push({ day: attack, label: `attack, day ${attack}`, dy: 2 });
  rules.push({ day: r.probabilities.deterrence_day, label: `deterrence day ${r.probabilities.deterrence_day}`, dy: 16 });
  const left = (m: { day: number }) => m.day > end * 0.72;
  return [
    Plot.ruleX(rules, { x: 'day', stroke: '#6b7585', strokeDasharray: '4 3', strokeOpacity: 0.8 }),
    ...rules.map((m) =>
      Plot.text([m], {
        x: 'day',
        text: 'label',
        frameAnchor: 'top',
        textAnchor: left(m) ? 'end' : 'start',
        dx: left(m) ? -4 : 4,
        dy: m.dy,
        fill: INK,
        fontSize: 11,
        lineAnchor: 'top',
        stroke: 'white',
        strokeWidth: 3,
        paintOrder: 'stroke',
      }),
    ),
  ];
}

export type StageMode = 'cdf' | 'hist';

/** a stage's median day, or that no run reached it (then the server gives no median) */
const medianText = (d: Distribution) => (d.observed > 0 ? `median day ${d.p50.toFixed(1)}` : 'never reached within the horizon');

const STAGE_LEGEND = (stages: typeof STAGES): LegendItem[] => stages.map((s) => ({ label: s.label, color: s.color, kind: 'line', dash: s.dash }));

/** when each stage is reached: the share of runs by day (CDF), or histograms of the day */
export function StageChart({ result, mode, download }: { result: SimulationResult; mode: StageMode; download?: ChartDownload }) {
  const days = lastDay(result);
  const h = horizonOf(result.scenario);
  const stages = STAGES.filter((s) => result.outcomes[s.key]);
  const label =
    mode === 'cdf'
      ? `Share of runs that reached each stage by each day: ${stages
          .map((s) => `${s.label} ${fmtShare(result.outcomes[s.key].share)} of runs, ${medianText(result.outcomes[s.key])}`)
          .join('; ')}.`
      : `Histograms of the day each stage is reached, one row per stage: ${stages
          .map((s) => `${s.label}, ${medianText(result.outcomes[s.key])}`)
          .join('; ')}.`;
  return (
    <PlotFigure
      testid={`stage-chart-${mode}`}
      deps={[result, mode]}
      download={download}
      draw={(width) => {
        const color = { domain: stages.map((s) => s.label), range: stages.map((s) => s.color) };
        if (mode === 'cdf') {
          const legend = STAGE_LEGEND(stages);
          const top = legendHeight(legend, width - 52 - 16);
          return Plot.plot({
            ...base(width, 320 + top, label),
            marginTop: topWith(top),
            color,
            x: { domain: [0, days], label: 'Day of the crisis →', grid: true },
            y: { domain: [0, 100], percent: true, label: '↑ Runs reaching the stage (%)', grid: true },
            marks: [
              ...markers(result, days),
              ...stages.map((s) =>
                Plot.line(
                  cdfPoints(result.outcomes[s.key], h).map((p) => ({ ...p, stage: s.label })),
                  { x: 'day', y: 'share', stroke: s.color, strokeWidth: 2.2, strokeDasharray: s.dash ?? undefined, clip: true },
                ),
              ),
              legendMark(legend),
              Plot.tip(
                stages.flatMap((s) => cdfPoints(result.outcomes[s.key], h).map((p) => ({ ...p, stage: s.label }))),
                Plot.pointer({ x: 'day', y: 'share', stroke: 'stage', title: (d: { stage: string; day: number; share: number }) => `${d.stage}\nby day ${d.day.toFixed(1)}: ${fmtShare(d.share)} of runs` }),
              ),
            ],
          });
        }
        const bin = days > 90 ? 2 : 1;
        const data = stages.flatMap((s) => rebin(result.outcomes[s.key], bin).map((b) => ({ ...b, stage: s.label })));
        const facet = width < 480 ? 58 : 66;
        return Plot.plot({
          ...base(width, facet * stages.length + 64, label),
          marginLeft: 44,
          marginTop: 24,
          color,
          x: { domain: [0, days], label: `Day of the crisis (bins of ${bin} day${bin > 1 ? 's' : ''}) →`, grid: true },
          y: { percent: true, label: null, ticks: 2, nice: true, tickFormat: (d: number) => `${d}%` },
          // each stage is named above its row, inside the chart: no facet axis to clip
          fy: { domain: stages.map((s) => s.label), axis: null, padding: 0.34 },
          marks: [
            Plot.frame({ stroke: '#e3e7ee' }),
            Plot.text(
              stages.map((s) => ({ stage: s.label })),
              { fy: 'stage', text: 'stage', frameAnchor: 'top-left', lineAnchor: 'bottom', dy: -4, fill: '#1a2433', fontWeight: 600, fontSize: 12 },
            ),
            Plot.rectY(data, {
              x1: 'x1',
              x2: 'x2',
              y: 'share',
              fy: 'stage',
              fill: 'stage',
              inset: 0.3,
              tip: { format: { fy: false, fill: false } },
              title: (d: { stage: string; x1: number; x2: number; share: number }) => `${d.stage}\ndays ${d.x1}–${d.x2}: ${fmtShare(d.share)} of runs`,
            }),
          ],
        });
      }}
    />
  );
}

/** a small bar chart of a count (Council rounds, objectors in the first round) */
export function CountChart({ d, label, what, download }: { d: Distribution; label: string; what: string; download?: ChartDownload }) {
  const total = totalOf(d);
  const data = d.histogram.counts.map((c, i) => ({ value: d.histogram.low + i * d.histogram.width, share: total ? c / total : 0 }));
  const aria = `${label}: ${data
    .filter((x) => x.share > 0)
    .map((x) => `${x.value} ${what} in ${fmtShare(x.share)} of runs`)
    .join(', ')}.`;
  return (
    <PlotFigure
      class="plot-small"
      testid="count-chart"
      deps={[d]}
      download={download}
      draw={(width) =>
        Plot.plot({
          ...base(width, 160, aria),
          marginLeft: 44,
          x: { label: `${label} →`, type: 'band' },
          y: { percent: true, label: '↑ Runs (%)', grid: true, ticks: 3 },
          marks: [Plot.barY(data, { x: 'value', y: 'share', fill: NAVY, tip: true, title: (x: { value: number; share: number }) => `${x.value} ${what}: ${fmtShare(x.share)} of runs` }), Plot.ruleY([0])],
        })
      }
    />
  );
}

const FORCES_LEGEND: LegendItem[] = [
  { label: 'Allies, P5–P95', color: NAVY, kind: 'band' },
  { label: 'Median', color: NAVY, kind: 'line' },
  { label: 'Mean', color: NAVY, kind: 'line', dash: '5 3' },
  { label: 'Adversary', color: ADVERSARY, kind: 'line', dash: ADVERSARY_DASH },
];

/** allied troops in theatre by day (P5–P95 band, median, mean) against the adversary's */
export function ForcesChart({ result, download }: { result: SimulationResult; download?: ChartDownload }) {
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
      download={download}
      draw={(width) => {
        const top = legendHeight(FORCES_LEGEND, width - 60 - 16);
        return Plot.plot({
          ...base(width, 320 + top, label),
          marginLeft: 60,
          marginTop: topWith(top),
          x: { label: 'Day of the crisis →', grid: true },
          y: { label: '↑ Troops in theatre', grid: true, tickFormat: '~s' },
          marks: [
            Plot.areaY(data, { x: 'day', y1: 'p5', y2: 'p95', fill: NAVY, fillOpacity: 0.16 }),
            Plot.lineY(data, { x: 'day', y: 'adversary', stroke: ADVERSARY, strokeWidth: 2, strokeDasharray: ADVERSARY_DASH }),
            Plot.lineY(data, { x: 'day', y: 'mean', stroke: NAVY, strokeWidth: 1.5, strokeDasharray: '5 3' }),
            Plot.lineY(data, { x: 'day', y: 'p50', stroke: NAVY, strokeWidth: 2.4 }),
            ...markers(result, f.days[f.days.length - 1] ?? horizonOf(result.scenario)),
            Plot.ruleY([0]),
            legendMark(FORCES_LEGEND),
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
        });
      }}
    />
  );
}

const COMPARE_LEGEND: LegendItem[] = [
  { label: 'A, median', color: NAVY, kind: 'line' },
  { label: 'A, P5–P95', color: NAVY, kind: 'band' },
  { label: 'B, median', color: TEAL, kind: 'line', dash: '6 4' },
  { label: 'B, P5–P95', color: TEAL, kind: 'band' },
  { label: 'Adversary', color: ADVERSARY, kind: 'line', dash: ADVERSARY_DASH },
];

/** the medians and bands of two policies against the adversary */
export function ForcesCompareChart({ a, b, nameA, nameB, download }: { a: SimulationResult; b: SimulationResult; nameA: string; nameB: string; download?: ChartDownload }) {
  const rows = (r: SimulationResult, policy: string) => r.forces.days.map((day, i) => ({ day, policy, p5: r.forces.p5[i], p50: r.forces.p50[i], p95: r.forces.p95[i], adversary: r.forces.adversary[i] }));
  const data = [...rows(a, 'A'), ...rows(b, 'B')];
  const label = `Median troops in theatre by day with P5–P95 bands, A (${nameA}) against B (${nameB}), and the adversary's troops.`;
  return (
    <PlotFigure
      testid="forces-compare-chart"
      deps={[a, b]}
      download={download}
      draw={(width) => {
        const top = legendHeight(COMPARE_LEGEND, width - 60 - 16);
        return Plot.plot({
          ...base(width, 300 + top, label),
          marginLeft: 60,
          marginTop: topWith(top),
          color: { domain: ['A', 'B'], range: [NAVY, TEAL] },
          x: { label: 'Day of the crisis →', grid: true },
          y: { label: '↑ Troops in theatre', grid: true, tickFormat: '~s' },
          marks: [
            Plot.areaY(data, { x: 'day', y1: 'p5', y2: 'p95', fill: 'policy', fillOpacity: 0.12 }),
            Plot.lineY(rows(a, 'A'), { x: 'day', y: 'adversary', stroke: ADVERSARY, strokeWidth: 2, strokeDasharray: ADVERSARY_DASH }),
            Plot.lineY(rows(a, 'A'), { x: 'day', y: 'p50', stroke: 'policy', strokeWidth: 2.4 }),
            Plot.lineY(rows(b, 'B'), { x: 'day', y: 'p50', stroke: 'policy', strokeWidth: 2.4, strokeDasharray: '6 4' }),
            ...markers(a, a.forces.days[a.forces.days.length - 1] ?? horizonOf(a.scenario)),
            Plot.ruleY([0]),
            legendMark(COMPARE_LEGEND),
            Plot.tip(data, Plot.pointerX({ x: 'day', y: 'p50', stroke: 'policy', title: (x: (typeof data)[number]) => `${x.policy}, day ${x.day}\nmedian ${fmtInt(x.p50)}\nP5–P95 ${fmtInt(x.p5)}–${fmtInt(x.p95)}` })),
          ],
        });
      }}
    />
  );
}
