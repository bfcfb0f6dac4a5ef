/**
 * 经济补偿 (N), 劳动合同法第四十七条: one month's wage per full year of service; a remainder of six months or
 * more counts as a year, under six months as half a month. Monthly wage = average of the last 12 months
 * (实施条例第二十七条). Cap (第四十七条第二款): a wage above 3 × the city's previous-year average monthly wage
 * is paid at 3 × that average, for at most 12 years.
 */
import type { Figure } from '../types.js';
import type { AverageWage } from './average-wage.js';
import { LAW, cite, figure, fmt, fmtDuration, fmtMonths, requireAmount, requireDuration, result, roundYuan } from './common.js';
import { chineseDate, compareDates, periodLength } from './dates.js';
import { CalculatorInputError, type CalcResult, type DatePeriod, type Duration, type LawRef } from './types.js';

export interface SeveranceInput {
  /** Length of service with this employer, or the period itself (first day worked … last day). */
  service: Duration | DatePeriod;
  /** Average monthly wage of the 12 months before termination (应得工资: incl. bonuses, allowances). */
  monthlyWage?: number;
  /** Or the monthly wages themselves, oldest first; fewer than 12 when the worker worked less. */
  monthlyWages?: number[];
  /**
   * The city's published average monthly wage of the previous year (see average-wage.ts). null/undefined or
   * `monthly: null` = the office has not entered it: the cap cannot be checked.
   */
  averageWage?: AverageWage | null;
  /** Local minimum monthly wage, when known: floor of the wage base (实施条例第二十七条). */
  minimumWage?: number;
}

export interface ServiceRounding {
  /** Service as months + days. */
  length: { months: number; days: number };
  fullYears: number;
  /** Months of wage owed before any cap (3年6个月 → 4). */
  compensationMonths: number;
  /** "满3年计3个月；剩余6个月…" */
  basis: string;
}

/** The 第四十七条第一款 rounding of service into months of wage. */
export function roundServiceYears(service: Duration | DatePeriod): ServiceRounding {
  const length = 'start' in service ? periodLength(service) : (requireDuration(service, '工作年限'), { months: service.months, days: service.days ?? 0 });
  const fullYears = Math.floor(length.months / 12 + 1e-9);
  const restMonths = Math.max(0, length.months - fullYears * 12);
  const restDays = length.days;
  const rest = { months: restMonths, days: restDays };
  const parts: string[] = [];
  let months = fullYears;
  if (fullYears) parts.push(`满${fullYears}年计${fullYears}个月`);
  if (restMonths >= 6) {
    months += 1;
    parts.push(`剩余${fmtDuration(rest)}（六个月以上不满一年，按一年计算）计1个月`);
  } else if (restMonths > 0 || restDays > 0) {
    months += 0.5;
    parts.push(`${fullYears ? '剩余' : ''}${fmtDuration(rest)}（不满六个月）计半个月`);
  }
  const basis = `工作${fmtDuration(length)}：${parts.join('；') || '无可计算的工作时间'}；合计${fmtMonths(months)}`;
  return { length, fullYears, compensationMonths: months, basis };
}

export interface WageBase {
  average: number;
  base: number;
  figures: Figure[];
  notes: string[];
  citations: LawRef[];
}

/** The 第四十七条第三款 / 实施条例第二十七条 monthly wage: average of the last 12 months, floored at the minimum wage. */
export function severanceWage(input: Pick<SeveranceInput, 'monthlyWage' | 'monthlyWages' | 'minimumWage'>): WageBase {
  const figures: Figure[] = [];
  const notes: string[] = [];
  const citations: LawRef[] = [];
  let average: number;
  if (input.monthlyWages && input.monthlyWages.length) {
    input.monthlyWages.forEach((w, i) => requireAmount(w, `第${i + 1}个月工资`));
    let wages = input.monthlyWages;
    if (wages.length > 12) {
      wages = wages.slice(-12);
      notes.push(`给出了${input.monthlyWages.length}个月的工资，只取解除或终止前最后12个月。`);
    }
    average = wages.reduce((a, b) => a + b, 0) / wages.length;
    const basis =
      wages.length < 12
        ? `工作不满12个月，按实际工作的${wages.length}个月平均：${wages.map((w) => fmt(w)).join(' + ')} = ${fmt(wages.reduce((a, b) => a + b, 0))}元，÷ ${wages.length} = ${fmt(average)}元`
        : `前12个月工资合计${fmt(wages.reduce((a, b) => a + b, 0))}元 ÷ 12 = ${fmt(average)}元`;
    figures.push(figure('前12个月平均工资', roundYuan(average), '元', basis));
    citations.push(cite(LAW.contractRegs, 27));
  } else if (input.monthlyWage !== undefined) {
    requireAmount(input.monthlyWage, '月工资');
    average = input.monthlyWage;
    figures.push(figure('月工资（解除或终止前12个月平均）', roundYuan(average), '元'));
    notes.push('月工资按解除或终止前12个月的平均应得工资计算，包括计时或计件工资以及奖金、津贴和补贴等货币性收入（实施条例第二十七条），不只是底薪。');
    citations.push(cite(LAW.contractRegs, 27));
  } else {
    throw new CalculatorInputError('需要月工资（monthlyWage）或各月工资（monthlyWages）');
  }
  let base = average;
  if (input.minimumWage !== undefined) {
    requireAmount(input.minimumWage, '最低工资标准');
    if (average < input.minimumWage) {
      base = input.minimumWage;
      figures.push(figure('计算基数（按最低工资标准）', base, '元', `平均工资${fmt(average)}元低于当地最低工资标准${fmt(base)}元，按最低工资标准计算`));
      citations.push(cite(LAW.contractRegs, 27));
    }
  }
  return { average, base, figures, notes, citations };
}

