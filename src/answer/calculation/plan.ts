/**
 * For each calculation asked: compute it from the facts read, or name the one fact that is missing and would
 * change the figure. A figure is never computed on a guess: an unknown ground of dismissal, a wage that may
 * be above the severance cap, a date without its year are asked for first.
 */
import {
  annualLeave, cite, doubleWage, figure, fmt, LAW, maternityLeave, medicalPeriod, medicalPeriodMonths, minimumWageCheck,
  noticePay, overtimePay, probationCheck, result, roundServiceYears, severancePay, unusedLeavePay, wrongfulTerminationDamages,
  averageWageFor, CalculatorInputError, monthlyMinimums,
  type AverageWage, type AverageWageEntry, type CalcResult, type ContractTerm, type DatePeriod, type Duration, type Policy,
} from '../calculators/index.js';
import { daysInMonth, isoDate } from '../../clock.js';
import { periodLength } from '../calculators/dates.js';
import type { DurationQuantity } from '../quantities.js';
import type { Figure } from '../types.js';
import { REASON_GIVEN, type CalcFacts, type Fact, type Ground } from './facts.js';
import { SEVERANCE_ASKED, type CalcKind } from './intent.js';
import type { Slot } from './slots.js';

export interface PlanContext {
  today: string;
  averageWages: () => AverageWageEntry[];
  henanLeave: () => Policy | null;
  minimumWage: () => Policy | null;
}

export type Step =
  /** `also`: further answers the same message asks for (shown with the result). */
  | { kind: CalcKind; result: CalcResult; also?: Figure[] }
  | { kind: CalcKind; ask: Slot }
  /** Nothing to compute, and a plain explanation why (e.g. the area class of a county is not known). */
  | { kind: CalcKind; explain: string };

/**
 * Above this monthly wage the 3× average cap may apply whatever Luoyang's published average is; below it no
 * plausible average (Henan's is well above 5,000元 a month) could make it apply.
 */
export const CAP_MAY_APPLY = 15_000;

/** Said of an ending that has happened ("解除了", "走了"), not one to come. */
const ENDED = /(解除|辞退|开除|辞|开|炒|裁)(了|掉了)|走了|离职了|不干了|辞职了/;

const NOTHING_OWED: Partial<Record<Ground, { why: string; cites: Array<[string, number]> }>> = {
  resigned: {
    why: '劳动者主动辞职、用人单位没有过错的，不在劳动合同法第四十六条应当支付经济补偿的情形之内，用人单位不需要支付经济补偿。',
    cites: [[LAW.contract, 46], [LAW.contract, 37]],
  },
  'declined-renewal': {
    why: '劳动合同期满，用人单位维持或者提高劳动合同约定条件续订、劳动者不同意续订的，用人单位不支付经济补偿（劳动合同法第四十六条第（五）项）。',
    cites: [[LAW.contract, 46], [LAW.contract, 44]],
  },
  misconduct: {
    why: '用人单位依劳动合同法第三十九条（严重违反规章制度、试用期不符合录用条件等）解除的，不需要支付经济补偿；但单位要能证明解除的事实和依据，否则可能构成违法解除。',
    cites: [[LAW.contract, 39], [LAW.contract, 46]],
  },
};

function nothingOwed(ground: Ground, label: string): CalcResult {
  const n = NOTHING_OWED[ground]!;
  return result([figure(label, 0, '元', n.why)], n.cites.map(([l, a]) => cite(l, a)), []);
}

/** Service as a period when the dates are given (with no end: up to today), else as the length said. */
function serviceOf(f: CalcFacts, today: string): Duration | DatePeriod | undefined {
  if (f.start && f.end) return { start: f.start.value, end: f.end.value };
  if (f.start) return { start: f.start.value, end: today };
  return f.service?.value;
}

/** Months of service here, as a range when the words are not exact ("3年多"). */
function monthsHere(f: CalcFacts, today: string): [number, number] | undefined {
  const s = serviceOf(f, today);
  if (!s) return f.onlyEmployer && f.totalService ? (f.totalService.range ?? [f.totalService.value.months, f.totalService.value.months]) : undefined;
  if ('start' in s) {
    const m = periodLength(s);
    return [m.months + m.days / 31, m.months + m.days / 31];
  }
  if (s === f.service?.value && f.service.range) return f.service.range;
  if (!s && f.onlyEmployer && f.totalService) return f.totalService.range ?? [f.totalService.value.months, f.totalService.value.months];
  return [s.months + (s.days ?? 0) / 31, s.months + (s.days ?? 0) / 31];
}

/** Months worked in all: stated, or earlier years plus these, or these when this is the only employer. */
function monthsInAll(f: CalcFacts, here: [number, number] | undefined): [number, number] | undefined {
  if (f.totalService) return f.totalService.range ?? [f.totalService.value.months, f.totalService.value.months];
  if (!here) return undefined;
  if (f.priorService) {
    const p = f.priorService.range ?? [f.priorService.value.months, f.priorService.value.months];
    return [p[0] + here[0], p[1] + here[1]];
  }
  if (f.onlyEmployer) return here;
  return undefined;
}

