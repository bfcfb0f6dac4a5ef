import {
  annualLeave, averageWageFor, CalculatorInputError, doubleWage, HENAN_LEAVE_POLICY_ID, loadAverageWages, loadPolicy,
  maternityLeave, noticePay, overtimePay, probationCheck, severancePay, wrongfulTerminationDamages,
  type AverageWageEntry, type CalcResult, type ContractTerm, type Policy,
} from './calculators/index.js';
import { extractFacts, type QuantityFacts } from './quantities.js';
import type { ComposeInput } from './compose.js';

type Calculation = NonNullable<ComposeInput['calculation']>;

const DISMISSAL = /辞退|开除|解除|裁员|炒|不用来了|走人|补偿|N\+1|2N|赔多少|赔偿|能拿多少|给多少钱/i;
const WRONGFUL = /违法|无故|没有理由|没理由|没给理由|2N|不用来了|一句话/i;
const NO_NOTICE = /代通知|N\+1|没提前|没有提前|未提前|直接让我走|当天就/i;
const NO_CONTRACT = /没签|未签|不签|没有签|没有书面合同|没有合同|没合同/;

/** Read the calculators' inputs from a message and run those the question asks for and the facts allow. */
export function makeCalculate(knowledgeDir: string, today: () => Date = () => new Date()): (question: string) => Calculation | undefined {
  let wages: AverageWageEntry[] | undefined;
  let henan: Policy | null | undefined;
  const averageWages = () => (wages ??= loadAverageWages(knowledgeDir));
  const henanPolicy = () => {
    if (henan === undefined) {
      try {
        henan = loadPolicy(knowledgeDir, HENAN_LEAVE_POLICY_ID);
      } catch {
        henan = null; // the office removed it: national rules only
      }
    }
    return henan;
  };

  return (question) => {
    const facts = extractFacts(question);
    const date = today().toISOString().slice(0, 10);
    const results: CalcResult[] = [];
    try {
      results.push(...run(question, facts, date, averageWages, henanPolicy));
    } catch (e) {
      // Impossible numbers (a negative wage, an end before the start) mean no calculation, not a crash.
      if (!(e instanceof CalculatorInputError)) throw e;
    }
    if (!results.length) return undefined;
    const citations = results.flatMap((r) => r.citations);
    const notes = results.flatMap((r) => [
      ...r.notes,
      ...r.policies.map((p) => `（地方政策：${p.title}${p.docNumber ? `，${p.docNumber}` : ''}${p.verified ? '' : '，数字尚待办公室核实'}）`),
    ]);
    return {
      figures: results.flatMap((r) => r.figures),
      citations: citations.filter((c, i) => citations.findIndex((x) => x.law === c.law && x.article === c.article) === i),
      notes: [...new Set(notes)],
    };
  };
}

function run(q: string, f: QuantityFacts, today: string, averageWages: () => AverageWageEntry[], henan: () => Policy | null): CalcResult[] {
  const out: CalcResult[] = [];
  const wage = f.monthlyWage;
  const service = f.startDate ? { start: f.startDate, end: f.endDate ?? today } : f.service && { months: f.service.months, days: f.service.days };
  if (NO_CONTRACT.test(q) && /合同/.test(q) && wage && (f.startDate || f.service)) {
    out.push(
      doubleWage(
        f.startDate
          ? { monthlyWage: wage, start: f.startDate, ...(f.contractSignedDate ? { signed: f.contractSignedDate } : { asOf: f.endDate ?? today }) }
          : { monthlyWage: wage, worked: f.service! },
      ),
    );
  } else if (DISMISSAL.test(q) && wage && service) {
    const input = { service, monthlyWage: wage, averageWage: averageWageFor(averageWages(), f.endDate ?? today) };
    out.push(WRONGFUL.test(q) ? wrongfulTerminationDamages(input) : severancePay(input));
    if (NO_NOTICE.test(q) && !WRONGFUL.test(q)) out.push(noticePay({ lastMonthWage: wage }));
  }
  if (/试用期/.test(q) && (f.contractTerm || /无固定期限/.test(q))) {
    const term: ContractTerm = f.contractTerm ? { kind: 'fixed', ...f.contractTerm } : { kind: 'open-ended' };
    out.push(probationCheck({ term, probation: f.probation, monthlyWage: wage, probationWage: f.probationWage }));
  }
  if (/年假|年休假/.test(q) && f.service && !/没休|未休/.test(q)) {
    out.push(annualLeave({ cumulativeService: f.service, year: Number(today.slice(0, 4)), ...(f.startDate ? { joined: f.startDate } : {}) }));
  }
  if (/加班/.test(q) && wage && f.overtimeHours) {
    const h = f.overtimeHours;
    out.push(overtimePay({ monthlyWage: wage, workdayHours: h.workday + h.unknown, restDayHours: h['rest-day'], holidayHours: h.holiday, restDayCompensated: /调休|补休/.test(q) }));
  }
  if (/产假/.test(q) && /多少天|几天|多久|多长/.test(q)) {
    out.push(maternityLeave({ event: /流产/.test(q) ? 'miscarriage' : 'birth', dystocia: /难产|剖腹产|剖宫产/.test(q), babies: /双胞胎|双胎/.test(q) ? 2 : /三胞胎/.test(q) ? 3 : 1, localPolicy: henan() }));
  }
  return out;
}