export interface SeveranceOptions {
  /** 2N: 赔偿金的计算年限自用工之日起计算 (实施条例第二十五条), so no 第九十七条 split of pre-2008 service. */
  fromHireDate?: boolean;
}

export interface SeveranceResult extends CalcResult {
  /** Months of wage paid after caps. */
  months: number;
  /** Monthly amount paid per month after caps. */
  monthlyBase: number;
  amount: number;
  capped: boolean;
}

export function severancePay(input: SeveranceInput, options: SeveranceOptions = {}): SeveranceResult {
  const rounding = roundServiceYears(input.service);
  const wage = severanceWage(input);
  const figures: Figure[] = [figure('工作年限折算月数', rounding.compensationMonths, '个月', rounding.basis), ...wage.figures];
  const notes: string[] = [...wage.notes];
  const citations: LawRef[] = [cite(LAW.contract, 47), ...wage.citations];

  let months = rounding.compensationMonths;
  let base = wage.base;
  let capped = false;
  const avg = input.averageWage?.monthly ?? null;
  if (input.averageWage && 'end' in input.service) {
    const expected = Number(input.service.end.slice(0, 4)) - 1;
    if (input.averageWage.year !== expected) {
      notes.push(`解除或终止在${expected + 1}年，上年度应为${expected}年度，这里用的是${input.averageWage.year}年度的平均工资，请核对。`);
    }
  }
  const yearText = input.averageWage ? `${input.averageWage.city}${input.averageWage.year}年度` : '本市上年度';
  if (avg !== null) {
    const threshold = 3 * avg;
    if (wage.base > threshold) {
      capped = true;
      base = threshold;
      const cappedMonths = Math.min(months, 12);
      figures.push(
        figure(
          '封顶后的月工资基数',
          roundYuan(threshold),
          '元',
          `月工资${fmt(wage.base)}元高于${yearText}职工月平均工资${fmt(avg)}元的三倍（${fmt(threshold)}元），按${fmt(threshold)}元计算`,
        ),
      );
      if (cappedMonths < months) {
        figures.push(figure('封顶后的计算月数', cappedMonths, '个月', `折算${fmtMonths(months)}，超过十二年的部分不计，最高12个月`));
      }
      months = cappedMonths;
      notes.push(`封顶依据${yearText}职工月平均工资${fmt(avg)}元（出处：${input.averageWage?.source ?? '未注明'}）；若解除或终止时该年度数字尚未公布，请核对应当使用哪一年度的数字。`);
    } else {
      notes.push(`月工资${fmt(wage.base)}元未超过${yearText}职工月平均工资${fmt(avg)}元的三倍（${fmt(threshold)}元），不封顶。`);
    }
  } else {
    const cannotExceed = input.minimumWage !== undefined && wage.base <= 3 * input.minimumWage;
    if (!cannotExceed) {
      notes.push(
        `未能核对封顶：办公室尚未录入${yearText}职工月平均工资。按劳动合同法第四十七条第二款，月工资高于该平均工资三倍的，按三倍数额计算，且年限最高不超过十二年；本结果未作封顶，工资较高时实际数额可能更低。`,
      );
    }
  }

  const amount = roundYuan(base * months);
  const label = options.fromHireDate ? '经济补偿标准（N）' : '经济补偿';
  figures.push(figure(label, amount, '元', `${fmt(base)}元 × ${fmtMonths(months)} = ${fmt(amount)}元`));

  if (!options.fromHireDate && 'start' in input.service && compareDates(input.service.start, '2008-01-01') < 0) {
    citations.push(cite(LAW.contract, 97));
    notes.push(
      `用工始于${chineseDate(input.service.start)}，早于劳动合同法施行（2008年1月1日）。依第九十七条第三款：2008年前的年限，按当时有关规定应当支付经济补偿的，按当时规定执行；当时不需支付的情形（例如劳动合同期满终止），经济补偿年限自2008年1月1日起计算。上面按全部年限计算的结果需据此核对。`,
    );
  }
  citations.push(cite(LAW.contract, 46));
  notes.push('是否应当支付经济补偿取决于解除或终止的情形（劳动合同法第四十六条），本计算只回答“应付时是多少”。');
  return { ...result(figures, citations, notes), months, monthlyBase: base, amount, capped };
}
