// Client of the Entente HTTP API (same origin, relative paths).
import type { Word } from './vocabulary';

// The words of the API's enumerations (src/model/vocabulary.hpp, through vocabulary.ts).
export type Relation = Word<'relation'>;
export type NationStatus = Word<'nation_status'>;
export type MembershipStatus = Word<'membership_status'>;
export type PartnershipStatus = Word<'partnership_status'>;
export type EventKind = Word<'event_kind'>;

export interface Organisation {
  id: string;
  name: string;
  founded: string | null;
  dissolved: string | null;
  headquarters: string | null;
  hq_lat?: number | null;
  hq_lon?: number | null;
  decision_rule: string | null;
  source: string | null;
  note: string | null;
}

export interface Framework {
  id: string;
  name: string;
  organisation: string;
  launched: string | null;
  ended: string | null;
  successor: string | null;
  source: string | null;
  note: string | null;
}

export interface Member {
  iso3: string;
  name: string;
  from: string | null;
  to: string | null;
  /** a membership status for members, a partnership status for partners */
  status: MembershipStatus | PartnershipStatus;
  source: string | null;
  note: string | null;
}

export interface RelationEntry {
  iso3: string;
  iso_numeric: string | null;
  name: string;
  relation: Relation;
  frameworks: string[];
}

export interface Nation {
  iso3: string;
  iso2: string | null;
  iso_numeric: string | null;
  name: string;
  status: NationStatus | null;
  region: string | null;
  subregion: string | null;
  capital: string | null;
  capital_lat: number | null;
  capital_lon: number | null;
  from: string | null;
  to: string | null;
  source?: string | null;
  note?: string | null;
}

export interface NationProfile {
  nation: Nation;
  as_of: string;
  relations: { organisation: string; relation: Relation; frameworks: string[] }[];
  memberships: { organisation: string; from: string | null; to: string | null; status: MembershipStatus; source: string | null; note: string | null }[];
  partnerships: { framework: string; organisation: string; from: string | null; to: string | null; status: PartnershipStatus; source: string | null; note: string | null }[];
  plans: { organisation: string; plan: Word<'partnership_plan'>; from: string | null; to: string | null; source: string | null; note: string | null }[];
  territory_changes: { organisation: string; date: string; change: Word<'territory_change_kind'>; territory: string; source: string | null; note: string | null }[];
}

export interface TimelineEvent {
  date: string;
  kind: EventKind;
  nation: string | null;
  nation_name: string | null;
  organisation: string | null;
  framework: string | null;
  detail: string;
  source: string | null;
  note: string | null;
}

// ---------- rules: decisions, Article 4, operations, eligibility, Article 5 ----------

export type Position = Word<'position'>;
export type Procedure = Word<'procedure'>;

export interface Reason {
  clause: string;
  finding: string;
}

export interface NationRef {
  iso3: string;
  name: string;
}

export interface DecisionRequest {
  organisation: string;
  procedure?: Procedure;
  subject: string;
  as_of?: string;
  positions?: Record<string, Position>;
  default?: Position;
  formal_abstentions?: string[];
  silence_deadline?: string;
  silence_breaks?: Record<string, string>;
  reinforced?: boolean;
  procedural?: boolean;
  parties_to_conflict?: string[];
}

export interface Decision {
  organisation: string;
  body: string;
  procedure: Procedure;
  as_of: string;
  adopted: boolean;
  outcome: Word<'decision_outcome'>;
  counts: Partial<Record<Position, number>>;
  margins: Record<string, number>;
  decisive: NationRef[];
  positions: Record<string, Position>;
  reasoning: Reason[];
}

export interface Consultation {
  id: string;
  date: string;
  requested_by: NationRef[];
  occasion: string;
  outcome: string;
  source: string | null;
  note: string | null;
}

export type Classification = Word<'legal_classification'>;
export type OperationKind = Word<'operation_kind'>;
export type ParticipantRole = Word<'participant_role'>;

export interface Participant extends NationRef {
  role: ParticipantRole;
  source: string | null;
  note: string | null;
}

export interface Operation {
  id: string;
  name: string;
  kind: OperationKind;
  area: string;
  area_lat: number;
  area_lon: number;
  summary: string;
  legal_basis: Word<'legal_basis'>;
  unsc_resolutions: string[];
  article5: boolean;
  host_consent: Word<'host_consent'>;
  classification: Classification;
  contested: boolean;
  record_disagrees: boolean;
  reasoning: Reason[];
  participants: Participant[];
  from: string | null;
  to: string | null;
  source: string | null;
  note: string | null;
}

export type Verdict3 = Word<'eligibility'>;
export type Activity = Word<'activity'>;

export interface Eligibility {
  nation: string;
  name: string;
  organisation: string;
  activity: Activity;
  as_of: string;
  relation: Relation;
  eligible: Verdict3;
  routes: { standing: string; eligible: Verdict3; conditions: string; source: string | null }[];
  reasoning: Reason[];
}

