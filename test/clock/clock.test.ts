/**
 * The one clock (src/clock.ts): today in China and the day arithmetic every caller uses. Pure, so the
 * properties are checked over many instants and dates, not only the examples.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, addMonths, chinaDate, chinaDateTime, chinaDayStart, dayNumber, daysBetween, fromDayNumber } from '../../src/clock.js';

const instant = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T23:59:59Z'), noInvalidDate: true });
const date = instant.map((d) => d.toISOString().slice(0, 10));

describe('today in China', () => {
  it('is already 1 April at 01:30 Beijing time, while UTC still says 31 March', () => {
    expect(chinaDate(new Date('2026-03-31T17:30:00Z'))).toBe('2026-04-01');
    expect(chinaDate(new Date('2026-03-31T15:59:59Z'))).toBe('2026-03-31');
    expect(chinaDate(new Date('2026-03-31T16:00:00Z'))).toBe('2026-04-01');
    expect(chinaDateTime(new Date('2026-03-31T17:30:00Z'))).toBe('2026-04-01 01:30');
  });

  it('is the UTC date eight hours later, at every instant', () => {
    fc.assert(
      fc.property(instant, (d) => {
        expect(chinaDate(d)).toBe(new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10));
      }),
    );
  });

  it('begins at 16:00 UTC the day before, and every instant of the day maps back to it', () => {
    expect(chinaDayStart('2026-04-01').toISOString()).toBe('2026-03-31T16:00:00.000Z');
    fc.assert(
      fc.property(date, fc.integer({ min: 0, max: 86_399_999 }), (d, ms) => {
        expect(chinaDate(new Date(chinaDayStart(d).getTime() + ms))).toBe(d);
      }),
    );
  });
});

describe('day arithmetic', () => {
  it('counts across months, years and leap days', () => {
    expect(addDays('2026-03-31', 1)).toBe('2026-04-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(daysBetween('2026-01-01', '2027-01-01')).toBe(365);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('2026-04-01', '2026-03-31')).toBe(-1);
  });

  it('keeps the day of the month, or the month’s last day when it has none', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(addMonths('2026-11-15', 2)).toBe('2027-01-15');
    expect(addMonths('2026-01-15', -13)).toBe('2024-12-15');
  });

  it('has no day number for a date that does not exist', () => {
    for (const d of ['2026-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-1-5', '昨天']) expect(dayNumber(d), d).toBeNaN();
    expect(dayNumber('2024-02-29')).toBe(dayNumber('2024-03-01') - 1);
  });

  it('adds and subtracts consistently for every date', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: -40_000, max: 40_000 }), (d, n) => {
        expect(fromDayNumber(dayNumber(d))).toBe(d);
        expect(daysBetween(d, addDays(d, n))).toBe(n);
      }),
    );
  });
});
