/**
 * Calculations as a user meets them: each example of issue 13 gets the right figure or a clarifying
 * question, a clarifying question is answered in the next turn, and text and figures agree. Expected
 * figures are worked by hand in the comments, from the articles cited.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Answerer } from '../../src/answer/answerer.js';
import { makeCalculate } from '../../src/answer/calculation/index.js';
import { chinaDate } from '../../src/clock.js';
import { readFacts } from '../../src/answer/calculation/facts.js';
import type { Answer, Turn } from '../../src/answer/types.js';
import { shippedRetriever } from '../helpers/kb.js';

const TODAY = new Date('2026-12-03T04:00:00Z'); // 12:00 in Beijing
const calc = makeCalculate(path.resolve('knowledge'), () => TODAY);
const result = async (q: string, label?: RegExp) => {
  const c = await calc(q);
  expect(c, q).toBeDefined();
  expect(c!.ask, `${q}: asked ${c!.ask?.text}`).toBeUndefined();
  return label ? c!.results.find((r) => label.test(r.figure.label))?.figure.value : c!.results.at(-1)?.figure.value;
};

describe('the examples of issue 13', () => {
  it('rest-day overtime with no time off possible is paid at 200%, however the negation is put', async () => {
    // 8700 ÷ 21.75 ÷ 8 = 50元 an hour; 8 hours × 50 × 200% = 800元.
    expect(await result('周六安排员工加班8小时，又不能安排补休，月薪8700，加班费多少')).toBe(800);
    expect(await result('月薪8700，周六加了8个钟的班，公司说没法调休，要给多少加班费')).toBe(800);
    // Time off given: no rest-day pay is owed (劳动法第四十四条第（二）项).
    expect(await result('月薪8700，周六加班8小时，已经安排了补休，加班费多少')).toBe(0);
  });

  it('applies the stated local average wage: 3× cap and 12 years', async () => {
    // Cap 3 × 7000 = 21000; 15 years → at most 12 months; N = 21000 × 12 = 252000; 2N = 504000.
    expect(await result('员工月薪5万元，工作了15年，本市上年度职工月平均工资7000元，公司要支付的经济补偿是多少')).toBe(252000);
    expect(await result('员工月薪5万元，工作了15年，本市上年度职工月平均工资7000元，公司违法解除要赔多少')).toBe(504000);
  });

  it('asks for the average wage when a high wage may be capped, and computes after the reply', async () => {
    const c = await calc('员工月薪5万元，工作了15年，公司协商解除，经济补偿多少');
    expect(c!.ask?.slot).toBe('average');
    expect(c!.results).toEqual([]);
  });

  it('reads a date without a year as this year when the message says 今年, and pro-rates', async () => {
    // 2026-07-01 … 12-31 = 184 days; 184 ÷ 365 × 5 = 2.52 → 2 days (不足1整天的部分不享受).
    expect(await result('员工今年7月1日新入职，之前已经工作了5年，能休几天年假')).toBe(2);
    // Leaving 2026-06-30: 181 ÷ 365 × 5 = 2.48 − 1 taken = 1.48 → 1 day.
    expect(await result('员工2026年6月30日离职，今年已经休了1天年假，参加工作8年了，还能休几天')).toBe(1);
  });

  it('reads a past date without a year as this year and says so; asks when this year would put it ahead of today', async () => {
    // 2026-07-01: the extra wage runs from 2026-08-01 to today (2026-12-03): 4 months and 3 of December's 31 days.
    const c = await calc('员工7月1日入职的，没签合同，月薪5000，能要多少双倍工资');
    expect(c!.ask).toBeUndefined();
    expect(c!.results[0]!.figure.value).toBeCloseTo(5000 * 4 + (5000 * 3) / 31, 2);
    expect(c!.reading.join('；')).toContain('“7月1日”按2026年理解');
    // 12月20日 this year is still to come: a start then may be last year's, and the figure depends on it.
    expect((await calc('员工12月20日入职的，没签合同，月薪5000，能要多少双倍工资'))!.ask?.slot).toBe('year');
    // "今年1月5号入职，10月5号才签": the story runs forward (2026-10-05, not 2025).
    expect((await calc('1.05w一个月，今年1月5号入职，10月5号才签上合同，差额该补多少'))!.results[0]!.figure.value).toBe(84000);
  });

  it('reads hours in every common form', async () => {
    // 8700 ÷ 21.75 ÷ 8 = 50: 10 h × 50 × 150% = 750; 20 days × 2 h = 40 h → 3000; 3 statutory days × 8 h × 50 × 300% = 3600;
    // two weekend days × 8 h = 16 h × 50 × 200% = 1600.
    expect(await result('月薪8700，延长工作时间10个小时，加班费多少')).toBe(750);
    expect(await result('月薪8700，20个工作日每天加班2小时，加班费多少')).toBe(3000);
    expect(await result('月薪8700，国庆1号2号3号都在上班，加班费怎么算')).toBe(3600);
    // "春节期间" may be the statutory days (300%) or the shifted rest days (200%): which days, it asks.
    expect((await calc('月薪8700，春节期间上班3天，加班费怎么算'))!.ask?.slot).toBe('holiday-days');
    expect(await result('月薪8700，周末加了两天班，每天8小时，没有调休，加班费多少')).toBe(1600);
  });

  it('reaches the notice-pay, unused-leave-pay and medical-period calculators', async () => {
    expect(await result('公司依第四十条解除，额外支付一个月工资，月薪6000，这笔钱是多少')).toBe(6000);
    // 8700 ÷ 21.75 = 400元 a day; 5 days × 400 × 200% = 4000.
    expect(await result('年假还有5天没休，月薪8700，公司要另外给多少钱', /另外支付/)).toBe(4000);
    // Total 12 years, 3 here: 6 months (医疗期规定第三条第（二）项).
    expect(await result('在公司工作了3年，之前累计工作了12年，病了医疗期有多久')).toBe(6);
  });

  it('asks the ground of a dismissal, then computes from the reply', async () => {
    const c = await calc('干了3年月薪6000辞退要赔多少');
    expect(c!.ask?.slot).toBe('ground');
  });

  it("takes today's date in China's time zone", async () => {
    expect(chinaDate(new Date('2026-12-31T17:00:00Z'))).toBe('2027-01-01');
    expect(chinaDate(new Date('2026-12-31T15:59:00Z'))).toBe('2026-12-31');
    // 01:00 in Beijing on 1 January 2027 is already the new year: 今年 is 2027, 1 day … 365 days → 5 days.
    const newYear = makeCalculate(path.resolve('knowledge'), () => new Date('2026-12-31T17:00:00Z'));
    const r = await newYear('员工今年1月1日入职，参加工作6年了，今年能休几天年假');
    expect(r!.results.at(-1)!.figure.value).toBe(5);
    expect(r!.reading.join()).toContain('2027年1月1日');
  });
});

describe('reading facts', () => {
  it('reads a long run of number units without stalling (no catastrophic backtracking)', () => {
    // Before the fix, 36 characters of this took 45 s and every character doubled it.
    const f = readFacts(`干了3年1${'千'.repeat(2000)}！月薪1万5千`, '2026-12-03');
    expect(f.wage?.value).toBe(15000);
  });

  it('keeps negation apart from the thing negated', async () => {
    expect(readFacts('周六加班，不能安排补休', '2026-12-03').timeOff).toBe(false);
    expect(readFacts('周六加班，已安排补休', '2026-12-03').timeOff).toBe(true);
    expect(readFacts('不是我主动辞职，是老板无故辞退的', '2026-12-03').ground?.value).toBe('wrongful');
    expect(readFacts('员工自己主动辞职的', '2026-12-03').ground?.value).toBe('resigned');
    expect(readFacts('公司一直拖欠工资，我只能辞职', '2026-12-03').ground?.value).toBe('employer-fault');
  });

  it('ignores numbers that are not the wage and reads spoken amounts', async () => {
    const f = readFacts('我们厂有35个人，老张今年52岁，工资八千五，干了三年半', '2026-12-03');
    expect(f.wage?.value).toBe(8500);
    expect(f.service?.value).toEqual({ months: 42, days: 0 });
  });

  it('reads relative dates', async () => {
    expect(readFacts('去年3月1日入职的', '2026-12-03').start?.value).toBe('2025-03-01');
    expect(readFacts('上个月入职', '2026-12-03').start?.value).toBe('2026-11-01');
  });
});

describe('in a conversation', () => {
  const answerer = shippedRetriever().then((r) => new Answerer(r, { calculate: calc }));
  const turn = async (history: Turn[], q: string): Promise<Answer> => {
    const a = await (await answerer).answer(q, history);
    history.push({ question: q, answer: a });
    return a;
  };

  it('asks one question, and the short reply completes the figure; text and figures agree', async () => {
    const history: Turn[] = [];
    const first = await turn(history, '干了3年月薪6000辞退要赔多少');
    expect(first.figures).toEqual([]);
    expect(first.clarify).toContain('怎么结束');
    expect(first.text).not.toMatch(/为[\d,]+元/); // no result in the text either
    expect(first.text).toContain('月工资6000元'); // but what was read so far
    // 3 years → 3 months; N = 18000; wrongful → 2N = 36000.
    const second = await turn(history, '是我没啥理由直接让他走的，那要赔多少');
    expect(second.calculation?.results.map((f) => f.value)).toEqual([36000]);
    expect(second.text).toContain('36,000元');
    expect(second.text).not.toContain('18,000元为'); // the lead sentence states only the figure asked for
    expect(second.citations.map((c) => `${c.law}${c.article}`)).toContain('劳动合同法87');
  });

  it('takes a numbered choice and a bare number as replies', async () => {
    const history: Turn[] = [];
    await turn(history, '员工月薪6000，干了3年，被公司辞退了，能拿多少');
    // 2 = lawful termination by the employer: N = 6000 × 3 = 18000.
    expect((await turn(history, '2')).calculation?.results.map((f) => f.value)).toEqual([18000]);

    const capped: Turn[] = [];
    await turn(capped, '员工月薪5万元，工作了15年，公司协商解除，经济补偿多少');
    expect((await turn(capped, '7000')).calculation?.results.map((f) => f.value)).toEqual([252000]);
  });

  it('a disputed ground is asked, and the numbered reply settles it', async () => {
    const history: Turn[] = [];
    const first = await turn(history, '我没有严重违反规章制度，公司说我严重违反就把我开除了。干了4年，工资7000，能赔多少？');
    expect(first.calculation?.ask?.slot).toBe('ground');
    // 1 = dismissed without a lawful ground: 4 years → 4 months; 2N = 2 × 4 × 7000 = 56000.
    expect((await turn(history, '1')).calculation?.results.map((f) => f.value)).toEqual([56000]);
  });

  it('a new question while a calculation waits is answered as a question', async () => {
    const history: Turn[] = [];
    await turn(history, '干了3年月薪6000辞退要赔多少');
    const other = await turn(history, '试用期最长可以约定多久？');
    expect(other.calculation).toBeUndefined();
    expect(other.citations.map((c) => `${c.law}${c.article}`)).toContain('劳动合同法19');
  });
});

describe('a reading with numbers left unused is checked before its figure', () => {
  const STORY = '员工小王在我们这干了3年，月薪6000，公司协商解除。我们厂去年营业额300万，今年亏了50万，经济补偿多少？';

  it('shows what it read and the numbers it did not use, and gives no figure yet', async () => {
    const c = (await calc(STORY))!;
    expect(c.ask?.slot).toBe('confirm');
    expect(c.ask?.text).toMatch(/没有用上的数字：300万、50万/);
    expect(c.results).toEqual([]);
    expect(c.reading.join('；')).toMatch(/月工资6000元/);
  });

  it('"对" gives the figure; a correction changes it', async () => {
    const answerer = new Answerer(await shippedRetriever(), { calculate: calc });
    const reply = async (text: string) => answerer.answer(text, [{ question: STORY, answer: await answerer.answer(STORY) }]);
    // 3 years × 6000 = 18000; corrected to 7000: 21000.
    expect((await reply('对')).calculation?.results.map((f) => f.value)).toEqual([18000]);
    expect((await reply('月薪是7000')).calculation?.results.map((f) => f.value)).toEqual([21000]);
    // "不对" without what: no figure on the reading it rejects; the check is asked again.
    const no = await reply('不对');
    expect(no.calculation?.results).toEqual([]);
    expect(no.calculation?.ask?.slot).toBe('confirm');
  });
});

describe('whether something is owed is the rule\'s to answer', () => {
  it('leaves a yes-or-no question that names no amount to the guidance when a fact is missing', async () => {
    // Asked whether, not how much: a clarifying question about the ground would take the place of the rule.
    expect(await calc('员工去年12月入职，试用期三个月，干到今年2月发现他达不到录用条件，想在试用期内让他走，要给补偿吗？')).toBeUndefined();
    expect(await calc('我2024年6月入职，今年1月辞职只提前了3天，公司要我赔一个月工资作为违约金，真的要赔吗？')).toBeUndefined();
    // "N+1" with nothing to compute N from: the +1 alone would answer half of it.
    expect(await calc('裁员要赔N+1吗')).toBeUndefined();
    // Asked how much, it is a calculation and asks what it needs.
    expect((await calc('员工去年12月入职，试用期三个月，想在试用期内让他走，要给多少补偿？'))?.ask).toBeDefined();
  });
});


describe('a figure that would rest on a guess is asked for first', () => {
  const answerer = shippedRetriever().then((r) => new Answerer(r, { calculate: calc }));
  const talk = async (...messages: string[]) => {
    const history: Turn[] = [];
    let a: Answer | undefined;
    for (const m of messages) {
      a = await (await answerer).answer(m, history);
      history.push({ question: m, answer: a });
    }
    return a!;
  };

  it('two values offered for one fact ("9年还是11年"): asks which, "对" does not settle it, the number does', async () => {
    const q = '我今年年假一天都没休，公司也没安排。月薪6000。我工作年限是9年还是11年记不清了。公司该补我多少未休年假工资？';
    const first = await calc(q);
    expect(first?.ask?.slot).toBe('choose');
    expect(first?.ask?.text).toContain('9年还是11年');
    expect(first?.results).toEqual([]);
    expect((await talk(q, '对')).calculation?.results ?? []).toEqual([]);
    // …and is asked again, not answered as a new question ("不在用工指导的范围").
    expect((await talk(q, '对')).calculation?.ask?.slot).toBe('choose');
    // 11 years in all → 10 days; 6000 ÷ 21.75 × 10 × 200% = 5517.24 on top of the wage already paid.
    expect((await talk(q, '11年')).calculation?.results.map((f) => f.value)).toContain(5517.24);
  });

  it('a date said only to the month: asks the day when the figure turns on it, then computes', async () => {
    const q = '我以前在别的公司干了7年，换到现在的公司是今年10月份入职的，今年在新公司能休几天年假？';
    const first = await calc(q);
    expect(first?.ask?.slot).toBe('start-day');
    expect(first?.reading.join('；')).toContain('2026年10月（没说哪天）');
    // Joined 20 October: 73 of 365 days left × 5 days = 1.0 → 1 day.
    expect((await talk(q, '10月20号')).calculation?.results.map((f) => f.value)).toEqual([1]);
    // Any day of March 2019 gives the same severance (7 years 8–9 months → 8 months): no question.
    expect(await result('员工2019年3月入职，今年11月30日被裁员，月薪6000，经济补偿多少')).toBe(48000);
  });

  it('years of service said twice with different values: the reading is shown to be checked', async () => {
    const c = await calc('2019年一毕业就进了这家公司，一直干到现在，7年了。部门经理说工作满10年才有年假，我今年能休几天？');
    expect(c?.ask?.slot).toBe('confirm');
    expect(c?.results).toEqual([]);
  });
});

describe('reading what people write', () => {
  it('a twelve months\' total in spoken form ("加起来7万2") is 72,000, not 70,000', async () => {
    // 72000 ÷ 12 = 6000; 3 years → 3 months; N = 18000.
    expect(await result('前12个月工资加起来7万2，干了3年，公司裁员，经济补偿多少')).toBe(18000);
  });

  it('a denied refusal to sign ("不是她不签") still owes the double wage', async () => {
    // 22 Dec 2025 – 21 Nov 2026: from 22 Jan to 21 Nov, 10 whole months × 4800 = 48000.
    expect(await result('我们公司有个员工去年12月22号来的，今年11月21号离职，一直没签合同（不是她不签，是我们人事忘了）。她月薪4800。二倍工资最多要补多少？')).toBe(48000);
  });

  it('a lunch break is not overtime: without the hours worked late, they are asked', async () => {
    const c = await calc('我们合同写的9点到6点，中午休1小时，但实际天天干到晚上8点半，加班申请我都在系统里提交了，公司说没审批不算。上个月工作日有20天都这样。月薪八千七。工作日延时加班费应该多少？');
    expect(c?.ask?.slot).toBe('hours');
  });

  it('reads a question in traditional characters', async () => {
    // Dismissed without cause (无故辭退): 2N = 2 × 3 × 6500 = 39000.
    expect(await result('月薪六千五，做了三年，公司無故辭退我，不是我的錯，請問經濟補償是多少？')).toBe(39000);
  });
});

describe('reading what people write, continued', () => {
  it('the leave after a birth or a miscarriage, however it is asked', async () => {
    // 98 days (女职工劳动保护特别规定第七条), whatever numbers the story carries (6斤8两, 28号).
    expect(await result('我在洛阳一家公司上班，上个月28号顺产生了个闺女，单胎，6斤8两。公司人事说产假就98天，是这样吗？我到底能休多久？', /国家规定产假/)).toBe(98);
    // Twins and a difficult birth: 98 + 15 + 15 = 128; "产家" is how pinyin input often spells 产假.
    expect(await result('洛阳的，双胞胎，医院开了难产证明，产家一共多少？', /国家规定产假/)).toBe(128);
    // A miscarriage at four months or more: 42 days.
    expect(await result('怀上四个多月的时候没保住，流了。厂里让俺歇一个礼拜就回来，按规定俺能歇多少天？')).toBe(42);
  });

  it('notice pay is last month\'s wage ("上个月应发8100"), and a sum set aside ("经济补偿另外算，先不问") is not asked', async () => {
    expect(await result('有个员工经过培训还是不能胜任，我们不打算提前通知，准备多给一个月工资直接解除。他12个月平均是7300；但他8月起涨了工资，上个月应发8100。代通知金到底给多少？')).toBe(8100);
    const c = await calc('区域总监培训过也调过岗，还是不胜任，公司决定不提前通知直接解除，额外支付一个月工资。他月薪2万3，上个月也是2万3。这一个月的代通知金给多少？经济补偿另外算，先不问。');
    expect(c?.kinds).toEqual(['notice']);
    expect(c?.results.map((r) => r.figure.value)).toEqual([23000]);
  });
});
