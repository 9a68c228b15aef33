// What a view says when the date it is asked about is not an ordinary one: a date in the
// address that does not exist, a date before an organisation or a state existed or after
// it ended, a date in the future. Each function returns the sentence, or null when there
// is nothing to say.
import { addDays, fmtLong, fmtShort, normaliseDate } from './dates';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** at most `n` characters of text from the address, for quoting it back */
function quoted(s: string, n = 40): string {
  const t = s.trim();
  return t.length > n ? `${t.slice(0, n - 1)}…` : t;
}

/**
 * The notice for a `date=` in the address that is no date of the calendar, naming the date
 * shown instead (`today`): "The address asks for 30 February 2023, which does not exist;
 * showing today, 5 Dec 2026." Null when `asked` is absent or a date.
 */
export function badDateNotice(asked: string | null | undefined, today: string): string | null {
  if (asked == null || asked.trim() === '' || normaliseDate(asked) !== null) return null;
  const shown = `showing today, ${fmtShort(today)}.`;
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(asked.trim());
  if (m) {
    const [year, month, day] = [+m[1], +m[2], +m[3]];
    if (month < 1 || month > 12) return `The address asks for ${asked.trim()}, which is not a date (there is no month ${month}); ${shown}`;
    if (day >= 1 && day <= 31) return `The address asks for ${day} ${MONTHS[month - 1]} ${year}, which does not exist; ${shown}`;
    return `The address asks for ${asked.trim()}, which is not a date (no month has a day ${day}); ${shown}`;
  }
  return `The address asks for the date “${quoted(asked)}”, which is not a date (dates are written year-month-day, such as 2023-04-04); ${shown}`;
}

const NEEDS_THE = /^(?:soviet union|german democratic republic|federal republic|united |netherlands|holy see|philippines|bahamas|gambia|maldives|marshall islands|solomon islands|comoros|seychelles|central african republic|czech republic|dominican republic|democratic republic|republic of|federated states|russian federation|sudan$|niger$)/i;

/** a name as the subject of a sentence, with "The" where English wants it */
export function subjectName(name: string, kind: 'organisation' | 'nation'): string {
  if (/^the /i.test(name)) return name.charAt(0).toUpperCase() + name.slice(1);
  // organisations' names are all common nouns ("the European Union", "the African Union")
  if (kind === 'organisation' || NEEDS_THE.test(name)) return `The ${name}`;
  return name;
}

/** the last day of a half-open period [from, to): the day before `to` */
export function lastDay(to: string): string {
  return addDays(to, -1);
}

export interface OrganisationSpan {
  name: string;
  founded: string | null;
  dissolved: string | null;
}

/**
 * The notice for a date outside an organisation's life: "The Western European Union was
 * dissolved on 30 June 2011; on 5 December 2026 it no longer exists …". `dissolved` is the
 * first day it no longer existed (half-open periods).
 */
export function organisationNotice(org: OrganisationSpan, date: string, today: string): string | null {
  const who = subjectName(org.name, 'organisation');
  if (org.founded && date < org.founded) {
    return `${who} was founded on ${fmtLong(org.founded)}: on ${fmtLong(date)} it did not exist yet, so no nation had a relation to it.`;
  }
  if (org.dissolved && date >= org.dissolved) {
    const tense = date >= today ? 'no longer exists' : 'no longer existed';
    return `${who} was dissolved on ${fmtLong(lastDay(org.dissolved))}: on ${fmtLong(date)} it ${tense}, so the map shows who had been its members and partners.`;
  }
  return null;
}

export interface NationSpan {
  name: string;
  from: string | null;
  to: string | null;
}

/** the notice for a date outside a state's existence ("Ukraine did not exist as a state on 1 January 1980 …") */
export function nationNotice(nation: NationSpan, date: string): string | null {
  const who = subjectName(nation.name, 'nation');
  if (nation.from && date < nation.from) {
    return `${who} did not exist as a state on ${fmtLong(date)}: it dates from ${fmtLong(nation.from)}, so it had no relation to any organisation then.`;
  }
  if (nation.to && date >= nation.to) {
    return `${who} no longer existed as a state on ${fmtLong(date)}: its last day as a state was ${fmtLong(lastDay(nation.to))}.`;
  }
  return null;
}

/** the notice for a date after today: what is shown assumes nothing changes that is not yet recorded */
export function futureNotice(date: string, today: string): string | null {
  if (date <= today) return null;
  return `${fmtLong(date)} is in the future: this answer assumes that nothing changes after today (${fmtLong(today)}) beyond what is already recorded.`;
}

/**
 * The notice for a filter date in the address (`from=`, `to=`) that is no date of the
 * calendar: the filter is left out, and said to be. Null when `asked` is absent or a date.
 */
export function filterDateNotice(what: string, asked: string | null | undefined): string | null {
  if (asked == null || asked.trim() === '' || normaliseDate(asked) !== null) return null;
  return `The address asks for “${quoted(asked)}” as the ${what} date, which is not a date (dates are written year-month-day, such as 2023-04-04); the list is shown without that filter.`;
}