/** The same result at both ends of a range: then the range is as good as exact. */
const settled = <T>(range: [number, number], at: (months: number) => T): T | undefined => {
  const a = at(range[0]);
  return a === at(range[1]) ? a : undefined;
};

function severanceStep(kind: 'severance' | 'wrongful', f: CalcFacts, ctx: PlanContext): Step {
  const ground = f.ground?.value;
  if (f.groundDisputed) return { kind, ask: 'ground' };
  if (kind === 'severance' && ground && NOTHING_OWED[ground]) return { kind, result: nothingOwed(ground, '经济补偿') };
  // "我离职了，经济补偿有多少": whether anything is owed depends on why, so ask.
  if (kind === 'severance' && !ground && (!SEVERANCE_ASKED.test(f.text) || /离职|辞职|不干了|走了/.test(f.text))) return { kind, ask: 'ground' };
  // 2N asked for while the employer's ground (违纪, 不胜任…) is said: whether it holds is the question.
  // "要是法院认定违法解除，赔偿金是多少", "这种违法解除的赔偿金多少": the user puts the dismissal as unlawful and asks for 2N.
  const stipulated = /(认定|算|按|如果是|要是|假如|若是|这种|属于)[^，。？?]{0,8}违法(解除|辞退|开除|终止)|违法(解除|辞退|开除|终止)的?赔偿金/.test(f.text);
  if (kind === 'wrongful' && ground && ground !== 'wrongful' && !stipulated) return { kind, ask: 'ground' };
  if (kind === 'wrongful' && !ground && REASON_GIVEN.test(f.text) && !stipulated) return { kind, ask: 'ground' };
  const wage = f.ownAverageWage ?? f.wage;
  if (!f.ownAverageWage && f.wageApprox) return { kind, ask: 'wage' };
  // 实施条例第二十七条: the base is all pay (bonuses, allowances), not a 底薪 said beside other pay.
  if (!wage || (f.wageUnclear && !f.ownAverageWage) || (f.wageIsBase && !f.ownAverageWage)) return { kind, ask: 'wage' };
  // "工龄3年，被辞退": in a question about leaving, 工龄 is the years with this employer.
  const service = serviceOf(f, ctx.today) ?? (f.totalIsGongling && !f.priorService ? f.totalService?.value : undefined);
  if (!service) return { kind, ask: f.yearMissing ? 'year' : 'service' };
  if (f.yearAssumed && f.start && !f.end) return { kind, ask: 'year' };
  // "今年…把他解除了" with no day: counting to today is a guess when the months owed turn on the day.
  if (f.start && !f.end && ENDED.test(f.text) && !/(要|将|打算|准备|想|下周|下个?月|明天|月底)[^，。]{0,8}(解除|辞退|开除|走|离职)/.test(f.text)) {
    const months = (end: string) => roundServiceYears(periodLength({ start: f.start!.value, end })).compensationMonths;
    const earliest = /今年/.test(f.text) ? `${ctx.today.slice(0, 4)}-01-01` : f.start.value;
    if (months(earliest < f.start.value ? f.start.value : earliest) !== months(ctx.today)) return { kind, ask: 'last-day' };
  }
  // "3年多" may be 3.5 or 4 months' pay: ask rather than pick.
  const range = monthsHere(f, ctx.today) ?? f.totalService!.range ?? [f.totalService!.value.months, f.totalService!.value.months];
  if (settled(range, (m) => roundServiceYears({ months: Math.floor(m), days: 0 }).compensationMonths) === undefined) return { kind, ask: 'service' };
  const end = f.end?.value ?? ctx.today;
  let averageWage: AverageWage | null = averageWageFor(ctx.averageWages(), end);
  if (f.averageWage) averageWage = { year: Number(end.slice(0, 4)) - 1, city: '（您提供的）本市', monthly: f.averageWage.value, source: `您提供的数字：“${f.averageWage.from}”` };
  if (averageWage.monthly === null && wage.value >= CAP_MAY_APPLY && !f.capCleared) {
    // Above the cap, or not known, without the average itself: the rule, not a figure that may be too high.
    if (f.capExceeded || /平均工资不清楚/.test(f.text)) {
      return {
        kind,
        explain: `月工资${fmt(wage.value)}元较高，经济补偿可能要封顶：月工资高于本市上年度职工月平均工资三倍的，按平均工资的三倍计算，年限最多按12年计算（劳动合同法第四十七条第二款）。即：${kind === 'wrongful' ? '赔偿金 = 2 × ' : '经济补偿 = '}本市上年度职工月平均工资 × 3 × 工作年限折算月数（最多12个月）。本市的平均工资数字可向市人社部门或统计部门查询，告诉我后我再帮您算出金额。`,
      };
    }
    return { kind, ask: 'average' };
  }
  if (f.capCleared && !f.averageWage) averageWage = null;
  const input = { service, monthlyWage: wage.value, averageWage };
  return { kind, result: kind === 'wrongful' ? wrongfulTerminationDamages(input) : severancePay(input) };
}

