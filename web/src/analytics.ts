// Pure helpers of the analytics pages: the API addresses they read (one builder per route,
// the page's controls in, a path and query out), edge-type weights as the API writes them
// ("membership:1,exercise:0.5"), node colour by relation, node size by centrality, and how
// a missing figure is shown (a dash with its reason, never 0). No DOM and no fetch here, so
// vitest reaches all of it.
import { RELATIONS, type MapRelation } from './relations';

/** the edge types of the network, in the API's order */
export const EDGE_TYPES = ['membership', 'partnership', 'exercise', 'operation'] as const;
export type EdgeType = (typeof EDGE_TYPES)[number];
export type Weights = Record<string, number>;

export const DEFAULT_NETWORK_WEIGHTS: Weights = { membership: 1, partnership: 1, exercise: 1, operation: 1 };
/** the API's window of exercises and operations counted before the date, in years */
export const DEFAULT_WINDOW = 5;
export const MAX_WINDOW = 50;

/** the interoperability components, in the API's order, with its default weights */
export const INTEROP_COMPONENTS = ['years_in_frameworks', 'plans', 'parp', 'evaluations', 'exercises_with_allies', 'operations_with_allies'] as const;
export const DEFAULT_INTEROP_WEIGHTS: Weights = {
  years_in_frameworks: 0.2,
  plans: 0.15,
  parp: 0.15,
  evaluations: 0.15,
  exercises_with_allies: 0.2,
  operations_with_allies: 0.15,
};

/** a weight as the API and the address write it: at most four decimals, no trailing zeros */
export function formatWeight(w: number): string {
  if (!Number.isFinite(w)) return '0';
  return String(Math.round(w * 10000) / 10000);
}

/** weights as "name:w,name:w", in the order of `names` (names missing from `weights` are left out) */
export function formatWeights(weights: Weights, names: readonly string[]): string {
  return names.filter((n) => n in weights).map((n) => `${n}:${formatWeight(weights[n])}`).join(',');
}

export type WeightsParse = { ok: true; weights: Weights } | { ok: false; error: string };

/**
 * "membership:1,exercise:0.5" read back: each name must be one of `names`, each weight a
 * number ≥ 0. Names not given keep their value in `defaults`. An empty text is the defaults.
 */
export function parseWeights(text: string | null | undefined, names: readonly string[], defaults: Weights): WeightsParse {
  const weights: Weights = { ...defaults };
  const s = (text ?? '').trim();
  if (!s) return { ok: true, weights };
  for (const part of s.split(',')) {
    const m = /^\s*([a-z_-]+)\s*:\s*([0-9]*\.?[0-9]+(?:e[+-]?\d+)?)\s*$/i.exec(part);
    if (!m) return { ok: false, error: `'${part.trim()}' is not name:weight (e.g. membership:1)` };
    const name = m[1];
    if (!names.includes(name)) return { ok: false, error: `unknown name ${name} (known: ${names.join(', ')})` };
    const w = Number(m[2]);
    if (!Number.isFinite(w) || w < 0) return { ok: false, error: `the weight of ${name} must be a number of 0 or more` };
    weights[name] = w;
  }
  return { ok: true, weights };
}

/** the weights differ from the defaults (so the address says them) */
export function weightsDiffer(weights: Weights, defaults: Weights): boolean {
  return Object.keys({ ...weights, ...defaults }).some((k) => (weights[k] ?? 0) !== (defaults[k] ?? 0));
}

