// The classroom form of the Simulate page as pure rules: each field read from its text in
// its own units (runs, days, troops, percentages, dates), the limits the server documents
// in its OpenAPI document, the checks between fields, each ally's position, and the
// fingerprint that tells whether a run done again gave the same results.
import { isIsoDate } from './dates';
import { getAt, type Knob, type PositionKey } from './simulation';

// ---------- limits ----------

/** an inclusive range; an end left undefined is open */
export interface Range {
  min?: number;
  max?: number;
}

export interface RequestLimits {
  runs: Range;
  seed: Range;
  /** the most runs × (horizon days + 1) one job may ask for, when the document states it */
  workPerJob: number | null;
}

type JsonObject = Record<string, unknown>;
const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const finite = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function at(node: unknown, path: readonly string[]): JsonObject | undefined {
  let v = node;
  for (const k of path) v = isObject(v) ? v[k] : undefined;
  return isObject(v) ? v : undefined;
}

/**
 * The limits of a simulation request as the OpenAPI document gives them (the
 * SimulationRequest schema: runs, seed, and the work per job its runs description
 * states); what the document does not give stays open. A seed is also capped at the
 * largest whole number a browser holds exactly, since larger ones cannot be sent as typed.
 */
export function requestLimits(doc: unknown): RequestLimits {
  const props = at(doc, ['components', 'schemas', 'SimulationRequest', 'properties']);
  const runs = at(props, ['runs']);
  const seed = at(props, ['seed']);
  const stated = typeof runs?.description === 'string' ? /may not exceed ([\d,]+)/.exec(runs.description) : null;
  return {
    runs: { min: finite(runs?.minimum), max: finite(runs?.maximum) },
    seed: { min: finite(seed?.minimum), max: Math.min(finite(seed?.maximum) ?? Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER) },
    workPerJob: stated ? Number(stated[1].replace(/,/g, '')) : null,
  };
}

/**
 * A scenario key's range as the document's Scenario schema gives it, following nested
 * objects' properties; "*" in `path` stands for any key of a map (additionalProperties).
 */
export function documentedRange(doc: unknown, path: readonly string[]): Range {
  let node = at(doc, ['components', 'schemas', 'Scenario']);
  for (const k of path) node = k === '*' ? at(node, ['additionalProperties']) : at(node, ['properties', k]);
  return { min: finite(node?.minimum), max: finite(node?.maximum) };
}

/** a knob's range: the document's where it gives one, else the one the server's scenario reader applies */
export function knobRange(knob: Pick<Knob, 'path' | 'min' | 'max'>, doc: unknown): Range {
  const d = documentedRange(doc, knob.path);
  return { min: d.min ?? knob.min, max: d.max ?? knob.max };
}

// ---------- fields ----------

export interface FieldSpec {
  /** the field's id in the form (the control is `sim-${id}`) */
  id: string;
  label: string;
  kind: 'number' | 'percent' | 'date';
  integer?: boolean;
  /** in the value's units: a probability (0–1) for a percent field */
  range?: Range;
  /** what the number counts, for messages: "runs", "days", "troops" */
  noun?: string;
  /** blank is allowed (and means "not set") */
  optional?: boolean;
}

export type FieldValue = number | string | null;
export type Checked = { value: FieldValue; error?: undefined } | { value?: undefined; error: string };

const intFmt = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 6 });

/** a value of a field as the form shows it: a probability as a percentage, a number without grouping */
export function fieldText(spec: Pick<FieldSpec, 'kind'>, value: unknown): string {
  if (spec.kind === 'date') return typeof value === 'string' ? value : '';
  if (typeof value !== 'number' || !Number.isFinite(value)) return '';
  return String(spec.kind === 'percent' ? Math.round(value * 100 * 1e6) / 1e6 : value);
}

/** a range end in the field's units: 0.25 → "25" for a percent field, 10000 → "10,000" */
function shown(spec: FieldSpec, x: number): string {
  return intFmt.format(spec.kind === 'percent' ? x * 100 : x);
}