const NO_NOTICE_PAY: Partial<Record<Ground, string>> = {
  misconduct: '依第三十九条（严重违纪、试用期不符合录用条件等）解除的，不需要提前通知，也不支付代通知金。',
  redundancy: '代通知金只适用于第四十条的解除；经济性裁员（第四十一条）应提前三十日向工会或者全体职工说明情况，但没有“额外一个月工资”的规定。',
  resigned: '劳动者自己辞职的，用人单位不支付代通知金。',
  expiry: '劳动合同期满终止的，不适用代通知金。',
  agreed: '协商一致解除的，不适用代通知金。',
};

function noticeStep(f: CalcFacts): Step {
  const kind = 'notice' as const;
  const ground = f.ground?.value;
  const none = (why: string): Step => ({ kind, result: result([figure('代通知金（额外支付的一个月工资）', 0, '元', why)], [cite(LAW.contract, 40)], []) });
  if (f.groundDisputed) return { kind, ask: 'ground' };
  if (ground && NO_NOTICE_PAY[ground]) return none(NO_NOTICE_PAY[ground]!);
  if (f.noticeGiven === true) return none('用人单位已经提前三十日以书面形式通知劳动者本人的，不需要再额外支付一个月工资。');
  // 代通知金 is owed only on a 第四十条 dismissal: without the ground, ask; a dismissal without a lawful ground owes 2N instead.
  if (!ground || ground === 'wrongful') return { kind, ask: 'ground' };
  if ((f.wageUnclear || f.wageApprox || f.wageIsBase) && !f.lastMonthWage) return { kind, ask: 'wage' };
  // Only the 12 months' average, and the wage changed in them ("调岗后工资降了一些"): last month's is another figure.
  if (!f.lastMonthWage && f.ownAverageWage && f.wage?.value === f.ownAverageWage.value && /降了|涨了|调薪|调整了|变了|不一样|不固定|降低|提高/.test(f.text)) return { kind, ask: 'wage' };
  const wage = f.lastMonthWage ?? f.wage;
  return wage ? { kind, result: noticePay({ lastMonthWage: wage.value }) } : { kind, ask: 'wage' };
}

function doubleStep(f: CalcFacts, ctx: PlanContext): Step {
  const kind = 'double';
  // Within the first month a written contract may still be signed (实施条例第五条): nothing owed yet.
  if (f.service && !f.service.range && f.service.value.months === 0 && (f.service.value.days ?? 0) <= 30 && !f.start) {
    return { kind, result: result([figure('二倍工资', 0, '元', `用工${f.service.from}，不满一个月：自用工之日起一个月内订立书面劳动合同即可，不产生二倍工资（劳动合同法第十条、第八十二条，实施条例第五条）`)], [cite(LAW.contract, 82), cite(LAW.contractRegs, 5)], []) };
  }
  if (f.wageUnclear || f.wageApprox || f.wageIsBase) return { kind, ask: 'wage' };
  if (f.workerRefusedToSign) {
    return {
      kind,
      result: result(
        [figure('二倍工资', 0, '元', '用人单位能证明已经诚实协商、是劳动者故意拖延或者拒绝订立书面劳动合同的，劳动者请求二倍工资不予支持；单位应当书面通知终止劳动关系（实施条例第五条、第六条）')],
        [cite(LAW.contract, 82), cite(LAW.contractRegs, 5), cite(LAW.contractRegs, 6), cite(LAW.disputesII, 7)],
        ['单位要能拿出证据（如多次书面要求签订的记录），证明是劳动者本人拖延或拒绝签订。'],
      ),
    };
  }
  if (!f.wage) return { kind, ask: 'wage' };
  const wage = f.wage.value;
  if (f.start) {
    if (f.yearAssumed && !f.signed && !f.end) return { kind, ask: 'year' };
    const at = (start: string) => doubleWage({ monthlyWage: wage, start, ...(f.signed ? { signed: f.signed.value } : { asOf: f.end?.value ?? ctx.today }) });
    // "3月份入职": the part month turns on the day; ask it when the first and the last of the month differ.
    if (f.startMonthOnly) {
      const [y, m] = f.start.value.split('-').map(Number) as [number, number];
      const lastDay = isoDate(y, m, daysInMonth(y, m));
      if (at(f.start.value).primary.value !== at(lastDay).primary.value) return { kind, ask: 'start' };
    }
    return { kind, result: at(f.start.value) };
  }
  // "两三个月": the months owed differ across the words' range.
  if (f.service?.range && f.service.range[0] !== f.service.range[1]) return { kind, ask: 'service' };
  if (f.service) return { kind, result: doubleWage({ monthlyWage: wage, worked: f.service.value }) };
  return { kind, ask: f.yearMissing ? 'year' : 'start' };
}

