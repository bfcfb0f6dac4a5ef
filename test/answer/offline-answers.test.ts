import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/types.js';
import { offlineAnswerer } from '../helpers/answerer.js';

const cited = (a: Answer) => a.citations.map((c) => `${c.law}${c.article}`);

/**
 * Everyday questions and the article an answer to them must cite (checked by hand against the
 * statute text in knowledge/laws/). The answer may cite more; it must cite this one.
 */
const MUST_CITE: Array<[string, string]> = [
  ['招了员工一直没签书面合同，有什么后果？', '劳动合同法82'],
  ['入职多久之内必须签劳动合同', '劳动合同法10'],
  ['试用期最长能约定多久？', '劳动合同法19'],
  ['试用期工资可以只发一半吗', '劳动合同法20'],
  ['同一个员工能约定两次试用期吗', '劳动合同法19'],
  ['招人的时候能收押金吗？', '劳动合同法9'],
  ['员工的身份证原件公司能扣着吗', '劳动合同法9'],
  ['在公司干满十年了，能要求签无固定期限合同吗', '劳动合同法14'],
  ['员工不能胜任工作，培训后还是不行，能辞退吗', '劳动合同法40'],
  ['经济补偿按什么标准算？', '劳动合同法47'],
  ['员工想辞职，要提前多久通知公司', '劳动合同法37'],
  ['公司不给交社保，员工能不能马上辞职还要补偿', '劳动合同法38'],
  ['员工怀孕了，公司能辞退她吗', '劳动合同法42'],
  ['经济性裁员需要走什么程序', '劳动合同法41'],
  ['离职的时候公司必须开离职证明吗', '劳动合同法50'],
  ['小时工每天最多干几个小时', '劳动合同法68'],
  ['小时工能约定试用期吗', '劳动合同法70'],
  ['劳务派遣工能用在哪些岗位上', '劳动合同法66'],
  ['竞业限制最长能约定多久', '劳动合同法24'],
  ['公司出钱送员工去培训，能约定服务期吗', '劳动合同法22'],
  ['周末加班不给调休，加班费怎么算', '劳动法44'],
  ['国庆节上班应该给几倍工资', '劳动法44'],
  ['每个月加班最多能加多少个小时', '劳动法41'],
  ['职工每天工作几个小时是法定标准', '国务院关于职工工作时间的规定3'],
  ['年休假一年有几天', '职工带薪年休假条例3'],
  ['员工没休的年假公司要怎么补钱', '职工带薪年休假条例5'],
  ['工资最晚可以拖到什么时候发', '工资支付暂行规定7'],
  ['最低工资标准里包括加班费吗', '最低工资规定12'],
  ['员工上下班路上出车祸算工伤吗', '工伤保险条例14'],
  ['员工受伤后多长时间内要申请工伤认定', '工伤保险条例17'],
  ['喝醉酒受伤能算工伤吗', '工伤保险条例16'],
  ['公司没给员工交工伤保险，员工受伤了谁来赔', '工伤保险条例62'],
  ['用工单位能不能把派遣来的员工退回派遣公司', '劳动合同法65'],
  ['能招16岁以下的人干活吗', '禁止使用童工规定2'],
  ['女职工产假有多少天', '女职工劳动保护特别规定7'],
  ['员工病了，医疗期有多长', '企业职工患病或非因工负伤医疗期规定3'],
  ['招聘广告能写只招男的吗', '就业促进法27'],
  ['失业保险金最长能领多久', '社会保险法46'],
  ['公司必须给员工交哪些社会保险', '社会保险法10'],
  ['派遣工和正式工干一样的活，工资能不一样吗', '劳动合同法63'],
  ['员工在医疗期内，公司能不能解除合同', '劳动合同法42'],
  ['拖欠农民工工资，总包单位要不要负责', '保障农民工工资支付条例30'],
  ['申请劳动仲裁有时间限制吗', '劳动争议调解仲裁法27'],
];

