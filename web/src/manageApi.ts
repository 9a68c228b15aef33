// Typed client of partnership management: the workflows, the cooperation menu as a picker
// reads it, programmes with their objectives, goals and activities, their steps, council
// rounds, the history and the inbox (docs/openapi.json: Programme, ProgrammeView,
// CouncilRound, Inbox, WorkflowStep). Everything a user changes is read fresh (never from
// the GET cache: other people move the same programmes); the reference tables (menu,
// workflows) are cached like the rest of the reference data.
import { ApiError, fresh, get, write, type Reason } from './api';
import type { Word } from './vocabulary';

export type Workflow = Word<'workflow'>;
export type WorkflowActor = Word<'workflow_actor'>;
export type MenuArea = Word<'menu_area'>;
export type MenuKind = Word<'menu_kind'>;
export type ActivityState = Word<'activity_state'>;
export type RoundState = Word<'council_round_state'>;

/** One step of a workflow (data/workflows.csv). */
export interface WorkflowStep {
  workflow: Workflow;
  action: string;
  from_state: string;
  to_state: string;
  actors: WorkflowActor[];
  /** 1 when the step needs a comment */
  comment: number;
  /** distinct people needed (N of M) */
  approvals: number;
  /** a step whose taker may not take this one (four eyes) */
  distinct_from: string;
  eligibility: string;
  guard: string;
  effect: string;
  notify: WorkflowActor[];
  source: string;
  note: string;
}

export interface ChecklistItem {
  step: string;
  item: string;
  text: string;
  [k: string]: unknown;
}

/** An activity template of the cooperation menu. */
export interface MenuItem {
  id: string;
  title: string;
  area: MenuArea;
  kind: MenuKind;
  provider: string;
  activity: string;
  open_to: string[];
  language: string[];
  /** participants; 0 when not published */
  capacity: number;
  /** 0 when not published */
  duration_days: number;
  source: string;
  note: string;
}

export interface DcbPackage {
  nation?: string;
  from: string;
  to: string | null;
  source: string;
  note: string;
}

/** A step the caller may take, or could but for `reason`. */
export interface ActionOption {
  action: string;
  to: string;
  allowed: boolean;
  comment_required: boolean;
  approvals: number;
  approved_by: string[];
  reason: string;
}

/** One step taken (the workflow history). */
export interface Transition {
  id: number;
  version: number;
  workflow: Workflow;
  subject: number;
  action: string;
  from_state: string;
  to_state: string;
  actor: string;
  actor_role: string;
  actor_nation: string;
  comment: string;
  at: string;
  /** 0: an approval of an N-of-M step that did not yet move the subject */
  effective: number;
  request_id: string;
  /** the documents the step refers to, as http(s) URLs */
  attachments: string[];
}

