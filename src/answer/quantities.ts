/**
 * Amounts, durations, dates and hours in everyday Chinese: 8000元, 8千, 8k, 八千块, 1.2万, 月薪8000, 工资八千五;
 * 三年半, 3年6个月, 42个月, 两年零三个月, 半年, 10天, 15日; 2024年3月1日, 2024-03-01; 加了20个小时.
 * Each value comes with the span of text it was read from and a role guessed from the words around it
 * (月薪/工资/底薪/一个月 → monthly wage; 干了/工作了/入职/年限 → service length; 合同 → contract term …),
 * so a caller can tell the monthly wage from other amounts. Pure and deterministic.
 */
import { daysInMonth } from '../clock.js';

export interface TextSpan {
  /** Offsets in the original text (UTF-16 code units, end exclusive). */
  start: number;
  end: number;
  text: string;
}

/** 'other': the words around say it is not a wage (补偿, 押金…); 'unknown': nothing around says what it is. */
export type MoneyRole = 'monthly-wage' | 'probation-wage' | 'average-wage' | 'annual-wage' | 'daily-wage' | 'hourly-wage' | 'other' | 'unknown';
export type DurationRole = 'service' | 'contract-term' | 'probation' | 'sick-leave' | 'pregnancy' | 'unknown';
export type DateRole = 'start' | 'end' | 'contract-signed' | 'contract-end' | 'unknown';
export type DayType = 'workday' | 'rest-day' | 'holiday' | 'unknown';

export interface MoneyQuantity {
  kind: 'money';
  yuan: number;
  role: MoneyRole;
  /** "八千多块", "1万左右": a rough figure. */
  approx: boolean;
  span: TextSpan;
}

export interface DurationQuantity {
  kind: 'duration';
  /** Whole and fractional months (3年半 = 42, 半个月 = 0.5). */
  months: number;
  /** Days stated as days or weeks (10天 = 10, 两周 = 14). */
  days: number;
  role: DurationRole;
  /** "3年多", "两个多月": at least this long. */
  approx: boolean;
  /** "七八年", "两三个月": at most this many months. */
  upper?: number;
  span: TextSpan;
}

export interface DateQuantity {
  kind: 'date';
  /** YYYY-MM-DD when year, month and day are all given. */
  iso?: string;
  year?: number;
  month: number;
  day?: number;
  role: DateRole;
  span: TextSpan;
}

export interface HoursQuantity {
  kind: 'hours';
  hours: number;
  /** Said of overtime (加班, 加了). */
  overtime: boolean;
  dayType: DayType;
  span: TextSpan;
}

export type Quantity = MoneyQuantity | DurationQuantity | DateQuantity | HoursQuantity;

// ---------------------------------------------------------------------------------------------------------
// Numbers

const CN_DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};
const UNIT_VALUES: Record<string, number> = { 十: 10, 百: 100, 千: 1000, k: 1000, K: 1000, 万: 10000, w: 10000, W: 10000 };

const ARABIC = String.raw`\d+(?:,\d{3}(?!\d))*(?:\.\d+)?`;
const UNIT = String.raw`(?:[十百千万]|[kKwW](?![a-zA-Z]))`;
// One unit per repetition: `(?:UNIT+ …)*` nests two repetitions and backtracks exponentially on "3千千千…".
// "1万二" is 12000, but in "1.05w一个月" the 一 starts the next phrase.
const ARABIC_NUM = String.raw`${ARABIC}(?:${UNIT}(?:\d+(?:\.\d+)?|[一二两三四五六七八九](?![个天年月日周小时]))?)*`;
const CN_NUM = '[零〇一二两三四五六七八九十百千万]+';
const NUM = `(?:${ARABIC_NUM}|${CN_NUM})`;

/**
 * Parse a number as people write it: "8000", "8,000", "1.2万", "8千", "8k", "八千五" (8500), "一万二" (12000),
 * "两千三百", "一千零五", "十五", "1万5". Returns undefined when it is not a number.
 * A single trailing digit after a unit counts in the next lower unit, as in speech (八千五 = 8500).
 */