function probationStep(f: CalcFacts, ctx: PlanContext): Step {
  const kind = 'probation';
  if (f.rehired) {
    const none = figure('可以约定的试用期', 0, '个月', '同一用人单位与同一劳动者只能约定一次试用期，再次入职不得再约定试用期');
    // Damages asked: the second probation, as served, at the wage after it (第八十三条).
    const second = f.quantities.filter((q): q is DurationQuantity => q.kind === 'duration' && q.months > 0 && /试用/.test(f.text.slice(Math.max(0, q.span.start - 8), q.span.end + 4))).at(-1);
    const months = f.probationServed?.value.months ?? second?.months;
    if (/赔|多少钱|给多少/.test(f.text) && f.wage && months) {
      const damages = figure('违法约定试用期的赔偿金', Math.round(f.wage.value * months * 100) / 100, '元', `再次约定的试用期无效，已经履行${fmt(months)}个月：试用期满月工资${fmt(f.wage.value)}元 × ${fmt(months)}个月 = ${fmt(f.wage.value * months)}元`);
      return { kind, result: result([none, damages], [cite(LAW.contract, 19), cite(LAW.contract, 83)], [], [], damages) };
    }
    return { kind, result: result([none], [cite(LAW.contract, 19)], ['已经约定过试用期的，再次约定的试用期无效；已经履行的，可以按第八十三条主张赔偿金。']) };
  }
  const term: ContractTerm | undefined = f.taskContract
    ? { kind: 'task' }
    : f.openEnded
    ? { kind: 'open-ended' }
    : f.contractTerm
      ? { kind: 'fixed', ...f.contractTerm.value }
      : f.contractEnd && f.start
        ? { kind: 'fixed', ...periodLength({ start: f.start.value, end: f.contractEnd.value }) }
        : undefined;
  // "试用期工资最低多少", "试用期工资给1700合法吗": 第二十条 needs the agreed wage, not the term.
  const floorAsked = /试用期.{0,4}(工资|薪水|月薪)[^。？?]{0,12}(最低|至少|最少|不低于|合法|违法|多少|能给|可以给|低于|够不够|行吗|可以吗)|试用期[^。？?]{0,16}(最低|至少|最少|不低于|八折|80%|百分之八十)/.test(f.text) && !/赔|超(了|过|出)/.test(f.text);
  const wageAsked = floorAsked && f.wage && (!term || f.probationWage);
  if (wageAsked && f.wage) {
    const floor = Math.round(f.wage.value * 0.8 * 100) / 100;
    // Below the highest minimum wage, the floor depends on the area's class (第二十条: not below the local minimum).
    const mins = ctx.minimumWage() && monthlyMinimums(ctx.minimumWage()!);
    if (mins && !f.minimumClass && floor < Math.max(mins[1], mins[2], mins[3])) return { kind, ask: 'area-class' };
    const figures = [figure('试用期工资最低数额（约定工资的80%）', floor, '元', `${fmt(f.wage.value)}元 × 80% = ${fmt(floor)}元`)];
    const notes = ['试用期工资不得低于本单位相同岗位最低档工资或者劳动合同约定工资的百分之八十，并且不得低于用人单位所在地的最低工资标准（劳动合同法第二十条、实施条例第十五条）。'];
    const policy = ctx.minimumWage();
    if (policy && f.minimumClass) {
      const min = monthlyMinimums(policy)[f.minimumClass];
      figures.push(figure(`当地月最低工资标准（第${'一二三'[f.minimumClass - 1]}类地区）`, min, '元', policy.title));
      if (f.probationWage) notes.unshift(`试用期工资${fmt(f.probationWage.value)}元${f.probationWage.value < Math.max(floor, min) ? `低于法定下限（${fmt(Math.max(floor, min))}元），不合法` : '不低于法定下限'}。`);
    } else if (f.probationWage) {
      notes.unshift(`试用期工资${fmt(f.probationWage.value)}元${f.probationWage.value < floor ? '低于约定工资的80%，不合法' : '不低于约定工资的80%'}；还要看是否低于当地最低工资标准（河南省现行为2100元、2000元、1800元三类）。`);
    }
    return { kind, result: result(figures, [cite(LAW.contract, 20), cite(LAW.contractRegs, 15)], notes, [], figures[0]) };
  }
  if (!term) return { kind, ask: 'contract-term' };
  // "签两三年的合同": the limit differs across the words' range (2 months under 3 years, 6 from 3).
  if (f.contractTerm?.range && !f.taskContract && !f.openEnded) {
    const tier = (m: number) => (m < 3 ? 0 : m < 12 ? 1 : m < 36 ? 2 : 6);
    if (tier(f.contractTerm.range[0]) !== tier(f.contractTerm.range[1])) return { kind, ask: 'contract-term' };
  }
  const agreed = f.probation?.value;
  const served = f.probationServed?.value;
  // An extended probation counts as agreed for as long as it ran.
  const probation = served && (!agreed || served.months > agreed.months) ? served : agreed;
  const r = probationCheck({
    term,
    ...(probation ? { probation } : {}),
    ...(served ? { performed: served } : {}),
    ...(f.wage ? { monthlyWage: f.wage.value } : {}),
    ...(f.probationWage ? { probationWage: f.probationWage.value } : {}),
  });
  // Damages asked for, but no wage to compute them on.
  if (r.excessMonths > 0 && !f.wage && /赔|补|多少钱|给多少/.test(f.text)) return { kind, ask: 'wage' };
  // Damages asked for a probation within the limit: none are owed, and that is the answer.
  if (r.excessMonths === 0 && probation && /赔偿金|赔多少|能赔|要赔|赔钱/.test(f.text)) {
    r.figures.push(figure('违法约定试用期的赔偿金', 0, '元', '约定的试用期没有超过法定上限，不产生劳动合同法第八十三条的赔偿金'));
    r.citations.push(cite(LAW.contract, 83));
  }
  const primary = r.damages > 0 ? r.figures[r.figures.length - 1]! : r.figures[0]!;
  // "试用期最长能约几个月？还有…试用期最少给多少": both answers.
  if (floorAsked && f.wage) {
    const floor = Math.round(f.wage.value * 0.8 * 100) / 100;
    // Not below the local minimum either (第二十条): with the class known the floor is the higher of the two;
    // without it, a floor under the highest class's minimum turns on the class.
    const mins = ctx.minimumWage() && monthlyMinimums(ctx.minimumWage()!);
    if (mins && !f.minimumClass && floor < Math.max(mins[1], mins[2], mins[3])) return { kind, ask: 'area-class' };
    const min = mins && f.minimumClass ? mins[f.minimumClass] : 0;
    if (min > floor) {
      r.figures.push(figure('试用期工资最低数额（当地月最低工资标准）', min, '元', `${fmt(f.wage.value)}元 × 80% = ${fmt(floor)}元，低于当地月最低工资标准${fmt(min)}元，按${fmt(min)}元`));
      r.citations.push(cite(LAW.contract, 20));
      return { kind, result: { ...r, primary }, also: [r.figures[r.figures.length - 1]!] };
    }
    r.figures.push(figure('试用期工资最低数额（约定工资的80%）', floor, '元', `${fmt(f.wage.value)}元 × 80% = ${fmt(floor)}元；并且不得低于当地最低工资标准`));
    r.citations.push(cite(LAW.contract, 20));
    return { kind, result: { ...r, primary }, also: [r.figures[r.figures.length - 1]!] };
  }
  return { kind, result: { ...r, primary } };
}

