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

/** The identity and version of a record staff edit (memberships, partnerships, plans). */
export interface Stamp {
  id: number;
  version: number;
}

export interface Member extends Partial<Stamp> {
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

// Profile rows carry the record's id and version (optional: an older server sends neither).
export interface ProfileMembership extends Partial<Stamp> {
  organisation: string;
  from: string | null;
  to: string | null;
  status: MembershipStatus;
  source: string | null;
  note: string | null;
}

export interface ProfilePartnership extends Partial<Stamp> {
  framework: string;
  organisation: string;
  from: string | null;
  to: string | null;
  status: PartnershipStatus;
  source: string | null;
  note: string | null;
}

export interface ProfilePlan extends Partial<Stamp> {
  organisation: string;
  plan: Word<'partnership_plan'>;
  from: string | null;
  to: string | null;
  source: string | null;
  note: string | null;
}

export interface NationProfile {
  nation: Nation;
  as_of: string;
  relations: { organisation: string; relation: Relation; frameworks: string[] }[];
  memberships: ProfileMembership[];
  partnerships: ProfilePartnership[];
  plans: ProfilePlan[];
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

/** One offending input of a problem: a JSON pointer into the body, a query parameter or a header. */
export interface FieldError {
  pointer?: string;
  parameter?: string;
  header?: string;
  detail: string;
}

/** An error reported by the API (RFC 9457 problem details) or by the network. */
export class ApiError extends Error {
  status: number;
  code: string | null;
  title: string;
  /** the inputs the problem names (`errors[]`), empty when it is not one field's */
  errors: FieldError[];
  /** the whole problem document, e.g. with the `current` record of a conflict */
  problem: Record<string, unknown> | null;
  /** seconds to wait before trying again (Retry-After of a 429 or 503), when the server says */
  retryAfter: number | null;
  constructor(
    message: string,
    status: number,
    title: string,
    code: string | null,
    extra: { errors?: FieldError[]; problem?: Record<string, unknown> | null; retryAfter?: number | null } = {},
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.title = title;
    this.code = code;
    this.errors = extra.errors ?? [];
    this.problem = extra.problem ?? null;
    this.retryAfter = extra.retryAfter ?? null;
  }
}

const cache = new Map<string, Promise<unknown>>();
const CACHE_MAX = 300;
/**
 * The data version (the number of the ETag "v12") of the answers in `cache`, null right
 * after a write; an answer of a newer version empties it.
 */
let dataVersion: number | null = null;
/** the newest data version seen: an answer from an older one is not taken for a change */
let newestVersion = 0;

/** the number of a data version's ETag ("v12" → 12); null for a record's own ("r3") or another tag */
function versionNumber(etag: string): number | null {
  // "v12", or "v12-br" / "v12-gz" for the same answer compressed
  const m = /^(?:W\/)?"v(\d+)(?:-(?:br|gz))?"$/.exec(etag);
  return m ? Number(m[1]) : null;
}

/**
 * Counts the changes of the data this page has seen (a write, or an answer of a newer
 * version); views that hold an answer read it again when it moves (useAsync).
 */
let epoch = 0;
const epochListeners = new Set<(epoch: number) => void>();

/** the newest data version (the ETag "v12" → 12) this page has seen; null before the first answer */
export function currentDataVersion(): number | null {
  return newestVersion > 0 ? newestVersion : null;
}

export function dataEpoch(): number {
  return epoch;
}

export function onDataChange(listener: (epoch: number) => void): () => void {
  epochListeners.add(listener);
  return () => epochListeners.delete(listener);
}

function bumpEpoch(): void {
  epoch += 1;
  for (const l of epochListeners) l(epoch);
}

function noteVersion(res: Response): void {
  const etag = res.headers.get('etag');
  const n = etag ? versionNumber(etag) : null;
  // not a data version, or an answer from an older one (a server not yet caught up)
  if (n === null || n < newestVersion) return;
  newestVersion = n;
  const changed = dataVersion !== null && n > dataVersion;
  dataVersion = n;
  if (changed) {
    cache.clear();
    bumpEpoch();
  }
}

/** Forget every cached answer: after a write, the next read anywhere asks the server. */
export function clearCache(): void {
  cache.clear();
  dataVersion = null;
  bumpEpoch();
}

/** the CSRF token of the signed-in session (from POST/GET /api/v1/session); sent with every write */
let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

type UnauthenticatedListener = (request: { path: string; method: string }) => void;
const unauthenticatedListeners = new Set<UnauthenticatedListener>();

/** Called whenever the server answers 401: the session has ended (or never began). */
export function onUnauthenticated(listener: UnauthenticatedListener): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

function parseFieldErrors(value: unknown): FieldError[] {
  if (!Array.isArray(value)) return [];
  const out: FieldError[] = [];
  for (const e of value) {
    if (!e || typeof e !== 'object') continue;
    const r = e as Record<string, unknown>;
    if (typeof r.detail !== 'string') continue;
    const item: FieldError = { detail: r.detail };
    if (typeof r.pointer === 'string') item.pointer = r.pointer;
    if (typeof r.parameter === 'string') item.parameter = r.parameter;
    if (typeof r.header === 'string') item.header = r.header;
    out.push(item);
  }
  return out;
}

function retryAfterOf(res: Response): number | null {
  const v = res.headers.get('retry-after');
  if (!v) return null;
  if (/^\d+$/.test(v.trim())) return Number(v.trim());
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(1, Math.ceil((at - Date.now()) / 1000));
}

/** the ApiError of a failed answer, from its problem+json body when it has one */
async function problemOf(res: Response, method = 'GET'): Promise<ApiError> {
  const type = res.headers.get('content-type') ?? '';
  let title = res.statusText || 'Request failed';
  let detail = `The server answered ${res.status} ${res.statusText}`.trim();
  let code: string | null = null;
  let errors: FieldError[] = [];
  let problem: Record<string, unknown> | null = null;
  if (type.includes('json')) {
    try {
      const p = await res.json();
      if (p && typeof p === 'object' && !Array.isArray(p)) {
        problem = p as Record<string, unknown>;
        if (typeof p.title === 'string') title = p.title;
        if (typeof p.detail === 'string' && p.detail) detail = p.detail;
        else if (typeof p.title === 'string') detail = p.title;
        if (typeof p.code === 'string') code = p.code;
        errors = parseFieldErrors(p.errors);
      }
    } catch {
      /* keep the status line */
    }
  }
  if (res.status === 401) {
    let path = res.url;
    try {
      path = new URL(res.url, location.href).pathname;
    } catch {
      /* keep the address as it is */
    }
    for (const l of unauthenticatedListeners) l({ path, method });
  }
  return new ApiError(detail, res.status, title, code, { errors, problem, retryAfter: retryAfterOf(res) });
}

async function send(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, { credentials: 'same-origin', ...init, headers: { accept: 'application/json, application/problem+json', ...(init.headers ?? {}) } });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError('The server could not be reached. Check that it is running and try again.', 0, 'Network error', null);
  }
}

