// Typed fetchers of the cooperation menu, the workflows, PARP, interoperability
// evaluations and events (docs/openapi.json: MenuItem, ParpView, UnitView,
// PartnershipEventView). The menu and the workflows are public reference data, cached like
// every other read; the rest belongs to signed-in users and is read fresh. Every write
// answers the subject's new view; its ETag "r<version>" is what the next write sends as
// If-Match.
import { ApiError, fresh, get, write, type Written } from './api';
import type { Word } from './vocabulary';

export type MenuArea = Word<'menu_area'>;
export type MenuKind = Word<'menu_kind'>;
export type UnitKind = Word<'unit_kind'>;
export type EvaluationStep = Word<'evaluation_step'>;
export type EvaluationOutcome = Word<'evaluation_outcome'>;
export type RegistrationState = Word<'registration_state'>;
export type WorkflowName = Word<'workflow'>;
export type WorkflowActor = Word<'workflow_actor'>;

/** an activity template of the cooperation menu (data/cooperation_menu.csv) */
export interface MenuItem {
  id: string;
  title: string;
  area: MenuArea;
  kind: MenuKind;
  provider: string;
  /** the eligibility activity taking part is checked for */
  activity: string;
  /** "member" or framework ids */
  open_to: string[];
  /** ISO 639-1 codes */
  language: string[];
  /** participants; 0 when not published */
  capacity: number;
  /** 0 when not published */
  duration_days: number;
  source: string;
  note: string;
}

export interface MenuAnswer {
  items: MenuItem[];
  count: number;
  /** the nation's standings today, when the query named a nation */
  standings?: string[];
}

export interface MenuQuery {
  q?: string;
  area?: string;
  kind?: string;
  open_to?: string;
  nation?: string;
}

export interface DcbPackage {
  nation: string;
  from: string;
  to: string | null;
  source: string;
  note: string;
}

/** one step of a workflow (data/workflows.csv) */
export interface WorkflowStep {
  workflow: WorkflowName;
  action: string;
  from_state: string;
  to_state: string;
  actors: WorkflowActor[];
  /** 1 when the step needs a comment */
  comment: number;
  /** distinct people needed (N of M) */
  approvals: number;
  distinct_from: string;
  eligibility: string;
  guard: string;
  effect: string;
  notify: WorkflowActor[];
  source: string;
  note: string;
}

export interface ChecklistItem {
  step: EvaluationStep;
  item: string;
  text: string;
  source?: string;
  note?: string;
}

/** a step the caller may (or may not, with the reason) take from the subject's state */
export interface ActionOption {
  action: string;
  to: string;
  allowed: boolean;
  comment_required: boolean;
  /** distinct people the step needs (N of M) */
  approvals: number;
  /** who approved so far, when it needs more than one */
  approved_by: string[];
  /** why not, when not allowed */
  reason: string;
}

/** one entry of a subject's history */
export interface Transition {
  id: number;
  version: number;
  workflow: WorkflowName;
  subject: number;
  action: string;
  from_state: string;
  to_state: string;
  actor: string;
  actor_role: string;
  actor_nation: string;
  comment: string;
  /** RFC 3339 */
  at: string;
  /** 0: an approval of an N-of-M step that did not yet move the subject */
  effective: number;
  request_id: string;
}

export interface ParpCycle {
  id: number;
  version: number;
  nation: string;
  organisation: string;
  year: number;
  state: string;
  /** the rules engine's reasoning when it opened */
  eligibility: string;
  opened_by: string;
  opened_at: string;
}

export interface GoalResult {
  id: number;
  version: number;
  goal: number;
  year: number;
  baseline: string;
  target: string;
  actual: string;
  note: string;
}

export interface ParpGoal {
  id: number;
  version: number;
  programme: number;
  objective: number;
  cycle: number;
  code: string;
  title: string;
  indicator: string;
  results: GoalResult[];
}

export interface ParpView extends ParpCycle {
  nation_name: string;
  goals: ParpGoal[];
  history: Transition[];
  actions: ActionOption[];
  /** the states of the parp workflow, in order */
  states: string[];
}