/** a query string from the non-empty parameters, in the given order */
export function query(params: [string, string | number | null | undefined][]): string {
  const s = params
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v)).replace(/%2C/g, ',').replace(/%3A/g, ':')}`)
    .join('&');
  return s ? `?${s}` : '';
}

export interface NetworkQuery {
  asOf: string;
  weights: Weights;
  window: number;
  /** ISO alpha-3 codes; empty: every nation */
  nations?: readonly string[];
}

export type NetworkResource = 'network' | 'edges' | 'graphml';

/** the address of the network on a day: its JSON (nodes CSV with format=csv), its edges, its GraphML */
export function networkUrl(q: NetworkQuery, resource: NetworkResource = 'network'): string {
  const path = resource === 'network' ? '/api/v1/analytics/network' : `/api/v1/analytics/network/${resource}`;
  return (
    path +
    query([
      ['as_of', q.asOf],
      ['weights', formatWeights(q.weights, EDGE_TYPES)],
      ['window', q.window],
      ['nations', q.nations?.length ? q.nations.join(',') : null],
    ])
  );
}

/** the address of one network per year, from..to (for Play) */
export function seriesUrl(from: number, to: number, weights: Weights, window: number): string {
  return (
    '/api/v1/analytics/network/series' +
    query([
      ['from', from],
      ['to', to],
      ['weights', formatWeights(weights, EDGE_TYPES)],
      ['window', window],
    ])
  );
}

/** the years from..to in batches of at most `size` years: one request each, for progress */
export function yearBatches(from: number, to: number, size: number): [number, number][] {
  const out: [number, number][] = [];
  for (let y = from; y <= to; y += size) out.push([y, Math.min(to, y + size - 1)]);
  return out;
}

export function burdenUrl(from: number, to: number, nations: readonly string[] = []): string {
  return '/api/v1/analytics/burden-sharing' + query([['from', from], ['to', to], ['nations', nations.length ? nations.join(',') : null]]);
}

export function alliancesUrl(ids: readonly string[], asOf: string): string {
  return '/api/v1/analytics/alliances' + query([['ids', ids.join(',')], ['as_of', asOf]]);
}

export function overlapsUrl(ids: readonly string[], asOf: string): string {
  return '/api/v1/analytics/overlaps' + query([['ids', ids.join(',')], ['as_of', asOf]]);
}

export function interoperabilityUrl(from: number, to: number, nations: readonly string[], weights: Weights): string {
  return (
    '/api/v1/analytics/interoperability' +
    query([
      ['from', from],
      ['to', to],
      ['nations', nations.length ? nations.join(',') : null],
      ['weights', formatWeights(weights, INTEROP_COMPONENTS)],
    ])
  );
}

export function cohesionUrl(from: string, to: string): string {
  return '/api/v1/analytics/cohesion' + query([['from', from], ['to', to]]);
}

/** the dyad-year panel download (CSV; the server compresses it when the browser accepts gzip) */
export function panelUrl(from: number, to: number, nations: readonly string[] = []): string {
  return '/api/v1/analytics/panel' + query([['from', from], ['to', to], ['nations', nations.length ? nations.join(',') : null]]);
}

/** nations as the address writes them: upper-case alpha-3 codes, unique, in the order given */
export function parseNations(text: string | null | undefined): string[] {
  const out: string[] = [];
  for (const raw of (text ?? '').split(/[\s,]+/)) {
    const c = raw.trim().toUpperCase();
    if (/^[A-Z]{3}$/.test(c) && !out.includes(c)) out.push(c);
  }
  return out;
}

/** a whole year from the address, within [min, max]; `fallback` otherwise */
export function parseYear(text: string | null | undefined, fallback: number, min = 1945, max = 2100): number {
  const n = Number(text);
  return Number.isInteger(n) && n >= min && n <= max ? n : fallback;
}

// ---- the network's nodes -------------------------------------------------------------

/** a node's relation to the chosen organisation, as the map colours it */
export interface NodeStyle {
  color: string;
  /** the relation's border: a hatched relation (suspended) gets a dashed border of its base colour */
  border: string;
  dashed: boolean;
  label: string;
}

/** a relation's colour on the graph (canvas: no hatch, so a suspended one is dashed and lighter) */
export function relationStyle(relation: string | undefined): NodeStyle {
  const r = (relation && relation in RELATIONS ? relation : 'none') as MapRelation;
  const s = RELATIONS[r];
  if (s.hatch) return { color: s.hatch.bg, border: s.color, dashed: true, label: s.label };
  return { color: s.color, border: s.light ? '#6b7280' : s.color, dashed: false, label: s.label };
}

/** the relation classes the graph's legend groups nodes by: member, partner, suspended, former, none */
export type RelationGroup = 'member' | 'partner' | 'suspended' | 'former' | 'none';

export function relationGroup(relation: string | undefined): RelationGroup {
  switch (relation) {
    case 'member':
    case 'associate':
    case 'observer':
      return 'member';
    case 'partner':
      return 'partner';
    case 'suspended-member':
    case 'suspended-partner':
      return 'suspended';
    case 'former-member':
    case 'former-partner':
      return 'former';
    default:
      return 'none';
  }
}

export const CENTRALITIES = ['degree', 'strength', 'betweenness', 'eigenvector'] as const;
export type Centrality = (typeof CENTRALITIES)[number];

export const CENTRALITY_LABELS: Record<Centrality, string> = {
  degree: 'Degree (nations tied to)',
  strength: 'Strength (sum of tie weights)',
  betweenness: 'Betweenness',
  eigenvector: 'Eigenvector',
};

/**
 * Node diameters in pixels from a centrality: the square root of value / max (so area
 * follows the value), from `min` (value 0, or every value 0) to `max` (the largest value).
 */
export function sizeScale(values: readonly number[], min = 8, max = 44): (v: number) => number {
  const top = Math.max(0, ...values.filter((v) => Number.isFinite(v)));
  return (v: number) => {
    if (!(top > 0) || !Number.isFinite(v) || v <= 0) return min;
    return min + (max - min) * Math.sqrt(Math.min(v, top) / top);
  };
}

/** a centrality for the table and the profile: whole numbers as they are, shares to 3 significant digits */
export function fmtMetric(v: number | null | undefined, kind: Centrality): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  if (kind === 'degree') return String(Math.round(v));
  if (kind === 'strength') return String(Math.round(v * 100) / 100);
  if (v === 0) return '0';
  return v.toPrecision(3).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}

/** a 32-bit hash of a text (FNV-1a): the seed of a node's first position */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * A node's first position, the same on every load: a point on a disc of radius `radius`
 * picked by the hash of its id (the layout then runs from there, so it is deterministic).
 */
export function seedPosition(id: string, radius = 600): { x: number; y: number } {
  const h = hash32(id);
  const angle = ((h & 0xffff) / 0x10000) * 2 * Math.PI;
  const r = radius * Math.sqrt(((h >>> 16) + 1) / 0x10001);
  return { x: Math.round(r * Math.cos(angle) * 100) / 100, y: Math.round(r * Math.sin(angle) * 100) / 100 };
}

/**
 * Positions for the nodes of a new date: a node drawn before keeps its place; a new one goes
 * to the centre of its neighbours already placed (moved a little by its hash, so two never
 * coincide), or to its seed position when none is. `missing` lists the ids that had no place.
 */
export function carryPositions(
  ids: readonly string[],
  neighbours: (id: string) => readonly string[],
  known: ReadonlyMap<string, { x: number; y: number }>,
): { positions: Map<string, { x: number; y: number }>; missing: string[] } {
  const positions = new Map<string, { x: number; y: number }>();
  const missing: string[] = [];
  for (const id of ids) {
    const p = known.get(id);
    if (p) positions.set(id, p);
    else missing.push(id);
  }
  for (const id of missing) {
    const placed = neighbours(id)
      .map((n) => positions.get(n))
      .filter((p): p is { x: number; y: number } => !!p);
    const jitter = seedPosition(id, 40);
    if (placed.length) {
      const x = placed.reduce((s, p) => s + p.x, 0) / placed.length + jitter.x;
      const y = placed.reduce((s, p) => s + p.y, 0) / placed.length + jitter.y;
      positions.set(id, { x, y });
    } else positions.set(id, seedPosition(id));
  }
  return { positions, missing };
}

/** the edges of `iso3`, heaviest first, then by the other nation's code */
export function strongestTies<E extends { a: string; b: string; weight: number }>(edges: readonly E[], iso3: string, n = 8): (E & { other: string })[] {
  return edges
    .filter((e) => e.a === iso3 || e.b === iso3)
    .map((e) => ({ ...e, other: e.a === iso3 ? e.b : e.a }))
    .sort((x, y) => y.weight - x.weight || x.other.localeCompare(y.other))
    .slice(0, n);
}

/** what two nations share, in words: "NATO, EU; exercises: BALTOPS 2024" */
export function describeTies(ties: Partial<Record<'organisations' | 'frameworks' | 'ally_partner' | 'exercises' | 'operations', string[]>> | undefined): string {
  if (!ties) return '';
  const parts: string[] = [];
  if (ties.organisations?.length) parts.push(`members of ${ties.organisations.join(', ')}`);
  if (ties.frameworks?.length) parts.push(`partners in ${ties.frameworks.join(', ')}`);
  if (ties.ally_partner?.length) parts.push(`ally and partner in ${ties.ally_partner.join(', ')}`);
  if (ties.exercises?.length) parts.push(`exercises: ${ties.exercises.join(', ')}`);
  if (ties.operations?.length) parts.push(`operations: ${ties.operations.join(', ')}`);
  return parts.join('; ');
}

// ---- figures that may be missing ------------------------------------------------------

/** a figure, or "–" when it is missing (never 0) */
export function fmtFigure(v: number | null | undefined, digits = 2): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  return v.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** million US dollars, whole */
export function fmtMusd(v: number | null | undefined): string {
  return fmtFigure(v, v !== null && v !== undefined && Math.abs(v) < 10 && v !== 0 ? 1 : 0);
}

/** met / not met / "–" (no figure) */
export function metWord(met: boolean | null | undefined): string {
  return met === true ? 'met' : met === false ? 'not met' : '–';
}

// ---- alliance provisions ---------------------------------------------------------------

/** a provision's level in words: 0 the treaty does not provide it, 1 it does, 2 binding and automatic */
export function levelWord(level: number | null | undefined): string {
  if (level === 2) return 'binding';
  if (level === 1) return 'provided';
  if (level === 0) return 'none';
  return 'not coded';
}

const PROVISION_LABELS: Record<string, string> = {
  defense: 'Defence of a member attacked',
  offense: 'Joint offence',
  neutrality: 'Neutrality',
  nonaggression: 'Non-aggression',
  consultation: 'Consultation',
  'location-limited': 'Limited to an area',
  'specific-adversary': 'Against a named adversary',
  'integrated-command': 'Integrated command',
  'military-aid': 'Military aid',
  bases: 'Bases',
  organisation: 'Standing organisation',
  'economic-aid': 'Economic aid',
};

export function provisionLabel(p: string): string {
  return PROVISION_LABELS[p] ?? p;
}

/** the first URL of a source field ("text, https://… ; https://…"), or null */
export function firstUrl(source: string | null | undefined): string | null {
  const m = /https?:\/\/[^\s;,]+/.exec(source ?? '');
  return m ? m[0].replace(/[.)]+$/, '') : null;
}

// ---- the dyad-year panel -----------------------------------------------------------------

/**
 * The number of rows the panel has: for each year, n·(n−1) ordered pairs of the nations
 * that exist in it (a nation exists in a year when its from..to overlaps it; no date
 * means always). `only` restricts to the nations asked for.
 */
export function panelRowEstimate(
  nations: readonly { iso3: string; from: string | null; to: string | null }[],
  from: number,
  to: number,
  only: readonly string[] = [],
): number {
  const set = only.length ? new Set(only) : null;
  const chosen = nations.filter((n) => !set || set.has(n.iso3));
  let rows = 0;
  for (let y = from; y <= to; y++) {
    const first = `${y}-01-01`;
    const last = `${y}-12-31`;
    // `to` is the first day a nation no longer exists (half-open), as everywhere in the data
    const n = chosen.filter((x) => (!x.from || x.from <= last) && (!x.to || x.to > first)).length;
    rows += n * (n - 1);
  }
  return rows;
}
