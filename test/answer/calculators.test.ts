/**
 * Worked examples for the legal calculators. Every expected value was computed by hand first; the comment
 * above each check shows the arithmetic. Amounts are checked to the fen (toBeCloseTo(x, 2)) or exactly.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLawFile } from '../../src/kb/law-parser.js';
import {
  HENAN_LEAVE_POLICY_ID,
  annualLeave,
  averageWageFor,
  doubleWage,
  loadAverageWages,
  loadPolicy,
  maternityLeave,
  medicalPeriod,
  noticePay,
  overtimePay,
  parseAverageWages,
  probationCheck,
  severancePay,
  unusedLeavePay,
  wrongfulTerminationDamages,
  type AverageWage,
  type CalcResult,
  type Policy,
} from '../../src/answer/calculators/index.js';

const KNOWLEDGE = path.resolve('knowledge');

/** A made-up figure for tests only (never written into knowledge/): 洛阳市 2024 average 7000元/月. */
const AVG: AverageWage = { year: 2024, city: '洛阳市', monthly: 7000, source: '测试用数字' };
const AVG_MISSING: AverageWage = { year: 2024, city: '洛阳市', monthly: null, source: null };

const fig = (r: CalcResult, label: string) => {
  const f = r.figures.find((x) => x.label.includes(label));
  if (!f) throw new Error(`no figure "${label}" in ${r.figures.map((x) => x.label).join(', ')}`);
  return f;
};
const hasCite = (r: CalcResult, law: string, article: number) => r.citations.some((c) => c.law === law && c.article === article);

const all: CalcResult[] = [];
const keep = <T extends CalcResult>(r: T): T => {
  all.push(r);
  return r;
};

