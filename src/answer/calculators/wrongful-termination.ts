/**
 * 违法解除或者终止劳动合同的赔偿金 (2N), 劳动合同法第八十七条: twice the 第四十七条 standard, including its
 * 3×-average / 12-year cap; years counted from the first day of employment (实施条例第二十五条).
 */
import { LAW, cite, figure, fmt, result, roundYuan } from './common.js';
import { severancePay, type SeveranceInput } from './severance.js';
import type { CalcResult } from './types.js';

export interface WrongfulTerminationResult extends CalcResult {
  amount: number;
  /** The 第四十七条 standard (N) it doubles. */
  standard: number;
}

export function wrongfulTerminationDamages(input: SeveranceInput): WrongfulTerminationResult {
  const n = severancePay(input, { fromHireDate: true });
  const amount = roundYuan(2 * n.amount);
  const figures = [
    ...n.figures,
    figure('违法解除（终止）赔偿金', amount, '元', `第四十七条经济补偿标准${fmt(n.amount)}元 × 2 = ${fmt(amount)}元`),
  ];
  const notes = [
    ...n.notes.filter((t) => !t.startsWith('是否应当支付经济补偿')),
    '赔偿金只在用人单位违法解除或终止、且劳动者不要求或者已经不能继续履行劳动合同时支付（劳动合同法第四十八条）；劳动者也可以要求继续履行。',
    '支付了赔偿金的，不再支付经济补偿；赔偿金的计算年限自用工之日起计算（实施条例第二十五条）。',
  ];
  const citations = [cite(LAW.contract, 87), ...n.citations.filter((c) => !(c.law === LAW.contract && c.article === 46)), cite(LAW.contract, 48), cite(LAW.contractRegs, 25)];
  return { ...result(figures, citations, notes), amount, standard: n.amount };
}
