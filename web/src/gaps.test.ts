import { describe, expect, it } from 'vitest';
import { isUnrecordedNo, isUnrecordedRoute, missingParts, notJudged, participantsKnown } from './gaps';

const op = (n: number) => ({ participants: Array.from({ length: n }, (_, i) => ({ iso3: `N${i}` })) }) as never;
const nj = (count: number, of: number) => ({ count, of, operations: Array.from({ length: count }, (_, i) => `op-${i}`) });

describe('notJudged', () => {
  it('says how many operations without recorded participants there are among those matching the other filters', () => {
    const r = notJudged(nj(2, 4), 'Poland');
    expect(r).toEqual({
      missing: 2,
      total: 4,
      text: '2 of 4 operations have no recorded participants and are not judged: whether Poland took part in them is not known.',
    });
    expect(participantsKnown(op(0))).toBe(false);
  });
  it('speaks of one operation in the singular, and says nothing when all are judged', () => {
    expect(notJudged(nj(1, 1), 'Malta')?.text).toBe('1 of 1 operation has no recorded participants and is not judged: whether Malta took part in it is not known.');
    expect(notJudged(nj(0, 2), 'Malta')).toBeNull();
    expect(notJudged(undefined, 'Malta')).toBeNull();
  });
});

describe('eligibility gaps', () => {
  const unrecorded = { standing: 'EAPC', eligible: 'no' as const, conditions: '', source: null };
  const sourced = { standing: 'PFP', eligible: 'yes' as const, conditions: 'at the partner’s request', source: 'https://www.nato.int/' };
  it('a "no" without source or conditions is the data being silent', () => {
    expect(isUnrecordedRoute(unrecorded)).toBe(true);
    expect(isUnrecordedRoute({ ...unrecorded, source: 'NATO, x' })).toBe(false);
    expect(isUnrecordedRoute(sourced)).toBe(false);
  });
  it('an answer is unrecorded only when every route is, and there are routes', () => {
    expect(isUnrecordedNo({ eligible: 'no', routes: [unrecorded] })).toBe(true);
    expect(isUnrecordedNo({ eligible: 'no', routes: [] })).toBe(false);
    expect(isUnrecordedNo({ eligible: 'yes', routes: [unrecorded, sourced] })).toBe(false);
  });
});

describe('missingParts', () => {
  it('names what an Article 4 entry lacks', () => {
    expect(missingParts({ requested_by: [], outcome: ' ', source: null })).toEqual(['who asked', 'the outcome', 'a source']);
    expect(missingParts({ requested_by: [{ iso3: 'TUR', name: 'Türkiye' }], outcome: 'met', source: 'x' })).toEqual([]);
  });
});