export function parseChineseAmount(s: string): number | undefined {
  const t = normalize(s).replace(/,(?=\d{3})/g, '').trim();
  if (!t) return undefined;
  const tokens = t.match(/\d+(?:\.\d+)?|[零〇一二两三四五六七八九]|[十百千万kKwW]/g);
  if (!tokens || tokens.join('') !== t) return undefined;
  let total = 0;
  let section = 0;
  let current: number | undefined;
  let currentIsSingleDigit = false;
  let lastUnit: number | undefined;
  let sawZero = false;
  if (UNIT_VALUES[tokens[0]!] !== undefined && tokens[0] !== '十') return undefined; // "千", "万一": not a number
  for (const tok of tokens) {
    const unit = UNIT_VALUES[tok];
    if (unit === undefined) {
      if (current !== undefined && !/^\d/.test(tok)) {
        // "一二" is not a number in this sense; keep the last digit (e.g. "二〇" in a year is handled elsewhere).
        return undefined;
      }
      if (tok === '零' || tok === '〇') {
        sawZero = true;
        continue;
      }
      current = /^\d/.test(tok) ? Number(tok) : CN_DIGITS[tok]!;
      currentIsSingleDigit = /^[一二两三四五六七八九]$|^\d$/.test(tok);
      continue;
    }
    if (unit >= 10000) {
      section += current ?? 0;
      total += (section || 1) * unit;
      section = 0;
    } else {
      section += (current ?? 1) * unit;
    }
    lastUnit = unit;
    current = undefined;
    sawZero = false;
  }
  if (current !== undefined) {
    if (lastUnit !== undefined && lastUnit >= 100 && !sawZero && currentIsSingleDigit) section += (current * lastUnit) / 10;
    else section += current;
  }
  const value = total + section;
  return Number.isFinite(value) ? Math.round(value * 1e6) / 1e6 : undefined;
}

/** Four Chinese digits as a year: 二〇二四 → 2024. */
function parseCnYear(s: string): number | undefined {
  if (/^\d{4}$/.test(s)) return Number(s);
  if (!/^[〇零一二三四五六七八九]{4}$/.test(s)) return undefined;
  return Number([...s].map((c) => CN_DIGITS[c]).join(''));
}

/**
 * Full-width digits, letters, ．／％ and ￥ to ASCII, one code unit for one, so offsets stay valid. Chinese
 * punctuation (，：；) is kept: a full-width comma is a clause break, never a thousands separator.
 */
export function normalize(text: string): string {
  return text.replace(/[\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\uFF0E\uFF0F\uFF05\uFFE5\u3000]/g, (c) => c.normalize('NFKC'));
}

// ---------------------------------------------------------------------------------------------------------
// Context

const PUNCT = /[，。；;,!！?？\n、：:（）()]/;

function clauseBefore(text: string, at: number, width = 12): string {
  const s = text.slice(Math.max(0, at - width), at);
  let i = s.length - 1;
  for (; i >= 0; i--) if (PUNCT.test(s[i]!)) break;
  return s.slice(i + 1);
}

function clauseAfter(text: string, at: number, width = 10): string {
  const s = text.slice(at, at + width);
  const i = s.search(PUNCT);
  return i < 0 ? s : s.slice(0, i);
}

/** The keyword occurring closest to the end of `before` (the one nearest the number wins). */
function closest<R extends string>(before: string, table: Array<[RegExp, R]>): R | undefined {
  let best: { end: number; role: R } | undefined;
  for (const [re, role] of table) {
    const g = new RegExp(re.source, 'g');
    for (const m of before.matchAll(g)) {
      const end = m.index + m[0].length;
      if (!best || end > best.end || (end === best.end && m[0].length > 1)) best = { end, role };
    }
  }
  return best?.role;
}

