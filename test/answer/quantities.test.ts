/**
 * The Chinese quantity parser: each case states, by hand, what the words mean (八千五 = 8000 + 5 × 100 = 8500;
 * 三年半 = 3 × 12 + 6 = 42个月 …) and checks value, role and the text span it was read from.
 */
import { describe, expect, it } from 'vitest';
import {
  parseChineseAmount,
  parseQuantities,
  type DateQuantity,
  type DurationQuantity,
  type HoursQuantity,
  type MoneyQuantity,
  type Quantity,
} from '../../src/answer/quantities.js';

const only = <K extends Quantity['kind']>(text: string, kind: K) =>
  parseQuantities(text).filter((q): q is Extract<Quantity, { kind: K }> => q.kind === kind);
const money = (t: string): MoneyQuantity[] => only(t, 'money');
const durations = (t: string): DurationQuantity[] => only(t, 'duration');
const dates = (t: string): DateQuantity[] => only(t, 'date');
const hours = (t: string): HoursQuantity[] => only(t, 'hours');

describe('parseChineseAmount', () => {
  it.each([
    ['8000', 8000],
    ['8,000', 8000],
    ['8千', 8000], // 8 × 1000
    ['8k', 8000],
    ['1.2万', 12000], // 1.2 × 10000
    ['八千', 8000],
    ['八千五', 8500], // 8000 + 5 × 100 (spoken: the digit after 千 is hundreds)
    ['一万二', 12000], // 10000 + 2 × 1000
    ['1万5', 15000], // 10000 + 5 × 1000
    ['两万五千', 25000],
    ['一千零五', 1005], // 零 keeps the 5 as units
    ['十五', 15],
    ['四十二', 42],
    ['一百五', 150], // 100 + 5 × 10
  ])('%s → %d', (s, n) => {
    expect(parseChineseAmount(s)).toBe(n);
  });

  it('rejects what is not a number', () => {
    expect(parseChineseAmount('千')).toBeUndefined();
    expect(parseChineseAmount('万一')).toBeUndefined();
    expect(parseChineseAmount('一二')).toBeUndefined();
  });
});

describe('money', () => {
  it('8000元 with no context: an amount of unknown role', () => {
    const [m] = money('8000元');
    expect(m).toMatchObject({ yuan: 8000, role: 'unknown', span: { start: 0, end: 5, text: '8000元' } });
  });

  it('月薪8000 and 工资八千五 are monthly wages', () => {
    expect(money('月薪8000，干了3年')[0]).toMatchObject({ yuan: 8000, role: 'monthly-wage', span: { text: '8000', start: 2 } });
    expect(money('工资八千五')[0]).toMatchObject({ yuan: 8500, role: 'monthly-wage', span: { text: '八千五' } });
  });

  it('八千块, 8千, 8k, 1.2万 are amounts', () => {
    expect(money('八千块')[0]).toMatchObject({ yuan: 8000, span: { text: '八千块' } });
    expect(money('底薪8千')[0]).toMatchObject({ yuan: 8000, role: 'monthly-wage' });
    expect(money('一个月8k')[0]).toMatchObject({ yuan: 8000, role: 'monthly-wage' });
    expect(money('1.2万的工资')[0]).toMatchObject({ yuan: 12000, role: 'monthly-wage' });
  });

  it('8000一个月 is a monthly wage, and 一个月 is not read as a duration', () => {
    const qs = parseQuantities('8000一个月');
    expect(qs).toHaveLength(1);
    expect(qs[0]).toMatchObject({ kind: 'money', yuan: 8000, role: 'monthly-wage', span: { text: '8000一个月' } });
  });

  it('tells the wage from other amounts in one message', () => {
    // 月薪9000 → wage; 补偿8000元 → other; 押金500元 → other
    const m = money('月薪9000，公司说补偿8000元，还扣了押金500元');
    expect(m.map((x) => [x.yuan, x.role])).toEqual([
      [9000, 'monthly-wage'],
      [8000, 'other'],
      [500, 'other'],
    ]);
  });

  it('probation wage, annual, daily and hourly pay', () => {
    expect(money('试用期工资6000')[0]!.role).toBe('probation-wage');
    expect(money('年薪20万')[0]).toMatchObject({ yuan: 200000, role: 'annual-wage' });
    expect(money('日薪300元')[0]!.role).toBe('daily-wage');
    expect(money('25元/小时')[0]).toMatchObject({ yuan: 25, role: 'hourly-wage', span: { text: '25元/小时' } });
  });

  it('full-width digits and ￥ keep their offsets', () => {
    const [m] = money('押金￥５０００');
    expect(m).toMatchObject({ yuan: 5000, span: { start: 2, end: 7, text: '￥５０００' } });
  });
});

