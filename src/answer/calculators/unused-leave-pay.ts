/**
 * 未休年休假工资报酬, 企业职工带薪年休假实施办法第十条、第十一条: 300% of the daily wage per untaken day,
 * which includes the normal wage already paid, so the employer owes an extra 200%. Daily wage = monthly wage
 * (average of the 12 months before payment, overtime pay excluded) ÷ 21.75 (月计薪天数).
 */
import { LAW, PAY_DAYS_PER_MONTH, cite, figure, fmt, requireAmount, result, roundYuan } from './common.js';
import type { CalcResult } from './types.js';

export interface UnusedLeavePayInput {
  /** Average monthly wage of the 12 months before payment, overtime pay excluded. */
  monthlyWage: number;
  /** Untaken annual-leave days (see annualLeave). */
  untakenDays: number;
  /** The employer arranged the leave but the worker declined it in writing for personal reasons (第十条第二款). */
  workerDeclinedInWriting?: boolean;
}

export interface UnusedLeavePayResult extends CalcResult {
  dailyWage: number;
  /** What is still owed on top of the normal wage (200%, or 0 when the worker declined in writing). */
  extra: number;
  /** 300% in all, the normal wage included. */
  total: number;
}

export function unusedLeavePay(input: UnusedLeavePayInput): UnusedLeavePayResult {
  requireAmount(input.monthlyWage, '月工资');
  requireAmount(input.untakenDays, '未休年休假天数');
  const daily = input.monthlyWage / PAY_DAYS_PER_MONTH;
  const d = input.untakenDays;
  const total = roundYuan(daily * 3 * d);
  const extra = input.workerDeclinedInWriting ? 0 : roundYuan(daily * 2 * d);
  const figures = [
    figure('日工资', roundYuan(daily), '元', `月工资${fmt(input.monthlyWage)}元 ÷ 月计薪天数21.75天 ≈ ${fmt(daily)}元`),
    figure('未休年休假工资报酬（300%，含已发的正常工资）', total, '元', `${fmt(input.monthlyWage)}元 ÷ 21.75 × 300% × ${fmt(d)}天 = ${fmt(total)}元`),
    figure(
      '还应另外支付的未休年休假工资',
      extra,
      '元',
      input.workerDeclinedInWriting
        ? '职工因本人原因书面提出不休年休假，单位可以只支付正常工作期间的工资，不再另付'
        : `正常工资（100%）已随月工资发放，另付200%：${fmt(input.monthlyWage)}元 ÷ 21.75 × 200% × ${fmt(d)}天 = ${fmt(extra)}元`,
    ),
  ];
  const notes = [
    '月工资指支付未休年休假工资报酬前12个月剔除加班工资后的月平均工资，在本单位不满12个月的按实际月份平均（实施办法第十一条）。',
    '计算中日工资不提前取整（直接用月工资 ÷ 21.75 计算），结果保留到分。',
    '用人单位应当在本年度内支付；不安排年休假又不支付的，劳动行政部门责令改正，逾期不改的还要按未休年休假工资报酬数额加付赔偿金（实施办法第十五条）。',
  ];
  if (input.workerDeclinedInWriting) notes.unshift('用人单位安排职工休年休假，但职工因本人原因且书面提出不休的，用人单位可以只支付其正常工作期间的工资收入（实施办法第十条第二款）。');
  const citations = [cite(LAW.leaveRules, 10), cite(LAW.leaveRules, 11), cite(LAW.leaveRegs, 5), cite(LAW.wageDays, 2), cite(LAW.leaveRules, 15)];
  return { ...result(figures, citations, notes), dailyWage: daily, extra, total };
}