describe('经济补偿 (劳动合同法第四十七条)', () => {
  it('3年6个月: the six-month remainder counts as a full year', () => {
    // 3年6个月 → 满3年计3个月 + 剩余6个月（六个月以上不满一年按一年）计1个月 = 4个月; 8000 × 4 = 32000元
    const r = keep(severancePay({ service: { months: 42 }, monthlyWage: 8000 }));
    expect(r.months).toBe(4);
    expect(r.amount).toBe(32000);
    expect(r.primary.value).toBe(32000);
    expect(fig(r, '折算月数').basis).toContain('六个月以上不满一年');
    expect(hasCite(r, '劳动合同法', 47)).toBe(true);
  });

  it('3年5个月: a remainder under six months is half a month', () => {
    // 3年5个月 → 3 + 0.5 = 3.5个月; 8000 × 3.5 = 28000元
    const r = keep(severancePay({ service: { months: 41 }, monthlyWage: 8000 }));
    expect(r.months).toBe(3.5);
    expect(r.amount).toBe(28000);
  });

  it('4个月 in all: half a month', () => {
    // 不满六个月 → 0.5个月; 8000 × 0.5 = 4000元
    const r = keep(severancePay({ service: { months: 4 }, monthlyWage: 8000 }));
    expect(r.amount).toBe(4000);
  });

  it('exactly 2 years: no remainder, nothing added', () => {
    // 24个月 → 2个月; 8000 × 2 = 16000元
    expect(keep(severancePay({ service: { months: 24 }, monthlyWage: 8000 })).amount).toBe(16000);
  });

  it('from dates: 2021-03-01 … 2024-08-31 is 3 years 6 months', () => {
    // 2021-03-01 to 2024-08-31 inclusive = 3年6个月 → 4个月; 6000 × 4 = 24000元
    const r = keep(severancePay({ service: { start: '2021-03-01', end: '2024-08-31' }, monthlyWage: 6000, averageWage: AVG }));
    expect(r.months).toBe(4);
    expect(r.amount).toBe(24000);
  });

  it('from dates: 5 months 29 days over the full years is still under six months', () => {
    // 2022-01-10 … 2024-07-08: to 2024-06-10 = 2年5个月, then 06-10 … 07-08 = 29天 → 2年5个月29天
    // remainder 5个月29天 < 6个月 → 2 + 0.5 = 2.5个月; 10000 × 2.5 = 25000元
    const r = keep(severancePay({ service: { start: '2022-01-10', end: '2024-07-08' }, monthlyWage: 10000, averageWage: AVG }));
    expect(r.months).toBe(2.5);
    expect(r.amount).toBe(25000);
  });

  it('cap: wage above 3 × average for 15 years → 12 × 3 × average', () => {
    // 3 × 7000 = 21000; 30000 > 21000 → base 21000, 15年 → 最高12年; 12 × 21000 = 252000元
    const r = keep(severancePay({ service: { months: 180 }, monthlyWage: 30000, averageWage: AVG }));
    expect(r.capped).toBe(true);
    expect(r.monthlyBase).toBe(21000);
    expect(r.months).toBe(12);
    expect(r.amount).toBe(252000);
    expect(fig(r, '封顶后的计算月数').value).toBe(12);
  });

  it('cap: 12年3个月 rounds to 12.5 but is cut to 12 for a high earner', () => {
    // 12年3个月 → 12 + 0.5 = 12.5个月 → 封顶12个月; base 3 × 7000 = 21000; 12 × 21000 = 252000元
    const r = keep(severancePay({ service: { months: 147 }, monthlyWage: 25000, averageWage: AVG }));
    expect(r.amount).toBe(252000);
  });

  it('cap: high wage, short service only changes the base', () => {
    // 5年 → 5个月; base 21000; 5 × 21000 = 105000元
    const r = keep(severancePay({ service: { months: 60 }, monthlyWage: 30000, averageWage: AVG }));
    expect(r.amount).toBe(105000);
  });

  it('no cap when the wage is not above 3 × average: 15 years count in full', () => {
    // 20000 ≤ 21000 → 不封顶; 15 × 20000 = 300000元
    const r = keep(severancePay({ service: { months: 180 }, monthlyWage: 20000, averageWage: AVG }));
    expect(r.capped).toBe(false);
    expect(r.amount).toBe(300000);
  });

  it('average wage not entered: computes without the cap and says so', () => {
    // 15 × 30000 = 450000元 (uncapped); note: the office has not entered 洛阳市2024年度 figure
    const r = keep(severancePay({ service: { months: 180 }, monthlyWage: 30000, averageWage: AVG_MISSING }));
    expect(r.amount).toBe(450000);
    expect(r.capped).toBe(false);
    expect(r.notes.join('')).toMatch(/未能核对封顶.*尚未录入洛阳市2024年度/);
  });

  it('wage floored at the minimum wage; no cap note when 3 × minimum wage is not exceeded', () => {
    // 12个月平均 (1700 × 6 + 1900 × 6) ÷ 12 = 1800 < 最低工资2100 → 按2100; 2年 → 2 × 2100 = 4200元
    const wages = [...Array(6).fill(1700), ...Array(6).fill(1900)] as number[];
    const r = keep(severancePay({ service: { months: 24 }, monthlyWages: wages, minimumWage: 2100, averageWage: AVG_MISSING }));
    expect(fig(r, '前12个月平均工资').value).toBe(1800);
    expect(r.amount).toBe(4200);
    expect(r.notes.join('')).not.toContain('未能核对封顶');
    expect(hasCite(r, '劳动合同法实施条例', 27)).toBe(true);
  });

  it('worked under 12 months: average of the months actually worked', () => {
    // (6000 + 6000 + 7000 + 7000 + 8000) ÷ 5 = 6800; 5个月 → 0.5个月; 6800 × 0.5 = 3400元
    const r = keep(severancePay({ service: { months: 5 }, monthlyWages: [6000, 6000, 7000, 7000, 8000] }));
    expect(r.amount).toBe(3400);
  });

  it('service from before 2008 points to 第九十七条', () => {
    // 2005-07-01 … 2024-06-30 = 19年 → 19个月; 5000 × 19 = 95000元 (to be checked against 第九十七条)
    const r = keep(severancePay({ service: { start: '2005-07-01', end: '2024-06-30' }, monthlyWage: 5000, minimumWage: 2100 }));
    expect(r.amount).toBe(95000);
    expect(hasCite(r, '劳动合同法', 97)).toBe(true);
  });

  it('the shipped average-wage file loads; every figure is still empty', () => {
    const table = loadAverageWages(KNOWLEDGE);
    expect(table.length).toBeGreaterThan(0);
    // a termination in 2025 uses the 2024 figure (上年度)
    const w = averageWageFor(table, '2025-06-30');
    expect(w.year).toBe(2024);
    expect(w.monthly).toBeNull();
    expect(() => parseAverageWages('- { year: 2024, city: 洛阳市, monthly: 7000, source: null }')).toThrow(/source/);
  });
});

