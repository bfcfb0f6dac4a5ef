/**
 * The one clock for calendar dates. The bureau and its users are in China, so "today", "this month", a
 * reminder's day, a report's period and a figure pro-rated "至今" are dates in China's time zone
 * (Asia/Shanghai: UTC+8 all year, no daylight saving since 1991), whatever zone the server runs in. Between
 * 00:00 and 08:00 Beijing time the UTC date is still yesterday: never take a date from `toISOString()`.
 *
 * Dates are ISO strings, 'YYYY-MM-DD'. The arithmetic counts whole days on the Gregorian calendar through a
 * day number (days since 1970-01-01), so no time of day or zone can shift a date. Instants (when something
 * happened, when a lock expires) stay `Date`s; turning one into a date in China happens here.
 */

/** For SQL (`asked_at AT TIME ZONE …`) and Intl, where a zone name is needed. */
export const CHINA_TIME_ZONE = 'Asia/Shanghai';

const CHINA_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days in month `m` (1–12) of year `y`. */
export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** 'YYYY-MM-DD' from its parts, zero-padded. */
export function isoDate(y: number, m: number, d: number): string {
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Days since 1970-01-01; NaN when `date` is not a real 'YYYY-MM-DD' date (2026-02-30). */
export function dayNumber(date: string): number {
  const p = ISO_DATE.exec(date);
  if (!p) return NaN;
  const [y, m, d] = [Number(p[1]), Number(p[2]), Number(p[3])];
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return NaN;
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

export function fromDayNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** The date in China at the instant `at` (default now): 2026-03-31T17:30:00Z is 2026-04-01. */
export function chinaDate(at: Date = new Date()): string {
  return fromDayNumber(Math.floor((at.getTime() + CHINA_OFFSET_MS) / DAY_MS));
}

/** The instant `date` begins in China (00:00 Beijing time, 16:00 UTC the day before). */
export function chinaDayStart(date: string): Date {
  return new Date(dayNumber(date) * DAY_MS - CHINA_OFFSET_MS);
}

/** Beijing wall time of an instant, 'YYYY-MM-DD HH:mm', for people to read. */
export function chinaDateTime(at: Date): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

export function addDays(date: string, n: number): string {
  return fromDayNumber(dayNumber(date) + n);
}

/** `to` − `from` in days (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/** Same day n months later (or earlier); the month's last day when it has no such day (01-31 + 1 month = 02-28). */
export function addMonths(date: string, n: number): string {
  const total = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1 + n;
  const y = Math.floor(total / 12);
  const m = total - y * 12 + 1;
  return isoDate(y, m, Math.min(Number(date.slice(8, 10)), daysInMonth(y, m)));
}
