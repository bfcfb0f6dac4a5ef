/**
 * 加班费, 劳动法第四十四条: hourly wage = monthly wage ÷ 21.75 ÷ 8 (劳社部发〔2008〕3号 二、); 150% for
 * hours beyond the working day, 200% for a rest day when no compensatory time off is given, 300% for a
 * statutory holiday. Every overtime hour is paid at its full rate on top of the monthly wage.
 */
import type { Figure } from '../types.js';
import { LAW, PAY_DAYS_PER_MONTH, cite, figure, fmt, requireAmount, result, roundYuan } from './common.js';
import type { CalcResult, LawRef } from './types.js';

export interface OvertimeInput {
  /** The wage overtime is computed on (normally the contract wage; see note). */
  monthlyWage: number;
  /** Hours beyond the normal working day (延长工作时间). */
  workdayHours?: number;
  /** Hours worked on rest days (休息日, usually weekends). */
  restDayHours?: number;
  /** Hours worked on statutory holidays (法定休假日). */
  holidayHours?: number;
  /** Rest-day work made up with time off (补休): then no 200% pay is owed for it. */
  restDayCompensated?: boolean;
}

export interface OvertimeResult extends CalcResult {
  hourlyWage: number;
  amount: number;
}

export function overtimePay(input: OvertimeInput): OvertimeResult {
  requireAmount(input.monthlyWage, '月工资');
  const w = input.workdayHours ?? 0;
  const r = input.restDayHours ?? 0;
  const h = input.holidayHours ?? 0;
  requireAmount(w, '工作日延长工作时间');
  requireAmount(r, '休息日加班时间');
  requireAmount(h, '法定休假日加班时间');
  const hourly = input.monthlyWage / PAY_DAYS_PER_MONTH / 8;
  const figures: Figure[] = [
    figure('小时工资', roundYuan(hourly), '元', `月工资${fmt(input.monthlyWage)}元 ÷ 21.75天 ÷ 8小时 ≈ ${fmt(hourly)}元`),
  ];
  const citations: LawRef[] = [cite(LAW.labour, 44), cite(LAW.wageDays, 2), cite(LAW.wagePayment, 13)];
  const notes: string[] = [];
  let total = 0;
  const parts: string[] = [];
  const add = (label: string, hours: number, rate: number) => {
    const amount = roundYuan(hourly * rate * hours);
    total += amount;
    figures.push(figure(label, amount, '元', `${fmt(input.monthlyWage)}元 ÷ 21.75 ÷ 8 × ${rate * 100}% × ${fmt(hours)}小时 = ${fmt(amount)}元`));
    parts.push(fmt(amount));
  };
  if (w) add('工作日延长工作时间加班费（150%）', w, 1.5);
  if (r) {
    if (input.restDayCompensated) {
      notes.push(`休息日加班${fmt(r)}小时已安排补休，不再支付200%的加班工资（劳动法第四十四条第（二）项）。`);
    } else {
      add('休息日加班费（200%，未安排补休）', r, 2);
      notes.push('休息日加班能安排同等时间补休的，可以不支付加班工资；法定休假日加班不能以补休代替。');
    }
  }
  if (h) add('法定休假日加班费（300%）', h, 3);
  const amount = roundYuan(total);
  figures.push(figure('加班费合计', amount, '元', parts.length > 1 ? `${parts.join(' + ')} = ${fmt(amount)}元` : `${fmt(amount)}元`));
  notes.push('计算中小时工资不提前取整，每一类加班费保留到分后相加；加班费是在正常月工资之外另付的。');
  notes.push('加班费按劳动合同规定的劳动者本人日或小时工资标准计算（工资支付暂行规定第十三条）；合同约定不明时以什么为基数、奖金津贴是否计入，各地口径不一。');
  if (w + r > 36) {
    citations.push(cite(LAW.labour, 41));
    notes.push(`如果这是一个月内的加班，工作日延长和休息日加班合计${fmt(w + r)}小时，可能已超过劳动法第四十一条每月不得超过三十六小时的限制（有第四十二条情形的除外；休息日加班是否计入各地理解不一）。`);
  }
  return { ...result(figures, citations, notes), hourlyWage: hourly, amount };
}
