/** Calendar arithmetic on ISO dates (YYYY-MM-DD), in UTC so that time zones never shift a day. */
import { CalculatorInputError, type DatePeriod, type Duration } from './types.js';

const DAY_MS = 86_400_000;

export interface YMD {
  y: number;
  m: number;
  d: number;
}

export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Parse YYYY-MM-DD (also YYYY-M-D); throws CalculatorInputError on an impossible date. */
export function parseDate(iso: string): YMD {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(iso.trim());
  if (!m) throw new CalculatorInputError(`日期格式应为 YYYY-MM-DD：${iso}`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) throw new CalculatorInputError(`日期不存在：${iso}`);
  return { y, m: mo, d };
}

export function formatDate({ y, m, d }: YMD): string {
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** 2024-03-01 → 2024年3月1日 */
export function chineseDate(iso: string): string {
  const { y, m, d } = parseDate(iso);
  return `${y}年${m}月${d}日`;
}

const toMs = ({ y, m, d }: YMD) => Date.UTC(y, m - 1, d);
const fromMs = (ms: number): YMD => {
  const t = new Date(ms);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
};

export function addDays(iso: string, n: number): string {
  return formatDate(fromMs(toMs(parseDate(iso)) + n * DAY_MS));
}

/** Same day n months later; a day the target month lacks becomes its last day (1月31日 + 1个月 = 2月28/29日). */
export function addMonths(iso: string, n: number): string {
  const { y, m, d } = parseDate(iso);
  const total = y * 12 + (m - 1) + n;
  const ty = Math.floor(total / 12);
  const tm = (total % 12) + 1;
  return formatDate({ y: ty, m: tm, d: Math.min(d, daysInMonth(ty, tm)) });
}

/** b − a in days (positive when b is later). */
export function diffDays(a: string, b: string): number {
  return Math.round((toMs(parseDate(b)) - toMs(parseDate(a))) / DAY_MS);
}

export function compareDates(a: string, b: string): number {
  return diffDays(b, a);
}

/**
 * Whole months from `start` up to `endExclusive`, then the days left over. Month anniversaries are always
 * counted from `start` itself (so 1月31日 → 2月29日 → 3月31日, without drifting).
 */
export function monthsAndDays(start: string, endExclusive: string): { months: number; days: number } {
  if (compareDates(endExclusive, start) < 0) return { months: 0, days: 0 };
  const a = parseDate(start);
  const b = parseDate(endExclusive);
  let months = (b.y - a.y) * 12 + (b.m - a.m) + 1;
  while (months > 0 && compareDates(addMonths(start, months), endExclusive) > 0) months--;
  return { months, days: diffDays(addMonths(start, months), endExclusive) };
}

/** Length of a service period with its last day included: 2021-03-01 … 2024-08-31 = 42 months 0 days. */
export function periodLength(p: DatePeriod): Duration & { days: number } {
  if (compareDates(p.end, p.start) < 0) throw new CalculatorInputError(`结束日期 ${p.end} 早于开始日期 ${p.start}`);
  return monthsAndDays(p.start, addDays(p.end, 1));
}

/** 1月1日 = 1. */
export function dayOfYear(iso: string): number {
  const { y } = parseDate(iso);
  return diffDays(`${y}-01-01`, iso) + 1;
}

export function daysInYear(y: number): number {
  return isLeapYear(y) ? 366 : 365;
}