/** Annual-leave tiers (条例第三条) by months worked in all. */
const leaveTier = (months: number) => (months < 12 ? 0 : months < 120 ? 5 : months < 240 ? 10 : 15);

function annualLeaveDays(f: CalcFacts, ctx: PlanContext): { result: CalcResult; days: number } | Slot {
  if (f.yearAssumed && (f.start || f.end)) return 'year';
  // Joined this year, day not said: the pro-rating needs it.
  if (!f.start && /新入职|刚入职|新公司|新单位|刚来|跳槽过来|今年(才)?(入职|进来|来的)/.test(f.text)) return 'start-date';
  // "今年要离职了…还能折算几天": the pro-rating needs the last day.
  if (!f.end && /(要|准备|打算|将|快要|马上|就要)(离职|辞职|走)|离职(时|的时候)/.test(f.text) && !/不(要|准备|打算)(离职|辞职)/.test(f.text)) return 'end-date';
  // "10月份离职": the pro-rating counts days, so the day matters when the two ends of the month differ.
  if (f.endMonthOnly && f.end) {
    const [y, mo] = f.end.value.split('-').map(Number) as [number, number];
    const at = (day: number) => annualLeaveDays({ ...f, endMonthOnly: false, end: { value: isoDate(y, mo, day), from: f.end!.from } }, ctx);
    const first = at(1);
    const last = at(daysInMonth(y, mo));
    if (typeof first === 'string' || typeof last === 'string' || first.days !== last.days) return 'end-date';
    return first;
  }
  const here = monthsHere(f, ctx.today);
  let all = monthsInAll(f, here);
  let assumed = false;
  // "之前也上过几年班": more in all than here, by how much not said.
  if (!all && here && f.priorUnknown) all = [here[0], here[1] + 600];
  if (!all && here) {
    // Only the years here are known: they are the least the worker has worked in all.
    all = here;
    assumed = true;
  }
  if (!all) return f.yearMissing && !f.start ? 'year' : 'total-service';
  if (settled(all, leaveTier) === undefined) return 'total-service';
  const year = Number((f.end?.value ?? ctx.today).slice(0, 4));
  const inYear = (d?: string) => d !== undefined && Number(d.slice(0, 4)) === year;
  const r = annualLeave({
    cumulativeService: { months: Math.floor(all[0]) },
    year,
    ...(inYear(f.start?.value) ? { joined: f.start!.value } : {}),
    ...(inYear(f.end?.value) ? { left: f.end!.value } : {}),
    ...(f.leaveTaken !== undefined ? { taken: f.leaveTaken } : {}),
  });
  if (assumed) r.notes.unshift('这里只知道在本单位的工作时间，按它作为累计工作时间计算；如果此前在其他单位也工作过，累计时间要加上，满10年为10天、满20年为15天。');
  return { result: r, days: r.days };
}