const MONEY_BEFORE: Array<[RegExp, MoneyRole]> = [
  [/月薪|工资|底薪|薪水|薪资|薪酬|月收入|收入|每月|每个月|一个月|一月|到手|税前|税后|涨到|涨成|调到|调成|调整为|调整到|降到|降成|月均|月平均|平均|转正(后)?|上个?月/, 'monthly-wage'],
  // After 工资: at the same end the longer keyword wins, so 平均工资 is not read as the worker's wage.
  // Only the city's average is the cap's; "平均工资7800" alone is the worker's own average wage.
  [/社平工资|社平|社会平均工资|职工月?平均工资|上年度[^，。]{0,6}平均工资|(?:本市|当地|全市|市里|城镇|洛阳|全省|河南)[^，。]{0,6}平均工资/, 'average-wage'],
  [/试用期/, 'probation-wage'],
  [/年薪|年收入|一年|每年/, 'annual-wage'],
  [/日薪|日工资|一天|每天/, 'daily-wage'],
  [/时薪|小时工资|每小时|一小时/, 'hourly-wage'],
  [/补偿|赔偿|赔|罚款|罚|押金|奖金|提成|社保|公积金|补贴|津贴|报销|借|欠/, 'other'],
  // After 工资 too: an amount of leave pay, overtime pay or back pay is not the monthly wage.
  [/(年休假|年假|加班|病假|产假|二倍|双倍|拖欠|欠发|补发|克扣)工资|加班费|生育津贴|违约金|赔偿金|补偿金/, 'other'],
];

const DURATION_BEFORE: Array<[RegExp, DurationRole]> = [
  [/干了|干|工作了|工作|做了|上班|上了|在职|入职|入职了|工龄|司龄|年限|来了|待了|呆了|服务|干满|干够|满|进厂|进公司|入厂|来厂/, 'service'],
  [/合同|签了|签的|签/, 'contract-term'],
  [/试用期|试用/, 'probation'],
  [/病假|病休|病了|医疗期|住院/, 'sick-leave'],
  [/怀孕|孕/, 'pregnancy'],
];

const DATE_AFTER: Array<[RegExp, DateRole]> = [
  [/^(?:正式)?(?:新招|新来|新入职|招了|招的|招进|雇了|让(?:我|他|她)来|入职|进厂|进公司|进的(?:公司|厂|单位)|进(?:了)?(?:公司|厂|单位)|进来|过来|来的|去的|去上班|来(?:厂里|公司|单位|店里|这里|这儿|这边|我们这)?(?:上班|干活|干|工作|的)|报(?:的)?到|招(?:进|进来|聘进|的)|录用|上岗|入的职|入的(?:新)?(?:公司|厂|单位|[A-Za-z]{1,3}(?:公司)?)|入司|开始在[^，。]{0,16}(?:上班|工作|干|跑|做|当)|去(?:了)?[^，。]{0,10}(?:上班|工作|干|做|当)|到(?:一家|这家|[^，。\d]{0,6}(?:公司|厂|店|超市|单位|饭店|医院|工地))[^，。]{0,6}(?:当|做|上班|干活)|跳到|跳槽到|换到|调到|调入|进了?(?:现在|目前)?(?:的|这个|这家)?(?:公司|厂|单位)|办(?:的|了)?入职|进的(?:这家|这个)?|跳槽|开始(?:在[^，。]{0,4}|给[^，。]{0,4})?(?:上(?:的)?班|工作|干活|干)|在[^，。]{0,4}干起|参加工作|上的班|上班|用工|到岗|到职|报到)/, 'start'],
  [/^(?:被)?(?:违法|非法|无故|公司)?(?:离职|辞退|开除|解除|终止|辞职|走|离开|合同到期|到期|不干|裁员|裁掉|裁了)|^(?:是)?最后一天|^(?:起)?(?:解除|终止)|^(?:办(?:的|了)?)离职|^(?:被)?(?:通知)?(?:不用来|别来)|^(?:交接|干)完(?:就)?(?:走|不干)|^把(?:我|他|她)?(?:开|辞|炒|裁|开除|辞退)/, 'end'],
  [/^(?:才|公司|单位|老板)?(?:[跟和与给](?:我|他|她|员工)?)?(?:补签|签(?:了|订|上)?(?:劳动)?合同|签的合同|签的|签上)|^(?:公司|单位|老板)?才?拿(?:了)?(?:劳动)?合同(?:给|让|来)?(?:我|他|她)?签|^把(?:劳动|书面)?合同(?:给(?:我|他|她))?(?:补签|签)/, 'contract-signed'],
];
/** Further along the clause: "今年3月15号被以不能胜任为由解除" — the verb comes after a phrase. */
const DATE_LATER: Array<[RegExp, DateRole]> = [
  [/解除|辞退|开除|离职|辞职|终止|走人|炒|裁员|被裁|裁掉/, 'end'],
  [/入职|进厂|进公司|到岗|到职|参加工作/, 'start'],
];
const DATE_BEFORE: Array<[RegExp, DateRole]> = [
  [/入职|进厂|用工|到岗|上班/, 'start'],
  // Longer first: an alternation takes the first that matches, and the match that ends last wins (closest).
  [/最后一天上班(?:也)?(?:是|为|在)?|最后上班(?:的日子)?(?:也)?(?:是|为|在)?|离职|辞退|开除|解除|终止|辞职|到期|干到|做到|上到|工作到|干至|最后一天|上班到|干活到|待到|呆到/, 'end'],
  [/补签|签合同|签订|签了/, 'contract-signed'],
  [/签到|合同到|合同期到|合同截止|到期日/, 'contract-end'],
];

