// A month calendar as data: the weeks of a month (Monday first) as ISO days, the events
// that fall on each day, and where the keyboard moves the focused day. Months are
// "YYYY-MM"; days are ISO dates handled as UTC day numbers (dates.ts).
import { addDays, fromDay, isIsoDate, toDay } from './dates';

export interface CalendarDay {
  date: string;
  /** false for the days of the months before and after that fill the first and last week */
  inMonth: boolean;
}

const MONTH_RE = /^(\d{4})-(\d{2})$/;

/** "2026-12" when it is a month of the calendar; null otherwise */
export function parseMonth(s: string | null | undefined): string | null {
  if (!s) return null;
  const m = MONTH_RE.exec(s.trim());
  if (!m || +m[2] < 1 || +m[2] > 12 || +m[1] < 1) return null;
  return `${m[1]}-${m[2]}`;
}

/** the month of a day: "2026-12-05" → "2026-12" */
export const monthOf = (date: string) => date.slice(0, 7);

/** the first day of a month */
export const firstOf = (month: string) => `${month}-01`;

/** a month `n` months later (earlier when negative) */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const index = y * 12 + (m - 1) + n;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** the number of days of a month */
export function daysIn(month: string): number {
  return toDay(firstOf(addMonths(month, 1))) - toDay(firstOf(month));
}

/** 0 for Monday … 6 for Sunday */
export function weekday(date: string): number {
  // day 0 of the epoch (1970-01-01) was a Thursday
  return (((toDay(date) + 3) % 7) + 7) % 7;
}

/** the weeks, Monday to Sunday, that hold the days of a month */
export function monthGrid(month: string): CalendarDay[][] {
  const first = firstOf(month);
  const start = toDay(first) - weekday(first);
  const last = toDay(first) + daysIn(month) - 1;
  const end = last + (6 - weekday(fromDay(last)));
  const weeks: CalendarDay[][] = [];
  for (let d = start; d <= end; d += 7) {
    const week: CalendarDay[] = [];
    for (let i = 0; i < 7; i++) {
      const date = fromDay(d + i);
      week.push({ date, inMonth: monthOf(date) === month });
    }
    weeks.push(week);
  }
  return weeks;
}

/** the first and last day the grid of a month shows */
export function gridRange(month: string): { from: string; to: string } {
  const weeks = monthGrid(month);
  return { from: weeks[0][0].date, to: weeks[weeks.length - 1][6].date };
}

/** the events that take place on each day of `days` (from its first day to its last, both included) */
export function eventsByDay<E extends { from: string; to: string }>(events: readonly E[], days: readonly string[]): Map<string, E[]> {
  const out = new Map<string, E[]>();
  for (const day of days) out.set(day, []);
  for (const e of events) {
    const end = e.to && e.to >= e.from ? e.to : e.from;
    for (const day of days) if (day >= e.from && day <= end) out.get(day)!.push(e);
  }
  return out;
}

/** a day `n` months away, on the same day of the month or the month's last */
export function shiftMonths(date: string, n: number): string {
  const month = addMonths(monthOf(date), n);
  const day = Math.min(Number(date.slice(8, 10)), daysIn(month));
  return `${month}-${String(day).padStart(2, '0')}`;
}

/**
 * Where a key moves the focused day of a grid (as a calendar's grid does by the ARIA
 * authoring practices): arrows a day or a week, Home and End the week's first and last
 * day, Page Up and Page Down a month. null for any other key.
 */
export function moveDay(date: string, key: string): string | null {
  if (!isIsoDate(date)) return null;
  switch (key) {
    case 'ArrowLeft':
      return addDays(date, -1);
    case 'ArrowRight':
      return addDays(date, 1);
    case 'ArrowUp':
      return addDays(date, -7);
    case 'ArrowDown':
      return addDays(date, 7);
    case 'Home':
      return addDays(date, -weekday(date));
    case 'End':
      return addDays(date, 6 - weekday(date));
    case 'PageUp':
      return shiftMonths(date, -1);
    case 'PageDown':
      return shiftMonths(date, 1);
    default:
      return null;
  }
}

const monthFormat = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const dayFormat = new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/** "December 2026" */
export function monthTitle(month: string): string {
  return monthFormat.format(new Date(toDay(firstOf(month)) * 86_400_000));
}

/** "Saturday 5 December 2026" */
export function dayTitle(date: string): string {
  return isIsoDate(date) ? dayFormat.format(new Date(toDay(date) * 86_400_000)) : date;
}

export const WEEKDAYS = [
  { short: 'Mon', long: 'Monday' },
  { short: 'Tue', long: 'Tuesday' },
  { short: 'Wed', long: 'Wednesday' },
  { short: 'Thu', long: 'Thursday' },
  { short: 'Fri', long: 'Friday' },
  { short: 'Sat', long: 'Saturday' },
  { short: 'Sun', long: 'Sunday' },
] as const;