describe('违法解除赔偿金 (第八十七条)', () => {
  it('2 × the 第四十七条 standard', () => {
    // N = 8000 × 4 = 32000; 2N = 64000元
    const r = keep(wrongfulTerminationDamages({ service: { months: 42 }, monthlyWage: 8000 }));
    expect(r.standard).toBe(32000);
    expect(r.amount).toBe(64000);
    expect(r.primary.value).toBe(64000);
    expect(hasCite(r, '劳动合同法', 87)).toBe(true);
  });

  it('keeps the 3 × average / 12-year cap', () => {
    // N = 12 × 21000 = 252000; 2N = 504000元
    const r = keep(wrongfulTerminationDamages({ service: { months: 180 }, monthlyWage: 30000, averageWage: AVG }));
    expect(r.amount).toBe(504000);
  });

  it('counts years from the first day of employment, even before 2008 (实施条例第二十五条)', () => {
    // 2006-01-01 … 2023-12-31 = 18年 → 18个月; N = 4000 × 18 = 72000; 2N = 144000元
    const r = keep(wrongfulTerminationDamages({ service: { start: '2006-01-01', end: '2023-12-31' }, monthlyWage: 4000, minimumWage: 2100 }));
    expect(r.amount).toBe(144000);
    expect(hasCite(r, '劳动合同法', 97)).toBe(false);
    expect(hasCite(r, '劳动合同法实施条例', 25)).toBe(true);
  });
});

describe('代通知金 (第四十条, 实施条例第二十条)', () => {
  it("one month at the previous month's wage", () => {
    // 上一个月工资 7500元 → 7500元
    const r = keep(noticePay({ lastMonthWage: 7500 }));
    expect(r.amount).toBe(7500);
    expect(hasCite(r, '劳动合同法实施条例', 20)).toBe(true);
  });
});

