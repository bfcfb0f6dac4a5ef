/** Helpers shared by the calculators: law names, money rounding, Chinese wording of numbers and durations. */
import type { Figure } from '../types.js';
import { CalculatorInputError, type CalcResult, type Duration, type LawRef, type PolicyRef } from './types.js';

/** File names of the laws the calculators cite (knowledge/laws/<name>.md). */
export const LAW = {
  contract: '劳动合同法',
  contractRegs: '劳动合同法实施条例',
  labour: '劳动法',
  leaveRegs: '职工带薪年休假条例',
  leaveRules: '企业职工带薪年休假实施办法',
  medical: '企业职工患病或非因工负伤医疗期规定',
  women: '女职工劳动保护特别规定',
  wageDays: '关于职工全年月平均工作时间和工资折算问题的通知',
  wagePayment: '工资支付暂行规定',
  arbitration: '劳动争议调解仲裁法',
  minimumWage: '最低工资规定',
  disputesII: '最高人民法院关于审理劳动争议案件适用法律问题的解释（二）',
} as const;

export const cite = (law: string, article: number): LawRef => ({ law, article });

/** 月计薪天数 = (365 − 104) ÷ 12 (劳社部发〔2008〕3号 二、). */
export const PAY_DAYS_PER_MONTH = 21.75;

/** Round to the fen (0.01 yuan), half away from zero, without binary-fraction surprises. */
export function roundYuan(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x) * 100 + 1e-7) / 100;
}

/** 32000 → "32000", 367.8160 → "367.82", 0.5 → "0.5". */
export function fmt(x: number, digits = 2): string {
  const f = 10 ** digits;
  const r = Math.round(x * f + (x >= 0 ? 1e-7 : -1e-7)) / f;
  return String(Number(r.toFixed(digits)));
}

/** 3个月 / 0.5个月 (the wording used in 第四十七条: 半个月). */
export function fmtMonths(m: number): string {
  return m === 0.5 ? '半个月' : `${fmt(m)}个月`;
}

/** {months: 42, days: 3} → "3年6个月3天"; {months: 0} → "0个月". */
export function fmtDuration(d: Duration): string {
  const y = Math.floor(d.months / 12);
  const m = d.months - y * 12;
  const parts: string[] = [];
  if (y) parts.push(`${y}年`);
  if (m) parts.push(`${fmt(m)}个月`);
  if (d.days) parts.push(`${d.days}天`);
  return parts.join('') || '0个月';
}

export function requireAmount(value: number, what: string): void {
  if (!Number.isFinite(value) || value < 0) throw new CalculatorInputError(`${what}应为不小于0的数字：${value}`);
}

export function requirePositive(value: number, what: string): void {
  if (!Number.isFinite(value) || value <= 0) throw new CalculatorInputError(`${what}应为大于0的数字：${value}`);
}

export function requireDuration(d: Duration, what: string): void {
  requireAmount(d.months, `${what}（月数）`);
  if (d.days !== undefined) requireAmount(d.days, `${what}（天数）`);
}

export function figure(label: string, value: number, unit: string, basis?: string): Figure {
  return basis === undefined ? { label, value, unit } : { label, value, unit, basis };
}

/** Build a CalcResult whose primary figure is the last one (or the one given); citations are de-duplicated. */
export function result(figures: Figure[], citations: LawRef[], notes: string[], policies: PolicyRef[] = [], primaryFigure?: Figure): CalcResult {
  const primary = primaryFigure ?? figures[figures.length - 1];
  if (!primary) throw new Error('a calculation needs at least one figure');
  const seen = new Set<string>();
  const unique = citations.filter((c) => {
    const k = `${c.law}#${c.article}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return { primary, figures, citations: unique, notes, policies };
}