describe('durations', () => {
  it.each([
    ['三年半', 42], // 3 × 12 + 6
    ['3年6个月', 42], // 36 + 6
    ['42个月', 42],
    ['两年零三个月', 27], // 24 + 3
    ['半年', 6],
    ['一年半', 18], // 12 + 6
    ['3.5年', 42], // 3.5 × 12
    ['3个半月', 3.5],
  ])('%s → %d个月', (t, months) => {
    const [d] = durations(t);
    expect(d).toMatchObject({ months, days: 0, span: { text: t } });
  });

  it('10天 and 15日 are days', () => {
    expect(durations('请了10天病假')[0]).toMatchObject({ months: 0, days: 10, role: 'sick-leave' });
    expect(durations('婚假15日')[0]).toMatchObject({ days: 15, span: { text: '15日' } });
  });

  it('工作了12年 and 入职3个月 are service lengths', () => {
    expect(durations('工作了12年')[0]).toMatchObject({ months: 144, role: 'service' }); // 12 × 12
    expect(durations('入职3个月就被辞退')[0]).toMatchObject({ months: 3, role: 'service' });
    expect(durations('在我这干了两年零三个月')[0]).toMatchObject({ months: 27, role: 'service' });
  });

  it('contract term and probation are told apart from service', () => {
    const d = durations('签了三年合同，试用期6个月，干了8个月');
    expect(d.map((x) => [x.months, x.role])).toEqual([
      [36, 'contract-term'],
      [6, 'probation'],
      [8, 'service'],
    ]);
  });

  it('3年多 is marked approximate; 第三年 and 2024年 are not durations', () => {
    expect(durations('干了三年多')[0]).toMatchObject({ months: 36, approx: true });
    expect(durations('第三年')).toHaveLength(0);
    expect(durations('2024年的时候')).toHaveLength(0);
    expect(parseQuantities('公司两百多人')).toHaveLength(0);
  });
});

describe('dates', () => {
  it('2024年3月1日 and 2024-03-01 with roles', () => {
    const d = dates('2023年3月1日入职，2024-03-01被辞退');
    expect(d.map((x) => [x.iso, x.role])).toEqual([
      ['2023-03-01', 'start'],
      ['2024-03-01', 'end'],
    ]);
    expect(d[0]!.span).toEqual({ start: 0, end: 9, text: '2023年3月1日' });
  });

  it('a date is not read as days: 15日 inside 3月15日', () => {
    const qs = parseQuantities('2024年3月15日签的合同');
    expect(qs).toHaveLength(1);
    expect(qs[0]).toMatchObject({ kind: 'date', iso: '2024-03-15', role: 'contract-signed' });
  });

  it('an impossible date is dropped, not turned into days', () => {
    expect(parseQuantities('2024年2月30日')).toHaveLength(0);
  });
});

describe('hours', () => {
  it('加了20个小时 and kinds of day', () => {
    const h = hours('平时加了20个小时，周末加了16小时，国庆加了24个小时');
    expect(h.map((x) => [x.hours, x.dayType, x.overtime])).toEqual([
      [20, 'workday', true],
      [16, 'rest-day', true],
      [24, 'holiday', true],
    ]);
    expect(h[0]!.span.text).toBe('20个小时');
  });
});
