/**
 * 代通知金, 劳动合同法第四十条: instead of 30 days' written notice the employer may pay one extra month's
 * wage, at the worker's previous month's wage (实施条例第二十条).
 */
import { LAW, cite, figure, fmt, requireAmount, result, roundYuan } from './common.js';
import type { CalcResult } from './types.js';

export interface NoticePayInput {
  /** The worker's wage of the month before the termination (上一个月的工资标准). */
  lastMonthWage: number;
}

export function noticePay(input: NoticePayInput): CalcResult & { amount: number } {
  requireAmount(input.lastMonthWage, '上一个月工资');
  const amount = roundYuan(input.lastMonthWage);
  const figures = [figure('代通知金（额外支付的一个月工资）', amount, '元', `按上一个月的工资标准${fmt(amount)}元计算，1个月`)];
  const notes = [
    '只适用于依劳动合同法第四十条（医疗期满不能工作、不能胜任工作、客观情况发生重大变化）解除、又没有提前三十日书面通知劳动者本人的情形；提前三十日书面通知的，不需支付。',
    '依第四十条解除的，还应当依第四十六条第（三）项支付经济补偿，两者合起来就是常说的“N+1”。',
  ];
  const citations = [cite(LAW.contract, 40), cite(LAW.contractRegs, 20), cite(LAW.contract, 46)];
  return { ...result(figures, citations, notes), amount };
}