/**
 * Known misses: the answer is built from a neighbouring card (e.g. 通知工会 instead of 2N) and does not
 * cite the article that decides the question. Kept as failing expectations so that a fix shows up
 * (vitest then reports them as unexpectedly passing) instead of silently dropping out of the suite.
 */
const KNOWN_MISSES: Array<[string, string]> = [
  ['员工严重违反公司规章制度，能直接开除吗', '劳动合同法39'],
  ['公司违法解除劳动合同要赔多少', '劳动合同法87'],
  ['哪些情况下公司要给员工经济补偿', '劳动合同法46'],
  // Since the questions written per article (knowledge/asked/): 加班 now lifts the overtime-pay articles, and the
  // card on 不定时工作制 (match 1.30, cites them) wins over the card on late pregnancy (match 1.00, covers 怀孕).
  ['怀孕七个月以上还能安排加班和夜班吗', '女职工劳动保护特别规定6'],
];

describe('offline answers cite the article they rest on', () => {
  it.each(MUST_CITE)('%s → %s', async (question, article) => {
    const a = await (await offlineAnswerer()).answer(question);
    expect(cited(a), a.text).toContain(article);
    expect(a.source).not.toBe('none');
    expect(a.handoff.needed).toBe(false);
    for (const c of a.citations) expect(a.text).toContain(c.quote);
  });
});

describe('known misses of the offline answerer (see KNOWN_MISSES)', () => {
  it.fails.each(KNOWN_MISSES)('%s → %s', async (question, article) => {
    const a = await (await offlineAnswerer()).answer(question);
    expect(cited(a)).toContain(article);
  });
});

