// The Decide page's form as query keys of the URL, and the decision request it makes.
//
// Organisation and date are the route's own keys (org, date); the rest of the form is
// written in words a reader can edit by hand:
//   procedure=silence  subject=…  default=support
//   object=BEL.DEU.FRA  abstain=…  support=…  silent=…  absent=…   (one key per position)
//   deadline=2003-02-10  breaks=BEL_2003-02-09.DEU_2003-02-09   (silence procedure)
//   formal=HUN.POL   (declared abstentions, unanimity)   reinforced=1   (qualified majority)
//   procedural=1  parties=ETH.SDN   (AU Peace and Security Council)
// Lists are nation codes joined by '.', pairs joined by '_': characters a URL keeps as they are.
// Decoding never throws: what it cannot use is left out and said in `notes`.
import type { DecisionRequest, Position, Procedure } from './api';
import { isIsoDate } from './dates';
import { VOCABULARY } from './vocabulary';

export interface DecideForm {
  procedure: Procedure;
  subject: string;
  /** the position of every voter not set in `positions` */
  dflt: Position;
  positions: Record<string, Position>;
  /** members declaring their abstention formally (constructive abstention, unanimity) */
  formal: string[];
  /** the end of the silence period (YYYY-MM-DD), '' when not set */
  deadline: string;
  /** the day each member broke silence */
  breaks: Record<string, string>;
  reinforced: boolean;
  procedural: boolean;
  /** members party to the conflict (AU Peace and Security Council) */
  parties: string[];
}

export const POSITION_WORDS: readonly Position[] = VOCABULARY.position;
const PROCEDURE_WORDS: readonly Procedure[] = VOCABULARY.procedure;

/** every query key the form uses (besides the route's org and date) */
export const DECIDE_KEYS: readonly string[] = [
  'procedure',
  'subject',
  'default',
  ...POSITION_WORDS,
  'deadline',
  'breaks',
  'formal',
  'reinforced',
  'procedural',
  'parties',
];

/** the longest subject kept (the input takes no more) */
export const SUBJECT_MAX = 300;
/** a list longer than this many characters is not read (about 500 nation codes) */
const LIST_MAX_CHARS = 2000;
/** the most nations a list may name: more than there are states */
const LIST_MAX_ITEMS = 300;

/** the procedures each organisation's council uses, the usual one first (the server has the last word and says why otherwise) */
export function proceduresOf(org: string): Procedure[] {
  if (org === 'NATO') return ['consensus', 'silence'];
  if (org === 'EU') return ['unanimity', 'qualified-majority', 'consensus'];
  if (org === 'AU') return ['psc', 'consensus'];
  return ['consensus'];
}

/** the council whose seats vote under a procedure, when they are not the members (AU PSC) */
export function councilOf(org: string, procedure: Procedure): string | null {
  return org === 'AU' && procedure === 'psc' ? 'AUPSC' : null;
}

export function blankForm(org: string): DecideForm {
  return {
    procedure: proceduresOf(org)[0],
    subject: '',
    dflt: 'silent',
    positions: {},
    formal: [],
    deadline: '',
    breaks: {},
    reinforced: false,
    procedural: false,
    parties: [],
  };
}

/** NATO's silence procedure on defensive planning for Türkiye, broken by France, Germany and Belgium */
export const EXAMPLE_2003: { org: string; date: string; form: DecideForm } = {
  org: 'NATO',
  date: '2003-02-06',
  form: {
    procedure: 'silence',
    subject: 'Defensive planning for Türkiye ahead of the Iraq war (silence procedure)',
    dflt: 'silent',
    positions: { BEL: 'object', DEU: 'object', FRA: 'object' },
    formal: [],
    deadline: '2003-02-10',
    breaks: { BEL: '2003-02-09', DEU: '2003-02-09', FRA: '2003-02-09' },
    reinforced: false,
    procedural: false,
    parties: [],
  },
};

const isNationCode = (s: string) => /^[A-Z]{3}$/.test(s);
const sortedCodes = (codes: Iterable<string>) => [...new Set(codes)].sort();

/** the query keys of a form: every key of DECIDE_KEYS, null where the form has nothing to say */
export function encodeDecide(form: DecideForm): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  out.procedure = form.procedure;
  out.subject = form.subject || null;
  out.default = form.dflt === 'silent' ? null : form.dflt;
  for (const p of POSITION_WORDS) {
    const codes = Object.entries(form.positions)
      .filter(([, v]) => v === p)
      .map(([k]) => k);
    out[p] = codes.length ? sortedCodes(codes).join('.') : null;
  }
  out.deadline = form.deadline || null;
  const breaks = Object.entries(form.breaks)
    .filter(([, d]) => d)
    .sort(([a], [b]) => a.localeCompare(b));
  out.breaks = breaks.length ? breaks.map(([k, d]) => `${k}_${d}`).join('.') : null;
  out.formal = form.formal.length ? sortedCodes(form.formal).join('.') : null;
  out.reinforced = form.reinforced ? '1' : null;
  out.procedural = form.procedural ? '1' : null;
  out.parties = form.parties.length ? sortedCodes(form.parties).join('.') : null;
  return out;
}