async function bodyOf<T>(res: Response): Promise<T> {
  try {
    return (await res.json()) as T;
  } catch {
    throw new ApiError('The server sent a response that is not valid JSON.', res.status, 'Bad response', null);
  }
}

async function load<T>(url: string, init: RequestInit = {}): Promise<T> {
  const res = await send(url, init);
  noteVersion(res);
  if (!res.ok) throw await problemOf(res);
  return bodyOf<T>(res);
}

/**
 * GET a JSON resource; successful answers are cached by URL until an answer arrives from
 * another version of the data (its ETag), which empties the cache, or a write succeeds.
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

/** GET a JSON resource that is never cached (accounts, sessions, the audit log, a record to edit) */
export function fresh<T>(url: string): Promise<T> {
  return load<T>(url, { cache: 'no-store' });
}

/** A write's answer: its body (null for 204) and the ETag it carries. */
export interface Written<T> {
  data: T;
  etag: string | null;
}

export interface WriteOptions {
  /** the version the write changes (If-Match), e.g. "r3" as the server's ETag gives it */
  ifMatch?: string;
  /** false for a POST that computes rather than changes (decisions, simulations) */
  changesData?: boolean;
  signal?: AbortSignal;
}

/**
 * Every POST, PATCH and DELETE: a JSON body, the session's CSRF token and If-Match when
 * given; a problem+json answer becomes an ApiError with its errors[]. A successful write
 * empties the GET cache, so the next read anywhere sees it.
 */
