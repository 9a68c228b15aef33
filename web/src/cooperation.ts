// Pure helpers of the cooperation pages (the menu, PARP, evaluations, events): words in
// plain language, the menu's filters from the address, a cycle's timeline and a unit's
// ladder from their histories, N-of-M approvals, and the addresses of the pages.
import { addDays, isIsoDate } from './dates';
import type { ActionOption, Evaluation, GoalResult, MenuItem, MenuQuery, Transition } from './cooperationApi';
import { VOCABULARY, type Labels } from './vocabulary';

export const MENU_AREA_LABELS: Labels<'menu_area'> = {
  'defence-policy': 'Defence policy',
  'crisis-management': 'Crisis management',
  education: 'Education',
  language: 'Language',
  'cyber-defence': 'Cyber defence',
  'counter-terrorism': 'Counter-terrorism',
  'civil-preparedness': 'Civil preparedness',
  interoperability: 'Interoperability',
  logistics: 'Logistics',
  medical: 'Medical',
  maritime: 'Maritime',
  air: 'Air',
  'operational-planning': 'Operational planning',
  'women-peace-security': 'Women, peace and security',
  'building-integrity': 'Building integrity',
  'explosive-ordnance': 'Explosive ordnance',
  'arms-control': 'Arms control',
  'public-diplomacy': 'Public diplomacy',
  science: 'Science',
};

export const MENU_KIND_LABELS: Labels<'menu_kind'> = {
  course: 'Course',
  exercise: 'Exercise',
  seminar: 'Seminar',
  workshop: 'Workshop',
  conference: 'Conference',
  'expert-visit': 'Expert visit',
};

export const UNIT_KIND_LABELS: Labels<'unit_kind'> = {
  land: 'Land',
  maritime: 'Maritime',
  air: 'Air',
  'special-operations': 'Special operations',
  other: 'Other',
};

export const EVALUATION_STEP_LABELS: Labels<'evaluation_step'> = {
  sel1: 'SEL1',
  nel1: 'NEL1',
  sel2: 'SEL2',
  nel2: 'NEL2',
};

/** what each step of the ladder is, in words */
export const EVALUATION_STEP_NAMES: Labels<'evaluation_step'> = {
  sel1: 'Self-evaluation, level 1',
  nel1: 'NATO evaluation, level 1',
  sel2: 'Self-evaluation, level 2',
  nel2: 'NATO evaluation, level 2',
};

export const OUTCOME_LABELS: Labels<'evaluation_outcome'> = { passed: 'Passed', failed: 'Failed' };

export const REGISTRATION_STATE_LABELS: Labels<'registration_state'> = {
  registered: 'Registered',
  waitlisted: 'Waitlisted',
  cancelled: 'Cancelled',
  attended: 'Attended',
  absent: 'Absent',
};

/** states and steps of the workflows (data/workflows.csv) that read better than the word itself */
const WORKFLOW_WORDS: Record<string, string> = {
  declared: 'Declared',
  'draft-goals': 'Draft goals',
  talks: 'Bilateral talks',
  bilateral: 'Bilateral talks',
  multilateral: 'Multilateral examination',
  'close-registration': 'Close registration',
  ...EVALUATION_STEP_LABELS,
};

/** a word of an API vocabulary or workflow as text: "draft-goals" → "Draft goals" */
export function humanise(word: string): string {
  const s = word.replace(/[-_]+/g, ' ').trim();
  return s ? s[0].toUpperCase() + s.slice(1) : s;
}

/** the label a table gives a word, or the word made readable when it has none */
export function labelOf(labels: Record<string, string>, word: string | null | undefined): string {
  if (!word) return '';
  return labels[word] ?? humanise(word);
}

/** a state or step of a workflow in words */
export const workflowWord = (word: string) => labelOf(WORKFLOW_WORDS, word);

const languageNames = typeof Intl !== 'undefined' && 'DisplayNames' in Intl ? new Intl.DisplayNames(['en'], { type: 'language' }) : null;

/** an ISO 639-1 code by its English name ("en" → "English"); the code when unknown */
export function languageName(code: string): string {
  try {
    return languageNames?.of(code) ?? code;
  } catch {
    return code;
  }
}

// ---------- the menu's filters ----------

const isWord = (list: readonly string[], w: string | undefined): w is string => !!w && list.includes(w);

/**
 * The menu's query from the page's address keys: q (words), area, kind, open_to, and
 * mine=1, which asks for what `nation` (the signed-in officer's) may attend. Words no
 * vocabulary holds are dropped.
 */
export function menuQueryOf(q: Record<string, string>, nation: string | null): MenuQuery {
  return {
    q: (q.q ?? '').trim() || undefined,
    area: isWord(VOCABULARY.menu_area, q.area) ? q.area : undefined,
    kind: isWord(VOCABULARY.menu_kind, q.kind) ? q.kind : undefined,
    open_to: (q.open_to ?? '').trim() || undefined,
    nation: q.mine === '1' && nation ? nation : undefined,
  };
}

/** the first and last day of an event planned from a menu item that starts on `from` */
export function plannedDays(item: Pick<MenuItem, 'duration_days'>, from: string): { from: string; to: string } {
  if (!isIsoDate(from)) return { from, to: '' };
  return { from, to: addDays(from, Math.max(item.duration_days, 1) - 1) };
}

// ---------- histories ----------

export type StepStatus = 'done' | 'current' | 'upcoming';

export interface TimelineStep {
  state: string;
  status: StepStatus;
  /** when the subject reached the state (RFC 3339 or a date); null when it has not */
  at: string | null;
  /** who took it there */
  by: string | null;
}