export interface Unit {
  id: number;
  version: number;
  nation: string;
  name: string;
  kind: UnitKind;
  /** "declared" or a step of the ladder */
  level: string;
  declared_by: string;
  declared_at: string;
}

export interface Evaluation {
  id: number;
  version: number;
  unit: number;
  step: EvaluationStep;
  /** "item=yes" or "item=no" */
  answers: string[];
  outcome: EvaluationOutcome;
  evaluator: string;
  on: string;
  note: string;
  recorded_at: string;
}

export interface UnitView extends Unit {
  nation_name: string;
  evaluations: Evaluation[];
  history: Transition[];
  /** declared, then the steps of the ladder in order */
  ladder: string[];
  /** the evaluation a unit takes next; null at the top of the ladder */
  next_step: string | null;
  /** the items of next_step (or, at the top, of the level's re-evaluation) */
  checklist: { step: string; item: string; text: string }[];
  actions: ActionOption[];
}

export interface PartnershipEvent {
  id: number;
  version: number;
  menu_item: string;
  title: string;
  kind: MenuKind;
  organisation: string;
  activity: string;
  from: string;
  to: string;
  location: string;
  capacity: number;
  state: string;
  created_by: string;
  created_at: string;
}

export interface Invitation {
  id: number;
  version: number;
  event: number;
  nation: string;
  /** the standing through which the nation is eligible */
  standing: string;
  invited_by: string;
  at: string;
}

export interface Registration {
  id: number;
  version: number;
  event: number;
  nation: string;
  participant: string;
  state: RegistrationState;
  registered_by: string;
  at: string;
}

export interface Feedback {
  id: number;
  version: number;
  event: number;
  nation: string;
  author: string;
  rating: number;
  text: string;
  at: string;
}

export interface EventView extends PartnershipEvent {
  invitations: Invitation[];
  /** all of them for staff, the caller's nation's for an officer */
  registrations: Registration[];
  registered: number;
  waitlisted: number;
  feedback: Feedback[];
  average_rating: number;
  actions: ActionOption[];
  may_register: boolean;
  may_give_feedback: boolean;
}

export interface EventFields {
  menu_item?: string;
  title?: string;
  kind?: string;
  activity?: string;
  from?: string;
  to?: string;
  location?: string;
  capacity?: number;
}

export interface StepBody {
  action: string;
  comment?: string;
}

/** one nation an invitation refused, with the rules' reason */
export interface Refusal {
  nation: string;
  reason: string;
}

const enc = encodeURIComponent;

function query(params: Record<string, string | undefined | null>): string {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v != null && v !== '') s.set(k, v);
  const text = s.toString();
  return text ? `?${text}` : '';
}

/** the API path of the menu for a query (what the page asks, and what its downloads name) */
export function menuPath(p: MenuQuery): string {
  return `/api/v1/menu${query({ q: p.q, area: p.area, kind: p.kind, open_to: p.open_to, nation: p.nation })}`;
}

export const PATHS = {
  menu: menuPath,
  dcbPackages: '/api/v1/dcb-packages',
  workflows: '/api/v1/workflows',
  parpList: (nation?: string) => `/api/v1/parp${query({ nation })}`,
  parp: (id: number | string) => `/api/v1/parp/${enc(String(id))}`,
  units: (nation?: string) => `/api/v1/evaluations${query({ nation })}`,
  unit: (id: number | string) => `/api/v1/evaluations/${enc(String(id))}`,
  events: (from?: string, to?: string) => `/api/v1/events${query({ from, to })}`,
  event: (id: number | string) => `/api/v1/events/${enc(String(id))}`,
};

/** the If-Match value naming a version ("r3") */
export const versionTag = (version: number) => `"r${version}"`;

const data = async <T>(p: Promise<Written<T>>): Promise<T> => (await p).data;