/** a value of the URL as a note shows it: quoted, and cut when long */
function shown(s: string): string {
  const flat = s.replace(/\s+/g, ' ');
  return `“${flat.length > 24 ? `${flat.slice(0, 24)}…` : flat}”`;
}

function listOf(items: string[], max = 5): string {
  const head = items.slice(0, max).map(shown).join(', ');
  return items.length > max ? `${head} and ${items.length - max} more` : head;
}

export interface DecodedDecide {
  form: DecideForm;
  /** what the URL held that the form could not take, in plain words */
  notes: string[];
  /** whether the URL holds any key of the form */
  present: boolean;
}

/**
 * The form a URL's query keys describe, for the council of `org`. Whatever cannot be
 * used (an unknown word, a code that is no nation code, a date that does not exist, a
 * list or text too long) is left out and said in `notes`; nothing throws.
 */
export function decodeDecide(q: Record<string, string | undefined>, org: string): DecodedDecide {
  const form = blankForm(org);
  const notes: string[] = [];
  const present = DECIDE_KEYS.some((k) => typeof q[k] === 'string' && q[k] !== '');
  const text = (k: string): string => (typeof q[k] === 'string' ? q[k]! : '');

  /** the items of a list key: nation codes (or `code_date` pairs), the bad ones noted */
  const items = (k: string, what: string, valid: (item: string) => boolean): string[] => {
    const raw = text(k).trim();
    if (!raw) return [];
    if (raw.length > LIST_MAX_CHARS) {
      notes.push(`The ${what} in the link are too long to be read (${raw.length} characters); they are left out.`);
      return [];
    }
    const parts = raw.split('.').map((s) => s.trim()).filter(Boolean);
    const good: string[] = [];
    const bad: string[] = [];
    for (const p of parts) (valid(p.toUpperCase()) ? good : bad).push(p.toUpperCase());
    if (bad.length) notes.push(`Left out of the ${what}: ${listOf(bad)} ${bad.length === 1 ? 'is not' : 'are not'} ${k === 'breaks' ? 'a nation code with a date (FRA_2003-02-09)' : 'a nation code (three letters, e.g. FRA)'}.`);
    if (good.length > LIST_MAX_ITEMS) {
      notes.push(`The ${what} name ${good.length} nations; only the first ${LIST_MAX_ITEMS} are read.`);
      return good.slice(0, LIST_MAX_ITEMS);
    }
    return good;
  };

  const usual = proceduresOf(org);
  const procedure = text('procedure');
  if (procedure) {
    if (!(PROCEDURE_WORDS as readonly string[]).includes(procedure)) {
      notes.push(`The procedure ${shown(procedure)} is not one Entente knows; the usual procedure of ${org} is used.`);
    } else if (!usual.includes(procedure as Procedure)) {
      notes.push(`${org}'s council does not decide by the procedure ${shown(procedure)}; its usual procedure is used.`);
    } else form.procedure = procedure as Procedure;
  }

  const subject = text('subject');
  if (subject.length > SUBJECT_MAX) {
    notes.push(`The subject in the link is ${subject.length} characters long; only the first ${SUBJECT_MAX} are kept.`);
    form.subject = subject.slice(0, SUBJECT_MAX);
  } else form.subject = subject;

  const dflt = text('default');
  if (dflt) {
    if ((POSITION_WORDS as readonly string[]).includes(dflt)) form.dflt = dflt as Position;
    else notes.push(`The default position ${shown(dflt)} is not a position (support, object, abstain, silent, absent); “silent” is used.`);
  }

  const twice: string[] = [];
  for (const p of POSITION_WORDS) {
    for (const code of items(p, `members set to “${p}”`, isNationCode)) {
      if (form.positions[code] && form.positions[code] !== p) twice.push(code);
      else form.positions[code] = p;
    }
  }
  if (twice.length) notes.push(`${listOf(sortedCodes(twice))} ${twice.length === 1 ? 'is' : 'are'} given two positions in the link; the first is kept.`);

  const deadline = text('deadline');
  if (deadline) {
    if (isIsoDate(deadline)) form.deadline = deadline;
    else notes.push(`The silence deadline ${shown(deadline)} is not a date (YYYY-MM-DD); it is left out.`);
  }

  const badDates: string[] = [];
  for (const pair of items('breaks', 'days silence was broken', (s) => /^[A-Z]{3}_\d{4}-\d{2}-\d{2}$/.test(s))) {
    const [code, day] = pair.split('_');
    if (isIsoDate(day)) form.breaks[code] = day;
    else badDates.push(`${code} on ${day}`);
  }
  if (badDates.length) notes.push(`Left out of the days silence was broken: ${listOf(badDates)} (no such day).`);

  form.formal = sortedCodes(items('formal', 'declared abstentions', isNationCode));
  form.parties = sortedCodes(items('parties', 'parties to the conflict', isNationCode));

  for (const k of ['reinforced', 'procedural'] as const) {
    const v = text(k);
    if (v === '1') form[k] = true;
    else if (v && v !== '0') notes.push(`The switch ${shown(`${k}=${v}`)} is not understood (${k}=1 turns it on); it is left off.`);
  }
  return { form, notes, present };
}