export interface Programme {
  id: number;
  version: number;
  nation: string;
  /** the organisation whose council approves it */
  organisation: string;
  title: string;
  period_from: string;
  period_to: string;
  review_on: string | null;
  /** a state of the itpp workflow */
  state: string;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface Objective {
  id: number;
  version: number;
  programme: number;
  title: string;
  description: string;
}

export interface PartnershipGoal {
  id: number;
  version: number;
  programme: number;
  /** 0: none */
  objective: number;
  cycle: number;
  code: string;
  title: string;
  indicator: string;
}

export interface ProgrammeActivity {
  id: number;
  version: number;
  programme: number;
  /** 0: none */
  goal: number;
  /** a menu id; empty: bilateral */
  menu_item: string;
  title: string;
  from: string | null;
  to: string | null;
  state: ActivityState;
}

export interface CouncilPosition {
  id: number;
  version: number;
  round: number;
  nation: string;
  position: Word<'position'>;
  reason: string;
  actor: string;
  at: string;
}

export interface CouncilRound {
  id: number;
  version: number;
  workflow: Workflow;
  /** the programme (for workflow itpp) */
  subject: number;
  organisation: string;
  procedure: Word<'procedure'>;
  question: string;
  opened_by: string;
  opened_at: string;
  /** RFC 3339 */
  deadline: string;
  state: RoundState;
  decided_at: string;
  outcome: string;
  reasoning: Reason[];
  positions: CouncilPosition[];
  /** members that have not spoken */
  awaiting: string[];
  /** the caller represents an Ally that may still speak */
  may_state_position: boolean;
}

export interface ProgrammeView extends Programme {
  nation_name: string;
  objectives: Objective[];
  goals: PartnershipGoal[];
  activities: ProgrammeActivity[];
  history: Transition[];
  rounds: CouncilRound[];
  actions: ActionOption[];
  /** the caller may change its content now */
  editable: boolean;
  dcb_packages: DcbPackage[];
}

export interface InboxItem {
  /** itpp or council-round */
  workflow: string;
  /** the programme, or the council round */
  subject: number;
  title: string;
  nation: string;
  state: string;
  /** what the user may do now */
  actions: string[];
  since: string;
}

export interface Notification {
  id: number;
  version: number;
  account: number;
  workflow: string;
  subject: number;
  text: string;
  created_at: string;
  /** empty while unread */
  read_at: string;
}

export interface Inbox {
  awaiting: InboxItem[];
  notifications: Notification[];
  unread: number;
}

export interface ProgrammeFilter {
  nation?: string;
  state?: string;
  q?: string;
  limit?: number;
  offset?: number;
}

/** the fields of a new programme, or of a change to a draft */
export interface ProgrammeFields {
  nation?: string;
  title?: string;
  period_from?: string;
  period_to?: string;
  /** empty: none */
  review_on?: string;
}

export type PartKind = 'objectives' | 'goals' | 'activities';

/** the fields of an objective, a goal or an activity (each kind takes its own) */
export interface PartFields {
  title?: string;
  description?: string;
  objective?: number;
  code?: string;
  indicator?: string;
  goal?: number;
  menu_item?: string;
  from?: string | null;
  to?: string | null;
  state?: ActivityState;
}

export interface StepBody {
  action: string;
  comment?: string;
  /** consensus or silence, for a step that opens a council round */
  procedure?: string;
  /** an instant (RFC 3339); empty: 72 hours from now */
  deadline?: string;
  /** documents the step refers to: at most 10 http(s) URLs */
  attachments?: string[];
}

export interface PositionBody {
  position: 'support' | 'object' | 'abstain';
  reason?: string;
}

export interface TransitionQuery {
  workflow?: string;
  subject?: string;
  actor?: string;
  action?: string;
  from?: string;
  to?: string;
  limit?: string;
}

const enc = encodeURIComponent;

/** a query string of the given parameters, without the empty ones ("" when none) */
export function query(params: Record<string, string | number | undefined | null>): string {
  const s = Object.entries(params)
    .filter(([, v]) => v != null && v !== '')
    .map(([k, v]) => `${enc(k)}=${enc(String(v))}`)
    .join('&');
  return s ? `?${s}` : '';
}

/** the If-Match value naming one version of a programme or of one of its parts */
export const versionTag = (version: number) => `"r${version}"`;

export const PROGRAMMES = '/api/v1/programmes';

/** the API path of a page of the programme list, with its filters */
export function programmesPath(f: ProgrammeFilter): string {
  return `${PROGRAMMES}${query({ nation: f.nation, state: f.state, q: f.q, limit: f.limit, offset: f.offset })}`;
}

export const programmePath = (id: number | string) => `${PROGRAMMES}/${enc(String(id))}`;

/**
 * Writes of partnership management change no reference data: the GET cache of the map and
 * the registry stays; the pages here read their records fresh.
 */
const KEEP = { changesData: false } as const;

export const manageApi = {
  workflows: () => get<{ steps: WorkflowStep[]; checklists: ChecklistItem[] }>('/api/v1/workflows'),
  menu: (p: { q?: string; area?: string; kind?: string; open_to?: string; nation?: string } = {}) =>
    get<{ items: MenuItem[]; count: number; standings?: string[] }>(`/api/v1/menu${query(p)}`),
  dcbPackages: () => get<{ packages: DcbPackage[] }>('/api/v1/dcb-packages'),

  programmes: (f: ProgrammeFilter) => fresh<{ programmes: Programme[]; total: number }>(programmesPath(f)),
  programme: (id: number | string) => fresh<ProgrammeView>(programmePath(id)),
  createProgramme: async (body: ProgrammeFields) => (await write<ProgrammeView>('POST', PROGRAMMES, body, KEEP)).data,
  updateProgramme: async (id: number, version: number, body: ProgrammeFields) =>
    (await write<ProgrammeView>('PATCH', programmePath(id), body, { ...KEEP, ifMatch: versionTag(version) })).data,
  step: async (id: number, version: number, body: StepBody) =>
    (await write<ProgrammeView>('POST', `${programmePath(id)}/transitions`, body, { ...KEEP, ifMatch: versionTag(version) })).data,
  addPart: async (id: number, kind: PartKind, body: PartFields) => (await write<ProgrammeView>('POST', `${programmePath(id)}/${kind}`, body, KEEP)).data,
  updatePart: async (id: number, kind: PartKind, part: number, partVersion: number, body: PartFields) =>
    (await write<ProgrammeView>('PATCH', `${programmePath(id)}/${kind}/${part}`, body, { ...KEEP, ifMatch: versionTag(partVersion) })).data,
  removePart: async (id: number, kind: PartKind, part: number, partVersion: number) =>
    (await write<ProgrammeView>('DELETE', `${programmePath(id)}/${kind}/${part}`, undefined, { ...KEEP, ifMatch: versionTag(partVersion) })).data,

  round: (id: number | string) => fresh<CouncilRound>(`/api/v1/rounds/${enc(String(id))}`),
  statePosition: async (id: number, body: PositionBody) => (await write<CouncilRound>('POST', `/api/v1/rounds/${id}/positions`, body, KEEP)).data,

  transitions: (p: TransitionQuery) => fresh<{ transitions: Transition[] }>(`/api/v1/transitions${query({ ...p })}`),
  inbox: () => fresh<Inbox>('/api/v1/inbox'),
  markRead: async (id: number) => {
    await write<null>('POST', `/api/v1/inbox/${id}/read`, undefined, KEEP);
  },
};

/** The view a 409 conflict carries as it now stands (its `current` member), if any. */
export function conflictView<T>(e: unknown): T | null {
  if (!(e instanceof ApiError) || e.status !== 409 || !e.problem) return null;
  const c = e.problem.current;
  return c && typeof c === 'object' && !Array.isArray(c) ? (c as T) : null;
}