const REST_DAY = /周末|周六|周日|星期六|星期天|星期日|礼拜六|礼拜天|休息日|双休|公休/;
const HOLIDAY = /节假日|法定(?:节|假|休假)|国庆|春节|过年|大年|除夕|五一(?![月日号])|劳动节|元旦|中秋|端午|清明|(?<!\d|[一二三四五六七八九十])十一(?![月日号点个年岁人天万千百])/;
const WORKDAY = /平时|工作日|下班后|晚上|延长|每天|延时|周一|周二|周三|周四|周五/;

/** Said of overtime: 加班, 加了, 延长工作时间, 延时, 超时. */
const OVERTIME = /加|延长|延时|超时|拖班|多干|多做|多上/;

const PER: Array<[RegExp, MoneyRole]> = [
  [/^\s*(?:\/\s*月|每个?月|一个?月)/, 'monthly-wage'],
  [/^\s*(?:\/\s*(?:天|日)|每天|一天)/, 'daily-wage'],
  [/^\s*(?:\/\s*(?:小时|h)|每个?小时|一个?小时)/, 'hourly-wage'],
  [/^\s*(?:\/\s*年|每年|一年)/, 'annual-wage'],
];

/** "8000一个月", "200元/天": the per-period marker right after an amount, consumed with it. */
function perMarker(text: string, end: number): { role: MoneyRole; length: number } | undefined {
  const after = text.slice(end, end + 6);
  for (const [re, role] of PER) {
    const m = re.exec(after);
    if (m) return { role, length: m[0].length };
  }
  return undefined;
}

function moneyRole(text: string, start: number, end: number): MoneyRole {
  // "给他涨300", "降了500": a change of the wage, not the wage ("涨到4500" is the new wage).
  if (/(涨|加|降|减|扣|少给|多给|多发|少发|补贴)(了)?$/.test(clauseBefore(text, start))) return 'other';
  // "社平工资是每月6800": the city's average, though 每月 is nearer.
  if (/(社平|社会平均|(本市|当地|全市|城镇|洛阳|上年度)[^，。]{0,6}平均)[^，。]{0,8}$/.test(clauseBefore(text, start, 20))) return 'average-wage';
  // "加班费平均每月1000": what the amount is of, said first, wins over the period said after it.
  if (/(加班费|加班工资|提成|奖金|补贴|津贴|报销|押金|罚款|罚了)[^，。]{0,6}$/.test(clauseBefore(text, start))) return 'other';
  const after = clauseAfter(text, end, 6);
  if (/^(?:元|块钱|块)?的?(?:月薪|月工资|工资|底薪|薪水)/.test(after)) return 'monthly-wage';
  if (/^(?:元|块钱|块)?(?:左右|上下|多)?的?(?:补偿|赔偿|押金|罚款|奖金|提成|社保|公积金|补贴|津贴|加班费|加班工资)/.test(after)) return 'other';
  const before = clauseBefore(text, start);
  const role = closest(before, MONEY_BEFORE);
  if (role === 'monthly-wage' && /试用期/.test(before)) return 'probation-wage';
  return role ?? 'unknown';
}