export type Article5Target = Word<'target_kind'>;
export type ScopeRuling = Word<'scope_ruling'>;

export interface Article5Answer {
  verdict: ScopeRuling;
  clause: string;
  facts: {
    point: [number, number];
    territory: { code: string; name: string; sovereign: string } | null;
    sea_area: { id: string; name: string; status: ScopeRuling } | null;
    sovereign_is_member?: boolean;
    in_europe_or_north_america?: boolean;
    north_of_tropic?: boolean;
    in_mediterranean?: boolean;
    in_north_atlantic?: boolean;
    on_turkey?: boolean;
    [k: string]: unknown;
  };
  bound: NationRef[];
  article4: string;
  target: { iso3: string; name: string; relation: Relation; frameworks: string[] } | null;
  reasoning: Reason[];
}

export interface TreatyArea {
  as_of: string;
  members: string[];
  units: {
    code: string;
    name: string;
    sovereign: string;
    lat: number;
    lon: number;
    radius_km: number;
    ruling: ScopeRuling;
    clause?: string;
    reasoning?: string;
    source?: string | null;
    note?: string | null;
  }[];
  seas: { id: string; name: string; status: ScopeRuling; polygon: [number, number][] }[];
}

/** An error reported by the API (RFC 9457 problem details) or by the network. */
export class ApiError extends Error {
  status: number;
  code: string | null;
  title: string;
  constructor(message: string, status: number, title: string, code: string | null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.title = title;
    this.code = code;
  }
}

const cache = new Map<string, Promise<unknown>>();
const CACHE_MAX = 300;
/** The data version (ETag) of the answers in `cache`; an answer of another version empties it. */
let dataVersion: string | null = null;

function noteVersion(res: Response): void {
  const etag = res.headers.get('etag');
  if (!etag) return;
  if (dataVersion !== null && etag !== dataVersion) cache.clear();
  dataVersion = etag;
}

async function load<T>(url: string, init: RequestInit = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, headers: { accept: 'application/json, application/problem+json', ...(init.headers ?? {}) } });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError('The server could not be reached. Check that it is running and try again.', 0, 'Network error', null);
  }
  noteVersion(res);
  const type = res.headers.get('content-type') ?? '';
  if (!res.ok) {
    let title = res.statusText || 'Request failed';
    let detail = `The server answered ${res.status} ${res.statusText}`.trim();
    let code: string | null = null;
    if (type.includes('json')) {
      try {
        const p = await res.json();
        if (p && typeof p === 'object') {
          if (typeof p.title === 'string') title = p.title;
          if (typeof p.detail === 'string' && p.detail) detail = p.detail;
          else if (typeof p.title === 'string') detail = p.title;
          if (typeof p.code === 'string') code = p.code;
        }
      } catch {
        /* keep the status line */
      }
    }
    throw new ApiError(detail, res.status, title, code);
  }
  try {
    return (await res.json()) as T;
  } catch {
    throw new ApiError('The server sent a response that is not valid JSON.', res.status, 'Bad response', null);
  }
}

/**
 * GET a JSON resource; successful answers are cached by URL until an answer arrives from
 * another version of the data (its ETag), which empties the cache.
 */
export function get<T>(url: string): Promise<T> {
  const hit = cache.get(url);
  if (hit) return hit as Promise<T>;
  const p = load<T>(url);
  cache.set(url, p);
  p.catch(() => cache.delete(url));
  if (cache.size > CACHE_MAX) {
    const first = cache.keys().next().value;
    if (first !== undefined) cache.delete(first);
  }
  return p;
}

const enc = encodeURIComponent;
const qs = (params: Record<string, string | undefined | null>) => {
  const s = Object.entries(params)
    .filter(([, v]) => v != null && v !== '')
    .map(([k, v]) => `${enc(k)}=${enc(v as string)}`)
    .join('&');
  return s ? `?${s}` : '';
};

