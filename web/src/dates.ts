// Calendar dates as ISO strings (YYYY-MM-DD), handled as UTC day numbers.

export const MIN_DATE = '1949-01-01';
const DAY = 86_400_000;
const RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(s: string | null | undefined): s is string {
  if (!s) return false;
  const m = RE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/**
 * A date as the address may write it (2023-04-04, or 2023-4-4 without the zeros) in the
 * form the rest of the UI uses; null when it is no date of the calendar.
 */
export function normaliseDate(s: string | null | undefined): string | null {
  if (!s) return null;
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s.trim());
  if (!m) return null;
  const iso = `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

/** Today in the user's time zone. */
export function today(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

export function toDay(s: string): number {
  const m = RE.exec(s);
  if (!m) return NaN;
  return Date.UTC(+m[1], +m[2] - 1, +m[3]) / DAY;
}

export function fromDay(n: number): string {
  return new Date(Math.round(n) * DAY).toISOString().slice(0, 10);
}

export function addDays(s: string, days: number): string {
  return fromDay(toDay(s) + days);
}

export function addYears(s: string, years: number): string {
  const m = RE.exec(s);
  if (!m) return s;
  const y = +m[1] + years;
  const d = new Date(Date.UTC(y, +m[2] - 1, +m[3]));
  if (d.getUTCMonth() !== +m[2] - 1) d.setUTCDate(0); // 29 Feb → 28 Feb
  return d.toISOString().slice(0, 10);
}

export function clampDate(s: string, min = MIN_DATE, max = today()): string {
  return s < min ? min : s > max ? max : s;
}

const long = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
const short = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

export function fmtLong(s: string | null | undefined): string {
  if (!s || !isIsoDate(s)) return s ?? '';
  return long.format(new Date(toDay(s) * DAY));
}

export function fmtShort(s: string | null | undefined): string {
  if (!s || !isIsoDate(s)) return s ?? '';
  return short.format(new Date(toDay(s) * DAY));
}