function durationRole(text: string, start: number, end: number): DurationRole {
  const after = clauseAfter(text, end, 8);
  if (/^(?:的)?(?:劳动)?合同/.test(after)) return 'contract-term';
  if (/^(?:的)?试用期/.test(after)) return 'probation';
  if (/^(?:的)?(?:病假|病休)/.test(after)) return 'sick-leave';
  // "一年多工龄", "五年司龄".
  if (/^(?:的)?(?:工龄|司龄|社会工龄|工作年限)/.test(after)) return 'service';
  return closest(clauseBefore(text, start), DURATION_BEFORE) ?? 'unknown';
}

function dateRole(text: string, start: number, end: number): DateRole {
  const after = clauseAfter(text, end, 12).replace(/^(?:就|我|他|她|员工|这个人|那天|的时候|时|正式|才|被)+/, '');
  for (const [re, role] of DATE_AFTER) if (re.test(after)) return role;
  // "从2023年3月5日起在厂里上班", "从23年3月干到现在": a period of work that starts then.
  if (/从\s*$/.test(text.slice(Math.max(0, start - 2), start)) && /^(?:起|开始)?[^，。；]{0,8}(?:干|上班|工作|做|在)/.test(clauseAfter(text, end, 14))) return 'start';
  // "入职日期：2023-03-05", "入职时间是2023年3月5日": a label before the date.
  const label = /(入职|进厂|到岗|报到|用工)(?:的)?(?:日期|时间|日子)\s*(?:是|为|[：:])?\s*$/.exec(text.slice(Math.max(0, start - 10), start));
  if (label) return 'start';
  if (/(离职|解除|辞退|终止|最后工作)(?:的)?(?:日期|时间|日子)\s*(?:是|为|[：:])?\s*$/.test(text.slice(Math.max(0, start - 10), start))) return 'end';
  const before = closest(clauseBefore(text, start), DATE_BEFORE);
  if (before) return before;
  // The rest of the sentence: "9月30号给公司发了书面通知，以拖欠工资为由解除".
  const rest = text.slice(end, end + 30);
  // …up to the next date, whose verb that is ("6月大学毕业，7月1号入职").
  const stop = rest.search(/[。！？!?；;\n]|\d{1,4}\s*[年月]/);
  const later = stop >= 0 ? rest.slice(0, stop) : rest;
  for (const [re, role] of DATE_LATER) if (re.test(later)) return role;
  return 'unknown';
}

function dayType(text: string, start: number, end: number): DayType {
  const clause = clauseBefore(text, start, 16) + clauseAfter(text, end, 12);
  if (HOLIDAY.test(clause)) return 'holiday';
  if (REST_DAY.test(clause)) return 'rest-day';
  if (WORKDAY.test(clause)) return 'workday';
  return 'unknown';
}

// ---------------------------------------------------------------------------------------------------------
// Parser

const span = (text: string, start: number, end: number): TextSpan => ({ start, end, text: text.slice(start, end) });