export const api = {
  organisations: () => get<{ organisations: Organisation[] }>('/api/v1/organisations'),
  frameworks: () => get<{ frameworks: Framework[] }>('/api/v1/frameworks'),
  members: (org: string, asOf: string) =>
    get<{ organisation: string; as_of: string; members: Member[] }>(`/api/v1/organisations/${enc(org)}/members${qs({ as_of: asOf })}`),
  partners: (fw: string, asOf: string) =>
    get<{ framework: string; as_of: string; partners: Member[] }>(`/api/v1/frameworks/${enc(fw)}/partners${qs({ as_of: asOf })}`),
  relations: (org: string, asOf: string) =>
    get<{ organisation: string; as_of: string; relations: RelationEntry[] }>(
      `/api/v1/organisations/${enc(org)}/relations${qs({ as_of: asOf })}`,
    ),
  nations: (q?: string) => get<{ nations: Nation[] }>(`/api/v1/nations${qs({ q })}`),
  nation: (iso3: string, asOf: string) => get<NationProfile>(`/api/v1/nations/${enc(iso3)}${qs({ as_of: asOf })}`),
  timeline: (p: { organisation?: string; nation?: string; from?: string; to?: string }) =>
    get<{ from: string; to: string; events: TimelineEvent[] }>(`/api/v1/timeline${qs(p)}`),
  decide: (body: DecisionRequest) => post<Decision>('/api/v1/decisions', body),
  article4: (p: { nation?: string; from?: string; to?: string }) =>
    get<{ from: string; to: string; nation: string | null; count: number; consultations: Consultation[] }>(`/api/v1/article4${qs(p)}`),
  operations: (p: { as_of?: string; kind?: string; basis?: string; nation?: string }) =>
    get<{ count: number; operations: Operation[] }>(`/api/v1/operations${qs(p)}`),
  operation: (id: string) => get<Operation>(`/api/v1/operations/${enc(id)}`),
  eligibility: (p: { nation: string; activity: string; organisation?: string; as_of?: string }) =>
    get<Eligibility>(`/api/v1/eligibility${qs(p)}`),
  article5: (p: { lat: number; lon: number; as_of: string; target: Article5Target; nation?: string }) =>
    get<Article5Answer>(
      `/api/v1/article5${qs({ lat: p.lat.toFixed(4), lon: p.lon.toFixed(4), as_of: p.as_of, target: p.target, nation: p.nation })}`,
    ),
  treatyArea: (asOf: string) => get<TreatyArea>(`/api/v1/treaty-area${qs({ as_of: asOf })}`),
};

/** POST a JSON body; never cached (a decision is computed from the body). */
export function post<T>(url: string, body: unknown): Promise<T> {
  return load<T>(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

export function errorMessage(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}

// ---------- crisis-response simulation ----------

/** a scenario as JSON: the structure of the TOML files, every default filled in by the server */
export type ScenarioJson = Record<string, unknown> & {
  scenario?: { name?: string; description?: string; kind?: CrisisKind; start?: string; horizon_days?: number };
};

export interface ScenarioEntry {
  id: string;
  file: string;
  name?: string;
  kind?: CrisisKind;
  description?: string;
  scenario?: ScenarioJson;
  /** why the file could not be read (then no scenario) */
  error?: string;
}

export type CrisisKind = Word<'crisis_kind'>;
export type JobState = Word<'job_state'>;

export interface Distribution {
  observed: number;
  missing: number;
  share: number;
  mean: number;
  sd: number;
  min: number;
  p5: number;
  p50: number;
  p95: number;
  max: number;
  histogram: { low: number; width: number; counts: number[] };
}

export interface Contributor {
  nation: string;
  name: string;
  ally: boolean;
  lat: number;
  lon: number;
  distance_km: number;
  key: number;
}

export interface SimulationResult {
  scenario: ScenarioJson;
  /** a single simulation: { runs, seed }; each side of a comparison has `runs` instead */
  run?: { runs: number; seed: number };
  runs?: number;
  model: {
    lat: number;
    lon: number;
    place: string;
    article6: Article5Answer & { target_kind?: Article5Target; as_of?: string };
    council: string[];
    contributors: Contributor[];
    notes: string[];
  };
  probabilities: { warned_before_attack: number; decided: number; article5: number; deterred_by_day: number; deterrence_day: number };
  outcomes: Record<string, Distribution>;
  forces: { days: number[]; mean: number[]; p5: number[]; p50: number[]; p95: number[]; adversary: number[] };
  contributions: { nation: string; ally: boolean; mean_troops: number; sd: number }[];
}

export interface Difference {
  mean: number;
  low: number;
  high: number;
  sd: number;
  p5: number;
  p95: number;
}

export interface ComparisonResult {
  run: { runs: number; seed: number; common_random_numbers?: boolean };
  a: SimulationResult;
  b: SimulationResult;
  difference: Record<string, Difference | string>;
}

export interface SimulationJob {
  id: string;
  state: JobState;
  kind?: Word<'job_kind'>;
  name?: string;
  runs: number;
  seed: number;
  done: number;
  progress: number;
  elapsed_seconds: number;
  eta_seconds?: number;
  error?: string;
  href: string;
  result?: SimulationResult | ComparisonResult;
}

export interface SimulationRequest {
  scenario?: ScenarioJson;
  scenario_id?: string;
  compare_with?: ScenarioJson;
  compare_with_id?: string;
  runs?: number;
  seed?: number;
}

export const isComparison = (r: SimulationResult | ComparisonResult): r is ComparisonResult => 'difference' in r;

// Simulation routes are never cached: the scenario list follows the files, jobs change.
export const simulationApi = {
  scenarios: () => load<{ scenarios: ScenarioEntry[] }>('/api/v1/scenarios', { cache: 'no-store' }),
  submit: (body: SimulationRequest) => post<SimulationJob>('/api/v1/simulations', body),
  job: (id: string, signal?: AbortSignal) => load<SimulationJob>(`/api/v1/simulations/${enc(id)}`, { cache: 'no-store', signal }),
  cancel: (id: string) => load<SimulationJob>(`/api/v1/simulations/${enc(id)}`, { method: 'DELETE' }),
};
