// Pure helpers of the programme pages: the states of a workflow in the order a subject
// moves through them (from GET /workflows, never retyped), where a programme stands on
// that track, the tree objectives → goals → activities, council deadlines as a local
// date-time field reads them and as a countdown, and the words for steps and states.
import type { ActionOption, CouncilRound, Notification, Objective, PartnershipGoal, ProgrammeActivity, Transition, WorkflowStep } from './manageApi';

/**
 * The states of `workflow` along its longest path without repeats from `start`: the usual
 * course of a subject. Side states (a draft returned for changes) are off this path. The
 * steps name no first state, and a workflow may lead back to its first state (a returned
 * draft is revised into a draft again), so the caller says where its subject started (the
 * first step's from_state in its history, or its state before any step); without it the
 * path starts at a state no step leads to, or at the first step's.
 */
export function workflowPath(steps: readonly WorkflowStep[], workflow: string, start?: string): string[] {
  const own = steps.filter((s) => s.workflow === workflow);
  if (!own.length) return start ? [start] : [];
  const targets = new Set(own.map((s) => s.to_state));
  start ??= own.find((s) => !targets.has(s.from_state))?.from_state ?? own[0].from_state;
  const next = new Map<string, string[]>();
  for (const s of own) {
    const list = next.get(s.from_state) ?? [];
    if (!list.includes(s.to_state)) list.push(s.to_state);
    next.set(s.from_state, list);
  }
  let best: string[] = [start];
  const walk = (path: string[]) => {
    if (path.length > best.length) best = [...path];
    for (const to of next.get(path[path.length - 1]) ?? []) {
      if (path.includes(to)) continue;
      path.push(to);
      walk(path);
      path.pop();
    }
  };
  walk([start]);
  return best;
}

export type TrackStatus = 'done' | 'current' | 'todo';

export interface TrackItem {
  state: string;
  status: TrackStatus;
  /** a side state, off the usual course (shown where it branches off) */
  aside: boolean;
}

/**
 * The track of a subject in `state`: the usual course with the states before it done. A
 * state off the course is put after the state it branches from (the last one on the
 * course that a step leads from into it); an unknown state comes last.
 */
export function stateTrack(path: readonly string[], steps: readonly WorkflowStep[], workflow: string, state: string): TrackItem[] {
  const items: TrackItem[] = path.map((s) => ({ state: s, status: 'todo', aside: false }));
  let at = path.indexOf(state);
  if (at < 0) {
    const from = steps
      .filter((s) => s.workflow === workflow && s.to_state === state)
      .map((s) => path.indexOf(s.from_state))
      .filter((i) => i >= 0);
    at = from.length ? Math.max(...from) + 1 : items.length;
    items.splice(at, 0, { state, status: 'todo', aside: true });
  }
  return items.map((item, i) => ({ ...item, status: i < at ? 'done' : i === at ? 'current' : 'todo' }));
}

/** a state or a step as words: "under-review" → "Under review" */
export function words(token: string): string {
  const t = token.replace(/-/g, ' ').trim();
  return t ? t[0].toUpperCase() + t.slice(1) : t;
}

/** the label of a step's button; a step the table names but this list does not reads as its word */
const ACTION_LABELS: Record<string, string> = {
  submit: 'Submit',
  review: 'Start the review',
  return: 'Return for changes',
  revise: 'Revise the draft',
  refer: 'Refer to the Council',
  withdraw: 'Withdraw from the Council',
  activate: 'Activate',
  assess: 'Assess progress',
  continue: 'Continue',
  close: 'Close',
};

export function actionLabel(action: string): string {
  return ACTION_LABELS[action] ?? words(action);
}

/** what a step needs from the form before it is sent */
export interface StepNeeds {
  comment: boolean;
  /** a step that opens a council round asks for its procedure and deadline */
  round: boolean;
}

/** the steps whose `effect` opens a council round, by action */
export function roundOpeners(steps: readonly WorkflowStep[], workflow: string): Set<string> {
  return new Set(steps.filter((s) => s.workflow === workflow && s.effect === 'council-round').map((s) => s.action));
}

export function stepNeeds(option: ActionOption, openers: ReadonlySet<string>): StepNeeds {
  return { comment: option.comment_required, round: openers.has(option.action) };
}

/** an N-of-M step's progress: "1 of 2 approvals (staff1)"; null for a step one person takes */
export function approvalsNote(option: ActionOption): string | null {
  if (option.approvals <= 1) return null;
  const by = option.approved_by.length ? ` (${option.approved_by.join(', ')})` : '';
  return `${option.approved_by.length} of ${option.approvals} approvals${by}`;
}

// ---------- deadlines ----------

const pad = (n: number) => String(n).padStart(2, '0');

/** an instant as the value of <input type="datetime-local" step="1"> in the reader's zone */
export function toLocalInput(at: Date): string {
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
}

