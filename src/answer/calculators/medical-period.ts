/**
 * 医疗期, 企业职工患病或非因工负伤医疗期规定第三条: 3 to 24 months by total years of work (实际工作年限) and
 * years with this employer; 第四条: the window within which the sick days are added up.
 * Where the text says both "十年以下" and "十年以上" (likewise 五年/十五年/二十年), a worker who has completed
 * exactly that many years is put in the higher tier (满十年 = 十年以上), as is usual practice.
 */
import { LAW, cite, figure, fmtDuration, requireDuration, result } from './common.js';
import type { CalcResult, Duration } from './types.js';

export interface MedicalPeriodInput {
  /** 实际参加工作年限: all employers. */
  totalService: Duration;
  /** 在本单位工作年限. */
  serviceHere: Duration;
}

export interface MedicalPeriodResult extends CalcResult {
  /** Medical period in months. */
  months: number;
  /** 第四条: the sick days are added up within this many months. */
  windowMonths: number;
}

/** 第四条: medical period → counting window, in months. */
export const MEDICAL_WINDOW: Readonly<Record<number, number>> = { 3: 6, 6: 12, 9: 15, 12: 18, 18: 24, 24: 30 };

export function medicalPeriodMonths(totalMonths: number, hereMonths: number): number {
  const y = (m: number) => m / 12;
  const total = y(totalMonths);
  const here = y(hereMonths);
  if (total < 10) return here < 5 ? 3 : 6;
  if (here < 5) return 6;
  if (here < 10) return 9;
  if (here < 15) return 12;
  if (here < 20) return 18;
  return 24;
}

export function medicalPeriod(input: MedicalPeriodInput): MedicalPeriodResult {
  requireDuration(input.totalService, '实际工作年限');
  requireDuration(input.serviceHere, '本单位工作年限');
  const notes: string[] = [];
  let totalMonths = input.totalService.months;
  const hereMonths = input.serviceHere.months;
  if (totalMonths < hereMonths) {
    totalMonths = hereMonths;
    notes.push('实际工作年限不可能少于本单位工作年限，已按本单位工作年限计。');
  }
  const months = medicalPeriodMonths(totalMonths, hereMonths);
  const window = MEDICAL_WINDOW[months]!;
  const t = fmtDuration({ months: totalMonths, days: input.totalService.days ?? 0 });
  const h = fmtDuration(input.serviceHere);
  const totalTier = totalMonths < 120 ? '十年以下' : '十年以上';
  const figures = [
    figure('医疗期', months, '个月', `实际工作${t}（${totalTier}），在本单位工作${h}：医疗期${months}个月`),
    figure('累计病休的计算周期', window, '个月', `医疗期${months}个月的，按${window}个月内累计病休时间计算`),
  ];
  const boundary = [60, 120, 180, 240].includes(hereMonths) || totalMonths === 120;
  if (boundary) {
    notes.push('工作年限恰好是整5年、10年、15年或20年：条文“以下”“以上”都包括本数，这里按满该年限归入较高一档，与通常做法一致；如发生争议以当地仲裁口径为准。');
  }
  notes.push('医疗期内，用人单位不得依劳动合同法第四十条、第四十一条解除劳动合同；劳动合同期满的，续延至医疗期满时终止（劳动合同法第四十二条、第四十五条）。');
  notes.push('医疗期满不能从事原工作、也不能从事另行安排的工作的，用人单位才可以依劳动合同法第四十条第（一）项解除，并应支付经济补偿。');
  notes.push('对癌症、精神病、瘫痪等特殊疾病，劳动部1995年的贯彻通知允许经批准适当延长医疗期；该通知未收入本库，遇到此类情况请转人工核实。');
  const citations = [cite(LAW.medical, 3), cite(LAW.medical, 4), cite(LAW.medical, 2), cite(LAW.contract, 42), cite(LAW.contract, 45), cite(LAW.contract, 40)];
  return { ...result(figures, citations, notes, [], figures[0]), months, windowMonths: window };
}
