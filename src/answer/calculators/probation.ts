/**
 * 试用期, 劳动合同法第十九条: the longest lawful probation by contract term, whether an agreed probation is
 * lawful, and the 第八十三条 damages for the unlawful excess already performed (at the post-probation wage).
 * "以上" includes the number, "不满" excludes it: a 1-year contract allows 2 months, a 3-year one 6 months.
 */
import type { Figure } from '../types.js';
import { LAW, cite, figure, fmt, fmtDuration, requireAmount, requireDuration, result, roundYuan } from './common.js';
import type { CalcResult, Duration, LawRef } from './types.js';

export type ContractTerm =
  | { kind: 'fixed'; months: number; days?: number }
  | { kind: 'open-ended' }
  /** 以完成一定工作任务为期限 */
  | { kind: 'task' };

export interface ProbationInput {
  term: ContractTerm;
  /** The probation agreed in the contract. */
  probation?: Duration;
  /** How much of the agreed probation has actually been served; default: all of it. */
  performed?: Duration;
  /** The wage after probation (试用期满月工资), for the 第八十三条 damages. */
  monthlyWage?: number;
  /** The wage paid during probation, to check 第二十条 (≥ 80% of the contract wage). */
  probationWage?: number;
  /** Local minimum monthly wage, when known (第二十条). */
  minimumWage?: number;
}

export interface ProbationResult extends CalcResult {
  /** Longest lawful probation in months (0 = none may be agreed). */
  maxMonths: number;
  lawful?: boolean;
  /** Unlawful excess already performed, in months (days ÷ 30). */
  excessMonths: number;
  damages: number;
}

const asMonths = (d: Duration) => d.months + (d.days ?? 0) / 30;

function limit(term: ContractTerm): { max: number; basis: string } {
  if (term.kind === 'task') return { max: 0, basis: '以完成一定工作任务为期限的劳动合同，不得约定试用期' };
  if (term.kind === 'open-ended') return { max: 6, basis: '无固定期限劳动合同，试用期不得超过六个月' };
  requireDuration(term, '劳动合同期限');
  const t = fmtDuration({ months: term.months, days: term.days ?? 0 });
  if (term.months < 3) return { max: 0, basis: `劳动合同期限${t}，不满三个月，不得约定试用期` };
  if (term.months < 12) return { max: 1, basis: `劳动合同期限${t}，属于三个月以上不满一年，试用期不得超过一个月` };
  if (term.months < 36) return { max: 2, basis: `劳动合同期限${t}，属于一年以上不满三年，试用期不得超过二个月` };
  return { max: 6, basis: `劳动合同期限${t}，属于三年以上固定期限，试用期不得超过六个月` };
}

export function probationCheck(input: ProbationInput): ProbationResult {
  const { max, basis } = limit(input.term);
  const figures: Figure[] = [figure('法定试用期上限', max, '个月', basis)];
  const citations: LawRef[] = [cite(LAW.contract, 19)];
  const notes: string[] = ['同一用人单位与同一劳动者只能约定一次试用期；试用期包含在劳动合同期限内；劳动合同仅约定试用期的，试用期不成立，该期限为劳动合同期限（劳动合同法第十九条）。'];
  let lawful: boolean | undefined;
  let excessMonths = 0;
  let damages = 0;

  if (input.probation) {
    requireDuration(input.probation, '约定的试用期');
    const agreed = asMonths(input.probation);
    lawful = agreed <= max + 1e-9;
    figures.push(
      figure('约定的试用期', Number(agreed.toFixed(4)), '个月', `约定${fmtDuration({ months: input.probation.months, days: input.probation.days ?? 0 })}，${lawful ? '未超过法定上限，合法' : `超过法定上限${max}个月，超出部分违法`}`),
    );
    if (!lawful) {
      const performed = input.performed ? (requireDuration(input.performed, '已履行的试用期'), Math.min(asMonths(input.performed), agreed)) : agreed;
      excessMonths = Math.max(0, performed - max);
      figures.push(
        figure('已履行的违法试用期', Number(excessMonths.toFixed(4)), '个月', `已履行试用期${fmt(performed, 4)}个月 − 法定上限${max}个月 = ${fmt(excessMonths, 4)}个月${input.probation.days || input.performed?.days ? '（天数按每月30天折算）' : ''}`),
      );
      citations.push(cite(LAW.contract, 83));
      notes.push('违法约定的试用期，由劳动行政部门责令改正；已经履行的，用人单位按试用期满月工资、以超过法定试用期的已履行期间向劳动者支付赔偿金（劳动合同法第八十三条）。');
      if (input.monthlyWage !== undefined) {
        requireAmount(input.monthlyWage, '试用期满月工资');
        damages = roundYuan(input.monthlyWage * excessMonths);
        figures.push(figure('违法试用期赔偿金', damages, '元', `试用期满月工资${fmt(input.monthlyWage)}元 × ${fmt(excessMonths, 4)}个月 = ${fmt(damages)}元`));
      } else if (excessMonths > 0) {
        notes.push('给出转正后的月工资（试用期满月工资），即可算出赔偿金数额。');
      }
    }
  }

  if (input.probationWage !== undefined && input.monthlyWage !== undefined) {
    requireAmount(input.probationWage, '试用期工资');
    const floor = 0.8 * input.monthlyWage;
    citations.push(cite(LAW.contract, 20));
    if (input.probationWage < floor - 1e-9) {
      notes.push(`试用期工资${fmt(input.probationWage)}元低于劳动合同约定工资${fmt(input.monthlyWage)}元的百分之八十（${fmt(floor)}元）：除非不低于本单位相同岗位最低档工资，否则违反劳动合同法第二十条。`);
    } else {
      notes.push(`试用期工资${fmt(input.probationWage)}元不低于约定工资的百分之八十（${fmt(floor)}元）。`);
    }
    if (input.minimumWage !== undefined && input.probationWage < input.minimumWage) {
      notes.push(`试用期工资还不得低于当地最低工资标准（${fmt(input.minimumWage)}元），现在低于该标准。`);
    }
  }
  return { ...result(figures, citations, notes), maxMonths: max, lawful, excessMonths, damages };
}
