/**
 * 年休假天数: 职工带薪年休假条例第三条 (5/10/15 days by cumulative service: ≥1 <10 years, ≥10 <20, ≥20;
 * under 1 year none, 实施办法第三条), pro-rated for the year of joining (实施办法第五条) and for leaving
 * mid-year (实施办法第十二条); a fraction of a day is dropped (不足1整天的部分不享受 / 不支付).
 */
import type { Figure } from '../types.js';
import { LAW, cite, figure, fmt, fmtDuration, requireAmount, requireDuration, result } from './common.js';
import { chineseDate, compareDates, diffDays, parseDate } from './dates.js';
import { CalculatorInputError, type CalcResult, type Duration, type LawRef } from './types.js';

export interface AnnualLeaveInput {
  /** 累计工作时间 as of the day asked about (or the last day, when leaving): service with this and all earlier employers (实施办法第四条). */
  cumulativeService: Duration;
  /** The calendar year asked about (年度 = 公历年度, 实施办法第十八条). */
  year: number;
  /** Day the worker joined this employer; pro-rated when it falls in `year`. */
  joined?: string;
  /** Last day with this employer when the contract ends in `year` (第十二条). */
  left?: string;
  /** Days of annual leave already arranged this year (used when leaving). */
  taken?: number;
}

export interface AnnualLeaveResult extends CalcResult {
  /** Days for a full year at this cumulative service (0/5/10/15). */
  fullYearDays: number;
  /** Days this year after pro-rating (when leaving: untaken days still owed). */
  days: number;
}

/** 条例第三条 tiers by cumulative months of work. */
export function annualLeaveTier(cumulative: Duration): { days: number; basis: string } {
  const cumulativeMonths = cumulative.months;
  const y = fmtDuration(cumulative);
  if (cumulativeMonths < 12) return { days: 0, basis: `累计工作${y}，不满1年，不享受年休假` };
  if (cumulativeMonths < 120) return { days: 5, basis: `累计工作${y}，已满1年不满10年，年休假5天` };
  if (cumulativeMonths < 240) return { days: 10, basis: `累计工作${y}，已满10年不满20年，年休假10天` };
  return { days: 15, basis: `累计工作${y}，已满20年，年休假15天` };
}

export function annualLeave(input: AnnualLeaveInput): AnnualLeaveResult {
  requireDuration(input.cumulativeService, '累计工作时间');
  if (!Number.isInteger(input.year)) throw new CalculatorInputError(`年度应为整数：${input.year}`);
  const taken = input.taken ?? 0;
  requireAmount(taken, '已休年休假天数');
  const tier = annualLeaveTier(input.cumulativeService);
  const full = tier.days;
  const figures: Figure[] = [figure('全年应休年休假天数', full, '天', tier.basis)];
  const citations: LawRef[] = [cite(LAW.leaveRegs, 3), cite(LAW.leaveRules, 4)];
  const notes: string[] = [];
  if (full === 0) {
    citations.push(cite(LAW.leaveRules, 3));
    notes.push('职工连续工作满12个月以上才享受年休假（实施办法第三条），累计工作时间包括在不同用人单位的工作期间（实施办法第四条）。');
  }

  const yearStart = `${input.year}-01-01`;
  const yearEnd = `${input.year}-12-31`;
  const inYear = (d: string) => parseDate(d).y === input.year;
  if (input.joined !== undefined) parseDate(input.joined);
  const joinedThisYear = input.joined !== undefined && inYear(input.joined);
  if (input.joined !== undefined && compareDates(input.joined, yearEnd) > 0) throw new CalculatorInputError(`入职日期${input.joined}晚于${input.year}年`);
  if (input.left !== undefined && !inYear(input.left)) throw new CalculatorInputError(`离职日期${input.left}不在${input.year}年内`);
  const from = joinedThisYear ? input.joined! : yearStart;
  if (input.left !== undefined && compareDates(input.left, from) < 0) throw new CalculatorInputError('离职日期早于入职日期');

  let days = full;
  if (input.left !== undefined) {
    const elapsed = diffDays(from, input.left) + 1;
    const exact = (elapsed * full) / 365 - taken;
    days = Math.max(0, Math.floor(exact + 1e-9));
    // With days already taken, what the year's part was worth comes first, then what is left of it.
    if (taken) {
      const due = Math.floor((elapsed * full) / 365 + 1e-9);
      figures.push(figure('离职当年按工作时间折算的应休年休假天数', due, '天', `${elapsed} ÷ 365 × ${full}天 = ${fmt((elapsed * full) / 365, 4)}天，计${due}天`));
    }
    figures.push(
      figure(
        '离职时应休未休年休假天数',
        days,
        '天',
        `${chineseDate(from)}至${chineseDate(input.left)}在本单位已过${elapsed}天：${elapsed} ÷ 365 × ${full}天${taken ? ` − 已休${fmt(taken)}天` : ''} = ${fmt(exact, 4)}天，不足1整天的部分不支付，计${days}天`,
      ),
    );
    citations.push(cite(LAW.leaveRules, 12));
    if (joinedThisYear) citations.push(cite(LAW.leaveRules, 5));
    notes.push('解除或终止劳动合同时，当年度未休满的年休假按已工作时间折算，并支付未休年休假工资报酬；已安排休假多于折算天数的，不再扣回（实施办法第十二条）。');
  } else if (joinedThisYear) {
    const remaining = diffDays(input.joined!, yearEnd) + 1;
    const exact = (remaining * full) / 365;
    days = Math.min(full, Math.floor(exact + 1e-9));
    figures.push(
      figure(
        '入职当年应休年休假天数',
        days,
        '天',
        `${chineseDate(input.joined!)}入职，当年度在本单位剩余日历天数${remaining}天：${remaining} ÷ 365 × ${full}天 = ${fmt(exact, 4)}天，不足1整天的部分不享受，计${days}天`,
      ),
    );
    citations.push(cite(LAW.leaveRules, 5));
  }

  notes.push('国家法定休假日、休息日不计入年休假假期（条例第三条第二款）；探亲假、婚丧假、产假以及工伤停工留薪期间也不计入（实施办法第六条）。');
  notes.push('请事假累计20天以上且单位不扣工资，或病假累计达到条例第四条规定的时长的，不享受当年的年休假。');
  citations.push(cite(LAW.leaveRegs, 4));
  const crossed = [12, 120, 240].find((t) => input.cumulativeService.months >= t && input.cumulativeService.months - t < 12);
  if (crossed !== undefined) {
    notes.push(
      `累计工作时间是在最近12个月内才满${crossed / 12}年的：当年按哪一档计算、是否从满${crossed / 12}年之日起分段折算，各地做法不完全一致，上面按现在的档次计算，请核对。`,
    );
  }
  return { ...result(figures, citations, notes), fullYearDays: full, days };
}
