import { describe, expect, it } from 'vitest';
import {
  answersOf,
  approvalsText,
  checklistComplete,
  coopHash,
  cycleTimeline,
  horizon,
  humanise,
  labelOf,
  ladderSteps,
  languageName,
  MENU_AREA_LABELS,
  menuQueryOf,
  plannedDays,
  reasonParts,
  withKeys,
  workflowWord,
} from './cooperation';
import type { Evaluation, Transition } from './cooperationApi';
import { VOCABULARY } from './vocabulary';

const step = (to_state: string, at: string, extra: Partial<Transition> = {}): Transition => ({
  id: 0,
  version: 1,
  workflow: 'parp',
  subject: 1,
  action: to_state,
  from_state: '',
  to_state,
  actor: 'staff1',
  actor_role: 'alliance-staff',
  actor_nation: '',
  comment: '',
  at,
  effective: 1,
  request_id: '',
  ...extra,
});

const evaluation = (s: Evaluation['step'], outcome: Evaluation['outcome'], on: string): Evaluation => ({
  id: 0,
  version: 1,
  unit: 1,
  step: s,
  answers: [],
  outcome,
  evaluator: 'E',
  on,
  note: '',
  recorded_at: `${on}T10:00:00Z`,
});

describe('words', () => {
  it('labels every area of the vocabulary', () => {
    for (const w of VOCABULARY.menu_area) expect(MENU_AREA_LABELS[w]).toBeTruthy();
  });

  it('makes an unknown word readable', () => {
    expect(humanise('close-registration')).toBe('Close registration');
    expect(labelOf({}, 'draft-goals')).toBe('Draft goals');
    expect(labelOf(MENU_AREA_LABELS, 'cyber-defence')).toBe('Cyber defence');
    expect(labelOf({}, null)).toBe('');
    expect(workflowWord('sel1')).toBe('SEL1');
    expect(workflowWord('talks')).toBe('Bilateral talks');
  });

  it('names languages by their code', () => {
    expect(languageName('en')).toBe('English');
    expect(languageName('fr')).toBe('French');
  });
});

describe('the menu’s filters', () => {
  it('keeps the words of the vocabularies and drops the others', () => {
    expect(menuQueryOf({ q: ' course ', area: 'language', kind: 'course', open_to: 'PFP' }, null)).toEqual({
      q: 'course',
      area: 'language',
      kind: 'course',
      open_to: 'PFP',
      nation: undefined,
    });
    expect(menuQueryOf({ area: 'banana', kind: 'party' }, null)).toEqual({ q: undefined, area: undefined, kind: undefined, open_to: undefined, nation: undefined });
  });

  it('asks for what the officer’s nation may attend only when asked and known', () => {
    expect(menuQueryOf({ mine: '1' }, 'GEO').nation).toBe('GEO');
    expect(menuQueryOf({ mine: '1' }, null).nation).toBeUndefined();
    expect(menuQueryOf({}, 'GEO').nation).toBeUndefined();
  });

  it('plans an event over the item’s published duration', () => {
    expect(plannedDays({ duration_days: 5 }, '2027-01-11')).toEqual({ from: '2027-01-11', to: '2027-01-15' });
    expect(plannedDays({ duration_days: 0 }, '2027-01-11')).toEqual({ from: '2027-01-11', to: '2027-01-11' });
    expect(plannedDays({ duration_days: 5 }, '')).toEqual({ from: '', to: '' });
  });
});

