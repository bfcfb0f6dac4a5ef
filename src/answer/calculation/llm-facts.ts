/**
 * LLM mode: a configured OpenAI-compatible model reads the facts of a calculation as structured output
 * (zod schema, withStructuredOutput), and the arithmetic stays in the deterministic calculators. The model
 * only helps to read: a value it returns that the user's words do not contain (a wage no amount in the
 * text equals, a date not in the text, a ground where no termination is spoken of) is dropped.
 */
import { ChatOpenAI } from '@langchain/openai';
import { z } from 'zod';
import type { Config } from '../../config.js';
import type { CalcFacts, Ground } from './facts.js';
import { TERMINATION } from './intent.js';

const GROUNDS = ['resigned', 'employer-fault', 'misconduct', 'lawful', 'redundancy', 'agreed', 'expiry', 'wrongful'] as const satisfies readonly Ground[];

/** Every field nullable rather than optional: strict JSON-schema output wants each key present. */
export const llmFactsSchema = z.object({
  monthlyWage: z.number().nullable().describe('劳动者的月工资（元），没有说就是 null'),
  localAverageWage: z.number().nullable().describe('用户给出的本市上年度职工月平均工资（元）'),
  serviceMonths: z.number().nullable().describe('在本单位工作的月数'),
  totalServiceMonths: z.number().nullable().describe('参加工作以来累计工作的月数（含以前的单位）'),
  startDate: z.string().nullable().describe('入职日期 YYYY-MM-DD'),
  endDate: z.string().nullable().describe('离职或解除日期 YYYY-MM-DD'),
  ground: z.enum(GROUNDS).nullable().describe('劳动关系结束的原因'),
  workdayOvertimeHours: z.number().nullable(),
  restDayOvertimeHours: z.number().nullable(),
  holidayOvertimeHours: z.number().nullable(),
  timeOffGiven: z.boolean().nullable().describe('休息日加班是否已安排补休'),
  untakenLeaveDays: z.number().nullable().describe('未休的年休假天数'),
});
export type LlmFacts = z.infer<typeof llmFactsSchema>;

export type FactReader = (text: string, today: string) => Promise<LlmFacts | undefined>;

const SYSTEM = [
  '你从用户关于劳动用工计算的问题里提取事实，只提取用户明确说出的内容，不推测、不计算结果。',
  '金额按元，时长按月，日期按 YYYY-MM-DD（今天的日期会给出，用来换算“今年”“去年”等说法）。',
  '没有说到的字段一律为 null。',
].join('\n');

/** A reader over the configured model, or undefined in offline mode. */
export function llmFactReader(config: Pick<Config, 'OPENAI_API_KEY' | 'OPENAI_BASE_URL' | 'OPENAI_MODEL'>, timeoutMs = 8000): FactReader | undefined {
  if (!config.OPENAI_API_KEY) return undefined;
  const model = new ChatOpenAI({
    model: config.OPENAI_MODEL,
    apiKey: config.OPENAI_API_KEY,
    temperature: 0,
    configuration: config.OPENAI_BASE_URL ? { baseURL: config.OPENAI_BASE_URL } : undefined,
    timeout: timeoutMs,
    maxRetries: 0,
  }).withStructuredOutput(llmFactsSchema, { name: 'calculation_facts', method: 'jsonSchema' });
  return async (text, today) => {
    try {
      return await model.invoke([
        { role: 'system', content: SYSTEM },
        { role: 'user', content: `今天是${today}。\n${text}` },
      ]);
    } catch {
      return undefined; // the model is down, slow or talks nonsense: the deterministic reading stands
    }
  };
}

/**
 * The facts with the model's readings laid into the gaps the rules left: the model never overrides a fact
 * the rules read (nor a ground they found disputed, nor an approximate length they will ask about), and a
 * value is taken only when the text supports it in its role — an amount the text gives as pay, not as
 * 补偿 or 押金; a length the text gives as service, not as probation; a date in the text.
 */
export function withModelFacts(facts: CalcFacts, m: LlmFacts): CalcFacts {
  const out: CalcFacts = { ...facts };
  const qs = facts.quantities;
  const near = (a: number, b: number) => Math.abs(a - b) < 0.01;
  const pay = qs.filter((q) => q.kind === 'money' && (q.role === 'monthly-wage' || q.role === 'unknown')).map((q) => (q.kind === 'money' ? q.yuan : 0));
  const average = qs.filter((q) => q.kind === 'money' && q.role === 'average-wage').map((q) => (q.kind === 'money' ? q.yuan : 0));
  const lengths = qs.filter((q) => q.kind === 'duration' && (q.role === 'service' || q.role === 'unknown')).map((q) => (q.kind === 'duration' ? q.months : 0));
  const dates = qs.filter((q) => q.kind === 'date').map((q) => (q.kind === 'date' ? q.iso : undefined));
  const said = (v: number, list: number[]) => list.some((x) => near(x, v));
  const from = '模型读取';
  if (!out.wage && m.monthlyWage !== null && said(m.monthlyWage, pay)) out.wage = { value: m.monthlyWage, from };
  if (!out.averageWage && m.localAverageWage !== null && said(m.localAverageWage, [...average, ...pay])) out.averageWage = { value: m.localAverageWage, from };
  if (!out.service && m.serviceMonths !== null && said(m.serviceMonths, lengths)) out.service = { value: { months: m.serviceMonths }, from };
  if (!out.totalService && m.totalServiceMonths !== null && said(m.totalServiceMonths, lengths)) out.totalService = { value: { months: m.totalServiceMonths }, from };
  if (!out.start && m.startDate && dates.includes(m.startDate)) out.start = { value: m.startDate, from };
  if (!out.end && m.endDate && dates.includes(m.endDate)) out.end = { value: m.endDate, from };
  if (!out.ground && !out.groundDisputed && m.ground && TERMINATION.test(facts.text)) out.ground = { value: m.ground, from };
  if (out.timeOff === undefined && m.timeOffGiven !== null && /调休|补休|倒休|补假|换休/.test(facts.text)) out.timeOff = m.timeOffGiven;
  if (!out.untakenDays && m.untakenLeaveDays !== null && qs.some((q) => q.kind === 'duration' && q.months === 0 && near(q.days, m.untakenLeaveDays!))) {
    out.untakenDays = { value: m.untakenLeaveDays, from };
  }
  // Overtime only when the rules read none: each kind of day's hours must be hours said, hours × days said, or days × 8.
  if (!out.overtime) {
    const hours = qs.filter((q) => q.kind === 'hours').map((q) => (q.kind === 'hours' ? q.hours : 0));
    const days = qs.filter((q) => q.kind === 'duration' && q.months === 0).map((q) => (q.kind === 'duration' ? q.days : 0));
    const derivable = (h: number) => said(h, hours) || hours.some((x) => days.some((d) => near(x * d, h))) || days.some((d) => near(d * 8, h));
    const ot = { workday: m.workdayOvertimeHours, restDay: m.restDayOvertimeHours, holiday: m.holidayOvertimeHours };
    if (Object.values(ot).some((v) => v !== null && v > 0) && Object.values(ot).every((v) => v === null || v === 0 || derivable(v))) {
      // Holiday hours from the model carry the same doubt as the rules' "春节期间": which days?
      out.overtime = { workday: ot.workday ?? 0, restDay: ot.restDay ?? 0, holiday: ot.holiday ?? 0, from: [from], ...(ot.holiday ? { holidayPeriodOnly: true } : {}) };
    }
  }
  return out;
}