describe('未签书面合同的二倍工资 (第八十二条, 实施条例第六、七条)', () => {
  it('signed three months late: two months of extra wage', () => {
    // 2024-03-01 用工 → 满一个月的次日 2024-04-01; 2024-06-01 补签 → 截至 05-31: 2个月; 8000 × 2 = 16000元
    const r = keep(doubleWage({ monthlyWage: 8000, start: '2024-03-01', signed: '2024-06-01' }));
    expect(r.months).toBe(2);
    expect(r.amount).toBe(16000);
  });

  it('never signed: capped at 11 months, then an open-ended contract is deemed', () => {
    // 2024-04-01 … 2025-02-28 (满一年的前一日) = 11个月; 8000 × 11 = 88000元
    const r = keep(doubleWage({ monthlyWage: 8000, start: '2024-03-01', asOf: '2025-08-31' }));
    expect(r.months).toBe(11);
    expect(r.amount).toBe(88000);
    expect(r.deemedOpenEnded).toBe(true);
    expect(hasCite(r, '劳动合同法实施条例', 7)).toBe(true);
  });

  it('signed within the first month: nothing owed', () => {
    // 2024-03-20 补签 < 2024-04-01 → 0元
    const r = keep(doubleWage({ monthlyWage: 8000, start: '2024-03-01', signed: '2024-03-20' }));
    expect(r.amount).toBe(0);
  });

  it('a part month is pro-rated by calendar days', () => {
    // 2024-04-01 … 2024-06-15: 2个月 + 6月1日至15日15天; 6月有30天 → 15 ÷ 30 = 0.5
    // 8000 × 2.5 = 20000元
    const r = keep(doubleWage({ monthlyWage: 8000, start: '2024-03-01', signed: '2024-06-16' }));
    expect(r.months).toBeCloseTo(2.5, 6);
    expect(r.amount).toBe(20000);
  });

  it('from a length only: 8个月 worked → 7 months', () => {
    // 8个月 − 第一个月 = 7个月; 6000 × 7 = 42000元
    expect(keep(doubleWage({ monthlyWage: 6000, worked: { months: 8 } })).amount).toBe(42000);
  });

  it('from a length only: 18个月 worked → still 11 months', () => {
    // 最多11个月; 6000 × 11 = 66000元
    const r = keep(doubleWage({ monthlyWage: 6000, worked: { months: 18 } }));
    expect(r.months).toBe(11);
    expect(r.amount).toBe(66000);
  });
});

describe('试用期 (第十九条, 第八十三条)', () => {
  const max = (term: Parameters<typeof probationCheck>[0]['term']) => probationCheck({ term }).maxMonths;

  it('each contract-term boundary', () => {
    // 不满三个月 → 0; 三个月以上不满一年 → 1; 一年以上不满三年 → 2; 三年以上 / 无固定期限 → 6; 以完成一定工作任务 → 0
    expect(max({ kind: 'fixed', months: 2, days: 29 })).toBe(0);
    expect(max({ kind: 'fixed', months: 3 })).toBe(1);
    expect(max({ kind: 'fixed', months: 11, days: 30 })).toBe(1);
    expect(max({ kind: 'fixed', months: 12 })).toBe(2);
    expect(max({ kind: 'fixed', months: 35 })).toBe(2);
    expect(max({ kind: 'fixed', months: 36 })).toBe(6);
    expect(max({ kind: 'open-ended' })).toBe(6);
    expect(max({ kind: 'task' })).toBe(0);
  });

  it('1-year contract with 3 months probation served: 1 month unlawful, paid at the post-probation wage', () => {
    // 一年合同上限2个月; 约定并履行3个月 → 超出1个月; 6000 × 1 = 6000元
    const r = keep(probationCheck({ term: { kind: 'fixed', months: 12 }, probation: { months: 3 }, monthlyWage: 6000 }));
    expect(r.lawful).toBe(false);
    expect(r.excessMonths).toBe(1);
    expect(r.damages).toBe(6000);
    expect(hasCite(r, '劳动合同法', 83)).toBe(true);
  });

  it('only the excess already performed is paid', () => {
    // 上限2个月; 已履行2个月15天 = 2.5个月 → 超出0.5个月; 6000 × 0.5 = 3000元
    const r = keep(
      probationCheck({ term: { kind: 'fixed', months: 12 }, probation: { months: 3 }, performed: { months: 2, days: 15 }, monthlyWage: 6000 }),
    );
    expect(r.damages).toBe(3000);
  });

  it('3-year contract with 6 months is lawful; a probation wage under 80% is flagged', () => {
    // 三年合同上限6个月 → 合法; 试用期工资4500 < 6000 × 80% = 4800 → 提示违反第二十条
    const r = keep(probationCheck({ term: { kind: 'fixed', months: 36 }, probation: { months: 6 }, monthlyWage: 6000, probationWage: 4500 }));
    expect(r.lawful).toBe(true);
    expect(r.damages).toBe(0);
    expect(r.notes.join('')).toContain('4800');
    expect(hasCite(r, '劳动合同法', 20)).toBe(true);
  });
});