export const cooperationApi = {
  menu: (p: MenuQuery) => get<MenuAnswer>(menuPath(p)),
  dcbPackages: () => get<{ packages: DcbPackage[] }>(PATHS.dcbPackages),
  workflows: () => get<{ steps: WorkflowStep[]; checklists: ChecklistItem[] }>(PATHS.workflows),

  parpCycles: (nation?: string) => fresh<{ cycles: ParpCycle[] }>(PATHS.parpList(nation)),
  parp: (id: number | string) => fresh<ParpView>(PATHS.parp(id)),
  openParp: (nation: string) => data(write<ParpView>('POST', '/api/v1/parp', { nation })),
  stepParp: (view: ParpView, body: StepBody) =>
    data(write<ParpView>('POST', `${PATHS.parp(view.id)}/transitions`, body, { ifMatch: versionTag(view.version) })),
  addGoal: (cycle: number, body: { title: string; code?: string; indicator?: string }) =>
    data(write<ParpView>('POST', `${PATHS.parp(cycle)}/goals`, body)),
  recordResult: (cycle: number, goal: number, body: { year: number; baseline?: string; target?: string; actual?: string; note?: string }) =>
    data(write<ParpView>('POST', `${PATHS.parp(cycle)}/goals/${goal}/results`, body)),

  units: (nation?: string) => fresh<{ units: Unit[] }>(PATHS.units(nation)),
  unit: (id: number | string) => fresh<UnitView>(PATHS.unit(id)),
  declareUnit: (body: { nation: string; name: string; kind: string }) => data(write<UnitView>('POST', '/api/v1/evaluations', body)),
  recordEvaluation: (view: UnitView, body: { step: string; answers: Record<string, boolean>; evaluator: string; on: string; note?: string }) =>
    data(write<UnitView>('POST', `${PATHS.unit(view.id)}/results`, body, { ifMatch: versionTag(view.version) })),

  events: (from?: string, to?: string) => fresh<{ events: PartnershipEvent[] }>(PATHS.events(from, to)),
  event: (id: number | string) => fresh<EventView>(PATHS.event(id)),
  createEvent: (body: EventFields) => data(write<EventView>('POST', '/api/v1/events', body)),
  stepEvent: (view: EventView, body: StepBody) =>
    data(write<EventView>('POST', `${PATHS.event(view.id)}/transitions`, body, { ifMatch: versionTag(view.version) })),
  invite: (event: number, nations: string[]) => data(write<EventView>('POST', `${PATHS.event(event)}/invitations`, { nations })),
  register: (event: number, body: { participant: string; nation?: string }) =>
    data(write<EventView>('POST', `${PATHS.event(event)}/registrations`, body)),
  cancelRegistration: (event: number, registration: Registration) =>
    data(write<EventView>('DELETE', `${PATHS.event(event)}/registrations/${registration.id}`, undefined, { ifMatch: versionTag(registration.version) })),
  attendance: (event: number, registration: number, attendance: 'attended' | 'absent') =>
    data(write<EventView>('POST', `${PATHS.event(event)}/registrations/${registration}/attendance`, { attendance })),
  feedback: (event: number, body: { rating: number; text?: string }) => data(write<EventView>('POST', `${PATHS.event(event)}/feedback`, body)),
};

/** the view a 409 conflict carries as `current` (the subject as it now stands), if any */
export function conflictView<T>(e: unknown): T | null {
  if (!(e instanceof ApiError) || e.status !== 409 || !e.problem) return null;
  const c = e.problem.current;
  return c && typeof c === 'object' && !Array.isArray(c) ? (c as T) : null;
}

/** the nations a refused invitation lists (`refused`), each with the rules' reason; [] otherwise */
export function refusalsOf(e: unknown): Refusal[] {
  if (!(e instanceof ApiError) || !e.problem) return [];
  const list = e.problem.refused;
  if (!Array.isArray(list)) return [];
  const out: Refusal[] = [];
  for (const r of list) {
    if (r && typeof r === 'object' && typeof (r as Refusal).nation === 'string' && typeof (r as Refusal).reason === 'string') {
      out.push({ nation: (r as Refusal).nation, reason: (r as Refusal).reason });
    }
  }
  return out;
}
