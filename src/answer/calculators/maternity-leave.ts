/**
 * 产假, 女职工劳动保护特别规定第七条: 98 days (15 of them may be taken before birth); +15 days for a difficult
 * birth (难产); +15 days for each extra baby; miscarriage before 4 months of pregnancy 15 days, from 4 months
 * 42 days. Plus the Henan addition read from the local policy file (河南省人口与计划生育条例, birth only),
 * shown as local policy with its document and verified flag.
 */
import type { Figure } from '../types.js';
import { LAW, cite, figure, fmt, requireAmount, result } from './common.js';
import { addDays, addMonths, chineseDate, diffDays, parseDate } from './dates.js';
import { policyInForce, policyRef, type Policy } from './policies.js';
import { CalculatorInputError, type CalcResult, type PolicyRef } from './types.js';

export const HENAN_LEAVE_POLICY_ID = 'henan-maternity-and-family-leave-2021';
/** Label of the Henan extra maternity leave in the policy file's `figures`. */
export const HENAN_EXTRA_LABEL = '河南增加产假';

export interface MaternityLeaveInput {
  event: 'birth' | 'miscarriage';
  /** 难产 */
  dystocia?: boolean;
  /** Babies born at once (default 1). */
  babies?: number;
  /** Months of pregnancy at a miscarriage. */
  pregnancyMonths?: number;
  /** First day of leave; gives end dates and a calendar-day total including the local addition. */
  start?: string;
  /** The Henan policy (loadPolicy(dir, HENAN_LEAVE_POLICY_ID)); null/undefined = national rules only. */
  localPolicy?: Policy | null;
  /** Day the policy must be in force on (default: `start`, else the policy is taken as current). */
  date?: string;
}

export interface MaternityLeaveResult extends CalcResult {
  /** Days under the national rules. */
  nationalDays: number;
  /** Local addition as stated by the policy (e.g. 3 个月), when applied. */
  localAddition?: { value: number; unit: string };
  /** Calendar days in all (national + local), when `start` was given. */
  totalDays?: number;
  /** Last day of leave (national + local), when `start` was given. */
  end?: string;
}

export function maternityLeave(input: MaternityLeaveInput): MaternityLeaveResult {
  const figures: Figure[] = [];
  const notes: string[] = [];
  const policies: PolicyRef[] = [];
  const citations = [cite(LAW.women, 7)];
  let nationalDays: number;

  if (input.event === 'miscarriage') {
    if (input.pregnancyMonths === undefined) throw new CalculatorInputError('流产产假需要怀孕月数（pregnancyMonths）');
    requireAmount(input.pregnancyMonths, '怀孕月数');
    nationalDays = input.pregnancyMonths < 4 ? 15 : 42;
    figures.push(
      figure(
        '流产产假',
        nationalDays,
        '天',
        input.pregnancyMonths < 4 ? `怀孕${fmt(input.pregnancyMonths)}个月，未满4个月流产，产假15天` : `怀孕${fmt(input.pregnancyMonths)}个月，满4个月流产，产假42天`,
      ),
    );
  } else {
    const babies = input.babies ?? 1;
    if (!Number.isInteger(babies) || babies < 1) throw new CalculatorInputError(`婴儿数应为正整数：${babies}`);
    nationalDays = 98;
    const parts = ['98天'];
    figures.push(figure('国家规定产假', 98, '天', '女职工生育享受98天产假，其中产前可以休假15天'));
    if (input.dystocia) {
      nationalDays += 15;
      parts.push('难产15天');
      figures.push(figure('难产增加产假', 15, '天', '难产的，增加产假15天'));
    }
    if (babies > 1) {
      const extra = 15 * (babies - 1);
      nationalDays += extra;
      parts.push(`多胞胎${extra}天`);
      figures.push(figure('多胞胎增加产假', extra, '天', `生育${babies}个婴儿，每多生育1个增加15天：15天 × ${babies - 1} = ${extra}天`));
    }
    if (parts.length > 1) figures.push(figure('国家规定产假合计', nationalDays, '天', `${parts.join(' + ')} = ${nationalDays}天`));
  }
  const nationalFigure = figures[figures.length - 1]!;

  let localAddition: { value: number; unit: string } | undefined;
  const p = input.localPolicy;
  if (p) {
    const when = input.date ?? input.start;
    const hit = p.figures.find((f) => f.label.includes(HENAN_EXTRA_LABEL));
    if (input.event === 'miscarriage') {
      notes.push(`${p.title}增加的产假是对生育的规定，流产按国家规定的天数休假。`);
    } else if (!hit) {
      notes.push(`地方政策文件 ${p.id} 中没有“${HENAN_EXTRA_LABEL}”一项，只按国家规定计算。`);
    } else if (when !== undefined && !policyInForce(p, when)) {
      notes.push(`${p.title}在${chineseDate(when)}不在有效期内（${p.effective}起${p.expires ? `，${p.expires}止` : ''}），未计入地方增加的产假。`);
    } else {
      localAddition = { value: hit.value, unit: hit.unit };
      policies.push(policyRef(p));
      figures.push(
        figure(
          '河南省增加产假（地方规定）',
          hit.value,
          hit.unit,
          `地方政策：${p.title}${p.doc_number ? `（${p.doc_number}）` : ''}，在国家规定产假基础上增加${fmt(hit.value)}${hit.unit}${p.verified ? '' : '；该条尚未经办公室对照原文核对'}`,
        ),
      );
      notes.push(
        `河南省增加的产假来自地方规定（${p.title}，${p.issuer}），不是本库收录的国家法律法规条文，回答时不引用其条文号${p.verified ? '' : '；本库记录尚未经办公室对照原文核对（verified: false），适用条件（如是否限于依法生育）、假期待遇以原文为准'}。`,
      );
      if (when === undefined && p.expires !== null) notes.push(`该地方规定的有效期至${p.expires}，请确认生育时仍然有效。`);
    }
  }

  let totalDays: number | undefined;
  let end: string | undefined;
  if (input.start !== undefined) {
    parseDate(input.start);
    const nationalEndExclusive = addDays(input.start, nationalDays);
    let endExclusive = nationalEndExclusive;
    if (localAddition) {
      if (localAddition.unit === '个月') endExclusive = addMonths(nationalEndExclusive, localAddition.value);
      else if (localAddition.unit === '天') endExclusive = addDays(nationalEndExclusive, localAddition.value);
      else throw new CalculatorInputError(`地方增加产假的单位无法计算：${localAddition.unit}`);
    }
    totalDays = diffDays(input.start, endExclusive);
    end = addDays(endExclusive, -1);
    figures.push(
      figure(
        localAddition ? '产假合计（国家规定 + 河南增加）' : '产假合计',
        totalDays,
        '天',
        `${chineseDate(input.start)}起休，国家规定${nationalDays}天休至${chineseDate(addDays(nationalEndExclusive, -1))}${
          localAddition ? `，再增加${fmt(localAddition.value)}${localAddition.unit}休至${chineseDate(end)}` : ''
        }，共${totalDays}天（日历天数）`,
      ),
    );
  }
  notes.push('女职工在孕期、产期、哺乳期的，用人单位不得依劳动合同法第四十条、第四十一条解除劳动合同（劳动合同法第四十二条）；产假期间的生育津贴按女职工劳动保护特别规定第八条支付。');
  citations.push(cite(LAW.women, 8), cite(LAW.contract, 42));
  const primary = input.start !== undefined ? figures[figures.length - 1]! : nationalFigure;
  return { ...result(figures, citations, notes, policies, primary), nationalDays, localAddition, totalDays, end };
}