export async function write<T>(method: 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown, opts: WriteOptions = {}): Promise<Written<T>> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  if (opts.ifMatch) headers['if-match'] = opts.ifMatch;
  const res = await send(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: 'no-store', signal: opts.signal });
  const changes = opts.changesData !== false;
  if (changes && (res.ok || res.status === 409)) clearCache();
  else noteVersion(res);
  if (!res.ok) throw await problemOf(res, method);
  const etag = res.headers.get('etag');
  if (res.status === 204 || res.headers.get('content-length') === '0') return { data: null as T, etag };
  return { data: await bodyOf<T>(res), etag };
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

/** POST a JSON body to a route that computes an answer (a decision, a simulation job); never cached. */
export async function post<T>(url: string, body: unknown): Promise<T> {
  return (await write<T>('POST', url, body, { changesData: false })).data;
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
  cancel: async (id: string) => (await write<SimulationJob>('DELETE', `/api/v1/simulations/${enc(id)}`, undefined, { changesData: false })).data,
};

// ---------- accounts, sessions, tokens ----------

export type Role = Word<'role'>;
export type AuditKind = Word<'audit_kind'>;
export type AuditAction = Word<'audit_action'>;

export interface User {
  id: number;
  name: string;
  role: Role;
  /** the nation of a nation officer; "" otherwise */
  nation: string;
  disabled: boolean;
  created: string;
  version: number;
}

export interface SessionInfo {
  user: User;
  /** with a session cookie only: the token every write must carry as X-CSRF-Token */
  csrf_token?: string;
  via?: 'session' | 'token';
  expires: string;
  idle_timeout_seconds?: number;
}

export interface SessionRow {
  id: number;
  created: string;
  last_seen: string;
  address: string;
  user_agent: string;
  current: boolean;
}

export interface ApiToken {
  id: number;
  name: string;
  created: string;
  expires: string;
  last_used: string;
}

export interface NewApiToken extends ApiToken {
  /** the secret, shown once */
  token: string;
}

export const accountApi = {
  session: () => fresh<SessionInfo>('/api/v1/session'),
  signIn: async (username: string, password: string) => (await write<SessionInfo>('POST', '/api/v1/session', { username, password }, { changesData: false })).data,
  signOut: async () => {
    await write<null>('DELETE', '/api/v1/session', undefined, { changesData: false });
  },
  sessions: () => fresh<{ sessions: SessionRow[] }>('/api/v1/sessions'),
  endSession: async (id: number) => {
    await write<null>('DELETE', `/api/v1/sessions/${id}`, undefined, { changesData: false });
  },
  tokens: () => fresh<{ tokens: ApiToken[] }>('/api/v1/tokens'),
  createToken: async (name: string, expiresInDays: number) =>
    (await write<NewApiToken>('POST', '/api/v1/tokens', { name, expires_in_days: expiresInDays }, { changesData: false })).data,
  revokeToken: async (id: number) => {
    await write<null>('DELETE', `/api/v1/tokens/${id}`, undefined, { changesData: false });
  },
};

// ---------- the records staff edit, and the audit log ----------