function medicalStep(f: CalcFacts, ctx: PlanContext): Step {
  const kind = 'medical';
  if (f.yearAssumed && f.start && !f.service) return { kind, ask: 'year' };
  const here = monthsHere(f, ctx.today);
  if (!here) return { kind, ask: f.yearMissing ? 'year' : 'service' };
  // The years in all include these: when every possible total gives the same period, it is not needed.
  const all = monthsInAll(f, here) ?? [here[0], Math.max(here[1], 1200)];
  const months = settled(here, (h) => settled(all, (t) => medicalPeriodMonths(Math.max(t, h), h)));
  if (months === undefined) return { kind, ask: monthsInAll(f, here) || settled(here, (h) => h) === undefined ? 'service' : 'total-service' };
  return { kind, result: medicalPeriod({ totalService: { months: Math.floor(Math.max(all[0], here[0])) }, serviceHere: { months: Math.floor(here[0]) } }) };
}

function maternityStep(f: CalcFacts, ctx: PlanContext): Step {
  const kind = 'maternity';
  const miscarriage = /流产|小产|引产|胎停|没保住|流了/.test(f.text);
  const babies = /三胞胎/.test(f.text) ? 3 : /双胞胎|双胎|龙凤胎|俩孩子|两个孩子一起/.test(f.text) ? 2 : 1;
  // "小张流产了；小李生了双胞胎": two cases in one message, each with its own leave.
  if (miscarriage && /顺产|剖腹产|剖宫产|生了|生下|分娩|双胞胎|龙凤胎/.test(f.text)) {
    return { kind, explain: '您说到了两种情况：流产和生育的产假天数不同（女职工劳动保护特别规定第七条）。请一次问一位员工，并说明是生育（顺产、难产、几胞胎）还是流产（怀孕几个月），我再帮您算。' };
  }
  if (miscarriage) {
    const p = f.quantities.find((q) => q.kind === 'duration' && (q.role === 'pregnancy' || /怀孕|孕|怀上/.test(f.text.slice(Math.max(0, q.span.start - 6), q.span.start))));
    if (!p || p.kind !== 'duration') return { kind, ask: 'pregnancy-months' };
    // "四个月左右", "三个多月": 15 or 42 days turns on whether four months were reached.
    const around = /^\s*(左右|上下|出头)/.test(f.text.slice(p.span.end, p.span.end + 3)) || /(大概|差不多|将近|快)\s*$/.test(f.text.slice(Math.max(0, p.span.start - 3), p.span.start));
    if (around && Math.abs(p.months - 4) <= 1) return { kind, ask: 'pregnancy-months' };
    return { kind, result: maternityLeave({ event: 'miscarriage', pregnancyMonths: p.months + p.days / 30 }) };
  }
  // Only a difficult birth said as such: whether a caesarean counts as 难产 is a medical finding, so ask.
  const denied = /(没有|没|不是|未|(?<!算)不算)[^，。]{0,4}难产/.test(f.text) && !/(算不算|是不是)难产/.test(f.text);
  const dystocia = /难产/.test(f.text) && !denied && !/(算不算|是不是|是否|会不会)(属于)?难产|难产[^，。]{0,4}(吗|还不知道|不知道|不确定)/.test(f.text);
  if (!dystocia && !denied && /剖腹产|剖宫产|剖(?!析)|难产/.test(f.text)) return { kind, ask: 'dystocia' };
  // The service is Luoyang's: the Henan addition applies unless the office removed its policy file.
  const r = maternityLeave({ event: 'birth', dystocia, babies, localPolicy: ctx.henanLeave(), date: ctx.today });
  if (!dystocia && /剖腹产|剖宫产|难产/.test(f.text)) r.notes.unshift('难产的增加产假15天（女职工劳动保护特别规定第七条）。剖宫产等是否属于难产，以医疗机构的诊断证明为准；属于难产的，在上面的天数上再加15天。');
  return { kind, result: r };
}

