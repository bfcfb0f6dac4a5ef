/**
 * Calculations from a message: read the facts once (facts.ts), tell what is asked (intent.ts), compute or
 * ask for the one missing fact (plan.ts). The arithmetic lives in ../calculators, pure and tested apart.
 */
import {
  fmt, fmtDuration, HENAN_LEAVE_POLICY_ID, LAW, HENAN_MINIMUM_WAGE_POLICY_ID, loadAverageWages, loadPolicy,
  type AverageWageEntry, type LawRef, type Policy,
} from '../calculators/index.js';
import { chinaDate } from '../../clock.js';
import { chineseDate } from '../calculators/dates.js';
import type { Figure } from '../types.js';
import type { DurationQuantity } from '../quantities.js';
import { toSimplified } from '../simplified.js';
import { readFacts, type CalcFacts } from './facts.js';
import { withModelFacts, type FactReader } from './llm-facts.js';
import { calcKinds, type CalcKind } from './intent.js';
import { dayMatters, plan } from './plan.js';
import { ASK, type Slot } from './slots.js';

export { CALC_TITLE } from './intent.js';
export { llmFactReader } from './llm-facts.js';

export interface Calculation {
  kinds: CalcKind[];
  /** Every figure, in reading order: inputs, steps, results. */
  figures: Figure[];
  /** The result of each calculation that could be made. */
  results: Array<{ kind: CalcKind; figure: Figure }>;
  citations: LawRef[];
  notes: string[];
  /** The facts as read from the user's words, so a misreading can be spotted. */
  reading: string[];
  /** Calculations that cannot give a figure, and why. */
  explain: string[];
  /** The articles the calculation asked for rests on (shown beside a clarifying question). */
  basis: LawRef[];
  /** The one fact to ask for before a figure can be given. */
  ask?: { kind: CalcKind; slot: Slot; text: string };
  /** The message the facts were read from: a reply to `ask` is read together with it. */
  message: string;
}

export type Calculate = (message: string) => Promise<Calculation | undefined>;

/** Words that ask for a number, not only whether something is owed. */
const ASKS_AMOUNT = /多少|几(个|天|倍|年)|多久|多长时间|怎么算|如何算|咋算|怎样算|如何计算|怎么计算|算一下|算算|帮我算|数额|金额|N\s*\+\s*1|2\s*N/i;

/**
 * Two values offered for one fact ("9年还是11年", "九年多还是十年出头", "6000或者6500"): the user does not know
 * which, so neither can carry a figure.
 */
const NUM = '(?:\\d+(?:\\.\\d+)?|[一二两三四五六七八九十百千万半]+)';
const ABOUT = '(?:多|出头|左右|来)?';
const ALTERNATIVES = new RegExp(`${NUM}${ABOUT}\\s*(?:个)?(?:年|月|天|元|块|万|小时)?${ABOUT}\\s*(?:还是|或者|或是|到底是)\\s*${NUM}${ABOUT}\\s*(?:个)?(?:年|月|天|元|块|万|小时)${ABOUT}`);

/** Characters beyond which a message is a story or a case rather than a request for a figure. */
const LONG_STORY = 120;
/** Numbers in the message that no fact used (ages, amounts of other things are marked and not counted). */
function unread(f: CalcFacts, reading: string[]): string[] {
  const used = [
    ...Object.values(f).flatMap((v) => (v && typeof v === 'object' && 'from' in v ? [String((v as { from: unknown }).from)] : [])),
    ...(f.overtime?.from ?? []),
    ...reading,
  ].join('|');
  return [...new Set(f.quantities.filter((q) => !(q.kind === 'money' && q.role === 'other') && !used.includes(q.span.text)).map((q) => q.span.text))];
}

/**
 * Years of service said twice with different values ("一直干到现在，7年了……经理说工作满10年才有年假"), one read and
 * one left unused: the reading may have taken the wrong one, so it is shown to be checked.
 */
function rivalService(f: CalcFacts, unused: string[]): boolean {
  const read = [f.service?.from, f.totalService?.from].filter((x): x is string => !!x).join('|');
  if (!read) return false;
  const years = f.quantities.filter((q): q is DurationQuantity => q.kind === 'duration' && q.months >= 12 && (q.role === 'service' || q.role === 'unknown'));
  const used = years.filter((q) => read.includes(q.span.text));
  return years.some((q) => unused.includes(q.span.text) && used.every((u) => u.months !== q.months));
}

