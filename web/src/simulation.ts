// Helpers of the Simulate page: scenario edits as JSON merge patches (RFC 7386), the
// knobs of the form, and the shapes the charts draw from a simulation result.
import type { Distribution, Procedure, ScenarioJson, SimulationResult } from './api';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonObject = { [k: string]: Json };

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => deepEqual(x, b[i]));
  }
  if (!isObject(a) || !isObject(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => k in b && deepEqual(a[k], b[k]));
}

/**
 * The merge patch that turns `base` into `edited` (objects merge key by key, arrays
 * and values are replaced, a removed key is null); null when they are equal.
 */
export function diffPatch(base: unknown, edited: unknown): JsonObject | null {
  if (!isObject(base) || !isObject(edited)) return null;
  const out: JsonObject = {};
  for (const k of Object.keys(base)) if (!(k in edited)) out[k] = null;
  for (const [k, v] of Object.entries(edited)) {
    const b = base[k];
    if (deepEqual(b, v)) continue;
    if (isObject(b) && isObject(v)) {
      const sub = diffPatch(b, v);
      if (sub) out[k] = sub;
    } else {
      out[k] = v;
    }
  }
  return Object.keys(out).length ? out : null;
}

/** `base` with a merge patch applied (RFC 7386); `base` is not changed */
export function applyPatch<T>(base: T, patch: unknown): T {
  if (!isObject(patch)) return patch === undefined || patch === null ? base : (patch as T);
  const out: JsonObject = isObject(base) ? { ...(base as JsonObject) } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = isObject(v) ? applyPatch(out[k], v) : v;
  }
  return out as T;
}

/** a merge patch read from the URL; null when absent, an Error when it is not a JSON object */
export function parsePatch(text: string | undefined): JsonObject | null | Error {
  if (!text) return null;
  try {
    const v = JSON.parse(text);
    return isObject(v) ? v : new Error('the edit in the URL is not a JSON object; the scenario is shown without it');
  } catch (e) {
    return new Error(`the edit in the URL is not valid JSON (${(e as Error).message}); the scenario is shown without it`);
  }
}

export function getAt(obj: unknown, path: readonly string[]): unknown {
  let v = obj;
  for (const k of path) v = isObject(v) ? v[k] : undefined;
  return v;
}

/** a copy of `obj` with the value at `path` set (missing tables are created) */
export function setAt<T>(obj: T, path: readonly string[], value: unknown): T {
  const [k, ...rest] = path;
  const o: JsonObject = isObject(obj) ? { ...(obj as JsonObject) } : {};
  o[k] = (rest.length ? setAt(o[k], rest, value) : value) as Json;
  return o as T;
}

