/**
 * 最低工资 check, 劳动法第四十八条 and 最低工资规定第十二条: a full-time worker's monthly wage (after the deductions
 * that rule excludes) may not fall below the local monthly minimum. Henan sets three classes of area
 * (knowledge/policies/henan-minimum-wage-*.yaml); which class each Luoyang district is in comes from the
 * policy's annex, so the class is an input, and without it a verdict is given only when every class agrees.
 */
import { LAW, cite, figure, fmt, requireAmount, result } from './common.js';
import { policyRef, type Policy } from './policies.js';
import { CalculatorInputError, type CalcResult } from './types.js';

export const HENAN_MINIMUM_WAGE_POLICY_ID = 'henan-minimum-wage-2024';

export interface MinimumWageInput {
  monthlyWage: number;
  /** 一类/二类/三类地区; undefined when not known. */
  areaClass?: 1 | 2 | 3;
  policy: Policy;
}

export interface MinimumWageResult extends CalcResult {
  /** The minimum for the class, or undefined when the class is unknown and decides. */
  minimum?: number;
  /** Below the minimum (true), not below (false), or undefined when it depends on the class. */
  below?: boolean;
}

const CLASS_NAME = ['', '第一类', '第二类', '第三类'] as const;

/** The monthly minimum of each class in the policy file, by class number. */
export function monthlyMinimums(policy: Policy): Record<1 | 2 | 3, number> {
  const of = (c: 1 | 2 | 3) => {
    const f = policy.figures.find((x) => x.label === `${CLASS_NAME[c]}地区月最低工资`);
    if (!f) throw new CalculatorInputError(`${policy.id} 中没有“${CLASS_NAME[c]}地区月最低工资”`);
    return f.value;
  };
  return { 1: of(1), 2: of(2), 3: of(3) };
}

export function minimumWageCheck(input: MinimumWageInput): MinimumWageResult {
  requireAmount(input.monthlyWage, '月工资');
  const mins = monthlyMinimums(input.policy);
  const citations = [cite(LAW.labour, 48), cite(LAW.minimumWage, 12)];
  const notes = [
    '最低工资不包括延长工作时间的工资，中班、夜班、高温、低温、井下、有毒有害等特殊工作环境下的津贴，以及法律法规和国家规定的劳动者福利待遇；单位代扣的个人社会保险费和住房公积金一般计入工资（以当地规定为准）。',
    `以上是全日制劳动者的月最低工资标准（${input.policy.title}，${input.policy.doc_number ?? '文号待核实'}）。`,
  ];
  const policies = [policyRef(input.policy)];
  const w = input.monthlyWage;
  if (input.areaClass) {
    const min = mins[input.areaClass];
    const below = w < min;
    const figures = [
      figure(`${CLASS_NAME[input.areaClass]}地区月最低工资标准`, min, '元', `河南省${CLASS_NAME[input.areaClass]}地区，全日制每月${fmt(min)}元`),
      figure(below ? '低于最低工资标准的差额' : '高于最低工资标准', Math.abs(Math.round((w - min) * 100) / 100), '元', `月工资${fmt(w)}元 − ${fmt(min)}元`),
    ];
    return { ...result(figures, citations, notes, policies, figures[0]), minimum: min, below };
  }
  const lowest = Math.min(mins[1], mins[2], mins[3]);
  const highest = Math.max(mins[1], mins[2], mins[3]);
  if (w < lowest || w >= highest) {
    const below = w < lowest;
    const all = `第一类${fmt(mins[1])}元、第二类${fmt(mins[2])}元、第三类${fmt(mins[3])}元`;
    const figures = [
      below
        ? figure('河南省最低一档月最低工资标准', lowest, '元', `${all}；月工资${fmt(w)}元连最低一档（${fmt(lowest)}元）都达不到，无论在哪一类地区都低于最低工资标准`)
        : figure('河南省最高一档月最低工资标准', highest, '元', `${all}；月工资${fmt(w)}元不低于最高一档（${fmt(highest)}元），在任何一类地区都不低于最低工资标准`),
    ];
    return { ...result(figures, citations, notes, policies, figures[0]), below };
  }
  throw new CalculatorInputError('area class decides');
}