/** The articles each calculation rests on, most decisive first. */
const BASIS: Record<CalcKind, LawRef[]> = {
  severance: [{ law: LAW.contract, article: 47 }, { law: LAW.contract, article: 46 }],
  wrongful: [{ law: LAW.contract, article: 87 }, { law: LAW.contract, article: 47 }],
  notice: [{ law: LAW.contract, article: 40 }],
  double: [{ law: LAW.contract, article: 82 }, { law: LAW.contractRegs, article: 7 }],
  probation: [{ law: LAW.contract, article: 19 }, { law: LAW.contract, article: 20 }],
  'annual-leave': [{ law: LAW.leaveRegs, article: 3 }, { law: LAW.leaveRules, article: 5 }],
  'leave-pay': [{ law: LAW.leaveRules, article: 10 }],
  overtime: [{ law: LAW.labour, article: 44 }],
  medical: [{ law: LAW.medical, article: 3 }],
  maternity: [{ law: LAW.women, article: 7 }],
  'minimum-wage': [{ law: LAW.labour, article: 48 }],
};

const GROUND_TEXT: Record<string, string> = {
  resigned: '员工主动辞职', 'employer-fault': '因单位过错辞职（第三十八条）', misconduct: '员工严重违纪等（第三十九条）', lawful: '单位依第四十条解除',
  redundancy: '经济性裁员或经营原因（第四十一条）', agreed: '协商解除', expiry: '合同到期终止', wrongful: '单位违法解除',
  'declined-renewal': '合同到期，单位维持或提高条件续订而劳动者不续',
};

/** Units the question asks for in so many words: an amount, a number of days, a number of months. */
const ASKED_UNIT: Array<[RegExp, string]> = [
  [/多少钱|赔多少|补多少|拿多少|付多少|多少元|多少块|几个钱|(工资|补偿|赔偿金|加班费|代通知金|差额)[^。？?，,]{0,6}多少|最低(该|应该|能)?(给|发|是)?多少/, '元'],
  // "这几天加班费多少" asks an amount, not days.
  [/(休|有|给|剩|算|放|批)[^，。？?]{0,4}几天|几天(的)?(年假|年休假|假|产假)|多少天/, '天'],
  [/(?<![前这那])几个月|多少个月/, '个月'],
];

/** Whether the figures include one of each unit the question asks for. */
function answersAsked(text: string, figures: Figure[]): boolean {
  const asked = ASKED_UNIT.filter(([re]) => re.test(text)).map(([, unit]) => unit);
  return asked.every((unit) => figures.some((f) => f.unit.replace(/\/.*$/, '') === unit));
}

