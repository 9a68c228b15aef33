// What the data does not say, said plainly: operations whose participants are not
// recorded, eligibility routes no sourced rule decides, register entries with parts missing.
import type { Consultation, Eligibility, Operation } from './api';

/** whether the participants of an operation are recorded (an empty list means: not known) */
export const participantsKnown = (op: Pick<Operation, 'participants'>): boolean => op.participants.length > 0;

/** what the API says a participant filter could not judge (`not_judged` of GET /api/v1/operations?nation=) */
export interface NotJudged {
  /** operations without recorded participants among those the other filters match */
  count: number;
  /** the operations the other filters match */
  of: number;
  operations: string[];
}

/**
 * The sentence for what a participant filter could not judge: the operations whose
 * participants are not recorded, which the filter leaves out because whether the nation
 * took part is not known. Null when every operation could be judged.
 */
export function notJudged(answer: NotJudged | undefined, nationName: string): { missing: number; total: number; text: string } | null {
  if (!answer || !answer.count) return null;
  const { count: missing, of: total } = answer;
  const ofTotal = `${missing} of ${total} operation${total === 1 ? '' : 's'}`;
  const verb = missing === 1 ? 'has' : 'have';
  const are = missing === 1 ? 'is' : 'are';
  return {
    missing,
    total,
    text: `${ofTotal} ${verb} no recorded participants and ${are} not judged: whether ${nationName} took part in ${missing === 1 ? 'it' : 'them'} is not known.`,
  };
}

type Route = Eligibility['routes'][number];

/**
 * A route that says "no" only because no sourced rule is recorded for it (no source, no
 * conditions): the data is silent, which is not the same as a rule that excludes.
 */
export const isUnrecordedRoute = (r: Route): boolean => r.eligible === 'no' && !r.source && !r.conditions;

/** an answer whose "no" rests on routes none of which has a recorded rule (a partner, not an outsider) */
export const isUnrecordedNo = (e: Pick<Eligibility, 'eligible' | 'routes'>): boolean =>
  e.eligible === 'no' && e.routes.length > 0 && e.routes.every(isUnrecordedRoute);

/** the parts of an Article 4 request the register does not record */
export function missingParts(c: Pick<Consultation, 'requested_by' | 'outcome' | 'source'>): string[] {
  const out: string[] = [];
  if (!c.requested_by.length) out.push('who asked');
  if (!c.outcome?.trim()) out.push('the outcome');
  if (!c.source?.trim()) out.push('a source');
  return out;
}