describe('年休假天数 (条例第三条, 实施办法第五条、第十二条)', () => {
  const full = (months: number) => annualLeave({ cumulativeService: { months }, year: 2024 }).fullYearDays;

  it('tiers at each boundary', () => {
    // <1年 0; 已满1年不满10年 5; 已满10年不满20年 10; 已满20年 15
    expect(full(11)).toBe(0);
    expect(full(12)).toBe(5);
    expect(full(119)).toBe(5);
    expect(full(120)).toBe(10);
    expect(full(239)).toBe(10);
    expect(full(240)).toBe(15);
  });

  it('joined 2024-07-01 with 5 years of work: 2 days', () => {
    // 2024-07-01 … 12-31 = 31+31+30+31+30+31 = 184天; 184 ÷ 365 × 5 = 2.52 → 不足1整天不享受 → 2天
    const r = keep(annualLeave({ cumulativeService: { months: 60 }, year: 2024, joined: '2024-07-01' }));
    expect(r.days).toBe(2);
    expect(hasCite(r, '企业职工带薪年休假实施办法', 5)).toBe(true);
  });

  it('joined 2023-10-01 with 12 years of work: 2 days', () => {
    // 10-01 … 12-31 = 31+30+31 = 92天; 92 ÷ 365 × 10 = 2.52 → 2天
    expect(keep(annualLeave({ cumulativeService: { months: 144 }, year: 2023, joined: '2023-10-01' })).days).toBe(2);
  });

  it('joined on 1 January of a leap year: never more than the full days', () => {
    // 366 ÷ 365 × 15 = 15.04 → 15天 (不超过全年天数)
    expect(keep(annualLeave({ cumulativeService: { months: 300 }, year: 2024, joined: '2024-01-01' })).days).toBe(15);
  });

  it('leaving 2024-06-30 after 2 days taken: 2 untaken days', () => {
    // 1-01 … 6-30 = 31+29+31+30+31+30 = 182天; 182 ÷ 365 × 10 − 2 = 4.986 − 2 = 2.986 → 2天
    const r = keep(annualLeave({ cumulativeService: { months: 130 }, year: 2024, left: '2024-06-30', taken: 2 }));
    expect(r.days).toBe(2);
    expect(hasCite(r, '企业职工带薪年休假实施办法', 12)).toBe(true);
  });

  it('leaving after taking more than the pro-rated days: nothing owed, nothing clawed back', () => {
    // 1-01 … 3-31 (2023) = 90天; 90 ÷ 365 × 5 = 1.23 − 5 < 0 → 0天
    expect(keep(annualLeave({ cumulativeService: { months: 60 }, year: 2023, left: '2023-03-31', taken: 5 })).days).toBe(0);
  });
});

describe('未休年休假工资 (实施办法第十条、第十一条)', () => {
  it('5 untaken days at 8000元: extra 200% on top of the normal wage', () => {
    // 日工资 8000 ÷ 21.75 = 367.8161; 另付 200%: 8000 × 2 × 5 ÷ 21.75 = 80000 ÷ 21.75 = 3678.16元
    // 含正常工资 300%: 120000 ÷ 21.75 = 5517.24元
    const r = keep(unusedLeavePay({ monthlyWage: 8000, untakenDays: 5 }));
    expect(r.dailyWage).toBeCloseTo(367.8161, 4);
    expect(r.extra).toBeCloseTo(3678.16, 2);
    expect(r.total).toBeCloseTo(5517.24, 2);
    expect(r.primary.value).toBeCloseTo(3678.16, 2);
  });

  it('declined in writing by the worker: only the normal wage', () => {
    // 第十条第二款 → 另付 0元
    expect(keep(unusedLeavePay({ monthlyWage: 8000, untakenDays: 5, workerDeclinedInWriting: true })).extra).toBe(0);
  });
});