/** the instant (RFC 3339, UTC) a datetime-local value names in the reader's zone; null when it names none */
export function fromLocalInput(value: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => (x === undefined ? 0 : Number(x)));
  const at = new Date(y, mo - 1, d, h, mi, s);
  if (at.getFullYear() !== y || at.getMonth() !== mo - 1 || at.getDate() !== d) return null;
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** the server's default deadline of a council round: 72 hours from `now` */
export const DEFAULT_DEADLINE_HOURS = 72;

export function defaultDeadline(now: Date): Date {
  return new Date(now.getTime() + DEFAULT_DEADLINE_HOURS * 3600 * 1000);
}

/** the time left until `deadline`, in words: "2 d 4 h", "3 h 12 min", "4 min 05 s", "12 s"; null once passed */
export function timeLeft(deadline: string, now: number): string | null {
  const at = Date.parse(deadline);
  if (Number.isNaN(at)) return null;
  const s = Math.ceil((at - now) / 1000);
  if (s <= 0) return null;
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${m} min`;
  if (m > 0) return `${m} min ${pad(sec)} s`;
  return `${sec} s`;
}

/** an open round whose deadline has passed: the server is closing it */
export function roundClosing(round: Pick<CouncilRound, 'state' | 'deadline'>, now: number): boolean {
  const at = Date.parse(round.deadline);
  return round.state === 'open' && !Number.isNaN(at) && at <= now;
}

/**
 * How long to wait before reading a programme again: soon after its open round's deadline
 * (the server closes it then), every few seconds while it is closing, otherwise `idle`.
 */
export function nextRefreshMs(rounds: readonly Pick<CouncilRound, 'state' | 'deadline'>[], now: number, idle = 30_000): number {
  let wait = idle;
  for (const r of rounds) {
    if (r.state !== 'open') continue;
    const at = Date.parse(r.deadline);
    if (Number.isNaN(at)) continue;
    wait = Math.min(wait, at <= now ? 2000 : at - now + 1000);
  }
  return Math.max(500, wait);
}

// ---------- the tree ----------

export interface GoalNode {
  goal: PartnershipGoal;
  activities: ProgrammeActivity[];
}

export interface ObjectiveNode {
  objective: Objective;
  goals: GoalNode[];
}

export interface ProgrammeTree {
  objectives: ObjectiveNode[];
  /** goals of no objective (or of one no longer there) */
  looseGoals: GoalNode[];
  /** activities of no goal (or of one no longer there) */
  looseActivities: ProgrammeActivity[];
}

/** objectives → goals → activities, each level in the order of its ids */
export function programmeTree(parts: { objectives: readonly Objective[]; goals: readonly PartnershipGoal[]; activities: readonly ProgrammeActivity[] }): ProgrammeTree {
  const byId = <T extends { id: number }>(a: T, b: T) => a.id - b.id;
  const goalIds = new Set(parts.goals.map((g) => g.id));
  const objectiveIds = new Set(parts.objectives.map((o) => o.id));
  const node = (goal: PartnershipGoal): GoalNode => ({ goal, activities: parts.activities.filter((a) => a.goal === goal.id).sort(byId) });
  const goals = [...parts.goals].sort(byId);
  return {
    objectives: [...parts.objectives].sort(byId).map((objective) => ({ objective, goals: goals.filter((g) => g.objective === objective.id).map(node) })),
    looseGoals: goals.filter((g) => !objectiveIds.has(g.objective)).map(node),
    looseActivities: parts.activities.filter((a) => !goalIds.has(a.goal)).sort(byId),
  };
}

// ---------- the history ----------

/** the steps whose actor, action, states or comment contain every word of `text` (case-insensitive) */
export function filterHistory(rows: readonly Transition[], text: string): Transition[] {
  const terms = text.toLowerCase().split(/\s+/).filter(Boolean);
  if (!terms.length) return [...rows];
  return rows.filter((t) => {
    const hay = [t.actor, t.actor_nation, t.action, t.from_state, t.to_state, words(t.action), words(t.to_state), t.comment].join(' ').toLowerCase();
    return terms.every((w) => hay.includes(w));
  });
}

// ---------- the inbox ----------

/** unread notifications first, each group newest first */
export function sortNotifications(list: readonly Notification[]): Notification[] {
  return [...list].sort((a, b) => {
    const ua = a.read_at ? 1 : 0;
    const ub = b.read_at ? 1 : 0;
    return ua - ub || b.created_at.localeCompare(a.created_at) || b.id - a.id;
  });
}

/** the page of a workflow's subject: a programme, a PARP cycle, a unit, an event */
export function subjectView(workflow: string): 'programme' | 'parp-cycle' | 'unit' | 'event' | null {
  switch (workflow) {
    case 'itpp':
      return 'programme';
    case 'parp':
      return 'parp-cycle';
    case 'evaluation':
      return 'unit';
    case 'event':
      return 'event';
    default:
      return null;
  }
}

/** a sentence's first letter in capitals (the server's notices start in lower case) */
export function sentence(text: string): string {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}