/** the position a voter takes: its own, or the form's default */
export const positionOf = (form: DecideForm, iso3: string): Position => form.positions[iso3] ?? form.dflt;

/**
 * The form with one voter's position set ('' for the default). A voter that no longer
 * objects has no day of breaking silence; one that no longer abstains declares no abstention.
 */
export function withPosition(form: DecideForm, iso3: string, p: Position | ''): DecideForm {
  const positions = { ...form.positions };
  if (p) positions[iso3] = p;
  else delete positions[iso3];
  const next = { ...form, positions };
  const now = positionOf(next, iso3);
  if (now !== 'object' && iso3 in form.breaks) {
    next.breaks = { ...form.breaks };
    delete next.breaks[iso3];
  }
  if (now !== 'abstain' && form.formal.includes(iso3)) next.formal = form.formal.filter((x) => x !== iso3);
  return next;
}

/** the form with one voter's day of breaking silence set ('' to clear it): breaking silence is an objection */
export function withBreak(form: DecideForm, iso3: string, day: string): DecideForm {
  const breaks = { ...form.breaks };
  if (day) {
    breaks[iso3] = day;
    return { ...form, breaks, positions: { ...form.positions, [iso3]: 'object' } };
  }
  delete breaks[iso3];
  return { ...form, breaks };
}

/** the form with a voter added to or taken from a list (declared abstentions, parties) */
export function withListed(form: DecideForm, key: 'formal' | 'parties', iso3: string, on: boolean): DecideForm {
  const list = on ? sortedCodes([...form[key], iso3]) : form[key].filter((x) => x !== iso3);
  const next = { ...form, [key]: list };
  return key === 'formal' && on ? { ...next, positions: { ...next.positions, [iso3]: 'abstain' as Position } } : next;
}

/** the nations the form names that are not among the voters (empty while the voters are not known) */
export function outsideVoters(form: DecideForm, voters: ReadonlySet<string> | null): string[] {
  if (!voters) return [];
  const named = [...Object.keys(form.positions), ...Object.keys(form.breaks), ...form.formal, ...form.parties];
  return sortedCodes(named.filter((k) => !voters.has(k)));
}

/**
 * The decision request of a form on a date. Only the voters' positions are sent (all of
 * them while `voters` is null), and only what the chosen procedure reads.
 */
export function buildRequest(org: string, date: string, form: DecideForm, voters: ReadonlySet<string> | null): DecisionRequest {
  const keep = (iso3: string) => !voters || voters.has(iso3);
  const positions = Object.fromEntries(Object.entries(form.positions).filter(([k]) => keep(k)));
  const req: DecisionRequest = { organisation: org, procedure: form.procedure, subject: form.subject.trim(), as_of: date, default: form.dflt };
  if (Object.keys(positions).length) req.positions = positions;
  if (form.procedure === 'unanimity') {
    const formal = form.formal.filter((k) => keep(k) && positionOf(form, k) === 'abstain');
    if (formal.length) req.formal_abstentions = formal;
  }
  if (form.procedure === 'silence') {
    if (form.deadline) req.silence_deadline = form.deadline;
    const breaks = Object.fromEntries(Object.entries(form.breaks).filter(([k, v]) => keep(k) && v && positionOf(form, k) === 'object'));
    if (Object.keys(breaks).length) req.silence_breaks = breaks;
  }
  if (form.procedure === 'qualified-majority' && form.reinforced) req.reinforced = true;
  if (form.procedure === 'psc') {
    if (form.procedural) req.procedural = true;
    const parties = form.parties.filter(keep);
    if (parties.length) req.parties_to_conflict = parties;
  }
  return req;
}

/** whether a form can be decided as it stands: a subject, and the deadline of a silence procedure */
export function isComplete(form: DecideForm): boolean {
  return form.subject.trim() !== '' && (form.procedure !== 'silence' || isIsoDate(form.deadline));
}