describe('a cycle’s timeline', () => {
  const states = ['survey', 'draft-goals', 'bilateral', 'multilateral', 'approved'];
  const opened = { at: '2026-03-01T09:00:00Z', by: 'staff1' };

  it('dates each step reached and marks the current one', () => {
    const history = [step('draft-goals', '2026-03-02T09:00:00Z'), step('bilateral', '2026-03-05T09:00:00Z', { actor: 'staff2' })];
    expect(cycleTimeline(states, 'bilateral', history, opened)).toEqual([
      { state: 'survey', status: 'done', at: opened.at, by: 'staff1' },
      { state: 'draft-goals', status: 'done', at: '2026-03-02T09:00:00Z', by: 'staff1' },
      { state: 'bilateral', status: 'current', at: '2026-03-05T09:00:00Z', by: 'staff2' },
      { state: 'multilateral', status: 'upcoming', at: null, by: null },
      { state: 'approved', status: 'upcoming', at: null, by: null },
    ]);
  });

  it('starts with the day the cycle opened', () => {
    expect(cycleTimeline(states, 'survey', [], opened)[0]).toEqual({ state: 'survey', status: 'current', at: opened.at, by: 'staff1' });
  });

  it('ignores approvals that did not move the cycle', () => {
    const history = [step('draft-goals', '2026-03-02T09:00:00Z', { effective: 0 })];
    expect(cycleTimeline(states, 'survey', history, opened)[1]).toEqual({ state: 'draft-goals', status: 'upcoming', at: null, by: null });
  });

  it('leaves every step to come for a state it does not know', () => {
    expect(cycleTimeline(states, 'lost', [], opened).every((s) => s.status === 'upcoming')).toBe(true);
  });
});

describe('a unit’s ladder', () => {
  const ladder = ['declared', 'sel1', 'nel1', 'sel2', 'nel2'];

  it('marks the level held and the evaluations that climbed to it', () => {
    const evals = [evaluation('sel1', 'failed', '2026-01-01'), evaluation('sel1', 'passed', '2026-02-01'), evaluation('nel1', 'failed', '2026-03-01')];
    const steps = ladderSteps(ladder, 'sel1', evals);
    expect(steps.map((s) => s.status)).toEqual(['done', 'current', 'upcoming', 'upcoming', 'upcoming']);
    expect(steps[1].evaluation?.on).toBe('2026-02-01');
    expect(steps[2].evaluation).toBeNull();
  });

  it('reads answers and knows when a checklist is complete', () => {
    expect([...answersOf(['1-organisation=yes', '2-training=no', 'junk'])]).toEqual([
      ['1-organisation', true],
      ['2-training', false],
    ]);
    const items = [{ item: 'a' }, { item: 'b' }];
    expect(checklistComplete(items, { a: true })).toBe(false);
    expect(checklistComplete(items, { a: true, b: false })).toBe(true);
    expect(checklistComplete([], {})).toBe(false);
  });

  it('says how far an N-of-M step has come', () => {
    expect(approvalsText({ approvals: 2, approved_by: ['staff1'] }, 'evaluators')).toBe('1 of 2 evaluators have signed off');
    expect(approvalsText({ approvals: 1, approved_by: [] })).toBeNull();
  });
});

describe('PARP and refusals', () => {
  it('spans six years', () => {
    expect(horizon(2026)).toEqual([2026, 2027, 2028, 2029, 2030, 2031]);
  });

  it('splits a refusal into its finding and its sources', () => {
    expect(reasonParts('Russia may not take part: practical cooperation is suspended; source: NATO, Relations, https://www.nato.int/x ; B')).toEqual({
      finding: 'Russia may not take part: practical cooperation is suspended',
      source: 'NATO, Relations, https://www.nato.int/x ; B',
    });
    expect(reasonParts('no nation with code XXX')).toEqual({ finding: 'no nation with code XXX', source: null });
  });
});

describe('addresses', () => {
  const here = '#/menu?org=NATO&date=2026-12-05&area=language';

  it('keeps the organisation and the date', () => {
    expect(coopHash('event', 12, {}, here)).toBe('#/event/12?org=NATO&date=2026-12-05');
    expect(coopHash('events', null, { view: 'list', month: '2026-12' }, here)).toBe('#/events?org=NATO&date=2026-12-05&month=2026-12&view=list');
    expect(coopHash('parp')).toBe('#/parp');
  });

  it('changes the page’s keys in place', () => {
    expect(withKeys(here, { kind: 'course', area: null })).toBe('#/menu?org=NATO&date=2026-12-05&kind=course');
    expect(withKeys('', { q: 'x' })).toBe('#/?q=x');
  });
});