/** the latest effective transition into each state */
function arrivals(history: readonly Transition[]): Map<string, Transition> {
  const last = new Map<string, Transition>();
  for (const t of history) if (t.effective !== 0) last.set(t.to_state, t);
  return last;
}

/**
 * A cycle's states as a timeline: the states before the current one done, each with the
 * day it was reached (the first state: the day the cycle opened), the current one marked,
 * the rest to come. A state the workflow does not list leaves every step upcoming.
 */
export function cycleTimeline(
  states: readonly string[],
  current: string,
  history: readonly Transition[],
  opened: { at: string; by: string },
): TimelineStep[] {
  const index = states.indexOf(current);
  const reached = arrivals(history);
  return states.map((state, i) => {
    const status: StepStatus = index < 0 || i > index ? 'upcoming' : i === index ? 'current' : 'done';
    if (status === 'upcoming') return { state, status, at: null, by: null };
    const t = reached.get(state);
    if (t) return { state, status, at: t.at, by: t.actor };
    return i === 0 ? { state, status, at: opened.at, by: opened.by } : { state, status, at: null, by: null };
  });
}

export interface LadderStep {
  step: string;
  status: StepStatus;
  /** the evaluation that took the unit to this step (the latest passed one), if any */
  evaluation: Evaluation | null;
}

/** a unit's ladder (declared → SEL1 → NEL1 → SEL2 → NEL2) with the level it holds marked */
export function ladderSteps(ladder: readonly string[], level: string, evaluations: readonly Evaluation[]): LadderStep[] {
  const index = ladder.indexOf(level);
  const passed = new Map<string, Evaluation>();
  for (const e of evaluations) if (e.outcome === 'passed') passed.set(e.step, e);
  return ladder.map((step, i) => ({
    step,
    status: index < 0 || i > index ? 'upcoming' : i === index ? 'current' : 'done',
    evaluation: i <= index ? (passed.get(step) ?? null) : null,
  }));
}

/** an evaluation's answers ("1-organisation=yes") by item */
export function answersOf(answers: readonly string[]): Map<string, boolean> {
  const out = new Map<string, boolean>();
  for (const a of answers) {
    const at = a.lastIndexOf('=');
    if (at <= 0) continue;
    out.set(a.slice(0, at), a.slice(at + 1) === 'yes');
  }
  return out;
}

/** every item answered yes or no */
export function checklistComplete(items: readonly { item: string }[], answers: Record<string, boolean | undefined>): boolean {
  return items.length > 0 && items.every((i) => typeof answers[i.item] === 'boolean');
}

/**
 * How far an N-of-M step has come ("1 of 2 evaluators have signed off"); null for a step
 * one person takes.
 */
export function approvalsText(option: Pick<ActionOption, 'approvals' | 'approved_by'>, who = 'people'): string | null {
  if (option.approvals <= 1) return null;
  return `${option.approved_by.length} of ${option.approvals} ${who} have signed off`;
}

/** the six years of a PARP cycle's horizon */
export function horizon(year: number): number[] {
  return Array.from({ length: 6 }, (_, i) => year + i);
}

/** a goal's results by year */
export function resultsByYear(results: readonly GoalResult[]): Map<number, GoalResult> {
  return new Map(results.map((r) => [r.year, r]));
}

/**
 * A rule's refusal split into what it found and the sources it cites: the engine writes
 * "…; source: A ; B" (or "… source: …") at the end of its reasoning.
 */
export function reasonParts(text: string): { finding: string; source: string | null } {
  const m = /(?:^|[;:]\s*)source:\s*/i.exec(text);
  if (!m) return { finding: text.trim(), source: null };
  const finding = text.slice(0, m.index).replace(/[;,\s]+$/, '').trim();
  const source = text.slice(m.index + m[0].length).trim();
  return { finding, source: source || null };
}

// ---------- addresses ----------

/** the pages of cooperation, as the router names them */
export type CoopView = 'menu' | 'parp' | 'parp-cycle' | 'evaluations' | 'unit' | 'events' | 'event';

function splitHash(hash: string): { path: string; query: URLSearchParams } {
  const raw = hash.replace(/^#/, '');
  const at = raw.indexOf('?');
  return at < 0 ? { path: raw, query: new URLSearchParams() } : { path: raw.slice(0, at), query: new URLSearchParams(raw.slice(at + 1)) };
}

function build(path: string, org: string | null, date: string | null, keys: Record<string, string>): string {
  const q = new URLSearchParams();
  if (org) q.set('org', org);
  if (date) q.set('date', date);
  for (const [k, v] of Object.entries(keys).sort(([a], [b]) => a.localeCompare(b))) if (v != null && v !== '') q.set(k, v);
  const s = q.toString();
  return `#${path}${s ? `?${s}` : ''}`;
}

/**
 * The address of a cooperation page (#/event/12?org=NATO&date=…), keeping the organisation
 * and date of `current` (the address now) as every page of the site does.
 */
export function coopHash(view: CoopView, id?: string | number | null, keys: Record<string, string> = {}, current = ''): string {
  const { query } = splitHash(current);
  const path = id == null || id === '' ? `/${view}` : `/${view}/${encodeURIComponent(String(id))}`;
  return build(path, query.get('org'), query.get('date'), keys);
}

/** `current` with some page keys changed (an empty value removes the key) */
export function withKeys(current: string, keys: Record<string, string | null | undefined>): string {
  const { path, query } = splitHash(current);
  const rest: Record<string, string> = {};
  for (const [k, v] of query) if (k !== 'org' && k !== 'date') rest[k] = v;
  for (const [k, v] of Object.entries(keys)) {
    if (v == null || v === '') delete rest[k];
    else rest[k] = v;
  }
  return build(path || '/', query.get('org'), query.get('date'), rest);
}