/** what the field expects, as the end of a message: "Enter a whole number of days, from 1 to 3,650." */
export function expectation(spec: FieldSpec): string {
  if (spec.kind === 'date') return 'Enter a date as YYYY-MM-DD, for example 2026-06-01.';
  const what = spec.kind === 'percent' ? 'a percentage' : `${spec.integer ? 'a whole number' : 'a number'}${spec.noun ? ` of ${spec.noun}` : ''}`;
  const { min, max } = spec.range ?? {};
  const range =
    min !== undefined && max !== undefined
      ? `, from ${shown(spec, min)} to ${shown(spec, max)}`
      : min !== undefined
        ? `, ${shown(spec, min)} or more`
        : max !== undefined
          ? `, up to ${shown(spec, max)}`
          : '';
  return `Enter ${what}${range}.`;
}

/**
 * A number as typed: spaces and thousands separators ("10,000", "10 000") allowed, a
 * decimal point; "comma" for a decimal comma ("0,5"), null when it is not a number.
 */
export function parseNumber(text: string): number | null | 'comma' {
  let t = text.trim().replace(/[\s_\u00a0\u202f]/g, '');
  if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t)) t = t.replace(/,/g, '');
  else if (/^[+-]?\d*,\d+$/.test(t)) return 'comma';
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/** a field's value read from its text, in the scenario's units, or what is wrong with it in the field's */
export function readField(spec: FieldSpec, text: string): Checked {
  const typed = text.trim();
  if (!typed) return spec.optional ? { value: null } : { error: expectation(spec) };
  if (spec.kind === 'date') {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(typed)) return { error: `“${typed}” is not a date. ${expectation(spec)}` };
    if (!isIsoDate(typed)) return { error: `${typed} is not a day of the calendar. ${expectation(spec)}` };
    return { value: typed };
  }
  const parsed = parseNumber(spec.kind === 'percent' ? typed.replace(/%$/, '') : typed);
  if (parsed === 'comma') return { error: `Use a point for decimals (0.5, not 0,5). ${expectation(spec)}` };
  if (parsed === null) return { error: `“${typed}” is not a number. ${expectation(spec)}` };
  if (spec.integer && !Number.isInteger(parsed)) return { error: `${typed} is not a whole number. ${expectation(spec)}` };
  const value = spec.kind === 'percent' ? parsed / 100 : parsed;
  const { min, max } = spec.range ?? {};
  // a probability typed as a percentage is compared in percent, so 100.0000001 is not lost to rounding
  const scaled = (x: number) => (spec.kind === 'percent' ? Math.round(x * 100 * 1e9) / 1e9 : x);
  if (min !== undefined && parsed < scaled(min)) return { error: `${typed} is too small. ${expectation(spec)}` };
  if (max !== undefined && parsed > scaled(max)) return { error: `${typed} is too large. ${expectation(spec)}` };
  if (spec.integer && !Number.isSafeInteger(value)) return { error: `${typed} is too large. ${expectation(spec)}` };
  return { value };
}

export interface FieldError {
  id: string;
  message: string;
}

/** the fields' values, and their errors in form order */
export function readFields(inputs: { spec: FieldSpec; text: string }[]): { values: Record<string, FieldValue>; errors: FieldError[] } {
  const values: Record<string, FieldValue> = {};
  const errors: FieldError[] = [];
  for (const { spec, text } of inputs) {
    const r = readField(spec, text);
    if (r.error !== undefined) errors.push({ id: spec.id, message: r.error });
    else values[spec.id] = r.value;
  }
  return { values, errors };
}

/** what the checks between fields need; a value left undefined was not readable */
export interface CrossInput {
  runs?: number;
  horizon?: number;
  deterrenceDay?: number;
  /** B, when it is another scenario: the server compares the two day by day */
  other?: { name: string; horizon?: number; deterrenceDay?: number };
}

const group = (x: number) => new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 }).format(x);