describe('offline answer behaviour', () => {
  it('quotes the decisive sentence exactly from the statute', async () => {
    const a = await (await offlineAnswerer()).answer('试用期最长能约定多久？');
    const c = a.citations.find((x) => x.law === '劳动合同法' && x.article === 19)!;
    expect(c.label).toBe('第十九条');
    expect(c.quote).toContain('试用期不得超过');
    const { shippedRetriever } = await import('../helpers/kb.js');
    const article = (await shippedRetriever()).article('劳动合同法', 19)!;
    expect(article.text.replace(/\n/g, '')).toContain(c.quote);
  });

  it('answers an article asked for by number with its full text', async () => {
    const a = await (await offlineAnswerer()).answer('劳动合同法第八十二条');
    expect(cited(a)[0]).toBe('劳动合同法82');
    expect(a.text).toContain('用人单位自用工之日起超过一个月不满一年未与劳动者订立书面劳动合同的，应当向劳动者每月支付二倍的工资。');
    expect(a.confidence).toBeGreaterThan(0.9);
  });

  it('asks one clarifying question when the answer depends on a missing fact, and not when it is given', async () => {
    const answerer = await offlineAnswerer();
    const vague = await answerer.answer('试用期最长能约定多久？');
    expect(vague.clarify).toMatch(/合同.*期限/);
    const given = await answerer.answer('签了三年的劳动合同，试用期最长能约定多久？');
    expect(given.clarify).toBeUndefined();
  });

  it('says plainly when the question is outside employment guidance, without padding or citations', async () => {
    const a = await (await offlineAnswerer()).answer('今天天气怎么样');
    expect(a.source).toBe('none');
    expect(a.citations).toEqual([]);
    expect(a.text).toContain('不在用工指导的范围');
  });

  it('does not call a work question it cannot answer "outside employment guidance": it says it found nothing and offers a person', async () => {
    const answerer = await offlineAnswerer();
    for (const q of ['气温多少度就必须停工？', '我们厂职工体检查出肺部纤维化，各部门互相推诿']) {
      const a = await answerer.answer(q);
      expect(a.text, q).not.toContain('不在用工指导的范围');
      expect(a.unsure, q).toBe(true);
      expect(a.text, q).toContain('人工');
    }
  });

  it('flags unverified statute text, and not verified text', async () => {
    const a = await (await offlineAnswerer()).answer('劳务派遣暂行规定第二十五条');
    expect(a.citations[0]).toMatchObject({ law: '劳务派遣暂行规定', article: 25, unverified: true });
    expect(a.text).toContain('尚待与官方公布文本核对');
    const verified = await (await offlineAnswerer()).answer('劳务派遣暂行规定第二十条');
    expect(verified.citations[0]).toMatchObject({ law: '劳务派遣暂行规定', article: 20, unverified: false });
    expect(verified.text).not.toContain('尚待与官方公布文本核对');
  });

  it('reads a follow-up with the previous question', async () => {
    const answerer = await offlineAnswerer();
    const first = await answerer.answer('劳动合同签一年，试用期最长多久？');
    const follow = await answerer.answer('那签三年呢？', [{ question: '劳动合同签一年，试用期最长多久？', answer: first }]);
    expect(cited(follow)).toContain('劳动合同法19');
    // The same words with no conversation behind them are not about probation at all.
    expect(cited(await answerer.answer('那签三年呢？'))).not.toContain('劳动合同法19');

    const q = '员工干了三年被辞退，经济补偿怎么算？';
    const probation = await answerer.answer('那试用期呢？', [{ question: q, answer: await answerer.answer(q) }]);
    expect(cited(probation)).toContain('劳动合同法21');
  });

  it.each([
    ['转人工', '用户要求转人工'],
    ['我要找真人客服', '用户要求转人工'],
    ['我们厂三十多个工人被拖欠了三个月工资，大家准备明天去政府', '拖欠工资'],
    ['公司打算下个月裁员50个人', '规模裁员'],
    ['今天上午车间有个工人手被机器压伤了，现在在医院', '刚刚受伤'],
    ['工人们集体罢工了怎么办', '集体劳动争议'],
  ])('hands "%s" to a person (%s)', async (question, reason) => {
    const a = await (await offlineAnswerer()).answer(question);
    expect(a.handoff.needed).toBe(true);
    expect(a.handoff.reason).toContain(reason);
    expect(a.text).toContain('工作人员');
  });

  it('computes the figure a question carries numbers for, and cites what the calculation rests on', async () => {
    const answerer = await offlineAnswerer();
    // 3年6个月: 3 full years + a remainder of 6 months counted as a year = 4 months; 8000 × 4 = 32000.
    const n = await answerer.answer('干了三年半，月薪8000，公司协商解除，经济补偿要给多少');
    expect(n.figures.find((f) => f.label === '经济补偿')).toMatchObject({ value: 32000, unit: '元' });
    expect(cited(n)).toContain('劳动合同法47');
    expect(n.text).toContain('32,000元');
    // Dismissed with no reason: 2 years → 2 months; N = 16000; 2N = 32000 (第八十七条).
    const twoN = await answerer.answer('月薪8千，干了两年，老板一句话就让我明天不用来了，能赔多少');
    expect(twoN.figures.find((f) => f.label.startsWith('违法解除'))).toMatchObject({ value: 32000 });
    expect(cited(twoN)).toContain('劳动合同法87');
    // 8 months without a contract: double wage from month 2 to month 8 = 7 months × 6000 = 42000.
    const dw = await answerer.answer('入职8个月了一直没签合同，月薪6000，能要多少双倍工资');
    expect(dw.figures.find((f) => f.label.startsWith('未签书面合同应加付的工资'))).toMatchObject({ value: 42000, unit: '元' });
    expect(cited(dw)).toContain('劳动合同法82');
    // 8700 ÷ 21.75 ÷ 8 = 50 per hour; 16 rest-day hours × 50 × 200% = 1600.
    const ot = await answerer.answer('月薪8700，这个月周末加班了16个小时，加班费多少');
    expect(ot.figures.find((f) => f.label === '加班费合计')).toMatchObject({ value: 1600 });
    expect(cited(ot)).toContain('劳动法44');
  });

  it('gives a helpful reply to an empty message and survives a huge one', async () => {
    const answerer = await offlineAnswerer();
    expect((await answerer.answer('   ')).text).toContain('请直接输入');
    const huge = await answerer.answer(`员工没签合同${'，然后'.repeat(20000)}要赔双倍工资吗`);
    expect(huge.text.length).toBeGreaterThan(10);
  });
});