function validDate(y: number, m: number, d: number): boolean {
  return m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

/** Every quantity found in the text, in reading order. */
export function parseQuantities(original: string): Quantity[] {
  const text = normalize(original);
  const out: Quantity[] = [];
  const taken: Array<[number, number]> = [];
  const free = (s: number, e: number) => taken.every(([a, b]) => e <= a || s >= b);
  const take = (s: number, e: number) => taken.push([s, e]);

  // 1. Dates.
  const CN_SMALL = '[一二三四五六七八九十]{1,3}';
  const datePatterns: RegExp[] = [
    /(\d{4})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{1,2})(?![\d.])/g,
    new RegExp(String.raw`(\d{4}|[〇零一二三四五六七八九]{4})\s*年\s*(\d{1,2}|${CN_SMALL})\s*月(?:份)?(?:\s*(\d{1,2}|${CN_SMALL})\s*[日号])?`, 'g'),
    new RegExp(String.raw`(?<![\d年个])(\d{1,2}|${CN_SMALL})\s*月\s*(\d{1,2}|${CN_SMALL})\s*[日号]`, 'g'),
    // "二月二十六去的": a day without 日/号, known by what follows it.
    new RegExp(String.raw`(?<![\d年个])(\d{1,2}|${CN_SMALL})\s*月\s*(3[01]|[12]?\d|三十一?|[一二]?十[一二三四五六七八九]?|[一二三四五六七八九])(?=\s*(?:去|来|进|入职|开始|上班|签|才|离职|走|辞|被|那天|当天|公司|单位|老板|就))`, 'g'),
  ];
  for (const [i, re] of datePatterns.entries()) {
    for (const m of text.matchAll(re)) {
      const s = m.index;
      const e = s + m[0].length;
      if (!free(s, e)) continue;
      let year: number | undefined;
      let month: number | undefined;
      let day: number | undefined;
      if (i === 0) {
        year = Number(m[1]);
        month = Number(m[3]);
        day = Number(m[4]);
      } else if (i === 1) {
        year = parseCnYear(m[1]!);
        month = parseChineseAmount(m[2]!);
        day = m[3] !== undefined ? parseChineseAmount(m[3]) : undefined;
      } else {
        month = parseChineseAmount(m[1]!);
        day = parseChineseAmount(m[2]!);
      }
      if (month === undefined || month < 1 || month > 12 || (day !== undefined && !validDate(year ?? 2000, month, day))) {
        take(s, e); // an impossible date (2月30日) is still a date, not a number of days
        continue;
      }
      const q: DateQuantity = { kind: 'date', month, role: dateRole(text, s, e), span: span(original, s, e) };
      if (year !== undefined) q.year = year;
      if (day !== undefined) q.day = day;
      if (year !== undefined && day !== undefined) q.iso = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
      out.push(q);
      take(s, e);
    }
  }

  // 2. 半年 / 半个月 / 半小时 without a number before them.
  for (const m of text.matchAll(/(?<![\d零〇一二两三四五六七八九十百千万个年])半(年|个月|个小时|小时|个钟头)/g)) {
    const s = m.index;
    const e = s + m[0].length;
    if (!free(s, e)) continue;
    if (m[1] === '年' || m[1] === '个月') {
      out.push({ kind: 'duration', months: m[1] === '年' ? 6 : 0.5, days: 0, role: durationRole(text, s, e), approx: false, span: span(original, s, e) });
    } else {
      out.push({ kind: 'hours', hours: 0.5, overtime: OVERTIME.test(clauseBefore(text, s)), dayType: dayType(text, s, e), span: span(original, s, e) });
    }
    take(s, e);
  }

  // 3. "七八年", "两三个月", "三四天": one number or the next.
  const DIGIT: Record<string, number> = { 一: 1, 两: 2, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
  for (const m of text.matchAll(/(?<![\d零〇一二两三四五六七八九十百千万])([一两二三四五六七八九])([二三四五六七八九])(?:个)?(年|月|天)/g)) {
    const [a, b] = [DIGIT[m[1]!]!, DIGIT[m[2]!]!];
    const s = m.index;
    const e = s + m[0].length;
    if (b !== a + 1 || !free(s, e) || (m[3] === '月' && !/个月$/.test(m[0]))) continue;
    const unit = m[3] === '年' ? 12 : 1;
    const q: DurationQuantity = m[3] === '天'
      ? { kind: 'duration', months: 0, days: a, role: 'unknown', approx: true, span: span(original, s, e) }
      : { kind: 'duration', months: a * unit, days: 0, role: 'unknown', approx: true, upper: (b + 1) * unit - (unit === 12 ? 1 : 0.5), span: span(original, s, e) };
    q.role = durationRole(text, s, e);
    out.push(q);
    take(s, e);
  }

  // 4. Numbers, classified by what follows them.
  const numRe = new RegExp(NUM, 'g');
  const yearMonthRe = new RegExp(String.raw`^(多)?年(?:(半)|(?:零|又)?(${NUM})个?(半)?月|(多))?`);
  for (let m = numRe.exec(text); m; m = numRe.exec(text)) {
    const s = m.index;
    let e = s + m[0].length;
    if (!free(s, e)) continue;
    if (s > 0 && text[s - 1] === '第') continue; // 第三年: an ordinal
    const value = parseChineseAmount(m[0]);
    if (value === undefined) continue;
    const rest = text.slice(e);
    let q: Quantity | undefined;

    let h: RegExpExecArray | null;
    if ((h = /^(个)?(半)?(?:多)?(?:小时|钟头|个钟头|个钟)|^[hH](?![a-zA-Z])/.exec(rest))) {
      e += h[0].length;
      const hours = value + (h[2] ? 0.5 : 0);
      q = { kind: 'hours', hours, overtime: OVERTIME.test(clauseBefore(text, s)), dayType: dayType(text, s, e), span: span(original, s, e) };
    } else if ((h = yearMonthRe.exec(rest)) && value <= 100) {
      e += h[0].length;
      let months = value * 12;
      if (h[2]) months += 6;
      if (h[3]) months += (parseChineseAmount(h[3]) ?? 0) + (h[4] ? 0.5 : 0);
      q = { kind: 'duration', months, days: 0, role: 'unknown', approx: Boolean(h[1] || h[5]), span: span(original, s, e) };
    } else if ((h = /^个(半|多)?月/.exec(rest))) {
      e += h[0].length;
      q = { kind: 'duration', months: value + (h[1] === '半' ? 0.5 : 0), days: 0, role: 'unknown', approx: h[1] === '多', span: span(original, s, e) };
    } else if ((h = /^(多)?(?:天|日(?![本元]))/.exec(rest))) {
      e += h[0].length;
      q = { kind: 'duration', months: 0, days: value, role: 'unknown', approx: Boolean(h[1]), span: span(original, s, e) };
    } else if ((h = /^(?:个)?(?:周|星期|礼拜)(?![一二三四五六日天末])/.exec(rest))) {
      e += h[0].length;
      q = { kind: 'duration', months: 0, days: value * 7, role: 'unknown', approx: false, span: span(original, s, e) };
    } else if ((h = /^(多|来)?\s*(?:元|块钱|块|圆|rmb|RMB|人民币)/.exec(rest)) || /¥\s*$/.test(text.slice(Math.max(0, s - 3), s))) {
      if (h) e += h[0].length;
      const approx = Boolean(h?.[1]) || /^(?:左右|上下|出头)/.test(text.slice(e));
      const per = perMarker(text, e);
      if (per) e += per.length;
      const sign = /¥\s*$/.exec(text.slice(Math.max(0, s - 3), s));
      const from = sign ? s - sign[0].length : s;
      q = { kind: 'money', yuan: value, role: per?.role ?? moneyRole(text, from, e), approx, span: span(original, from, e) };
    } else if (/^(?:多|来)?(?:个|人|名|号|岁|%|倍|次|条|家|点|楼|层|分|米|斤|公里|台|件|年级|年|月(?!薪))/.test(rest)) {
      q = undefined;
    } else {
      const hasUnit = /[百千万kKwW]/.test(m[0]);
      const bigArabic = /^\d/.test(m[0]) && value >= 100;
      if (hasUnit || bigArabic) {
        const approx = /^(?:多|左右|上下|出头|来块)/.test(rest);
        const per = perMarker(text, e);
        if (per) e += per.length;
        const role = per?.role ?? moneyRole(text, s, e);
        if (hasUnit || role !== 'unknown') q = { kind: 'money', yuan: value, role, approx, span: span(original, s, e) };
      }
    }
    if (!q) continue;
    if (q.kind === 'duration') q.role = durationRole(text, s, e);
    out.push(q);
    take(s, e);
    numRe.lastIndex = e;
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}