function minimumWageStep(f: CalcFacts, ctx: PlanContext): Step {
  const kind = 'minimum-wage';
  const policy = ctx.minimumWage();
  if (!policy) return { kind, explain: '本库没有现行的最低工资标准文件，请咨询当地人社部门。' };
  const hourly = f.partTime || (f.hourlyWage && !f.wage) || /小时最低工资|最低小时工资|小时工资标准/.test(f.text);
  const classes = ['一', '二', '三'] as const;
  const standard = (c: 1 | 2 | 3) => {
    const label = `第${classes[c - 1]}类地区${hourly ? '小时' : '月'}最低工资`;
    const v = policy.figures.find((x) => x.label === label)?.value;
    return v === undefined ? undefined : figure(`${label}标准`, v, '元', `${policy.title}（${policy.doc_number ?? '文号待核实'}）`);
  };
  if (hourly) {
    if (!f.minimumClass && f.hourlyWage) {
      // Below every class's hourly minimum, or at least the highest: the class does not matter.
      const all = ([1, 2, 3] as const).map((c) => standard(c)!);
      const low = all.reduce((a, b) => (b.value < a.value ? b : a));
      const high = all.reduce((a, b) => (b.value > a.value ? b : a));
      if (f.hourlyWage.value < low.value || f.hourlyWage.value >= high.value) {
        const below = f.hourlyWage.value < low.value;
        const std = below ? low : high;
        return {
          kind,
          result: result(
            [figure(below ? '河南省最低一档小时最低工资标准' : '河南省最高一档小时最低工资标准', std.value, '元', `每小时${fmt(f.hourlyWage.value)}元${below ? '低于所有三类地区的小时最低工资标准' : '不低于任何一类地区的小时最低工资标准'}`)],
            [cite(LAW.contract, 72), cite(LAW.minimumWage, 5)],
            ['非全日制用工的小时工资不得低于当地小时最低工资标准（劳动合同法第七十二条）。'],
          ),
        };
      }
    }
    if (!f.minimumClass) return f.hourlyWage ? { kind, ask: 'area-class' } : { kind, ask: 'wage' };
    const std = standard(f.minimumClass)!;
    const notes = ['非全日制用工的小时工资不得低于当地小时最低工资标准（劳动合同法第七十二条）；小时最低工资标准已经包含用人单位应缴的社会保险费。'];
    if (f.hourlyWage) notes.unshift(`每小时${fmt(f.hourlyWage.value)}元${f.hourlyWage.value < std.value ? '低于' : '不低于'}该标准。`);
    return { kind, result: result([std], [cite(LAW.contract, 72), cite(LAW.minimumWage, 5)], notes, [], std) };
  }
  const wage = f.probationWage ?? f.wage;
  if (!wage) {
    if (!f.minimumClass) return { kind, ask: 'area-class' };
    const std = standard(f.minimumClass)!;
    return { kind, result: result([std], [cite(LAW.labour, 48), cite(LAW.minimumWage, 12)], [], [], std) };
  }
  try {
    return { kind, result: minimumWageCheck({ monthlyWage: wage.value, policy, ...(f.minimumClass ? { areaClass: f.minimumClass } : {}) }) };
  } catch (e) {
    if (!(e instanceof CalculatorInputError)) throw e;
  }
  if (/[区县]/.test(f.text)) {
    return {
      kind,
      explain: `河南省月最低工资标准分三类地区：第一类2100元、第二类2000元、第三类1800元（${policy.doc_number ?? ''}）。月工资${fmt(wage.value)}元是否低于标准，取决于单位所在县区属于第几类；洛阳各县区的分类见该通知附件，本库尚未核实，请向当地人社部门确认，或回复“人工”由工作人员答复。`,
    };
  }
  return { kind, ask: 'area-class' };
}

/** One step per calculation asked, in order. */
export function plan(kinds: CalcKind[], f: CalcFacts, ctx: PlanContext): Step[] {
  const steps: Step[] = [];
  const all = [...kinds];
  // Lawful dismissal (第四十条) without 30 days' notice: one month's wage on top ("N+1").
  if ((all.includes('severance') && f.ground?.value === 'lawful' && f.noticeGiven === false) || (all.includes('severance') && /N\s*\+\s*1/i.test(f.text))) {
    if (!all.includes('notice')) all.push('notice');
  }
  for (const kind of all) {
    try {
      steps.push(stepFor(kind, f, ctx));
    } catch (e) {
      // Impossible numbers (an end before the start, a negative wage) mean no figure, not a crash.
      if (!(e instanceof CalculatorInputError)) throw e;
      steps.push({ kind, explain: `根据您给的数字无法计算：${e.message}。请核对后再问一次。` });
    }
  }
  return steps;
}

