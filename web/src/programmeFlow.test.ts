import { describe, expect, it } from 'vitest';
import type { ActionOption, Notification, Transition, WorkflowStep } from './manageApi';
import {
  actionLabel,
  approvalsNote,
  filterHistory,
  fromLocalInput,
  nextRefreshMs,
  programmeTree,
  roundClosing,
  roundOpeners,
  sortNotifications,
  stateTrack,
  subjectView,
  timeLeft,
  toLocalInput,
  words,
  workflowPath,
} from './programmeFlow';

/** the itpp rows of data/workflows.csv: action, from, to, effect */
const ITPP: [string, string, string, string?][] = [
  ['submit', 'draft', 'submitted'],
  ['review', 'submitted', 'under-review'],
  ['return', 'under-review', 'returned'],
  ['revise', 'returned', 'draft'],
  ['refer', 'under-review', 'in-council', 'council-round'],
  ['adopt', 'in-council', 'approved'],
  ['reject', 'in-council', 'under-review'],
  ['withdraw', 'in-council', 'under-review'],
  ['activate', 'approved', 'active'],
  ['assess', 'active', 'reviewed'],
  ['continue', 'reviewed', 'active'],
  ['close', 'reviewed', 'closed'],
];
const step = ([action, from_state, to_state, effect = '']: [string, string, string, string?], workflow = 'itpp') =>
  ({ workflow, action, from_state, to_state, effect, actors: [], comment: 0, approvals: 1, distinct_from: '', eligibility: '', guard: '', notify: [], source: '', note: '' }) as unknown as WorkflowStep;
const STEPS = [...ITPP.map((r) => step(r)), step(['open', 'planned', 'open'], 'event')];

/** the steps in the order GET /workflows gives them: by workflow, then action */
const SORTED = [...STEPS].sort((a, b) => a.workflow.localeCompare(b.workflow) || a.action.localeCompare(b.action));

describe('workflowPath', () => {
  const course = ['draft', 'submitted', 'under-review', 'in-council', 'approved', 'active', 'reviewed', 'closed'];
  it('follows the usual course of a programme from its first state, without the side state of a returned draft', () => {
    expect(workflowPath(SORTED, 'itpp', 'draft')).toEqual(course);
    expect(workflowPath(STEPS, 'itpp', 'draft')).toEqual(course);
  });
  it('starts where no step leads, or at the first step, when not told', () => {
    expect(workflowPath(STEPS, 'itpp')).toEqual(course);
    expect(workflowPath(SORTED, 'event')).toEqual(['planned', 'open']);
  });
  it('keeps each workflow to its own steps', () => {
    expect(workflowPath(STEPS, 'event')).toEqual(['planned', 'open']);
    expect(workflowPath(STEPS, 'parp')).toEqual([]);
  });
});

describe('stateTrack', () => {
  const path = workflowPath(SORTED, 'itpp', 'draft');
  it('marks the states before the current one done', () => {
    const t = stateTrack(path, STEPS, 'itpp', 'in-council');
    expect(t.filter((i) => i.status === 'done').map((i) => i.state)).toEqual(['draft', 'submitted', 'under-review']);
    expect(t.find((i) => i.status === 'current')?.state).toBe('in-council');
    expect(t.every((i) => !i.aside)).toBe(true);
  });
  it('puts a side state where it branches off the course', () => {
    const t = stateTrack(path, STEPS, 'itpp', 'returned');
    expect(t.map((i) => i.state).slice(0, 5)).toEqual(['draft', 'submitted', 'under-review', 'returned', 'in-council']);
    expect(t[3]).toEqual({ state: 'returned', status: 'current', aside: true });
    expect(t[4].status).toBe('todo');
  });
  it('puts an unknown state last', () => {
    const t = stateTrack(path, STEPS, 'itpp', 'archived');
    expect(t[t.length - 1]).toEqual({ state: 'archived', status: 'current', aside: true });
  });
});

describe('words for steps and states', () => {
  it('reads a state as words and names the known steps', () => {
    expect(words('under-review')).toBe('Under review');
    expect(words('not-adopted')).toBe('Not adopted');
    expect(actionLabel('refer')).toBe('Refer to the Council');
    expect(actionLabel('close-registration')).toBe('Close registration');
  });
  it('finds the steps that open a council round in the table', () => {
    expect([...roundOpeners(STEPS, 'itpp')]).toEqual(['refer']);
  });
  it('counts approvals of an N-of-M step', () => {
    const option: ActionOption = { action: 'close', to: 'closed', allowed: true, comment_required: true, approvals: 2, approved_by: ['staff1'], reason: '' };
    expect(approvalsNote(option)).toBe('1 of 2 approvals (staff1)');
    expect(approvalsNote({ ...option, approvals: 1 })).toBeNull();
  });
});

