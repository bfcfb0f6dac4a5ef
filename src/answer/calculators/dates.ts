/**
 * The calculators' dates: what the user gave is checked (an impossible date is a CalculatorInputError in
 * Chinese) and written in Chinese; the day arithmetic itself is the clock's (src/clock.ts).
 */
import * as clock from '../../clock.js';
import { CalculatorInputError, type DatePeriod, type Duration } from './types.js';

export interface YMD {
  y: number;
  m: number;
  d: number;
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
  if (mo < 1 || mo > 12 || d < 1 || d > clock.daysInMonth(y, mo)) throw new CalculatorInputError(`日期不存在：${iso}`);
  return { y, m: mo, d };
}

export function formatDate({ y, m, d }: YMD): string {
  return clock.isoDate(y, m, d);
}

/** The date checked and zero-padded (2024-3-1 → 2024-03-01), as the clock takes it. */
const checked = (iso: string) => formatDate(parseDate(iso));

/** 2024-03-01 → 2024年3月1日 */
export function chineseDate(iso: string): string {
  const { y, m, d } = parseDate(iso);
  return `${y}年${m}月${d}日`;
}

export function addDays(iso: string, n: number): string {
  return clock.addDays(checked(iso), n);
}

/** Same day n months later; a day the target month lacks becomes its last day (1月31日 + 1个月 = 2月28/29日). */
export function addMonths(iso: string, n: number): string {
  return clock.addMonths(checked(iso), n);
}

/** b − a in days (positive when b is later). */
export function diffDays(a: string, b: string): number {
  return clock.daysBetween(checked(a), checked(b));
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