/** the leaves of a merge patch as dotted paths ("decision.procedure") */
export function patchPaths(patch: unknown, prefix = ''): string[] {
  if (!isObject(patch)) return prefix ? [prefix] : [];
  return Object.entries(patch).flatMap(([k, v]) => (isObject(v) ? patchPaths(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

// ---------- the knobs of the form ----------

export interface Knob {
  id: string;
  path: readonly string[];
  label: string;
  kind: 'select' | 'check' | 'number' | 'percent' | 'date';
  options?: [string, string][];
  /**
   * The range the server's scenario reader accepts, in the scenario's units (a
   * probability 0–1 for a percent knob); the OpenAPI document's, when it gives one, wins.
   */
  min?: number;
  max?: number;
  /** whole numbers only */
  integer?: boolean;
  step?: number;
  /** shown after the label: "(days)" */
  unit?: string;
  /** what a value counts, for messages: "days", "troops" */
  noun?: string;
  help: string;
  /** shown among the switches of a policy variant (B) */
  policy?: boolean;
}

export const KNOBS: Knob[] = [
  {
    id: 'procedure',
    path: ['decision', 'procedure'],
    label: 'Decision procedure',
    kind: 'select',
    // the two procedures of the North Atlantic Council that a scenario may use
    options: [
      ['consensus', 'Consensus'],
      ['silence', 'Silence procedure'],
    ] satisfies [Procedure, string][],
    help: 'How the North Atlantic Council adopts the response.',
    policy: true,
  },
  { id: 'pre_authorised', path: ['decision', 'pre_authorised'], label: 'Pre-authorised plans', kind: 'check', help: 'The first tier moves on warning, before the decision.', policy: true },
  { id: 'partners', path: ['partners', 'contribute'], label: 'Partners contribute', kind: 'check', help: "Partners' offered contributions join the alliance's forces.", policy: true },
  { id: 'warning', path: ['warning', 'probability'], label: 'Warning probability', kind: 'percent', min: 0, max: 1, step: 1, unit: '%', help: 'The build-up is read as warning before the attack.', policy: true },
  { id: 'forward', path: ['forces', 'forward_troops'], label: 'Forward troops', kind: 'number', min: 0, max: 1e7, step: 100, noun: 'troops', help: 'Allied troops already in theatre on day 0.', policy: true },
  { id: 'start', path: ['scenario', 'start'], label: 'Start date', kind: 'date', help: 'The Council and the treaty area are those of this day.' },
  { id: 'horizon', path: ['scenario', 'horizon_days'], label: 'Horizon', kind: 'number', min: 1, max: 3650, integer: true, step: 1, unit: 'days', noun: 'days', help: 'How long each run is followed.' },
  { id: 'attack_day', path: ['crisis', 'attack_day'], label: 'Attack day', kind: 'number', min: 0, max: 3650, step: 1, noun: 'days', help: 'Days from the onset of the crisis to the attack.' },
  { id: 'ratio', path: ['outcome', 'deterrence_ratio'], label: 'Deterrence ratio', kind: 'number', min: 0, max: 1000, step: 0.1, unit: '×', noun: 'times', help: "Deterred once allied troops in theatre reach this multiple of the adversary's." },
  { id: 'det_day', path: ['outcome', 'deterrence_day'], label: 'Deterrence day', kind: 'number', min: 0, max: 3650, integer: true, step: 1, noun: 'days', help: 'The day the headline probability of deterrence is read.' },
];

/** each ally's position: ties to the adversary and a fixed probability of support (0–1 each) */
export const POSITION_KEYS = ['affinity', 'support'] as const;
export type PositionKey = (typeof POSITION_KEYS)[number];

/**
 * The knob a server problem detail names: "scenario: outcome.deterrence_day: is after…",
 * or a key in parentheses, "the alliance does not exist on 1930-06-01 (scenario.start)".
 */
export function knobOfDetail(detail: string): Knob | undefined {
  const lead = /^(?:scenario|compare_with): ([a-z_0-9.]+):/.exec(detail);
  const named = lead?.[1] ?? /\(([a-z_0-9]+\.[a-z_0-9.]+)\)/.exec(detail)?.[1];
  if (!named) return undefined;
  return KNOBS.find((k) => k.path.join('.') === named);
}

// ---------- result shapes for the charts ----------

/**
 * The stages of the response, in order. Each line of a chart has its own dash as well as
 * its colour, so the lines are told apart without colour; every colour has at least 3:1
 * contrast on white.
 */
export const STAGES: { key: string; label: string; color: string; dash: string | null }[] = [
  { key: 'detected', label: 'Detection', color: '#6b7f99', dash: '2 3' },
  { key: 'consulted', label: 'Article 4 consultation', color: '#4f8fd0', dash: '7 4' },
  { key: 'decided', label: 'Council decision', color: '#1f4e8c', dash: null },
  { key: 'first_forces', label: 'First forces arrive', color: '#2f8a7e', dash: '12 4 3 4' },
  { key: 'deterred', label: 'Deterrence reached', color: '#d9730d', dash: '18 5' },
];

/** an entry of a chart's legend: a line (with its dash), or a band */
export interface LegendItem {
  label: string;
  color: string;
  kind: 'line' | 'band';
  dash?: string | null;
}

/** where each legend entry goes: rows of entries laid out left to right within `width` */
export interface LegendPlace {
  item: LegendItem;
  x: number;
  row: number;
}

/** the width of a swatch and the gaps of a legend, in pixels */
export const LEGEND = { swatch: 26, gap: 6, between: 18, rowHeight: 18, charWidth: 6.9 } as const;

/**
 * Legend entries laid out in rows no wider than `width` (pixels), the label's width
 * estimated from its length at the chart's 12px font; an entry wider than a row gets a
 * row of its own.
 */
export function legendLayout(items: LegendItem[], width: number): { places: LegendPlace[]; rows: number } {
  const places: LegendPlace[] = [];
  let x = 0;
  let row = 0;
  for (const item of items) {
    const w = LEGEND.swatch + LEGEND.gap + item.label.length * LEGEND.charWidth;
    if (x > 0 && x + w > width) {
      row += 1;
      x = 0;
    }
    places.push({ item, x, row });
    x += w + LEGEND.between;
  }
  return { places, rows: items.length ? row + 1 : 0 };
}

/** runs in a distribution (those that reached the stage and those that did not) */
export const totalOf = (d: Distribution) => d.observed + d.missing;

/** the share of runs that reached a stage by each day: a step function from a histogram */
export function cdfPoints(d: Distribution, horizon: number): { day: number; share: number }[] {
  const total = totalOf(d);
  if (!total) return [];
  const { low, width, counts } = d.histogram;
  const out = [{ day: Math.min(low, 0), share: 0 }];
  let acc = 0;
  counts.forEach((c, i) => {
    if (!c) return;
    out.push({ day: low + i * width, share: acc / total });
    acc += c;
    out.push({ day: low + (i + 1) * width, share: acc / total });
  });
  out.push({ day: Math.max(horizon, low + counts.length * width), share: acc / total });
  return out;
}

/** a histogram regrouped into bins of `binDays`, as shares of all runs */
export function rebin(d: Distribution, binDays: number): { x1: number; x2: number; share: number }[] {
  const total = totalOf(d);
  const { low, width, counts } = d.histogram;
  const bins = new Map<number, number>();
  counts.forEach((c, i) => {
    if (!c) return;
    const b = Math.floor((low + (i + 0.5) * width) / binDays);
    bins.set(b, (bins.get(b) ?? 0) + c);
  });
  return [...bins.entries()].sort((a, b) => a[0] - b[0]).map(([b, c]) => ({ x1: b * binDays, x2: (b + 1) * binDays, share: c / total }));
}

export const runsOf = (r: SimulationResult) => r.run?.runs ?? r.runs ?? 0;

export function horizonOf(s: ScenarioJson | undefined): number {
  const h = s?.scenario?.horizon_days;
  return typeof h === 'number' ? h : 180;
}

// ---------- formatting ----------

/** the paragraph of a treaty article a rule's clause id names: "6(1)-europe-north-america" → "Article 6(1)"; null for other ids */
export function clauseLabel(clause: string | null | undefined): string | null {
  const m = /^(\d+)\((\d+)\)/.exec(clause ?? '');
  return m ? `Article ${m[1]}(${m[2]})` : null;
}

const intFmt = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
export const fmtInt = (x: number) => intFmt.format(x);
export const fmtDays = (x: number, digits = 1) => `${x.toFixed(digits)} d`;
export const fmtPct = (x: number) => `${(Math.round(x * 1000) / 10).toFixed(1)}%`;
/** a share as fmtPct, but a share above zero that rounds to 0.0% is "<0.1%" */
export const fmtShare = (x: number) => (x > 0 && x < 0.0005 ? '<0.1%' : fmtPct(x));

/** seconds as "0.4 s", "12 s", "3 min 05 s" */
export function fmtSeconds(s: number): string {
  if (!Number.isFinite(s)) return '—';
  if (s < 10) return `${s.toFixed(1)} s`;
  if (s < 60) return `${Math.round(s)} s`;
  const m = Math.floor(s / 60);
  const r = Math.round(s - m * 60);
  return `${m} min ${String(r).padStart(2, '0')} s`;
}