/** What was read, in the user's own words, for the facts the calculations used. */
function reading(f: CalcFacts, kinds: CalcKind[]): string[] {
  const out: string[] = [];
  const q = (from: string) => (from === "模型读取" ? "（由模型从您的话中读出）" : `（“${from}”）`);
  if (f.wage) out.push(`月工资${fmt(f.wage.value)}元${q(f.wage.from)}`);
  if (f.probationWage) out.push(`试用期工资${fmt(f.probationWage.value)}元${q(f.probationWage.from)}`);
  if (f.averageWage) out.push(`本市上年度职工月平均工资${fmt(f.averageWage.value)}元${q(f.averageWage.from)}`);
  if (f.service) out.push(`在本单位工作${fmtDuration(f.service.value)}${q(f.service.from)}`);
  if (f.totalService) out.push(`累计工作${fmtDuration(f.totalService.value)}${q(f.totalService.from)}`);
  // A month said without its day is shown as such, not as the 1st the arithmetic starts from.
  const month = (iso: string) => chineseDate(iso).replace(/\d+日$/, '（没说哪天）');
  if (f.start) out.push(`入职日期${f.startMonthOnly ? month(f.start.value) : chineseDate(f.start.value)}${q(f.start.from)}`);
  if (f.end) out.push(`离职日期${f.endMonthOnly ? month(f.end.value) : chineseDate(f.end.value)}${q(f.end.from)}`);
  if (f.signed) out.push(`签订书面合同日期${chineseDate(f.signed.value)}${q(f.signed.from)}`);
  if (f.contractTerm && kinds.includes('probation')) out.push(`劳动合同期限${fmtDuration(f.contractTerm.value)}${q(f.contractTerm.from)}`);
  if (f.probation && kinds.includes('probation')) out.push(`约定试用期${fmtDuration(f.probation.value)}${q(f.probation.from)}`);
  if (f.overtime && kinds.includes('overtime')) {
    const h = f.overtime;
    const parts = [h.workday && `工作日延长${fmt(h.workday)}小时`, h.restDay && `休息日${fmt(h.restDay)}小时`, h.holiday && `法定节假日${fmt(h.holiday)}小时`].filter(Boolean);
    out.push(`加班${parts.join('、')}${q(h.from.join('；'))}`);
    if (f.timeOff !== undefined) out.push(f.timeOff ? '休息日加班已安排补休' : '没有安排补休');
  }
  if (f.ground && kinds.some((k) => k === 'severance' || k === 'wrongful' || k === 'notice')) out.push(`离职原因：${GROUND_TEXT[f.ground.value]}${q(f.ground.from)}`);
  if (f.yearMissing && !f.yearAssumed) out.push(`日期没写年份：“${f.yearMissing.replace(/（按(\d+)年）$/, '”按$1年理解')}，不对请告诉我`);
  if (f.ownAverageWage) out.push(`解除前12个月平均工资${fmt(f.ownAverageWage.value)}元${q(f.ownAverageWage.from)}`);
  if (f.lastMonthWage) out.push(`上个月工资${fmt(f.lastMonthWage.value)}元${q(f.lastMonthWage.from)}`);
  if (f.dailyWage && !f.wage) out.push(`日工资${fmt(f.dailyWage.value)}元${q(f.dailyWage.from)}`);
  if (f.hourlyWage) out.push(`小时工资${fmt(f.hourlyWage.value)}元${q(f.hourlyWage.from)}`);
  if (f.untakenDays && kinds.includes('leave-pay')) out.push(`未休年休假${fmt(f.untakenDays.value)}天${q(f.untakenDays.from)}`);
  if (f.leaveTaken !== undefined && kinds.includes('annual-leave')) out.push(`今年已休${fmt(f.leaveTaken)}天`);
  return out;
}

/**
 * Read the calculators' inputs from a message and compute what it asks, or ask for what is missing. With a
 * model (`readFacts`), a calculation question's facts are also read by the model, and those the text
 * supports are used (llm-facts.ts); the arithmetic is the same.
 */