/** the checks between fields (each error on the field to change), in form order */
export function crossCheck(v: CrossInput, limits: RequestLimits): FieldError[] {
  const out: FieldError[] = [];
  if (v.runs !== undefined && v.horizon !== undefined && limits.workPerJob !== null) {
    const most = Math.floor(limits.workPerJob / (v.horizon + 1));
    if (v.runs > most) {
      out.push({
        id: 'runs',
        message: `Too many for a ${group(v.horizon)}-day horizon: at most ${group(most)} runs (runs × (days + 1) may not exceed ${group(limits.workPerJob)}). Lower the runs or the horizon.`,
      });
    }
  }
  if (v.other?.horizon !== undefined && v.horizon !== undefined && v.other.horizon !== v.horizon) {
    out.push({ id: 'horizon', message: `B (${v.other.name}) is followed for ${group(v.other.horizon)} days; a comparison needs the same horizon. Enter ${group(v.other.horizon)}.` });
  }
  if (v.deterrenceDay !== undefined && v.horizon !== undefined && v.deterrenceDay > v.horizon) {
    out.push({ id: 'det_day', message: `Day ${group(v.deterrenceDay)} is after the horizon. Enter a day from 0 to ${group(v.horizon)}, or lengthen the horizon.` });
  } else if (v.other?.deterrenceDay !== undefined && v.deterrenceDay !== undefined && v.other.deterrenceDay !== v.deterrenceDay) {
    out.push({ id: 'det_day', message: `B (${v.other.name}) reads deterrence on day ${group(v.other.deterrenceDay)}; a comparison needs the same day. Enter ${group(v.other.deterrenceDay)}.` });
  }
  return out;
}

/** one error per field (the first), ordered as the fields are in `order` */
export function orderErrors(errors: FieldError[], order: readonly string[]): FieldError[] {
  const first = new Map<string, FieldError>();
  for (const e of errors) if (!first.has(e.id)) first.set(e.id, e);
  const rank = (id: string) => {
    const i = order.indexOf(id);
    return i < 0 ? order.length : i;
  };
  return [...first.values()].sort((a, b) => rank(a.id) - rank(b.id));
}

// ---------- allies' positions ----------

export interface Ally {
  iso3: string;
  name: string;
}

export interface PositionRow extends Ally {
  /** false for a nation the scenario names that is not an ally on the start date */
  ally: boolean;
  affinity?: number;
  support?: number;
}

/** the allies (in the order given), each with the position the scenario sets, then nations it names that are not allies */
export function positionRows(allies: Ally[], scenario: unknown): PositionRow[] {
  const table = (key: PositionKey): Record<string, unknown> => {
    const v = getAt(scenario, ['positions', key]);
    return isObject(v) ? v : {};
  };
  const affinity = table('affinity');
  const support = table('support');
  const num = (v: unknown) => (typeof v === 'number' ? v : undefined);
  const rows: PositionRow[] = allies.map((a) => ({ ...a, ally: true, affinity: num(affinity[a.iso3]), support: num(support[a.iso3]) }));
  const known = new Set(allies.map((a) => a.iso3));
  const others = [...new Set([...Object.keys(affinity), ...Object.keys(support)])].filter((c) => !known.has(c)).sort();
  for (const iso3 of others) rows.push({ iso3, name: iso3, ally: false, affinity: num(affinity[iso3]), support: num(support[iso3]) });
  return rows;
}

export const POSITION_LABELS: Record<PositionKey, string> = {
  affinity: 'ties to the adversary',
  support: 'fixed support',
};

/** the field of one ally's position: a percentage, blank when not set */
export function positionSpec(row: Ally, key: PositionKey, doc: unknown): FieldSpec {
  const d = documentedRange(doc, ['positions', key, '*']);
  // the scenario reader takes each as a probability, 0 to 1
  return { id: `pos-${key}-${row.iso3}`, label: `${row.name}: ${POSITION_LABELS[key]}`, kind: 'percent', range: { min: d.min ?? 0, max: d.max ?? 1 }, optional: true };
}

// ---------- a run done again ----------

/** JSON with every object's keys sorted: the same value gives the same text whatever the key order */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isObject(value))
    return `{${Object.keys(value)
      .sort()
      .filter((k) => value[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/**
 * A short fingerprint of a result (the first 64 bits of the SHA-256 of its canonical
 * JSON, in hex); null where the browser offers no digest (a page not served over HTTPS
 * or from this machine).
 */
export async function fingerprint(value: unknown): Promise<string | null> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return null;
  const digest = new Uint8Array(await subtle.digest('SHA-256', new TextEncoder().encode(canonicalJson(value))));
  return [...digest.slice(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** a run done again against the original: identical, different, or not known (no fingerprint on one side) */
export function rerunVerdict(original: string | undefined, again: string | null): 'identical' | 'different' | 'unknown' {
  if (!original || !again) return 'unknown';
  return original === again ? 'identical' : 'different';
}