export type RecordKind = Word<'record_kind'>;

export interface MembershipRecord extends Stamp {
  organisation: string;
  nation: string;
  from: string;
  to: string | null;
  status: MembershipStatus;
  source: string;
  note: string;
}

export interface PartnershipRecord extends Stamp {
  framework: string;
  nation: string;
  from: string;
  to: string | null;
  status: PartnershipStatus;
  source: string;
  note: string;
}

export interface PlanRecord extends Stamp {
  organisation: string;
  nation: string;
  plan: Word<'partnership_plan'>;
  from: string;
  to: string | null;
  source: string;
  note: string;
}

export type RegistryRecord = MembershipRecord | PartnershipRecord | PlanRecord;

/** the collection of each kind of record: /api/v1/memberships, … */
export const RECORD_PATH: Record<RecordKind, string> = {
  membership: '/api/v1/memberships',
  partnership: '/api/v1/partnerships',
  plan: '/api/v1/plans',
};

/** the If-Match value naming one version of a record */
export const recordTag = (version: number) => `"r${version}"`;

export const recordApi = {
  get: (kind: RecordKind, id: number) => fresh<RegistryRecord>(`${RECORD_PATH[kind]}/${id}`),
  /** body: the record's fields without id and version, plus an optional reason */
  create: async (kind: RecordKind, body: Record<string, unknown>) => (await write<RegistryRecord>('POST', RECORD_PATH[kind], body)).data,
  /** body: the changed fields, the source of the correction and an optional reason */
  update: async (kind: RecordKind, id: number, version: number, body: Record<string, unknown>) =>
    (await write<RegistryRecord>('PATCH', `${RECORD_PATH[kind]}/${id}`, body, { ifMatch: recordTag(version) })).data,
  remove: async (kind: RecordKind, id: number, version: number, body: { source?: string; reason?: string }) => {
    await write<null>('DELETE', `${RECORD_PATH[kind]}/${id}`, Object.keys(body).length ? body : undefined, { ifMatch: recordTag(version) });
  },
};

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: AuditAction;
  kind: AuditKind;
  record: number;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  reason: string;
  request_id: string;
}

export interface AuditQuery {
  actor?: string;
  kind?: string;
  record?: string;
  from?: string;
  to?: string;
  limit?: string;
  before?: string;
}

export const auditApi = {
  entries: (p: AuditQuery) => fresh<{ entries: AuditEntry[]; next_before: number | null }>(`/api/v1/audit${qs({ ...p })}`),
};

/** The record a 409 conflict names as it now stands (its "current" member), if any. */
export function conflictCurrent(e: unknown): RegistryRecord | null {
  if (!(e instanceof ApiError) || e.status !== 409 || !e.problem) return null;
  const c = e.problem.current;
  return c && typeof c === 'object' && !Array.isArray(c) ? (c as RegistryRecord) : null;
}

// ---------- councils with elected seats ----------

export interface CouncilSeat {
  iso3: string;
  name: string;
  from: string | null;
  to: string | null;
  term: string;
  source: string | null;
  note: string | null;
}

/** the seats of a council with elected members (AUPSC) on a day */
export const councilApi = {
  seats: (council: string, asOf: string) =>
    get<{ council: string; as_of: string; count: number; seats: CouncilSeat[] }>(`/api/v1/councils/${encodeURIComponent(council)}/seats?as_of=${encodeURIComponent(asOf)}`),
};

/** Who publishes a web host the sources cite (data/publishers.csv); it names its subdomains' pages too. */
export interface Publisher {
  host: string;
  publisher: string;
  kind: Word<'publisher_kind'>;
  source: string;
  note: string;
}

/** every publisher, by host: GET /api/v1/publishers */
export function publishers(): Promise<{ publishers: Publisher[] }> {
  return get<{ publishers: Publisher[] }>('/api/v1/publishers');
}