export function makeCalculate(knowledgeDir: string, now: () => Date = () => new Date(), options: { readFacts?: FactReader } = {}): Calculate {
  let wages: AverageWageEntry[] | undefined;
  const policies = new Map<string, Policy | null>();
  const policy = (id: string) => {
    if (!policies.has(id)) {
      try {
        policies.set(id, loadPolicy(knowledgeDir, id));
      } catch {
        policies.set(id, null); // the office removed it: national rules only
      }
    }
    return policies.get(id)!;
  };
  const ctx = {
    averageWages: () => {
      if (!wages) {
        try {
          wages = loadAverageWages(knowledgeDir);
        } catch {
          wages = []; // a malformed file (the check-law and ingest commands report it) must not stop every calculation
        }
      }
      return wages;
    },
    henanLeave: () => policy(HENAN_LEAVE_POLICY_ID),
    minimumWage: () => policy(HENAN_MINIMUM_WAGE_POLICY_ID),
  };

  return async (raw) => {
    const message = toSimplified(raw);
    const today = chinaDate(now());
    let facts = readFacts(message, today);
    let kinds = calcKinds(facts.text, facts);
    if (!kinds.length) return undefined;
    const model = options.readFacts && (await options.readFacts(message, today));
    if (model) {
      facts = withModelFacts(facts, model);
      kinds = calcKinds(facts.text, facts);
      if (!kinds.length) return undefined;
    }
    const steps = plan(kinds, facts, { ...ctx, today });
    const day = steps.some((s) => 'ask' in s) ? undefined : dayMatters(kinds, facts, { ...ctx, today });
    if (day) steps.unshift({ kind: steps[0]!.kind, ask: day });
    const calc: Calculation = { kinds, figures: [], results: [], citations: [], notes: [], reading: reading(facts, kinds), explain: [], basis: [], message };
    for (const s of steps) {
      if ('ask' in s) {
        if (!calc.ask) {
          calc.ask = { kind: s.kind, slot: s.ask, text: ASK[s.ask] };
          calc.basis = BASIS[s.kind];
        }
      } else if ('explain' in s) {
        calc.explain.push(s.explain);
      } else {
        const r = s.result;
        calc.figures.push(...r.figures);
        calc.results.push({ kind: s.kind, figure: r.primary }, ...(s.also ?? []).map((figure) => ({ kind: s.kind, figure })));
        for (const c of r.citations) if (!calc.citations.some((x) => x.law === c.law && x.article === c.article)) calc.citations.push(c);
        calc.notes.push(
          ...r.notes,
          ...r.policies.map((p) => `（地方政策：${p.title}${p.docNumber ? `，${p.docNumber}` : ''}${p.verified ? '' : '，数字尚待办公室核实'}）`),
        );
      }
    }
    // "N+1": the two together are what the user asked for.
    const n = calc.results.find((r) => r.kind === 'severance');
    const one = calc.results.find((r) => r.kind === 'notice');
    if (n && one && n.figure.value > 0 && one.figure.value > 0) {
      const total = { label: '经济补偿加代通知金合计（N+1）', value: Math.round((n.figure.value + one.figure.value) * 100) / 100, unit: '元', basis: `${fmt(n.figure.value)}元 + ${fmt(one.figure.value)}元` };
      calc.figures.push(total);
      calc.results.push({ kind: 'notice', figure: total });
    }
    // A message with several numbers the reading did not use is read wrong often enough (four in ten such
    // figures were wrong on outside questions as they arrived) that the reading is shown to be checked first,
    // with the numbers left unused: "对" gives the figure, a correction changes it.
    const alternative = ALTERNATIVES.exec(facts.text)?.[0];
    if (!calc.ask && calc.results.length && !facts.confirmed && alternative) {
      const kind = calc.results[0]!.kind;
      calc.ask = { kind, slot: 'choose', text: `您说的“${alternative}”我没法替您定下来，结果会因此不同。请告诉我准确的数字（例如“${alternative.split(/还是|或者|或是|到底是/)[0]!.trim()}”），我再算。` };
      calc.basis = BASIS[kind];
    }
    const unused = unread(facts, calc.reading);
    // A calculation that read none of the user's numbers (a birth's leave) cannot have misread them.
    if (!calc.ask && calc.results.length && calc.reading.length && !facts.confirmed && (unused.length >= 2 || rivalService(facts, unused))) {
      const kind = calc.results[0]!.kind;
      calc.ask = { kind, slot: 'confirm', text: `${ASK.confirm}\n（您提到而我没有用上的数字：${unused.join('、')}）` };
      calc.basis = BASIS[kind];
    }
    // The figures must answer what was asked: an amount asked ("赔多少钱") and only months or days computed
    // (the probation limit for "试用期工资最低多少") is an answer to another question, so none is shown.
    if (!calc.ask && calc.results.length && !answersAsked(facts.text, calc.figures)) return undefined;
    // A long story that lacks a fact is usually a case asking about the law: the guidance answers it. So is a
    // yes-or-no question ("要给补偿吗", "真的要赔吗") that names no amount: whether is the rule's to answer.
    if (calc.ask && (!calc.results.length || calc.ask.slot === 'confirm' || calc.ask.slot === 'choose') && !ASKS_AMOUNT.test(facts.text)) return undefined;
    if (calc.ask && !calc.results.length && message.length > LONG_STORY) return undefined;
    // A figure beside an open question would rest on a guess: ask first, compute after the reply.
    if (calc.ask) {
      calc.figures = [];
      calc.results = [];
      calc.notes = [];
    }
    calc.notes = [...new Set(calc.notes)];
    return calc;
  };
}