function stepFor(kind: CalcKind, f: CalcFacts, ctx: PlanContext): Step {
  switch (kind) {
    case 'severance':
    case 'wrongful':
      return severanceStep(kind, f, ctx);
    case 'notice':
      return noticeStep(f);
    case 'double':
      return doubleStep(f, ctx);
    case 'probation':
      return probationStep(f, ctx);
    case 'annual-leave': {
      const r = annualLeaveDays(f, ctx);
      return typeof r === 'string' ? { kind, ask: r } : { kind, result: r.result };
    }
    case 'leave-pay': {
      if (f.declinedLeaveInWriting) {
        return { kind, result: result([figure('还应另外支付的未休年休假工资', 0, '元', '职工因本人原因且书面提出不休年休假的，用人单位可以只支付其正常工作期间的工资收入，不再另付')], [cite(LAW.leaveRules, 10)], []) };
      }
      // 实施办法第十一条: the base is the average monthly wage of the last 12 months, when the user gives it.
      if (f.ownAverageWage) f = { ...f, wage: f.ownAverageWage, wageUnclear: false, wageApprox: false };
      if (!f.wage || f.wageUnclear || f.wageApprox) return { kind, ask: 'wage' };
      let days = f.untakenDays?.value;
      let daysFigures: Figure[] = [];
      // "今年年假一天都没休", or leaving: what is owed is the year's (pro-rated) leave, less what was taken.
      if (days === undefined && (f.end || /一天(也|都)?没|都没(有)?(休|安排)|没(有)?安排(过)?年|没休过|全部没休|全没休|年假没休|没休年假|年假都没|没有休年/.test(f.text))) {
        const r = annualLeaveDays(f, ctx);
        if (typeof r === 'string') return { kind, ask: r };
        days = r.days;
        daysFigures = r.result.figures;
      }
      if (days === undefined) return { kind, ask: 'untaken-days' };
      // 实施办法第十一条: the monthly wage here leaves out overtime pay.
      const base = f.wage.value - (f.overtimePayInWage && f.overtimePayInWage < f.wage.value ? f.overtimePayInWage : 0);
      const r = unusedLeavePay({ monthlyWage: base, untakenDays: days, workerDeclinedInWriting: false });
      if (base !== f.wage.value) r.notes.unshift(`计算基数剔除了加班费：${fmt(f.wage.value)}元 − ${fmt(f.overtimePayInWage!)}元 = ${fmt(base)}元（实施办法第十一条）。`);
      return { kind, result: { ...r, figures: [...daysFigures, ...r.figures] } };
    }
    case 'overtime': {
      // A daily wage is the monthly one ÷ 21.75 in these rules, so it serves as well.
      if (!f.wage && f.dailyWage) return stepFor(kind, { ...f, wage: { value: Math.round(f.dailyWage.value * 21.75 * 100) / 100, from: `日工资${f.dailyWage.from} × 21.75` } }, ctx);
      if (!f.wage) return { kind, ask: 'wage' };
      const h = f.overtime;
      if (!h) return { kind, ask: 'hours' };
      // "底薪2000，岗位津贴1500，绩效每月不一样": which pay the hourly rate rests on is the question.
      if (f.wageUnclear || f.wageApprox || f.wageIsBase) return { kind, ask: 'wage' };
      // Days "during" a holiday break may be the statutory days (300%) or the shifted rest days (200%).
      if (h.holiday && h.holidayPeriodOnly) return { kind, ask: 'holiday-days' };
      // "周一到周五每天干10个小时": a working day's length, not hours read; the extension is not counted yet.
      if (!h.workday && /(每天|每日|一天)(都)?(干|上|做|工作|上班)(了)?\s*(9|1\d|九|十[一二三四五六]?)\s*(个)?(小时|钟头|个钟)/.test(f.text)) return { kind, ask: 'hours' };
      const r = overtimePay({ monthlyWage: f.wage.value, workdayHours: h.workday, restDayHours: h.restDay, holidayHours: h.holiday, restDayCompensated: f.timeOff === true });
      if (h.restDay && f.timeOff === undefined) r.notes.unshift('休息日加班按没有安排补休计算（200%）；如果已经安排了同等时间的补休，休息日部分就不再另付加班工资。');
      if (h.holiday) r.notes.unshift('节假日上班按法定休假日（300%）计算；春节、国庆等长假中调休出来的休息日不是法定休假日，这几天上班按休息日（200%，或安排补休）计算。');
      return { kind, result: r };
    }
    case 'medical':
      return medicalStep(f, ctx);
    case 'maternity':
      return maternityStep(f, ctx);
    case 'minimum-wage':
      return minimumWageStep(f, ctx);
  }
}

/**
 * A date known only to the month ("10月份入职", "2019年3月离职"): the calculations are run with the month's first
 * and last day, and when their figures differ the figure would rest on a guess, so the day is asked.
 */
export function dayMatters(kinds: CalcKind[], f: CalcFacts, ctx: PlanContext): Slot | undefined {
  const outcome = (g: CalcFacts) =>
    plan(kinds, g, ctx)
      .map((s) => ('result' in s ? [s.result.primary.value, ...(s.also ?? []).map((x) => x.value)].join('/') : 'ask' in s ? `ask:${s.ask}` : 'explain'))
      .join('|');
  const edges = (d: Fact<string>) => {
    const [y, m] = d.value.split('-').map(Number) as [number, number];
    return [isoDate(y, m, 1), isoDate(y, m, daysInMonth(y, m))];
  };
  if (f.startMonthOnly && f.start) {
    const [first, last] = edges(f.start).map((value) => outcome({ ...f, startMonthOnly: false, start: { ...f.start!, value } }));
    if (first !== last) return 'start-day';
  }
  if (f.endMonthOnly && f.end) {
    const [first, last] = edges(f.end).map((value) => outcome({ ...f, endMonthOnly: false, end: { ...f.end!, value } }));
    if (first !== last) return 'last-day';
  }
  return undefined;
}
