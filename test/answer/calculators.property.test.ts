/**
 * Properties of the arithmetic that must hold for every input, not only the examples: the severance cap
 * and its 12-year limit, the half-year rounding, pro-rating at the edges of the year, the 11-month limit of
 * the double wage.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { annualLeave, doubleWage, overtimePay, roundServiceYears, severancePay } from '../../src/answer/calculators/index.js';
import { addDays, daysInYear } from '../../src/answer/calculators/dates.js';

const wage = fc.integer({ min: 1000, max: 200_000 });
const months = fc.integer({ min: 0, max: 480 });

describe('severance (劳动合同法第四十七条)', () => {
  it('rounds service: a full year is a month, six months or more a month, less half a month', () => {
    fc.assert(
      fc.property(months, (m) => {
        const years = Math.floor(m / 12);
        const rest = m % 12;
        expect(roundServiceYears({ months: m }).compensationMonths).toBe(years + (rest >= 6 ? 1 : rest > 0 ? 0.5 : 0));
      }),
    );
  });

  it('above three times the average pays three times the average for at most twelve years; below it, the wage', () => {
    fc.assert(
      fc.property(wage, months, fc.integer({ min: 2000, max: 20_000 }), (w, m, avg) => {
        const r = severancePay({ service: { months: m }, monthlyWage: w, averageWage: { year: 2025, city: '洛阳市', monthly: avg, source: 'test' } });
        const n = roundServiceYears({ months: m }).compensationMonths;
        const expected = w > 3 * avg ? 3 * avg * Math.min(n, 12) : w * n;
        expect(r.amount).toBeCloseTo(expected, 2);
        expect(r.capped).toBe(w > 3 * avg);
      }),
    );
  });

  it('never pays less for longer service', () => {
    fc.assert(
      fc.property(wage, months, months, (w, a, b) => {
        const [short, long] = a <= b ? [a, b] : [b, a];
        expect(severancePay({ service: { months: short }, monthlyWage: w }).amount).toBeLessThanOrEqual(severancePay({ service: { months: long }, monthlyWage: w }).amount);
      }),
    );
  });
});

describe('annual leave pro-rating (实施办法第五条)', () => {
  it('joining on 1 January gives the full year, on 31 December nothing, and never more than the full year', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2020, max: 2030 }), fc.integer({ min: 12, max: 400 }), fc.integer({ min: 0, max: 365 }), (year, m, offset) => {
        const full = m < 120 ? 5 : m < 240 ? 10 : 15;
        const day = Math.min(offset, daysInYear(year) - 1);
        const joined = addDays(`${year}-01-01`, day);
        const r = annualLeave({ cumulativeService: { months: m }, year, joined });
        const remaining = daysInYear(year) - day;
        expect(r.days).toBe(Math.min(full, Math.floor((remaining * full) / 365 + 1e-9)));
        expect(r.days).toBeLessThanOrEqual(full);
        if (day === 0) expect(r.days).toBe(full);
        if (joined.endsWith('12-31')) expect(r.days).toBe(0);
      }),
    );
  });
});

describe('double wage (劳动合同法第八十二条, 实施条例第七条)', () => {
  it('pays at most eleven extra months, and nothing within the first month', () => {
    fc.assert(
      fc.property(wage, fc.integer({ min: 0, max: 60 }), (w, m) => {
        const r = doubleWage({ monthlyWage: w, worked: { months: m } });
        expect(r.months).toBeLessThanOrEqual(11);
        expect(r.months).toBe(Math.max(0, Math.min(m, 12) - 1));
        expect(r.amount).toBeCloseTo(w * r.months, 2);
      }),
    );
  });
});

describe('overtime (劳动法第四十四条)', () => {
  it('is 150%, 200% and 300% of wage ÷ 21.75 ÷ 8 per hour, and adds up', () => {
    fc.assert(
      fc.property(wage, fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 50 }), (w, a, b, c) => {
        fc.pre(a + b + c > 0);
        const hourly = w / 21.75 / 8;
        const r = overtimePay({ monthlyWage: w, workdayHours: a, restDayHours: b, holidayHours: c });
        expect(r.amount).toBeCloseTo(hourly * (1.5 * a + 2 * b + 3 * c), 1);
      }),
    );
  });
});
