/**
 * 未订立书面劳动合同的二倍工资, 劳动合同法第八十二条 + 实施条例第六条、第七条: from the day after one month of
 * employment (用工之日起满一个月的次日) to the day before the written contract is signed, at most up to the day
 * before the first anniversary, so at most 11 months; on the anniversary an open-ended contract is deemed made.
 * The figure returned is the extra wage owed on top of the wage already paid (the "second" wage).
 */
import type { Figure } from '../types.js';
import { LAW, cite, figure, fmt, fmtDuration, requireAmount, requireDuration, result, roundYuan } from './common.js';
import { addDays, addMonths, chineseDate, compareDates, diffDays, monthsAndDays } from './dates.js';
import { CalculatorInputError, type CalcResult, type Duration, type LawRef } from './types.js';

export interface DoubleWageInput {
  /** Monthly wage the worker was paid (the doubled amount is one more of it per month). */
  monthlyWage: number;
  /** 用工之日: the first day worked. With it, give `signed` or `asOf`. */
  start?: string;
  /** Day the written contract was finally signed (补订). */
  signed?: string;
  /** Still not signed: compute up to and including this day (today, or the last day worked). */
  asOf?: string;
  /** Without dates: how long the worker has worked without a written contract, counted from the first day. */
  worked?: Duration;
}

export interface DoubleWageResult extends CalcResult {
  /** Months of extra wage owed (partial month as a fraction). */
  months: number;
  amount: number;
  /** On the first anniversary an open-ended contract is deemed to exist (实施条例第七条). */
  deemedOpenEnded: boolean;
}

export function doubleWage(input: DoubleWageInput): DoubleWageResult {
  requireAmount(input.monthlyWage, '月工资');
  const citations: LawRef[] = [cite(LAW.contract, 82), cite(LAW.contractRegs, 6), cite(LAW.contractRegs, 7), cite(LAW.contract, 10)];
  const notes: string[] = [];
  const figures: Figure[] = [];
  let months: number;
  let basis: string;
  let deemedOpenEnded = false;

  if (input.start !== undefined) {
    const start = input.start;
    const until = input.signed ?? (input.asOf !== undefined ? addDays(input.asOf, 1) : undefined);
    if (until === undefined) throw new CalculatorInputError('给出用工之日时，还需要补签合同的日期（signed）或计算截止日（asOf）');
    if (compareDates(until, start) <= 0) throw new CalculatorInputError('补签合同或截止日期不能早于用工之日');
    const from = addMonths(start, 1); // 满一个月的次日
    const anniversary = addMonths(start, 12); // 满一年的当日
    const endExclusive = compareDates(until, anniversary) > 0 ? anniversary : until;
    deemedOpenEnded = compareDates(until, anniversary) > 0;
    if (compareDates(endExclusive, from) <= 0) {
      months = 0;
      basis = `${chineseDate(start)}用工，${input.signed ? `${chineseDate(input.signed)}签订书面合同` : `截至${chineseDate(input.asOf!)}`}，未超过用工之日起一个月，不产生二倍工资`;
    } else {
      const span = monthsAndDays(start, endExclusive);
      const whole = span.months - 1;
      let fraction = 0;
      let partText = '';
      if (span.days > 0) {
        const monthLen = diffDays(addMonths(start, span.months), addMonths(start, span.months + 1));
        fraction = span.days / monthLen;
        partText = `，其中最后不足一个月的${span.days}天按该月${monthLen}天折算为${fmt(fraction, 4)}个月`;
      }
      months = whole + fraction;
      const last = addDays(endExclusive, -1);
      basis = `自用工之日${chineseDate(start)}起满一个月的次日${chineseDate(from)}，至${
        deemedOpenEnded ? '满一年的前一日' : input.signed ? '补订书面合同的前一日' : '截止日'
      }${chineseDate(last)}，共${fmtDuration({ months: whole, days: span.days })}${partText}`;
      if (span.days > 0) notes.push('不足一个月的部分按日历天数折算；各地仲裁对零头天数的算法（如按21.75天计薪日）不完全一致。');
    }
    if (deemedOpenEnded) {
      citations.push(cite(LAW.contract, 14));
      notes.push(
        `用工满一年（${chineseDate(anniversary)}）仍未订立书面合同：视为自该日起已与劳动者订立无固定期限劳动合同，应当立即补订书面合同（实施条例第七条，劳动合同法第十四条第三款）；二倍工资最多计到满一年的前一日，即最多11个月。`,
      );
    }
  } else if (input.worked !== undefined) {
    requireDuration(input.worked, '未签合同的工作时间');
    const w = { months: input.worked.months, days: input.worked.days ?? 0 };
    if (w.months >= 12) {
      months = 11;
      deemedOpenEnded = true;
      basis = `已工作${fmtDuration(w)}，超过一年：只计满一个月的次日至满一年的前一日，共11个月`;
      citations.push(cite(LAW.contract, 14));
      notes.push('用工满一年仍未订立书面合同的，视为自满一年的当日起已订立无固定期限劳动合同，应当立即补订书面合同（实施条例第七条，劳动合同法第十四条第三款）。');
    } else if (w.months < 1) {
      months = 0;
      basis = `已工作${fmtDuration(w)}，未超过一个月，不产生二倍工资（应当自用工之日起一个月内订立书面合同）`;
    } else {
      const fraction = w.days / 30;
      months = w.months - 1 + fraction;
      basis = `已工作${fmtDuration(w)}，减去可以订立合同的第一个月，计${fmtDuration({ months: w.months - 1, days: w.days })}${w.days ? `（${w.days}天按30天折算为${fmt(fraction, 4)}个月）` : ''}`;
      if (w.days) notes.push('只有工作时长、没有具体日期时，零头天数按每月30天折算；有入职和签合同日期时结果更准确。');
    }
  } else {
    throw new CalculatorInputError('需要用工之日（start）或未签合同的工作时长（worked）');
  }

  figures.push(figure('应支付二倍工资的月数', Number(months.toFixed(4)), '个月', basis));
  const amount = roundYuan(input.monthlyWage * months);
  figures.push(
    figure(
      '未签书面合同应加付的工资（二倍工资中另一倍）',
      amount,
      '元',
      `${fmt(input.monthlyWage)}元 × ${fmt(months, 4)}个月 = ${fmt(amount)}元（正常工资已发，另付一倍）`,
    ),
  );
  if (months > 0) {
    citations.push(cite(LAW.arbitration, 27));
    notes.push('劳动者主张二倍工资受一年仲裁时效限制（劳动争议调解仲裁法第二十七条），时效从何时起算各地裁判口径不一，早已过去的月份可能无法全部主张。');
  }
  return { ...result(figures, citations, notes), months, amount, deemedOpenEnded };
}