describe('加班费 (劳动法第四十四条, 21.75天折算)', () => {
  it('10 hours beyond the working day at 8000元', () => {
    // 小时工资 8000 ÷ 21.75 ÷ 8 = 8000 ÷ 174 = 45.977; × 150% × 10 = 120000 ÷ 174 = 689.66元
    const r = keep(overtimePay({ monthlyWage: 8000, workdayHours: 10 }));
    expect(r.hourlyWage).toBeCloseTo(45.977, 3);
    expect(r.amount).toBeCloseTo(689.66, 2);
  });

  it('rest day and holiday at 6000元', () => {
    // 小时工资 6000 ÷ 174 = 34.4828
    // 休息日 16小时 × 200%: 192000 ÷ 174 = 1103.45元; 法定节假日 8小时 × 300%: 144000 ÷ 174 = 827.59元
    // 合计 1103.45 + 827.59 = 1931.04元
    const r = keep(overtimePay({ monthlyWage: 6000, restDayHours: 16, holidayHours: 8 }));
    expect(fig(r, '休息日').value).toBeCloseTo(1103.45, 2);
    expect(fig(r, '法定休假日').value).toBeCloseTo(827.59, 2);
    expect(r.amount).toBeCloseTo(1931.04, 2);
  });

  it('rest-day work with comp time off is not paid at 200%; over 36 hours is flagged', () => {
    // 补休 → 休息日部分 0; 工作日 40小时: 6000 ÷ 174 × 1.5 × 40 = 360000 ÷ 174 = 2068.97元; 40 > 36 → 第四十一条提示
    const r = keep(overtimePay({ monthlyWage: 6000, workdayHours: 40, restDayHours: 8, restDayCompensated: true }));
    expect(r.amount).toBeCloseTo(2068.97, 2);
    expect(hasCite(r, '劳动法', 41)).toBe(true);
  });
});

describe('医疗期 (医疗期规定第三条、第四条)', () => {
  const mp = (totalYears: number, hereYears: number) =>
    keep(medicalPeriod({ totalService: { months: totalYears * 12 }, serviceHere: { months: hereYears * 12 } }));

  it('table boundaries', () => {
    // 实际工作十年以下: 本单位五年以下 3个月（按6个月内累计）, 五年以上 6个月
    expect(mp(8, 3).months).toBe(3);
    expect(mp(8, 3).windowMonths).toBe(6);
    expect(mp(8, 4.99).months).toBe(3);
    expect(mp(8, 5).months).toBe(6);
    // 实际工作十年以上: 本单位五年以下 6; 五至十年 9（15个月内）; 十至十五年 12（18）; 十五至二十年 18（24）; 二十年以上 24（30）
    expect(mp(10, 4).months).toBe(6);
    expect(mp(12, 5).months).toBe(9);
    expect(mp(12, 5).windowMonths).toBe(15);
    expect(mp(20, 9.99).months).toBe(9);
    expect(mp(20, 10).months).toBe(12);
    expect(mp(20, 10).windowMonths).toBe(18);
    expect(mp(25, 15).months).toBe(18);
    expect(mp(25, 15).windowMonths).toBe(24);
    expect(mp(30, 20).months).toBe(24);
    expect(mp(30, 20).windowMonths).toBe(30);
  });

  it('at an exact boundary says how it was classified', () => {
    expect(mp(12, 5).notes.join('')).toContain('较高一档');
  });
});