describe('deadlines', () => {
  it('writes and reads a local date-time field', () => {
    const at = new Date(2026, 11, 8, 9, 5, 7);
    expect(toLocalInput(at)).toBe('2026-12-08T09:05:07');
    expect(fromLocalInput('2026-12-08T09:05:07')).toBe(at.toISOString().replace(/\.\d{3}Z$/, 'Z'));
    expect(fromLocalInput('2026-12-08T09:05')).toBe(new Date(2026, 11, 8, 9, 5, 0).toISOString().replace(/\.\d{3}Z$/, 'Z'));
  });
  it('refuses what names no instant', () => {
    expect(fromLocalInput('')).toBeNull();
    expect(fromLocalInput('2026-02-30T10:00')).toBeNull();
    expect(fromLocalInput('tomorrow')).toBeNull();
  });
  it('counts down in words', () => {
    const now = Date.parse('2026-12-05T10:00:00Z');
    expect(timeLeft('2026-12-08T12:00:00Z', now)).toBe('3 d 2 h');
    expect(timeLeft('2026-12-05T13:30:00Z', now)).toBe('3 h 30 min');
    expect(timeLeft('2026-12-05T10:04:05Z', now)).toBe('4 min 05 s');
    expect(timeLeft('2026-12-05T10:00:09.200Z', now)).toBe('10 s');
    expect(timeLeft('2026-12-05T10:00:00Z', now)).toBeNull();
    expect(timeLeft('soon', now)).toBeNull();
  });
  it('reads a programme again soon after its round’s deadline, and often while the round closes', () => {
    const now = Date.parse('2026-12-05T10:00:00Z');
    expect(nextRefreshMs([], now)).toBe(30_000);
    expect(nextRefreshMs([{ state: 'open', deadline: '2026-12-05T10:00:05Z' }], now)).toBe(6000);
    expect(nextRefreshMs([{ state: 'open', deadline: '2026-12-05T09:59:00Z' }], now)).toBe(2000);
    expect(nextRefreshMs([{ state: 'adopted', deadline: '2026-12-05T10:00:05Z' }], now)).toBe(30_000);
    expect(roundClosing({ state: 'open', deadline: '2026-12-05T09:59:00Z' }, now)).toBe(true);
    expect(roundClosing({ state: 'not-adopted', deadline: '2026-12-05T09:59:00Z' }, now)).toBe(false);
  });
});

describe('programmeTree', () => {
  it('hangs goals under objectives and activities under goals, and keeps the loose ones', () => {
    const tree = programmeTree({
      objectives: [
        { id: 2, version: 1, programme: 1, title: 'B', description: '' },
        { id: 1, version: 1, programme: 1, title: 'A', description: '' },
      ],
      goals: [
        { id: 10, version: 1, programme: 1, objective: 1, cycle: 0, code: 'G1', title: 'g1', indicator: '' },
        { id: 11, version: 1, programme: 1, objective: 0, cycle: 0, code: 'G2', title: 'g2', indicator: '' },
      ],
      activities: [
        { id: 6, version: 1, programme: 1, goal: 10, menu_item: 'act-cwix', title: 'CWIX', from: null, to: null, state: 'planned' },
        { id: 5, version: 1, programme: 1, goal: 10, menu_item: '', title: 'Talks', from: null, to: null, state: 'planned' },
        { id: 7, version: 1, programme: 1, goal: 0, menu_item: '', title: 'Loose', from: null, to: null, state: 'done' },
      ],
    });
    expect(tree.objectives.map((o) => o.objective.title)).toEqual(['A', 'B']);
    expect(tree.objectives[0].goals.map((g) => g.goal.code)).toEqual(['G1']);
    expect(tree.objectives[0].goals[0].activities.map((a) => a.id)).toEqual([5, 6]);
    expect(tree.objectives[1].goals).toEqual([]);
    expect(tree.looseGoals.map((g) => g.goal.code)).toEqual(['G2']);
    expect(tree.looseActivities.map((a) => a.title)).toEqual(['Loose']);
  });
});

describe('history and inbox', () => {
  const t = (id: number, action: string, actor: string, comment = ''): Transition =>
    ({ id, version: 1, workflow: 'itpp', subject: 1, action, from_state: 'a', to_state: 'under-review', actor, actor_role: '', actor_nation: '', comment, at: '', effective: 1, request_id: '' }) as Transition;
  it('filters the history by every word given', () => {
    const rows = [t(1, 'submit', 'geo'), t(2, 'review', 'staff2'), t(3, 'reject', 'system', 'Council round 1: returned-to-discussion')];
    expect(filterHistory(rows, '').length).toBe(3);
    expect(filterHistory(rows, 'STAFF2').map((r) => r.id)).toEqual([2]);
    expect(filterHistory(rows, 'council system').map((r) => r.id)).toEqual([3]);
    expect(filterHistory(rows, 'under review').length).toBe(3);
  });
  it('puts unread notifications first, newest first', () => {
    const n = (id: number, created_at: string, read_at = ''): Notification => ({ id, version: 1, account: 1, workflow: 'itpp', subject: 1, text: '', created_at, read_at });
    const sorted = sortNotifications([n(1, '2026-12-01T00:00:00Z'), n(2, '2026-12-03T00:00:00Z', '2026-12-04T00:00:00Z'), n(3, '2026-12-02T00:00:00Z')]);
    expect(sorted.map((x) => x.id)).toEqual([3, 1, 2]);
  });
  it('finds the page of each workflow’s subject', () => {
    expect(subjectView('itpp')).toBe('programme');
    expect(subjectView('parp')).toBe('parp-cycle');
    expect(subjectView('evaluation')).toBe('unit');
    expect(subjectView('event')).toBe('event');
    expect(subjectView('council-round')).toBeNull();
  });
});