describe('产假 (女职工劳动保护特别规定第七条 + 河南地方规定)', () => {
  const henan: Policy = {
    id: HENAN_LEAVE_POLICY_ID,
    title: '河南省人口与计划生育条例规定的生育相关假期（2021年修正）',
    doc_number: null,
    issuer: '河南省人民代表大会常务委员会',
    region: '河南省',
    topic: '生育假期',
    effective: '2021-11-27',
    expires: null,
    verified: false,
    source: '测试',
    figures: [{ label: '河南增加产假', value: 3, unit: '个月' }],
  };

  it('national: 98 days; difficult birth of twins 128 days; triplets 128 days', () => {
    // 98; 98 + 15（难产）+ 15 × (2 − 1)（双胞胎）= 128; 98 + 15 × (3 − 1) = 128
    expect(keep(maternityLeave({ event: 'birth' })).nationalDays).toBe(98);
    expect(keep(maternityLeave({ event: 'birth', dystocia: true, babies: 2 })).nationalDays).toBe(128);
    expect(keep(maternityLeave({ event: 'birth', babies: 3 })).nationalDays).toBe(128);
  });

  it('miscarriage: under 4 months 15 days, from 4 months 42 days', () => {
    expect(keep(maternityLeave({ event: 'miscarriage', pregnancyMonths: 3.9 })).nationalDays).toBe(15);
    expect(keep(maternityLeave({ event: 'miscarriage', pregnancyMonths: 4, localPolicy: henan })).nationalDays).toBe(42);
  });

  it('Henan adds 3 months, shown as unverified local policy; from 2024-03-01 the leave runs to 2024-09-06', () => {
    // 98天: 3月31 + 4月30 + 5月31 = 92, +6 → 休至 2024-06-06; 再加3个月 → 休至 2024-09-06
    // 共 31 + 30 + 31 + 30 + 31 + 31 + 6 = 190天
    const r = keep(maternityLeave({ event: 'birth', start: '2024-03-01', localPolicy: henan }));
    expect(r.localAddition).toEqual({ value: 3, unit: '个月' });
    expect(r.end).toBe('2024-09-06');
    expect(r.totalDays).toBe(190);
    expect(r.primary.value).toBe(190);
    expect(r.policies).toHaveLength(1);
    expect(r.policies[0]!.verified).toBe(false);
    expect(fig(r, '河南省增加产假').basis).toContain('地方政策');
  });

  it('an expired local policy is not applied', () => {
    const r = keep(maternityLeave({ event: 'birth', start: '2024-03-01', localPolicy: { ...henan, expires: '2023-12-31' } }));
    expect(r.localAddition).toBeUndefined();
    expect(r.totalDays).toBe(98);
    expect(r.policies).toHaveLength(0);
  });

  it('the shipped Henan policy file loads with its 3-month addition', () => {
    const p = loadPolicy(KNOWLEDGE, HENAN_LEAVE_POLICY_ID);
    const r = keep(maternityLeave({ event: 'birth', localPolicy: p, date: '2025-01-01' }));
    expect(r.nationalDays).toBe(98);
    expect(r.primary.value).toBe(98);
    expect(r.localAddition).toEqual({ value: 3, unit: '个月' });
    expect(r.policies[0]!.id).toBe(HENAN_LEAVE_POLICY_ID);
  });
});

describe('every result', () => {
  it('cites only articles that exist in knowledge/laws and explains each figure', () => {
    const lawDir = path.join(KNOWLEDGE, 'laws');
    const counts = new Map<string, number>();
    for (const f of readdirSync(lawDir).filter((x) => x.endsWith('.md'))) {
      const doc = parseLawFile(readFileSync(path.join(lawDir, f), 'utf8'), `laws/${f}`);
      counts.set(doc.meta.law, doc.articles.length);
    }
    expect(all.length).toBeGreaterThan(30);
    for (const r of all) {
      expect(r.figures).toContain(r.primary);
      for (const c of r.citations) {
        const n = counts.get(c.law);
        expect(n, `${c.law} is not in knowledge/laws`).toBeDefined();
        expect(c.article, `${c.law} 第${c.article}条`).toBeLessThanOrEqual(n!);
      }
      for (const f of r.figures) expect(Number.isFinite(f.value)).toBe(true);
    }
  });
});
