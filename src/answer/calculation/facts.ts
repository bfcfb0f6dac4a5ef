/**
 * The facts a calculation needs, read once from a message: wages, the stated local average wage, service
 * (with this employer and in all), dates with and without a year, relative dates (今年7月1日, 去年三月,
 * 上个月, 至今), overtime in every common form (加了3个钟, 每天2小时×20个工作日, 周末两天每天8小时, 春节上班3天),
 * whether time off was given, the ground of a termination, and the facts of leave. Negation is read where it
 * turns the meaning ("不能安排补休", "不是我主动辞职"); numbers whose words say they are something else
 * (ages, head counts, amounts of other things) are left out. Each fact keeps the words it was read from, so
 * the answer can show them and a user can spot a misreading.
 */
import type { Duration } from '../calculators/index.js';
import { addMonths } from '../calculators/dates.js';
import { addDays, daysBetween, daysInMonth, isoDate } from '../../clock.js';
import { normalize, parseChineseAmount, parseQuantities, type DurationQuantity, type Quantity } from '../quantities.js';
import { CONFIRMED } from './slots.js';

export interface Fact<T> {
  value: T;
  /** The user's words it was read from. */
  from: string;
}

/**
 * A length of time as said: "3年多", "快三年", "十年左右", "工作第三年" are ranges, and a calculation whose result
 * changes within the range asks rather than picks a point.
 */
export interface Length extends Fact<Duration> {
  /** Shortest and longest months the words allow, when they are not exact. */
  range?: [number, number];
}

/** Why the employment ended (or is to end), as far as it decides what is owed. */
export type Ground =
  /** 劳动者主动辞职, no fault of the employer: nothing owed (第四十六条 lists no such case). */
  | 'resigned'
  /** 劳动者因用人单位过错辞职 (第三十八条: unpaid wages, no social insurance): N. */
  | 'employer-fault'
  /** 第三十九条: serious misconduct, failed probation: nothing owed. */
  | 'misconduct'
  /** 第四十条: unfit after sick leave, incompetent after training, changed circumstances: N (+ notice pay). */
  | 'lawful'
  /** 第四十一条 economic layoffs: N. */
  | 'redundancy'
  /** 第三十六条 by agreement at the employer's proposal: N. */
  | 'agreed'
  /** 第四十四条 contract expiry not renewed by the employer: N. */
  | 'expiry'
  /** Dismissal without a lawful ground: 2N (第八十七条). */
  | 'wrongful'
  /** 第四十六条第（五）项: the worker would not renew on the same or better terms: nothing owed. */
  | 'declined-renewal';

export interface Overtime {
  workday: number;
  restDay: number;
  holiday: number;
  from: string[];
  /** Holiday hours said only as "春节期间", "五一假期": the statutory days or the shifted rest days? */
  holidayPeriodOnly?: boolean;
}

export interface CalcFacts {
  /** Monthly wage of the worker. */
  wage?: Fact<number>;
  probationWage?: Fact<number>;
  /** The local average monthly wage as the user stated it (severance cap). */
  averageWage?: Fact<number>;
  /** The user says the wage is not above three times the local average. */
  capCleared?: boolean;
  /** The user says it is above, without the average itself. */
  capExceeded?: boolean;
  /** Service with this employer. */
  service?: Length;
  /** Working years in all, with every employer (累计工作时间, 实际工作年限). */
  totalService?: Length;
  /** The years in all were said only as "工龄", which people also use for the years with this employer. */
  totalIsGongling?: boolean;
  /** The user checked the reading of a long message (the confirm slot) and said it is right or corrected it. */
  confirmed?: boolean;
  /** The start is known to the month only ("3月份入职"). */
  startMonthOnly?: boolean;
  /** Two first days said and nothing to tell which is the start here: asked. */
  startUnclear?: boolean;
  /** Years worked before this employer ("之前有5年工作经验"). */
  priorService?: Length;
  /** Years worked before, said without how many ("之前也上过几年班"). */
  priorUnknown?: boolean;
  /** This is the worker's only employer ("第一份工作", "以前没工作过"): service in all = service here. */
  onlyEmployer?: boolean;
  /** The worker's own average monthly wage over the last 12 months (the severance base). */
  ownAverageWage?: Fact<number>;
  /** Last month's wage (the notice-pay base). */
  lastMonthWage?: Fact<number>;
  /** Daily pay (日工资 = 月工资 ÷ 21.75 in the overtime and leave-pay rules). */
  dailyWage?: Fact<number>;
  /** Hourly pay (part-time work and the hourly minimum wage). */
  hourlyWage?: Fact<number>;
  /** Part-time work (非全日制, 小时工). */
  partTime?: boolean;
  /** Probation actually served ("已经干了3个月试用期"). */
  probationServed?: Fact<Duration>;
  /** Rehired by the same employer: no second probation (劳动合同法第十九条第二款). */
  rehired?: boolean;
  /** The worker refused or put off signing the written contract (法释〔2025〕12号第七条). */
  workerRefusedToSign?: boolean;
  /** The last day is known only to the month ("10月份离职"). */
  endMonthOnly?: boolean;
  /** A contract for the completion of a task (no probation, 劳动合同法第十九条第三款). */
  taskContract?: boolean;
  /** The worker declined the leave in writing (实施办法第十条第二款). */
  declinedLeaveInWriting?: boolean;
  /** Overtime pay included in the stated wage (excluded from the leave-pay base, 实施办法第十一条). */
  overtimePayInWage?: number;
  /** The wage said is a base pay with other pay beside it (the severance base is all pay). */
  wageIsBase?: boolean;
  /** The wage said roughly ("八千多", "一万出头"). */
  wageApprox?: boolean;
  /** Several monthly wages and nothing saying which one counts. */
  wageUnclear?: boolean;
  /** Last day of a fixed-term contract (for its term). */
  contractEnd?: Fact<string>;
  start?: Fact<string>;
  end?: Fact<string>;
  signed?: Fact<string>;
  /** Words of a date whose year the message does not give. */
  yearMissing?: string;
  /**
   * A date without a year would lie ahead of today in the current year, so it may be last year's: differences
   * between dates hold, but anything counted to today (service so far, this year's leave) must be asked.
   */
  yearAssumed?: boolean;
  contractTerm?: Length;
  openEnded?: boolean;
  probation?: Fact<Duration>;
  overtime?: Overtime;
  /** Rest-day work made up with time off: true given, false not given, undefined not said. */
  timeOff?: boolean;
  ground?: Fact<Ground>;
  /** Grounds said that owe different things, or one the user disputes: the ground must be asked. */
  groundDisputed?: boolean;
  /** 30 days' written notice: true given, false not given. */
  noticeGiven?: boolean;
  /** Annual-leave days already taken this year. */
  leaveTaken?: number;
  /** Annual-leave days not taken (for the pay owed). */
  untakenDays?: Fact<number>;
  /** Minimum-wage class (一类/二类/三类地区) the user named. */
  minimumClass?: 1 | 2 | 3;
  /** Every quantity read, for the caller's own checks. */
  quantities: Quantity[];
  /** The text as read (relative dates written out). */
  text: string;
}

const CN = '[零〇一二两三四五六七八九十]{1,3}';
const NUM = `(?:\\d{1,2}|${CN})`;

/** The month `k` months before today's, as absoluteDates writes it out ("上个月" → "2026年11月"). */
function monthsAgo(today: string, k: number): string {
  const total = Number(today.slice(0, 4)) * 12 + Number(today.slice(5, 7)) - 1 - k;
  return `${Math.floor(total / 12)}年${(total % 12) + 1}月`;
}

/**
 * Write relative and partial dates out in full, so the quantity parser reads them with their roles:
 * 今年7月1日, 去年三月, 上(上)个月, 9月底, 去年年底, 昨天, 22年9月15号. A month and day with no year take the
 * one year the message speaks of, or continue the calendar of a full date said before them; failing both,
 * they are put in the current year (the reading says so). Only where that puts a date after today may it be
 * last year's: then `yearAssumed` tells the calculations that depend on it to ask.
 */
function absoluteDates(text: string, today: string): { text: string; yearMissing?: string; yearAssumed?: boolean } {
  const y = Number(today.slice(0, 4));
  const rel: Record<string, number> = { 今年: y, 本年: y, 本年度: y, 当年: y, 去年: y - 1, 上一年: y - 1, 前年: y - 2, 明年: y + 1 };
  // 22年9月 → 2022年9月.
  let t = text.replace(new RegExp(`(?<![\\d.])(\\d{2})\\s*年(?=\\s*(?:\\d{1,2}|${CN})\\s*月)`, 'g'), (_, yy: string) => `${Number(yy) > (y % 100) + 1 ? 19 : 20}${yy}年`);
  t = t.replace(/(今年|去年|(?<![目提])前年|明年)(年底|年末)/g, (_, w: string) => `${rel[w]}年12月31日`);
  t = t.replace(/(今年|去年|(?<![目提])前年|明年)(年初)/g, (_, w: string) => `${rel[w]}年1月1日`);
  t = t.replace(new RegExp(`(今年|本年|去年|上一年|(?<![目提])前年|明年)(?:的)?\\s*(${NUM})\\s*月`, 'g'), (_, w: string, mo: string) => `${rel[w]}年${mo}月`);
  t = t.replace(/(?<![年])上上个?月(?!工资|的工资|薪)/g, () => monthsAgo(today, 2));
  // "上个月4号" is a date; "上月5000" is last month's wage.
  t = t.replace(/(?<![年上])(上个?月|上一个月)(?!工资|的工资|薪|\s*刚?(?:涨到|调到|降到|涨成|变成)|\s*[（(][^）)]{0,6}[）)]\s*(?:的)?(?:工资|薪)|(?:也)?(?:是|为|有|应发)?\s*(?:\d{3,}|\d+(?:\.\d+)?\s*[千万kKwW]|[一二两三四五六七八九十]+[千万]))/g, () => monthsAgo(today, 1));
  t = t.replace(/(?<![年])(这个月|本月)(?!工资|的工资|薪)/g, () => monthsAgo(today, 0));
  const day = (k: number) => {
    const iso = addDays(today, -k);
    return `${Number(iso.slice(0, 4))}年${Number(iso.slice(5, 7))}月${Number(iso.slice(8, 10))}日`;
  };
  t = t.replace(/(?<![之以提目])前天(?!天)/g, () => day(2)).replace(/昨天/g, () => day(1)).replace(/今天(?=是|离职|走|被|辞|解除|最后|入职)/g, () => day(0));
  // 9月底 → 9月30日; 3月初 → 3月1日; 6月中 → 6月15日.
  t = t.replace(new RegExp(`(?:(\\d{4})\\s*年\\s*)?(\\d{1,2}|${CN})\\s*月(?:份)?(底|末|初|中旬|中)(?![一-龥]{0,1}[日号])`, 'g'), (whole: string, yy: string | undefined, mo: string, part: string) => {
    const month = parseChineseAmount(mo);
    if (!month || month > 12) return whole;
    const dd = part === '底' || part === '末' ? daysInMonth(yy ? Number(yy) : y, month) : part === '初' ? 1 : 15;
    return `${yy ? `${yy}年` : ''}${month}月${dd}日`;
  });
  // A month and day with no year: the one year the message speaks of ("今年", "去年", "2025年"), if only one.
  const years = new Set<number>();
  // Only words of a relative year count: "2008年参加工作，3月5日入职" says nothing of the 3月5日's year.
  for (const w of text.matchAll(new RegExp(`(今年|本年度|当年|去年|上一年|(?<![目提])前年|明年)(?!\\s*(?:的)?\\s*(?:${NUM})\\s*月)`, 'g'))) years.add(rel[w[1]!] ?? y);
  const only = years.size === 1 ? [...years][0] : undefined;
  let yearMissing: string | undefined;
  const bare = new RegExp(`(?<![\\d年〇零一二三四五六七八九十])(${NUM})\\s*月\\s*(${NUM})\\s*(?:[日号]|(?=去|来|进|入职|开始|上班|签|才|离职|走|辞|被|那天|当天|公司|单位|老板|就))`, 'g');
  const full = /(\d{4})\s*年\s*(\d{1,2})\s*月/g;
  let assumed: { year: number; month: number } | undefined;
  let yearOpen = false;
  t = t.replace(bare, (said: string, mo: string, _d: string, at: number, all: string) => {
    // "二月二十六去的" is written "…二十六日" so the date is read whole.
    const whole = /[日号]\s*$/.test(said) ? said : `${said}日`;
    if (only !== undefined) return `${only}年${whole}`;
    const month = parseChineseAmount(mo) ?? 0;
    // After a full date in the same message, a bare one continues its calendar: "2026年2月16日入职，5月16日签".
    let prev: RegExpExecArray | undefined;
    for (const p of all.slice(0, at).matchAll(full)) prev = p as RegExpExecArray;
    // …in the year that puts it nearest ("这个月1号通知，11月30号是最后一天" is last month, not next year), but
    // never before a start ("今年1月5号入职，10月5号才签" is that October). A date years back ("2009年3月2号进的厂，
    // 11月30号解除") sets no calendar for a bare one: that is now.
    if (prev && Number(prev[1]) >= y - 1) {
      const py = Number(prev[1]);
      const pm = Number(prev[2]);
      const startsThere = /^[^，。]{0,6}(入职|进|来|开始|上班|到岗|报到)/.test(all.slice(prev.index + prev[0].length, prev.index + prev[0].length + 14));
      const candidates = startsThere ? [month >= pm ? py : py + 1] : [py, py + 1, py - 1];
      const year = candidates.reduce((c, d) => (Math.abs(d * 12 + month - (py * 12 + pm)) < Math.abs(c * 12 + month - (py * 12 + pm)) ? d : c));
      return `${year}年${whole}`;
    }
    yearMissing ??= `${said}（按${assumed ? assumed.year + (month < assumed.month ? 1 : 0) : y}年）`;
    // No year at all: this year, in one calendar (a later month that is smaller is the next year). A date
    // that would then lie ahead of today may as well be last year's: only then does the year stay open.
    const year = assumed ? assumed.year + (month < assumed.month ? 1 : 0) : y;
    assumed = { year, month };
    const dd = parseChineseAmount(_d) ?? 1;
    // A date soon to come ("解除日期定12月15号") is this year's; one far ahead, or a start said as past, may be last year's.
    const iso = isoDate(year, month, dd);
    const soon = daysBetween(today, iso) <= 92;
    const pastStart = /^\s*(?:就)?(?:入职的|来的|进的|去的|开始上班的|上班的|入的职)/.test(all.slice(at + said.length, at + said.length + 8));
    if (iso > today && (!soon || pastStart)) yearOpen = true;
    return `${year}年${whole}`;
  });
  return { text: t, ...(yearMissing ? { yearMissing } : {}), ...(yearOpen ? { yearAssumed: true } : {}) };
}

/** The employer gave a reason of its own ("说他性格不合群", "以…为由"). */
export const REASON_GIVEN = /(说我|说他|说她|以[^，。]{1,12}为由|理由是|原因是|嫌我|嫌他|嫌她)/;

const NEGATED = /(不是|并非|并不是|没有|并没|没|未|非|不算)[我他她员工本人主动自己是被]{0,3}$/;

/** A match of `re` that no negation (不是, 没有, 未…) stands right before. */
function affirmed(text: string, re: RegExp): RegExpExecArray | undefined {
  let last: RegExpExecArray | undefined;
  for (const m of text.matchAll(new RegExp(re.source, 'g'))) {
    if (!NEGATED.test(text.slice(Math.max(0, m.index - 6), m.index))) last = m as RegExpExecArray;
  }
  return last;
}

/** Said both ways ("我没有严重违反…公司说我严重违反"): the fact is disputed. */
function deniedToo(text: string, re: RegExp): boolean {
  return [...text.matchAll(new RegExp(re.source, 'g'))].some((m) => NEGATED.test(text.slice(Math.max(0, m.index - 6), m.index)));
}

const GROUNDS: Array<[Ground, RegExp]> = [
  ['resigned', /(主动|自己|自愿|个人原因|本人)(提出|要求|申请)?(辞职|离职|走|不干)|(自己|我)不想干了|交了?辞职(报告|信)|辞职(报告|信)|(要|想|提出|申请|打算)(辞职|离职)|(?<!被)辞职了|裸辞|提(了|的)?(离职|辞职)|递交?了?辞职/],
  ['employer-fault', /(拖欠|克扣|不发|没发|未发|少发|欠|扣|拖)了?.{0,6}工资|(没|不|未|没有)(给|帮|替)?.{0,3}(交|缴|买|上)(纳)?(社保|保险|五险)|被迫(辞职|离职|解除)/],
  ['misconduct', /严重违反|严重违纪|旷工|偷(?![偷懒])|盗窃|打架|严重失职|营私舞弊|被判刑|追究刑事责任|不符合录用条件/],
  ['lawful', /第四十条|第40条|(?<!\d)40条|考核不合格|培训[^。]{0,12}(还是不行|仍(然)?不)|(培训|调岗|调过岗|换岗|换过岗)[^。]{0,12}(还是|仍然|依然|也)(不行|干不了|不能胜任|不胜任|做不好|干不好)|(岗位|业务线|部门|业务)[^，。]{0,6}(没了|撤了|撤销|取消|外包)|外包出去|依法解除|合法解除|依法终止|搬到|搬走|整体搬|搬迁|迁址|迁到|迁往|迁去|(办公室|门店|分公司|工厂|车间|厂区|网点)[^，。]{0,4}(撤了|撤销|关了|关闭)|调(去|到|往)[^，。]{0,8}[，,]?[^，。]{0,4}(没同意|不同意|不愿意|不去|没去)|协商变更.{0,6}(没|不|未)|变更.{0,6}(没谈拢|谈不拢|不同意)|不能胜任|不胜任|医疗期(满|结束|到了)|客观情况.{0,4}(重大)?变化|调岗.{0,6}(不同意|不接受)/],
  ['redundancy', /裁员|裁了|经营困难|效益不好|效益差|生意不好|经营不善|亏损|接不到单|没(有)?活(干)?了|没(有)?单子|养不起|经济性|破产|重整|转产|倒闭|关门|减员|被裁/],
  ['agreed', /协商(一致)?(解除|离职|终止)|协商.{0,6}(走|离职|解除)|(公司|单位|老板|厂里)提出.{0,6}协商/],
  ['expiry', /合同[^，。]{0,14}(到期|期满)|到期.{0,3}(不|没)(再)?续|不(再)?续签|不续约|完成.{0,8}(任务|项目)|(任务|项目)(做完|完成|结束)/],
  [
    'wrongful',
    /违法(解除|辞退|开除|终止)|非法(解除|辞退|开除)|无故|无理由|(没有|没|无|没啥|没什么|不给|没给|不说)(说|讲|给)?(出)?(任何|别的|其他|具体)?(正当|合法)?(的)?理由|没说为(啥|什么)|随便找.{0,2}理由|看(我|他|她)不顺眼|看不惯(我|他|她)|(啥|什么|任何)理由(也|都)?(没|不)(说|讲|给)|(怀孕|怀了|孕期|产假|哺乳期|生孩子)[^。]{0,20}(辞退|开除|解除|不要|让.{0,3}走)|口头(通知)?(辞退|开除)|(医疗期内|医疗期间|住院期间|治疗期间|工伤期间|停工留薪期)[^。]{0,10}(解除|辞退|开除)|(投诉|举报|维权|讨薪|要加班费|申请仲裁)[^。]{0,12}(开除|辞退|解除|让.{0,3}走)/,
  ],
];

/**
 * How a dismissal was done, not why: "一句话明天不用来了". Without any ground said, it is a dismissal without
 * one (2N); beside a ground (医疗期满，明天不用来了) it only says no notice was given.
 */
const MANNER = /滚蛋|卷铺盖|一句话|直接(让|叫|把|就).{0,5}(走|滚|开了|辞了|不用来)|不用来了|明天别来|口头(通知)?(辞退|开除)|不让.{0,4}来/;

/** The ground the message states; the one said last wins ("不是旷工，是老板无故辞退"). */
function readGround(text: string): Fact<Ground> | 'disputed' | undefined {
  let best: { at: number; g: Ground; from: string } | undefined;
  for (const [g, re] of GROUNDS) {
    const m = affirmed(text, re);
    if (m && (!best || m.index >= best.at)) best = { at: m.index, g, from: m[0] };
  }
  // Reasons the law never accepts (age, marriage, pregnancy, illness, complaining): a dismissal for them has no lawful ground.
  const UNLAWFUL = /年纪大|年龄大|岁数大|太老|结婚|怀孕|生孩子|生病了|有病|残疾|女的|外地人|投诉|维权|要加班费/;
  const dismissed = /辞退|开除|解除|辞了|开了|炒|让[^，。]{0,3}走|不用来|别来|不要(我|他|她)/.test(text);
  // Dismissed for incompetence without the training or new post 第四十条第（二）项 requires, or for cause the
  // employer cannot prove: no lawful ground.
  const untrained = /(没|没有|从来没|从没|未)[^，。]{0,4}(培训|调(过)?岗|换(过)?岗)/.test(text) && /慢|不行|笨|能力|不胜任|业绩|考核|干不好/.test(text);
  const unproven = /(拿不出|没有|无|没|缺乏)[^，。]{0,12}证据/.test(text);
  if (dismissed && (!best || best.g === 'misconduct' || best.g === 'lawful') && (untrained || unproven || (REASON_GIVEN.test(text) && UNLAWFUL.test(text)))) {
    return { value: 'wrongful', from: (UNLAWFUL.exec(text) ?? /证据|培训|调(过)?岗|换(过)?岗/.exec(text))![0] };
  }
  // "说我违反了规章制度": not said to be serious (第三十九条第（二）项 needs 严重), or disputed: ask.
  // The employer's word about the one asking ("公司说我…", "以严重失职为由把我开了").
  const claimed = /(公司|单位|老板|领导|厂里|他们)[^，。]{0,4}(说|认为|称|以)[^，。]{0,20}(我(?!们)|把我)|说我(?!们)/.test(text);
  if (/违反(了)?(公司)?(的)?(规章制度|厂规|纪律|制度)|违纪/.test(text) && !/严重/.test(text)) return 'disputed';
  // Misconduct only as the employer's word ("公司说我…算严重违反"): whether it holds is the question.
  if (best?.g === 'misconduct' && claimed) return 'disputed';
  // 第四十条第（二）项 needs training or a new post first.
  if (best?.g === 'lawful' && /不能胜任|不胜任/.test(best.from) && /(没|没有|从来没|从没|未)(给我|给他|给她|安排)?[^，。]{0,4}(培训|调(过)?岗)/.test(text)) return { value: 'wrongful', from: best.from };
  // A dismissal with no ground said, of a protected worker (pregnant, nursing, in the medical period).
  if (!best && PROTECTED.test(text) && /辞退|开除|解除|炒|不用(去|来)了|让[^，。]{0,3}走|不要(她|他|我)了/.test(text)) return { value: 'wrongful', from: PROTECTED.exec(text)![0] };
  if (!best) {
    // Dismissed on the spot with no reason is without a lawful ground; with a reason of the employer's own
    // ("说他性格不合群") whether it holds is for the user to say.
    const manner = MANNER.exec(text);
    const reasonGiven = REASON_GIVEN.test(text) && !/(没|没有|不)(说|给)?[^，。]{0,4}理由|没说为/.test(text);
    if (manner && reasonGiven) return 'disputed';
    return manner ? { value: 'wrongful', from: manner[0] } : undefined;
  }
  // Made to resign ("逼我主动辞职", "让我写辞职信，不然就开除"): whether it was the worker's own choice is the question.
  if (best.g === 'resigned' && /逼|强迫|硬让|(让|叫|要)(我|他|她)[^，。]{0,4}(写|交|签|打)[^，。]{0,2}辞职|不然(就)?(开除|辞退)|要么[^，。]{0,6}辞职/.test(text)) return 'disputed';
  // Said both ways ("我没有严重违反…公司说我严重违反"): disputed, so ask.
  if (best.g !== 'wrongful' && deniedToo(text, GROUNDS.find(([g]) => g === best!.g)![1])) return 'disputed';
  // The worker would not renew: nothing owed when the employer offered the same or better (第四十六条第（五）项),
  // N when it offered less; otherwise ask.
  if (best.g === 'expiry' && /(我|员工|本人|他|她)[^，。]{0,8}(不续|不想续|不愿(意)?续|不签了|不想签|不同意|没同意|没答应|不答应)|(公司|单位|老板|我们)[^，。]{0,4}(想|要|愿意|同意|提出)[^，。]{0,4}续|(公司|单位|老板)[^，。]{0,4}说[^，。]{0,4}(原条件|原来的条件|同等条件|条件不变)[^，。]{0,4}续|(公司|单位|老板|我们)[^，。]{0,16}(给我|给他|给她|跟我|跟他|跟她)续/.test(text)) {
    if (/降|减|少给|低于|不如|差/.test(text)) return { value: 'expiry', from: best.from };
    if (/原条件|原来的(条件|工资|待遇|岗位)|同等|一样|不变|涨|更高|更好|不降/.test(text)) return { value: 'declined-renewal', from: '劳动者不同意续订' };
    return 'disputed';
  }
  // "合同到期了，之后就没再续": who would not renew decides between N and nothing (第四十六条第（五）项).
  if (best.g === 'expiry' && !/(公司|单位|老板|厂里|厂子|人事|领导|我们|HR|hr)[^。]{0,12}(不续|不再续|不打算续|不想续|不要|不签|没续|终止|不用)|(不|没)(给|跟|和)(我|他|她)续|辞退|解除|让[^，。]{0,3}走|(任务|项目)/.test(text) && /(没|不)(再)?续/.test(text)) return 'disputed';
  // 劳动合同法第四十二条、第四十五条: no 第四十条/第四十一条 dismissal and no ending at expiry while pregnant, on
  // maternity or nursing leave, within the medical period, or after 15 years with under 5 to retirement.
  if (['lawful', 'redundancy', 'expiry'].includes(best.g) && (PROTECTED.test(text) || nearRetirement(text))) return { value: 'wrongful', from: PROTECTED.exec(text)?.[0] ?? '连续工作满十五年且临近退休' };
  // Dismissed for cause the employer cannot prove ("拿不出我不符合录用条件的证据") is dismissed without one.
  if (best.g === 'misconduct' && /(拿不出|没有|无|没|缺乏)[^，。]{0,12}证据/.test(text)) return { value: 'wrongful', from: best.from };
  // Resigning because the employer did not pay or insure is a 第三十八条 resignation, whichever was said last.
  const fault = affirmed(text, GROUNDS.find(([g]) => g === 'employer-fault')![1]);
  if (best.g === 'resigned' && fault) return { value: 'employer-fault', from: fault[0] };
  if (best.g === 'employer-fault' && !/辞职|离职|解除|走/.test(text)) return undefined;
  // Grounds that owe different things (nothing, N, 2N) both said: the facts are disputed, so ask.
  const owed = new Set(GROUNDS.filter(([, re]) => affirmed(text, re)).map(([g]) => OWED[g]));
  if (owed.size > 1) return 'disputed';
  return { value: best.g, from: best.from };
}

/** 第四十二条第（五）项: fifteen years with this employer and under five to retirement, as people say it. */
function nearRetirement(text: string): boolean {
  return /快退休|临近退休|快到退休|马上(就)?(要)?退休|离退休(不远|没几年|还有[一二两三四1-4]年)/.test(text) && /(干|工作|在[^，。]{0,6})(了|满)?[^，。]{0,3}(1[5-9]|[2-4]\d|十[五六七八九]|二十[一-九]?|三十)\s*年/.test(text);
}

const PROTECTED = /怀孕|孕期|产假期间|休[^，。]{0,10}产假|产假(中|里|期间)|在休产假|产期|哺乳期|哺乳|吃奶|喂奶|医疗期内|医疗期里|医疗期间|还在医疗期|住院期间|停工留薪期|(工伤|职业病)[^。]{0,8}(丧失|伤残|评残|鉴定|劳动能力)|医疗期(还)?(没|未)(满|到|结束|休完)|(离|距)[他她我]?(的)?(法定)?退休(年龄)?(还)?(差)?(不到|不足|还有|只有|就剩|只剩)\s*([1-5一二两三四五]|五)\s*年/;

/** What each ground owes, for telling a real dispute from two ways of saying one thing. */
const OWED: Record<Ground, 'nothing' | 'N' | '2N'> = {
  'declined-renewal': 'nothing',
  resigned: 'nothing', misconduct: 'nothing', 'employer-fault': 'N', lawful: 'N', redundancy: 'N', agreed: 'N', expiry: 'N', wrongful: '2N',
};

function timeOffGiven(text: string): boolean | undefined {
  const OFF = '(调休|补休|倒休|补假|换休|补[^，。]{0,3}天休)';
  if (new RegExp(`(不能|没有|没能|没|未|无法|不给|不让|不|拒绝|没法|不可以)[^，。；,]{0,6}${OFF}`).test(text)) return false;
  if (new RegExp(`${OFF}[^，。；,]{0,4}(没有|没|不给|也没|都没)`).test(text)) return false;
  if (new RegExp(`(已经|已|有|安排了?|给了?|都|可以)[^，。；,]{0,3}${OFF}|${OFF}了`).test(text)) return true;
  return undefined;
}

const REST_DAY = /周末|周六|周日|星期六|星期天|星期日|礼拜六|礼拜天|礼拜日|休息日|双休|公休|单休|调休日|初[四五六七]/;
const HOLIDAY = /节假日|法定(节|假|休假)|国庆|春节|过年|大年|除夕|初[一二三](?![四五六七八])|五一(?![月日号])|劳动节|元旦|中秋|端午|清明|(?<![\d一二三四五六七八九十])十一(?![月日号点个年岁人天万千百])|假期/;

const STATUTORY_DATE = /(?<!\d)(?:1月1[日号]|5月[12][日号]|10月[1-3][日号])/;
const WORKDAY_WORDS = /平时|工作日|下班后|晚上|每晚|延长|延时|周一|周二|周三|周四|周五|星期[一二三四五]/;
const OVERTIME_WORDS = /加班|加了|加点|延长|延时|超时|拖班|没休|值班|值了|上班|上了|干活|出勤|干了|在岗|上岗|值守|没放假|没歇|多干|多做|多上/;
type DayKind = 'workday' | 'restDay' | 'holiday';

interface Clause {
  text: string;
  sentence: number;
  kind?: DayKind;
  hours: Array<Extract<Quantity, { kind: 'hours' }>>;
  /** Days worked said in the clause (the last count said: "5月1日、2日两天" → 2). */
  days?: { n: number; from: string };
  /** Festival days of a break that are rest days moved for it (初四 on), said beside statutory ones. */
  movedRestDays?: { n: number; from: string };
  used?: boolean;
}

const kindOf = (t: string): DayKind | undefined =>
  HOLIDAY.test(t) || STATUTORY_DATE.test(t) ? 'holiday' : REST_DAY.test(t) ? 'restDay' : WORKDAY_WORDS.test(t) ? 'workday' : undefined;

/**
 * Overtime hours by kind of day, clause by clause: hours said outright ("加了3个钟"), hours per day × a day
 * count said beside them ("每天加班2小时，这个月加了22天", "两个周六，各8小时"), or whole rest days and
 * holidays worked (8 hours each). A clause that names no kind of day takes the one before it.
 */
function readOvertime(text: string, qs: Quantity[]): Overtime | undefined {
  const out: Overtime = { workday: 0, restDay: 0, holiday: 0, from: [] };
  const clauses: Clause[] = [];
  let sentence = 0;
  for (const m of text.matchAll(/[^，,、。！？!?；;\n]+|[。！？!?；;\n]/g)) {
    if (/^[。！？!?；;\n]$/.test(m[0])) {
      sentence++;
      continue;
    }
    const a = m.index;
    const b = a + m[0].length;
    const here = qs.filter((q) => q.span.start >= a && q.span.end <= b);
    // "中午休1小时": a break, not hours worked.
    const rest = (q: Quantity) => /(午休|中午休|休息|吃饭|歇)[^，。\d]{0,2}$/.test(text.slice(Math.max(0, q.span.start - 5), q.span.start));
    const c: Clause = { text: m[0], sentence, hours: here.filter((q): q is Clause['hours'][number] => q.kind === 'hours' && !rest(q)) };
    const k = kindOf(m[0]);
    if (k) c.kind = k;
    const prev = clauses[clauses.length - 1];
    const kind = c.kind ?? (prev?.sentence === sentence ? prev.kind : undefined);
    // Day counts a per-day figure can multiply ("一个月22天"); whole days worked are checked for work words below.
    const durations = here.filter((q): q is DurationQuantity => q.kind === 'duration' && q.months === 0 && q.days > 0 && (q.role === 'unknown' || q.role === 'service'));
    const counted = [...m[0].matchAll(new RegExp(`(?<![周期拜])(\\d+|${CN})\\s*个?(工作日|工作天|晚上|晚|周六|周日|星期六|星期天|星期日|礼拜六|礼拜天|休息日|周末)`, 'g'))];
    const last = counted[counted.length - 1];
    const named = [...m[0].matchAll(/(\d{1,2})[号日]/g)];
    // "10月1号到5号": a range of days, every one of them.
    const span = /(\d{1,2})\s*[号日]?\s*(?:到|至|-|~|—)\s*(\d{1,2})\s*[号日]/.exec(m[0]);
    const spanDays = span ? Number(span[2]) - Number(span[1]) + 1 : 0;
    if (!last && !durations.length && spanDays >= 2 && spanDays <= 10 && (kind === 'holiday' || kind === 'restDay')) c.days = { n: spanDays, from: span![0] };
    else if (!last && !durations.length && named.length >= 2 && (kind === 'holiday' || kind === 'restDay')) c.days = { n: named.length, from: named.map((x) => x[0]).join('') };
    else if (last) c.days = { n: (parseChineseAmount(last[1]!) ?? 0) * (last[2] === '周末' ? 2 : 1), from: last[0] };
    else if (durations.length) c.days = { n: durations[durations.length - 1]!.days, from: durations[durations.length - 1]!.span.text };
    else {
      // "除夕和大年初一我都在岗": festival days named one by one.
      // Only when the clause says they were worked, after naming them, and nothing of rest.
      // "他除夕、初一上了班": names listed with 、 fall in clauses of their own before the verb.
      const listed: string[] = [];
      for (let j = clauses.length - 1, at = a; j >= 0 && clauses[j]!.sentence === sentence && text[at - 1] === '、' && !OVERTIME_WORDS.test(clauses[j]!.text); j--) {
        listed.push(...(clauses[j]!.text.match(/除夕|大年三十|初[一二三四五六七]/g) ?? []));
        at = text.lastIndexOf(clauses[j]!.text, at - 1);
      }
      // "除夕到初五": every day between.
      const ORDER = ['除夕', '初一', '初二', '初三', '初四', '初五', '初六', '初七'];
      const range = /(除夕|大年三十|初[一二三四五六七])\s*(?:到|至|-|~|—)\s*(初[一二三四五六七])/.exec(m[0]);
      const between = range ? ORDER.slice(ORDER.indexOf(range[1] === '大年三十' ? '除夕' : range[1]!), ORDER.indexOf(range[2]!) + 1) : [];
      const days = [...new Set([...listed, ...between, ...(m[0].match(/除夕|大年三十|初[一二三四五六七]/g) ?? [])].map((d) => (d === '大年三十' ? '除夕' : d)))];
      const lastName = Math.max(...days.map((d) => m[0].lastIndexOf(d)));
      if (days.length && OVERTIME_WORDS.test(m[0].slice(lastName)) && !/休息|放假|休了|在家|歇/.test(m[0])) {
        // 除夕 to 初三 are the statutory days (since 2025); 初四 on are rest days moved for the break.
        const statutory = days.filter((d) => ORDER.indexOf(d) <= 3);
        const moved = days.filter((d) => ORDER.indexOf(d) > 3);
        c.days = { n: statutory.length || moved.length, from: (statutory.length ? statutory : moved).join('、') };
        if (statutory.length && moved.length) c.movedRestDays = { n: moved.length, from: moved.join('、') };
        c.kind = statutory.length ? 'holiday' : 'restDay';
      }
    }
    if (!c.kind && kind) c.kind = kind;
    // "清明节当天安排他上班": one day; "元旦和中秋节当天": one each.
    if (!c.days && c.kind === 'holiday' && /当天|那天|那一天/.test(m[0]) && OVERTIME_WORDS.test(m[0])) {
      const named = new Set(m[0].match(/元旦|清明|端午|中秋/g) ?? []);
      c.days = { n: Math.max(1, named.size), from: named.size > 1 ? `${[...named].join('、')}当天` : '当天' };
    }
    clauses.push(c);
  }
  clauses.forEach((c, i) => {
    if (!c.hours.length) return;
    const sentenceText = clauses.filter((x) => x.sentence === c.sentence).map((x) => x.text).join('，');
    const perDay = /每天|每日|一天|天天|每晚|每个晚上|每个工作日|各|每次|每个/.test(c.text)
      // "4个周六都上了全天8小时班": a day's hours beside a count of days in one clause.
      || (!!c.days && c.days.n >= 2 && c.hours.length === 1 && c.hours[0]!.hours <= 12 && !/共|一共|总共|合计|累计|加起来/.test(c.text))
      // "晚上加班2小时，一共加了15天": a few hours beside many days are each day's.
      || (c.hours.length === 1 && c.hours[0]!.hours <= 4 && [clauses[i - 1], clauses[i + 1]].some((x) => x && x.sentence === c.sentence && !x.hours.length && (x.days?.n ?? 0) >= 2 && /共|总共|一共|累计|合计/.test(x.text)));
    const near = [clauses[i - 1], clauses[i + 1]].find((x) => x && x.sentence === c.sentence && !x.hours.length && x.days && !x.used);
    const count = perDay ? (c.days ?? near?.days) : undefined;
    c.used = true;
    const kind: DayKind = c.kind ?? near?.kind ?? 'workday';
    // "上了一天班，8小时": hours said beside a day count, of the same kind of day, are those days' hours.
    if (!c.days && near && (count || (!kindOf(c.text) && near.kind === kind))) near.used = true;
    for (const h of c.hours) {
      // "每月加班不超过36小时" is a limit, not hours worked.
      if (/(不超过|不得超过|超过|最多|上限|不能超|限制在|控制在)\s*$/.test(text.slice(Math.max(0, h.span.start - 6), h.span.start))) continue;
      if (!h.overtime && h.dayType !== 'rest-day' && h.dayType !== 'holiday' && kind === 'workday' && !OVERTIME_WORDS.test(sentenceText)) continue;
      const k: DayKind = h.dayType === 'holiday' ? 'holiday' : h.dayType === 'rest-day' ? 'restDay' : kind;
      out[k] += h.hours * (count?.n ?? 1);
      out.from.push(count ? `${h.span.text}×${count.from}` : h.span.text);
      // The moved rest days of the same break, at the same hours each.
      const moved = perDay ? (c.days ? c.movedRestDays : near?.movedRestDays) : undefined;
      if (moved) {
        out.restDay += h.hours * moved.n;
        out.from.push(`${h.span.text}×${moved.from}`);
      }
    }
  });
  for (const c of clauses) {
    // Whole rest days or holidays worked, no hours given: a standard working day is 8 hours.
    // "这4个周六的加班费是多少": the question names the days again; they are not more days.
    if (c.used || c.hours.length || !c.days || (c.kind !== 'restDay' && c.kind !== 'holiday') || !OVERTIME_WORDS.test(c.text) || /多少|吗|怎么算|[？?]/.test(c.text)) continue;
    out[c.kind] += c.days.n * 8;
    out.from.push(`${c.days.from}（每天按8小时）`);
    if (c.movedRestDays) {
      out.restDay += c.movedRestDays.n * 8;
      out.from.push(`${c.movedRestDays.from}（每天按8小时）`);
    }
  }
  // Named days (5月1日, 当天, 初一) are statutory; "春节上班3天" may include the shifted rest days, and so
  // may a range ("10月1日到7日"): which of them are statutory is asked.
  const holidayText = clauses.filter((c) => c.kind === 'holiday').map((c) => c.text).join('，');
  if (out.holiday && /\d{1,2}\s*[日号]?\s*(到|至|-|~|—)\s*\d{1,2}\s*[日号]/.test(holidayText)) out.holidayPeriodOnly = true;
  if (out.holiday && !out.holidayPeriodOnly && !STATUTORY_DATE.test(holidayText) && !/当天|那天|那一天|正日子|除夕|初[一二三]|法定(节)?假日?当天|法定节假日|\d{1,2}[号日]/.test(holidayText)) out.holidayPeriodOnly = true;
  // Days of a break named ("国庆…4号和5号") or all of it worked ("五一放5天我全上了"): the statutory ones are
  // known from the calendar (since 2025: 春节 4, 劳动节 2, 国庆 3, the others 1).
  const STATUTORY: Array<[RegExp, number, number[]]> = [
    [/国庆|十一(?![点个年岁人天万千百月日号])/, 3, [1, 2, 3]], [/五一(?![月日号])|劳动节/, 2, [1, 2]], [/春节|过年/, 4, []], [/元旦/, 1, [1]], [/清明|端午|中秋/, 1, []],
  ];
  const holidayClauses = clauses.filter((c) => c.kind === 'holiday').map((c) => c.text).join('，');
  const sentenceOf = text.split(/[。！？!?；;\n]/).find((x) => STATUTORY.some(([re]) => re.test(x)) && /\d{1,2}\s*[号日]/.test(x));
  const which = STATUTORY.find(([re]) => re.test(holidayClauses));
  if (out.holiday && which && !/其中法定节假日/.test(text)) {
    const [, count, dates] = which;
    // Days named in the sentence, one by one or as a range: "4号和5号", "10月1日到3日".
    const named: number[] = [];
    for (const m of (sentenceOf && dates.length ? sentenceOf : '').matchAll(/(?:\d{1,2}\s*月\s*)?(\d{1,2})\s*[日号](?:\s*(?:到|至|-|~)\s*(\d{1,2})\s*[日号])?/g)) {
      for (let d = Number(m[1]); d <= Number(m[2] ?? m[1]) && d <= 31; d++) if (!named.includes(d)) named.push(d);
    }
    let statutoryDays: number | undefined;
    if (named.length) statutoryDays = named.filter((d) => dates.includes(d)).length;
    else if (/全上|都上|全部(上|加)|全在上班|一天(都|也)?没(休|歇)|都在上班|都在岗|全在岗|全都上/.test(text) && out.holiday >= count * 8) statutoryDays = count;
    if (statutoryDays !== undefined) {
      const h = Math.min(out.holiday, statutoryDays * 8);
      out.restDay += out.holiday - h;
      out.holiday = h;
      delete out.holidayPeriodOnly;
    }
  }
  // The reply to "which days": the statutory ones at 300%, the rest of the holiday days as rest days.
  const statutory = /其中法定节假日(\d+)天/.exec(text);
  if (statutory && out.holiday) {
    const h = Math.min(out.holiday, Number(statutory[1]) * 8);
    out.restDay += out.holiday - h;
    out.holiday = h;
    delete out.holidayPeriodOnly;
    out.from.push(statutory[0]);
  }
  return out.from.length ? out : undefined;
}

/** The sentence around an offset. */
function sentenceAt(text: string, at: number): string {
  const a = Math.max(...['。', '！', '？', '!', '?', '；', ';', '\n'].map((c) => text.lastIndexOf(c, at - 1))) + 1;
  const rest = text.slice(at).search(/[。！？!?；;\n]/);
  return text.slice(a, rest < 0 ? undefined : at + rest);
}

const TOTAL_SERVICE = /累计|总共|一共|合计|参加工作|工龄|社会工龄|社保.{0,3}交了|缴费/;
const HERE = /本单位|我们公司|我们单位|我司|本公司|这家|这个单位|这个公司|这单位|这公司|这厂|现在这|厂里|店里|在公司|在厂|在单位|在我们|在我这|来公司|进公司|入职|现在的(单位|公司)|现单位|目前的?(单位|公司)|这边/;

/** Slips of pinyin input seen in real questions, each the same length as its correction (offsets stay). */
const TYPOS: Array<[RegExp, string]> = [
  [/辞推|辞腿/g, '辞退'], [/裁圆|载员/g, '裁员'], [/代通金|代通之金/g, '代通知金'], [/补尝|补常/g, '补偿'], [/陪偿|赔尝|培偿/g, '赔偿'], [/违发(?=解除|辞退|开除)/g, '违法'], [/加般|加斑|家班/g, '加班'],
  [/工姿|公资/g, '工资'], [/年价(?!格)/g, '年假'], [/产价(?!格)/g, '产假'], [/试用其/g, '试用期'], [/医疗其/g, '医疗期'], [/劳动和同/g, '劳动合同'],
  [/经济不偿/g, '经济补偿'], [/双被工资|双背工资/g, '双倍工资'], [/(?<=[能要该得可])陪(?=多少|钱|偿)/g, '赔'], [/医了期|医辽期/g, '医疗期'],
];

/** A space between Chinese words, as chat messages use it, is a clause break. */
function clauses(text: string): string {
  // "3年 6个月", "1万 2千": a space inside a number is dropped, not a break.
  text = text.replace(/(?<=\d\s*年)[ \t\u3000]+(?=[\d一二两三四五六七八九十]{1,2}\s*个?月)/g, '').replace(/(?<=\d\s*[万wW])[ \t\u3000]+(?=[\d一二两三四五六七八九]\s*千)/g, '');
  return text.replace(/(?<=[\u4e00-\u9fff\d）)”])[ \t\u3000]+(?=[\u4e00-\u9fff\d（(“])/g, '，');
}

function fixTypos(text: string): string {
  return TYPOS.reduce((t, [re, to]) => t.replace(re, to), text);
}

/** Months a duration's words allow: "3年多" 36–47, "快三年" 30–36, "十年左右" 114–126. */
function rangeOf(q: DurationQuantity, text: string): [number, number] | undefined {
  const before = text.slice(Math.max(0, q.span.start - 3), q.span.start);
  const after = text.slice(q.span.end, q.span.end + 2);
  const m = q.months;
  const unit = /年/.test(q.span.text) ? 12 : 1;
  if (q.upper !== undefined) return [m, q.upper];
  if (q.approx || /^多/.test(after)) return [m, m + unit - (unit === 12 ? 1 : 0.5)];
  if (/(快|将近|接近|差不多|不到)$/.test(before)) return [Math.max(0, m - 6), m];
  if (/^(左右|上下|出头)/.test(after) || /(大概|大约|约|估计)$/.test(before)) return [Math.max(0, m - 6), m + 6];
  return undefined;
}

/** What a later line may say anew: the reply to a clarifying question overrides the message it answers. */
const REPLACEABLE = ['wage', 'averageWage', 'capCleared', 'capExceeded', 'service', 'totalService', 'start', 'end', 'endMonthOnly', 'ground', 'overtime', 'untakenDays', 'minimumClass', 'contractTerm', 'openEnded'] as const;

/**
 * Joins a calculation's message and the user's reply to its clarifying question (follow-up.ts). Not a line
 * break: people type several lines in one chat message, and those lines are one story, not replies.
 */
export const REPLY_MARK = '\n〔回复〕';

/**
 * One message's facts. `today` is YYYY-MM-DD in China (src/clock.ts). A message with replies joined by
 * REPLY_MARK is a question and the replies to what was asked about it: what the last reply says wins ("3年多"
 * then "3年5个月"; two grounds in dispute then "1").
 */
export function readFacts(message: string, today: string): CalcFacts {
  const facts = readReplies(message.replaceAll(CONFIRMED, ''), today);
  if (message.includes(CONFIRMED)) facts.confirmed = true;
  return facts;
}

function readReplies(joined: string, today: string): CalcFacts {
  const [first, ...replies] = joined.split(REPLY_MARK);
  // The marks are not words of the story; a correction in the story ("哦不对") stands whatever replies follow.
  const message = [corrected(first!) ?? first!, ...replies].join('\n');
  const facts = readOne(message, today);
  const override = replies.at(-1);
  if (override === undefined || !override.trim()) return facts;
  const last = readOne(override, today);
  for (const k of REPLACEABLE) if (last[k] !== undefined) (facts as unknown as Record<string, unknown>)[k] = last[k];
  if (last.ground) delete facts.groundDisputed;
  // The wage said in reply is the user's word on it: the doubts about the story's wages go with it.
  if (last.wage) {
    delete facts.wageUnclear;
    delete facts.wageApprox;
    delete facts.wageIsBase;
    delete facts.ownAverageWage;
  }
  return facts;
}

/** "干了三年半，哦不对，是四年半": the story with the corrected words put where the wrong ones were. */
function corrected(story: string): string | undefined {
  const fix = /(?:哦不对|不对|说错了|搞错了|更正一下|纠正一下)[，,。\s—…-]*(?:应该)?(?:是)?/g;
  let marker: RegExpExecArray | undefined;
  for (const m of story.matchAll(fix)) marker = m as RegExpExecArray;
  if (!marker) return undefined;
  const before = story.slice(0, marker.index).replace(/[，,。\s—…-]+$/, '');
  const after = story.slice(marker.index + marker[0].length);
  // The said-wrong figure is the last one before the marker of the kind the correction gives: "2300……哦不对，…2610",
  // "9月1号换到一家新公司，哦不对，是10月8号入职的".
  const right = parseQuantities(after)[0];
  // "今年9月1号": the year word is blanked (same length) so the date is found where it stands.
  const probe = before.replace(/(今年|去年|明年|前年|本年)(?=\s*[\d一二三四五六七八九十])/g, (w) => '　'.repeat(w.length));
  const wrong = right && parseQuantities(probe).filter((q) => q.kind === right.kind).at(-1);
  if (wrong && wrong.span.end >= before.length - 1) return before.slice(0, wrong.span.start) + after;
  if (wrong && !/[。！？!?]/.test(before.slice(wrong.span.end))) return `${before.slice(0, wrong.span.start)}${before.slice(wrong.span.end)}，${after}`;
  return undefined;
}

function readOne(message: string, today: string): CalcFacts {
  const { text, yearMissing, yearAssumed } = absoluteDates(clauses(fixTypos(normalize(message))), today);
  const qs = parseQuantities(text);
  const facts: CalcFacts = { quantities: qs, text };
  if (yearMissing) facts.yearMissing = yearMissing;
  if (yearAssumed) facts.yearAssumed = true;
  const money = qs.filter((q): q is Extract<Quantity, { kind: 'money' }> => q.kind === 'money');
  for (const q of money) {
    const f = { value: q.yuan, from: q.span.text };
    if (q.role === 'monthly-wage') {
      facts.wage ??= f;
      // "一万出头", "八千多", "四千来块": the wage is not known to the yuan.
      if (facts.wage === f && (q.approx || /^(出头|多|来块|来)/.test(text.slice(q.span.end, q.span.end + 2)))) facts.wageApprox = true;
    }
    if (q.role === 'probation-wage') facts.probationWage ??= f;
    // An average stated per year (年平均工资84000元) is turned into a monthly figure.
    if (q.role === 'average-wage') facts.averageWage ??= q.yuan > 30000 ? { value: Math.round((q.yuan / 12) * 100) / 100, from: q.span.text } : f;
  }
  if (!facts.averageWage) {
    const avg = /(社平工资|社平|社会平均工资|职工月?平均工资|(?:本市|当地|全市|市里|城镇|洛阳)[^，。]{0,6}平均工资)[^，。\d]{0,8}?(\d+(?:\.\d+)?(?:万)?)/.exec(text);
    const v = avg && parseChineseAmount(avg[2]!);
    if (v) facts.averageWage = { value: v > 30000 ? Math.round((v / 12) * 100) / 100 : v, from: avg[0] };
  }
  // "8000，干了3年": the only amount, not said to be anything else, is the wage.
  if (!facts.wage) {
    const plain = money.filter(
      (q) => q.role === 'unknown' && q.yuan >= 500 && q.yuan <= 1_000_000 && !/押金|费|罚|扣|借|欠|赔|补|奖|提成|报销|社保|公积金|房租|定金|订金|违约金|货款|贷款/.test(text.slice(q.span.end, q.span.end + 8)),
    );
    if (plain.length === 1) {
      facts.wage = { value: plain[0]!.yuan, from: plain[0]!.span.text };
      if (plain[0]!.approx) facts.wageApprox = true;
    }
  }
  // "年薪12万" and nothing monthly: the average month is a twelfth (the severance base is the 12 months' average).
  const annual = money.find((q) => q.role === 'annual-wage');
  if (!facts.wage && annual && annual.yuan >= 12_000) {
    facts.wage = { value: Math.round((annual.yuan / 12) * 100) / 100, from: `${annual.span.text} ÷ 12` };
    if (annual.approx) facts.wageApprox = true;
  }
  const total12 = /(?:前|过去|近|最近|这)?\s*(?:12|十二)个月[^，。]{0,16}(?:一共|总共|合计|共|总计|加起来|加在一起|总额|总数)[^，。\d]{0,4}(\d+(?:\.\d+)?\s*(?:(?:万|w|W)\d{0,4}|[千kK]\d{0,3})?)/.exec(text);
  const own = /(?:前|过去|近|最近)?\s*(?:12|十二)个月(?:的)?(?:月)?平均(?:工资)?(?:是|为|有)?\s*(\d+(?:\.\d+)?(?:万|千|k)?|[一二两三四五六七八九十百千万]+)/.exec(text);
  if (own) {
    const v = parseChineseAmount(own[1]!);
    if (v) facts.ownAverageWage = { value: v, from: own[0] };
  }
  // A month's average below any minimum wage is an average of something else (a day, a bonus).
  const shortAverage = money.find((q) => q.yuan >= 1500 && /(月均|月平均|平均工资|平均月薪|平均每个?月)\s*(是|有|为)?\s*$/.test(text.slice(Math.max(0, q.span.start - 6), q.span.start)) && !/(提成|绩效|奖金|补贴|加班|社平|社会|本市|当地|全市|城镇|职工)[^，。\d]{0,4}(月均|月平均|平均)/.test(text.slice(Math.max(0, q.span.start - 12), q.span.start)));
  if (!facts.ownAverageWage && shortAverage && shortAverage.role === 'monthly-wage') facts.ownAverageWage = { value: shortAverage.yuan, from: shortAverage.span.text };
  // "12个月绩效加起来13200": the total of one pay item, not of the wage.
  const itemTotal = !!total12 && /绩效|奖金|提成|补贴|津贴|加班费|全勤/.test(total12[0].replace(/(不含|不包括|除去|扣除|刨去|不算)[^，。）)]{0,8}/g, ''));
  if (itemTotal) facts.wageIsBase = true;
  if (!facts.ownAverageWage && total12 && !itemTotal) {
    const v = parseChineseAmount(total12[1]!.replace(/\s/g, ''));
    if (v && v > 12_000) facts.ownAverageWage = { value: Math.round((v / 12) * 100) / 100, from: total12[0] };
    // The total was the only amount, so it was taken for the wage: it is not.
    if (v && facts.wage?.value === v) delete facts.wage;
  }
  const last = /上个?月(?:\s*[（(][^）)]{0,6}[）)])?(?:的)?(?:工资|薪水|月薪|工资条)?(?:也)?(?:是|为|有|应发|发了|拿了|刚涨到|涨到|刚调到|调到|降到|变成)?\s*(\d{3,}(?:\.\d+)?|\d+(?:\.\d+)?\s*(?:万|千|k|w|W)\d*|[一二两三四五六七八九十]+[千万][一二两三四五六七八九十百千万]*)/.exec(text);
  if (last) {
    const v = parseChineseAmount(last[1]!);
    if (v) facts.lastMonthWage = { value: v, from: last[0] };
  }
  const daily = money.find((q) => q.role === 'daily-wage');
  if (daily) facts.dailyWage = { value: daily.yuan, from: daily.span.text };
  const hourly = money.find((q) => q.role === 'hourly-wage');
  if (hourly) facts.hourlyWage = { value: hourly.yuan, from: hourly.span.text };
  else {
    const h = /(?:一小时|每小时|时薪|小时工资)\s*(?:给|是|为|只有)?\s*(\d+(?:\.\d+)?)\s*(?:块|元)?/.exec(text);
    if (h) facts.hourlyWage = { value: Number(h[1]), from: h[0] };
  }
  if (/非全日制|小时工|钟点工|兼职|按小时/.test(text)) facts.partTime = true;
  // "没超过三倍" is an answer; "不知道有没有超过" or "是否超过" is the question.
  const cap = /(没|不|未)(有)?超(过)?.{0,6}(三倍|3倍)|(三倍|3倍|平均工资)[^。\n]{0,10}(没|不|未)(有)?超/.exec(text);
  if (cap && !/有没有|是否|是不是|不知道|吗/.test(text.slice(Math.max(0, cap.index - 4), cap.index + cap[0].length + 2))) facts.capCleared = true;
  if (/(超过|超出|高于)[^。\n]{0,4}(了|三倍|3倍)/.test(text) && /三倍平均工资：/.test(text) && !facts.capCleared) facts.capExceeded = true;

  // Service: with this employer (在这家公司3年), in all (总工龄12年), or said plainly (干了8年). Of a plain and a
  // qualified one, the plain one is the other kind: "工作8年了，在现在这家公司3年" = 8 in all, 3 here.
  const plainService: Length[] = [];
  for (const q of qs) {
    if (q.kind === 'duration') {
      const range = rangeOf(q, text);
      const f: Length = { value: { months: q.months, days: q.days }, from: q.span.text, ...(range ? { range } : {}) };
      const before = text.slice(Math.max(0, q.span.start - 10), q.span.start).split(/[，。；;,\n]/).pop()!;
      const afterWords = text.slice(q.span.end, q.span.end + 6);
      // "一个月开六千" is a wage per month; "最后一天", "第二天" are days, not lengths; "前12个月平均" is the averaging period.
      if (/^(的)?\s*(开|给|发|拿|挣|赚|到手|工资|薪|收入|\d|[一二两三四五六七八九十]+[千万百])/.test(afterWords) && q.months <= 1 && q.days === 0) continue;
      if (/(最后|第|头|前|后|当|同|这|那)$/.test(text.slice(Math.max(0, q.span.start - 2), q.span.start)) && q.months === 0) continue;
      if (/^(的)?(月)?平均|^内|^以内/.test(afterWords)) continue;
      const wider = text.slice(Math.max(0, q.span.start - 16), q.span.start);
      if (q.months > 0 && (/(之前|以前|此前|原来|先前|在这之前|来之前)[^，。]{0,12}$/.test(wider) || /^(的)?(工作)?(经验|经历)/.test(afterWords))) {
        facts.priorService ??= f;
        continue;
      }
      // "超了两个月" is the excess, not the probation agreed.
      if (q.role === 'probation' && /超(了|过|出)?$/.test(before)) continue;
      // A few days worked on a holiday or at the weekend are overtime (readOvertime), not service.
      const overtimeDays = q.months === 0 && (HOLIDAY.test(sentenceAt(text, q.span.start)) || REST_DAY.test(sentenceAt(text, q.span.start)));
      const total = TOTAL_SERVICE.test(before) || /^(的)?(社会)?工龄/.test(afterWords);
      // Plain "工龄3年" in a question about leaving is how long one worked there.
      const gongling = /(?<!社会|累计|总)工龄(是|有|为)?\s*$/.test(before) || /^(的)?工龄/.test(afterWords);
      const here = HERE.test(before);
      if ((q.role === 'service' && !overtimeDays) || (q.role === 'unknown' && q.months > 0 && (total || here))) {
        if (total && !here) {
          facts.totalService ??= f;
          if (gongling && facts.totalService === f) facts.totalIsGongling = true;
        }
        else if (here) facts.service ??= f;
        else plainService.push(f);
      }
      if (q.role === 'contract-term') facts.contractTerm ??= f;
      if (q.role === 'probation') facts.probation ??= f;
      if (q.months > 0 && /试用/.test(sentenceAt(text, q.span.start)) && /(已经|实际|一共|总共|已|共)?(干|做|过|试用|上班|工作|上)(满|了|完)+了?$/.test(before)) facts.probationServed ??= f;
    } else if (q.kind === 'date') {
      if (q.year === undefined) continue;
      const iso = q.iso ?? `${q.year}-${String(q.month).padStart(2, '0')}-01`;
      const f = { value: iso, from: q.span.text };
      // As for the end below: a day said later (the reply to "具体是几月几日入职") makes a month-only start exact.
      if (q.role === 'start' && (!facts.start || (facts.startMonthOnly && q.day !== undefined))) {
        facts.start = f;
        facts.startMonthOnly = q.day === undefined;
      }
      // A day said later (the reply to "具体是哪天") makes a month-only end exact.
      if (q.role === 'end' && (!facts.end || (facts.endMonthOnly && q.day !== undefined))) {
        facts.end = f;
        facts.endMonthOnly = q.day === undefined;
      }
      if (q.role === 'contract-signed') facts.signed ??= f;
      if (q.role === 'contract-end') facts.contractEnd ??= f;
    }
  }
  // "劳动合同是2023年12月1号到2026年11月30号": the contract's first and last day.
  const datedAll = qs.filter((q): q is Extract<Quantity, { kind: 'date' }> => q.kind === 'date' && q.iso !== undefined);
  for (let i = 0; i + 1 < datedAll.length; i++) {
    const [a, b] = [datedAll[i]!, datedAll[i + 1]!];
    if (!/^\s*(到|至|—|-|~|～|－)\s*$/.test(text.slice(a.span.end, b.span.start)) || !/合同|签/.test(sentenceAt(text, a.span.start))) continue;
    facts.start ??= { value: a.iso!, from: a.span.text };
    facts.contractEnd ??= { value: b.iso!, from: b.span.text };
    if (!facts.end && /到期|期满|终止|不续/.test(text)) facts.end = { value: b.iso!, from: b.span.text };
    break;
  }
  // "A签3年，试用期6个月；B签1年，试用期3个月": several people's terms; which one is asked is not the reader's guess.
  const terms = new Set(qs.filter((q) => q.kind === 'duration' && q.role === 'contract-term').map((q) => (q as DurationQuantity).months));
  const probations = new Set(qs.filter((q) => q.kind === 'duration' && q.role === 'probation').map((q) => (q as DurationQuantity).months));
  if (terms.size > 1 && probations.size > 1) {
    delete facts.contractTerm;
    delete facts.probation;
  }
  // "试用期6个月…又延长了2个月": the probation served is the two together.
  const extended = new RegExp(`(?:又|再)?延长(?:了)?\\s*(\\d+|${CN})\\s*个?月`).exec(text);
  if (extended && facts.probation && /试用|考察|转正/.test(text) && !facts.probationServed) {
    const more = parseChineseAmount(extended[1]!) ?? 0;
    facts.probationServed = { value: { months: facts.probation.value.months + more }, from: `${facts.probation.from}，${extended[0]}` };
  }
  // "2019年进的公司": the start is somewhere in that year; "1998年参加工作" starts the years in all, and a
  // later "2019年跳到现在这家" the years here.
  const YEAR_ONLY = /(?<!\d)(\d{4})\s*年(?!\s*(?:\d{1,2}|[一二三四五六七八九十]{1,2})\s*月)[^，。]{0,3}(参加工作|进|入职|来|到|开始|跳到|跳槽到|换到)/g;
  const [ty, tm] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
  const yearsOnly = [...text.matchAll(YEAR_ONLY)];
  for (const y of yearsOnly) {
    const yr = Number(y[1]);
    if (yr > ty || facts.start || facts.service) continue;
    const months = (from: number) => (ty - yr) * 12 + tm - from;
    const len: Length = { value: { months: months(12) }, from: y[0], range: [Math.max(0, months(12)), months(1)] };
    if (y[2] === '参加工作') facts.totalService ??= len;
    else facts.service = len;
  }
  // Two different first days: "2010年开始上班…2019年3月进了现在这个厂" is a working life and a job here; two
  // with nothing to tell them apart ("小李4月4号来的…小张9月4号来的") are not the reader's to choose from.
  const firsts = [
    ...qs.filter((q): q is Extract<Quantity, { kind: 'date' }> => q.kind === 'date' && q.role === 'start' && q.year !== undefined).map((q) => ({ at: q.span.start, end: q.span.end, ym: q.year! * 12 + q.month - 1, iso: q.iso ?? `${q.year}-${String(q.month).padStart(2, '0')}-01`, from: q.span.text, monthKnown: true })),
    ...yearsOnly.map((y) => ({ at: y.index, end: y.index + y[0].length, ym: Number(y[1]) * 12, iso: `${y[1]}-01-01`, from: y[0], monthKnown: false })),
  ].filter((c, i, all) => all.findIndex((d) => d.ym === c.ym || (!c.monthKnown && Math.floor(d.ym / 12) === Math.floor(c.ym / 12))) === i);
  if (firsts.length > 1) {
    // Working life starts at 参加工作; the job here is the one said to be now, ours or new.
    const marked = firsts.filter((c) => /^[^。；;]{0,8}(现在|目前|这家|这个(公司|厂|单位)|现单位|本单位|新公司|新单位|我们(公司|厂|单位|这)|咱(们)?(公司|厂|单位))/.test(text.slice(c.end, c.end + 14)) || (!/参加工作/.test(c.from) && firsts.some((d) => d !== c && /参加工作/.test(d.from)) && firsts.length === 2));
    const earliest = firsts.reduce((a, b) => (b.ym < a.ym ? b : a));
    const here = marked.length === 1 && marked[0] !== earliest ? marked[0]! : undefined;
    if (here) {
      if (here.monthKnown) facts.start = { value: here.iso, from: here.from };
      else facts.service = { value: { months: ty * 12 + tm - 1 - here.ym - 11 }, from: here.from, range: [Math.max(0, ty * 12 + tm - 1 - here.ym - 11), ty * 12 + tm - 1 - here.ym] };
      const all = ty * 12 + tm - 1 - earliest.ym;
      facts.totalService ??= { value: { months: earliest.monthKnown ? all : all - 11 }, from: earliest.from, ...(earliest.monthKnown ? {} : { range: [Math.max(0, all - 11), all] as [number, number] }) };
      if (!here.monthKnown && facts.start && facts.start.from !== here.from) delete facts.start;
    } else {
      delete facts.start;
      if (facts.service && firsts.some((c) => c.from === facts.service!.from)) delete facts.service;
      facts.startUnclear = true;
    }
  }
  // "去年年底还是今年年初进的", "具体哪天记不清": the start is not known.
  if (/还是[^，。]{0,8}(进|入职|来的|开始|去的)|(哪天|几号|日期|时间)[^，。]{0,8}(记不清|不记得|忘了)|(记不清|不记得|忘了)[^，。]{0,6}(哪天|几号|入职)/.test(text)) {
    delete facts.start;
    facts.startUnclear = true;
  }
  // "工作第三年": two to three years; "试用期第二个月": one to two months.
  const ordinal = /(?:工作|干|上班|入职|来|做|试用期)[^，。]{0,4}第([一二三四五六七八九十两\d]{1,3})(个月|年)/.exec(text);
  if (ordinal && !facts.service) {
    const n = parseChineseAmount(ordinal[1]!);
    const unit = ordinal[2] === '年' ? 12 : 1;
    if (n) facts.service = { value: { months: (n - 1) * unit }, from: ordinal[0], range: [(n - 1) * unit, n * unit - (unit === 12 ? 1 : 0.01)] };
  }
  if (!facts.priorService && /(之前|以前|此前)[^，。]{0,6}(也)?(上过|干过|工作过|做过|在别[^，。]{0,4}干过)/.test(text)) facts.priorUnknown = true;
  if (/一直(都)?在(这家|这个|我们|本|现在)|都在(现在)?这家|一直在(现在)?这家|第一份工作|以前没(有)?(上过班|工作过)|之前没(有)?(上过班|工作过)|毕业就(来|进)|没换过(工作|单位)|只在这家/.test(text)) facts.onlyEmployer = true;
  if (/(又|再次|重新|二次)(回|回到|回来|入职|进)[^，。]{0,6}(原|同一|这家|公司|单位|厂)|离职[^。]{0,12}又回|又回来了|重新回来|回到原(单位|公司|厂)|续签|续订|第二份合同|再签一份|第二次签|(又|再|重新|另)[^，。]{0,10}(约|签|定|搞)[^，。]{0,10}试用期|二次(试用|转正)|新岗位试用期/.test(text)) facts.rehired = true;
  if (/以完成[^，。]{0,10}为期限|项目(做完|结束|完成)[^，。]{0,4}(合同)?[^，。]{0,2}(结束|终止)|干完这个项目/.test(text)) facts.taskContract = true;
  if (/(自己|本人|我|员工|他|她)[^。]{0,12}(不想休|不休|不愿休)[^。]{0,16}书面|书面[^。]{0,10}(不休|不想休)|(写|交|提|打)了?(书面|个)?(申请|说明|报告)[^。]{0,12}(不休|不想休)/.test(text) && !/(没|未|没有|从没|从来没)(有)?(写|交|提|打|签)(过)?(书面|个)?(申请|说明|报告|字)/.test(text)) facts.declinedLeaveInWriting = true;
  // Only overtime pay said to be part of the wage ("其中有1000是加班费"), not one paid besides it.
  const inWage = /其中[^，。]{0,6}?(\d+(?:\.\d+)?)[^，。]{0,8}加班(费|工资)|其中[^，。]{0,4}加班(费|工资)[^，。]{0,6}?(\d+(?:\.\d+)?)/.exec(text);
  if (inWage) facts.overtimePayInWage = Number(inWage[1] ?? inWage[4]);
  // "10月份工资8800，11月份工资9200": the latest month's wage is last month's.
  const monthly = [...text.matchAll(new RegExp(`(\\d{1,2}|${CN})月份?(?:的)?(?:工资|薪水)(?:是|为|有)?\\s*(\\d+(?:\\.\\d+)?)`, 'g'))];
  if (monthly.length >= 2 && !facts.lastMonthWage) {
    const latest = monthly.reduce((a, b) => ((parseChineseAmount(b[1]!) ?? 0) > (parseChineseAmount(a[1]!) ?? 0) ? b : a));
    facts.lastMonthWage = { value: Number(latest[2]), from: latest[0] };
  }
  // "基本月薪3000，绩效3000": the wage said is only the base pay.
  if (facts.wage && /底薪|基本(月)?(工资|月薪|薪资)|基础工资/.test(text.slice(Math.max(0, text.indexOf(facts.wage.from) - 8), text.indexOf(facts.wage.from))) && /绩效|提成|奖金|补贴|津贴|全勤/.test(text)) facts.wageIsBase = true;
  // Two different monthly wages with nothing to say which counts: the wage is not clear.
  // "税前9000，税后8200": the wage the law counts is before tax (应发工资).
  const gross = money.find((q) => q.role === 'monthly-wage' && /(税前|应发)[^，。\d]{0,4}$/.test(text.slice(Math.max(0, q.span.start - 6), q.span.start)));
  const net = (q: Quantity) => /(税后|到手|实发|实际到手|打卡上)[^，。\d]{0,4}$/.test(text.slice(Math.max(0, q.span.start - 6), q.span.start));
  if (gross) facts.wage = { value: gross.yuan, from: gross.span.text };
  // "底薪3000加提成，平均每月8000": the average month, commission included, is the wage.
  const average = money.find((q) => q.role === 'monthly-wage' && /平均(每个?月|一个月|月)?(工资|收入)?(是|有|能拿|拿)?\s*$/.test(text.slice(Math.max(0, q.span.start - 10), q.span.start)));
  if (average && facts.wageIsBase && facts.wage && average.yuan > facts.wage.value && !/(提成|绩效|奖金|补贴|加班)[^，。\d]{0,4}平均/.test(text.slice(Math.max(0, average.span.start - 14), average.span.start))) {
    facts.wage = { value: average.yuan, from: average.span.text };
    delete facts.wageIsBase;
  }
  // "上个月应发：基本工资4200、岗位津贴600、工龄补贴300": the month's wage is the items together.
  const ITEM = '(?:基本工资|底薪|基础工资|岗位(?:工资|津贴)|工龄(?:补贴|工资)|全勤奖?|绩效(?:工资)?|(?:交通|餐|饭|住房|通讯)?(?:补贴|补助|津贴))';
  const items = new RegExp(`(?:${ITEM}\\s*(?:是|为)?\\s*\\d+(?:\\.\\d+)?\\s*(?:元|块)?\\s*[、，,+和加]?\\s*){2,}`).exec(text);
  if (items && !/最低工资|达标|夜班|高温|加班/.test(items[0])) {
    const sum = [...items[0].matchAll(new RegExp(`${ITEM}\\s*(?:是|为)?\\s*(\\d+(?:\\.\\d+)?)`, 'g'))].reduce((n, m) => n + Number(m[1]), 0);
    const before = text.slice(Math.max(0, items.index - 24), items.index);
    const lastMonth = new RegExp(`上个?月|${monthsAgo(today, 1)}`).test(before);
    if (lastMonth && !facts.lastMonthWage) facts.lastMonthWage = { value: sum, from: `${items[0].replace(/[，,、\s]+$/, '')}（合计）` };
  }
  // "基本工资4500加岗位津贴500，每月固定": the wage is the two together.
  const fixedSum = /(底薪|基本工资|基础工资)\s*(\d+(?:\.\d+)?)\s*(?:元|块)?\s*(?:加|\+|和|另加|再加)\s*(?:岗位|全勤|交通|餐|饭|住房|通讯|工龄)?(?:津贴|补贴|补助|奖)\s*(\d+(?:\.\d+)?)/.exec(text);
  if (fixedSum && /固定|每月都|不变|一直/.test(text) && !/提成|绩效|不固定|不一样|浮动/.test(text)) {
    facts.wage = { value: Number(fixedSum[2]) + Number(fixedSum[4]), from: `${fixedSum[0]}（合计）` };
    delete facts.wageIsBase;
  }
  const toNew = (q: Quantity) => /(涨到|涨成|调到|调成|调整为|调整到|加到|降到|降成|改成|变成)\s*$/.test(text.slice(Math.max(0, q.span.start - 5), q.span.start));
  // "续签的话工资得从6000降到5000", "我想涨到1w才签": an offer or a wish, not a wage paid.
  const offered = (q: Quantity) => toNew(q) && /(要|将|打算|准备|想|会|可以|得|需要|才)[^，。]{0,10}$/.test(text.slice(Math.max(0, q.span.start - 16), q.span.start - 2));
  const changed = (q: Quantity) => toNew(q) && !offered(q);
  // "月工资4500，其中基本工资3000、岗位津贴1500": the parts of a wage said are not other wages.
  const partOf = (q: Quantity) => /其中[^。]{0,16}$/.test(text.slice(Math.max(0, q.span.start - 18), q.span.start)) && !!facts.wage && q.span.start > text.indexOf(facts.wage.from);
  if (facts.wageIsBase && facts.wage && money.some((q) => partOf(q))) delete facts.wageIsBase;
  const wages = new Set(money.filter((q) => q.role === 'monthly-wage' && !partOf(q) && !offered(q) && !(gross && net(q)) && !(average && q !== average && /底薪|基本工资/.test(text.slice(Math.max(0, q.span.start - 6), q.span.start)))).map((q) => q.yuan));
  if (wages.size > 1 && !facts.ownAverageWage && !facts.lastMonthWage && !facts.probationWage) facts.wageUnclear = true;
  // "3到6月每月4000，7月开始涨到4500": the wage changed during the period; which months had which is needed.
  // An offer ("续签的话工资要从6000降到4500") changed nothing.
  if (facts.wage && money.some((q) => q.yuan !== facts.wage!.value && changed(q)) && !facts.ownAverageWage && !facts.lastMonthWage) facts.wageUnclear = true;
  // "工资分别是4500、5200、6100": several workers, not one wage.
  if (/(分别|各自)(是|为)?[^。？?]{0,12}\d+(\.\d+)?\s*[元块]?\s*[、，,和跟与]\s*\d+/.test(text)) facts.wageUnclear = true;
  const refused = /(我|自己|员工|本人|他|她)[^，。]{0,10}(不签|不愿(意)?签|拖着不签|不肯签|拒签|拒绝签|一直拖着|嫌[^，。]{0,8}(不签|拖))/.exec(text);
  // Only the employer's word ("公司说是他自己不愿意签") against no record of asking him to sign: not shown.
  const onlyClaimed = refused && /(公司|老板|单位|厂里|老板娘|对方)[^，。]{0,4}(说|称|认为|坚持)[^，。]{0,4}$/.test(text.slice(Math.max(0, refused.index - 10), refused.index + 2)) && /拿不出|没有(任何)?(证据|记录|通知)|没给过|从来没/.test(text);
  // "不是她不签，是我们人事忘了": the refusal is denied, not said.
  const denied = refused && /(不是|并不是|并非|也不是)\s*$/.test(text.slice(Math.max(0, refused.index - 4), refused.index));
  if (refused && !onlyClaimed && !denied) facts.workerRefusedToSign = true;
  const ago = new RegExp(`(\\d{1,2}|${CN})\\s*年(多)?(以)?前[^，。]{0,6}(跳到|跳槽到|换到|来到|来的|进了?|入职|来了?|到了?|调到)`).exec(text);
  if (ago && !facts.service && !facts.start) {
    const n = (parseChineseAmount(ago[1]!) ?? 0) * 12;
    facts.service = { value: { months: n }, from: ago[0], ...(ago[2] ? { range: [n, n + 11.99] as [number, number] } : {}) };
  }
  for (const f of plainService) {
    // "干了6年，…在现在这个公司又干了9年": a shorter length said before the one here was elsewhere.
    if (facts.service && f.value.months < facts.service.value.months && text.indexOf(f.from) < text.indexOf(facts.service.from) && /又|再/.test(text.slice(Math.max(0, text.indexOf(facts.service.from) - 6), text.indexOf(facts.service.from)))) {
      facts.priorService ??= f;
      continue;
    }
    if (!facts.service) facts.service = f;
    else if (!facts.totalService && f.value.months >= facts.service.value.months) facts.totalService = f;
  }
  // "工作12年了，今年3月1日入职新公司": with an entry date, a plain length that disagrees with it is the
  // length in all, not here; one that agrees ("2021年6月入职…干了快三年") adds nothing.
  const startOf = () => facts.start?.value;
  const hereFromDates = () => {
    const s = startOf();
    if (!s) return undefined;
    const e = facts.end?.value ?? today;
    return (Number(e.slice(0, 4)) - Number(s.slice(0, 4))) * 12 + Number(e.slice(5, 7)) - Number(s.slice(5, 7));
  };
  const datedMonths = hereFromDates();
  if (datedMonths !== undefined && facts.service && !facts.service.range && Math.abs(datedMonths - facts.service.value.months) >= 6) {
    if (!facts.totalService && facts.service.value.months > datedMonths) facts.totalService = facts.service;
    delete facts.service;
  }
  if (!facts.signed && /今天[^，。]{0,6}(补签|签合同|签上)/.test(text) && !/今天[^，。]{0,6}(没|未|还没|都没|也没)/.test(text)) facts.signed = { value: today, from: '今天补签' };
  // "5月6号进的…干满6个月就走了": the last day is the start plus the length worked.
  if (facts.start && facts.service && !facts.service.range && !facts.end && Number.isInteger(facts.service.value.months) && !facts.service.value.days && /(就|然后|后)?(走了|离职了|辞职了|不干了|被辞|被开|辞退了)/.test(text.slice(text.indexOf(facts.service.from)))) {
    facts.end = { value: addDays(addMonths(facts.start.value, facts.service.value.months), -1), from: `${facts.start.from}起${facts.service.from}` };
  }
  if (/无固定期限/.test(text)) facts.openEnded = true;
  const overtime = readOvertime(text, qs);
  if (overtime) facts.overtime = overtime;
  const off = timeOffGiven(text);
  if (off !== undefined) facts.timeOff = off;
  // "周末加班了4天，只调休了1天": time off for some of the days only.
  const some = /(只|仅|才)(调休|补休|倒休)了?\s*(\d+|[一二两三四五六七八九十])\s*天|(调休|补休)了?\s*(\d+|[一二两三四五六七八九十])\s*天/.exec(text);
  if (some && facts.overtime?.restDay) {
    const n = parseChineseAmount(some[3] ?? some[5]!) ?? 0;
    if (n * 8 < facts.overtime.restDay) {
      facts.overtime = { ...facts.overtime, restDay: facts.overtime.restDay - n * 8, from: [...facts.overtime.from, `${some[0]}（补休的${n}天不计）`] };
      facts.timeOff = false;
    }
  }
  const ground = readGround(text);
  if (ground === 'disputed') facts.groundDisputed = true;
  else if (ground) facts.ground = ground;
  // "10月30号给了我书面通知，说12月1号起解除": thirty days or more between the notice and the end.
  const dated = qs.filter((q): q is Extract<Quantity, { kind: 'date' }> => q.kind === 'date' && q.iso !== undefined);
  const noticeDay = dated.find((q) => /^[^，。]{0,8}(书面通知|通知书|发了?解除通知)/.test(text.slice(q.span.end, q.span.end + 16)));
  const endDay = noticeDay && dated.find((q) => q.span.start > noticeDay.span.start && /^(起|开始)?[^，。]{0,2}(解除|终止|生效|离职|走)/.test(text.slice(q.span.end, q.span.end + 8)));
  if (noticeDay && endDay) facts.noticeGiven = daysBetween(noticeDay.iso!, endDay.iso!) >= 30;
  const ahead = /提前\s*(\d+|[一二两三四五六七八九十]{1,3})\s*(天|日)/.exec(text);
  if (facts.noticeGiven === undefined) {
    if (/(没|未|没有|不|不打算|不准备|不想)[^，。]{0,8}(通知|告知|说)|当天(就|通知|生效|走)|今天通知|直接(让|叫|说)|立即|马上走|明天(就)?(别|不用)来|不用来了/.test(text)) facts.noticeGiven = false;
    else if (ahead && (parseChineseAmount(ahead[1]!) ?? 0) < 30) facts.noticeGiven = false;
    else if (/提前.{0,4}(30|三十|一个月).{0,3}(天|日)?.{0,4}(书面)?通知|提前一个月(通知|告知|说)/.test(text)) facts.noticeGiven = !/口头/.test(text);
  }
  const taken = /(已经|已|今年)?(休了|休过|请了)\s*(\d+(?:\.\d+)?|[一二两三四五六七八九十]{1,3})\s*天/.exec(text);
  const takenAfter = /(?:把|已经把|已)?(\d+(?:\.\d+)?|[一二两三四五六七八九十]{1,3})\s*天(?:的)?(?:年假|年休假)?(?:都|全|全部)?(?:休了|休完了?|用了|用完了?|请了)/.exec(text);
  if (taken) facts.leaveTaken = parseChineseAmount(taken[3]!) ?? 0;
  else if (takenAfter && !/没|未/.test(text.slice(Math.max(0, takenAfter.index - 2), takenAfter.index + takenAfter[0].length))) facts.leaveTaken = parseChineseAmount(takenAfter[1]!) ?? 0;
  let untaken = /(没休|未休|没有休|没请|没修|还剩|剩下?|还有|剩余)[^，。\d一二两三四五六七八九十]{0,10}(\d+(?:\.\d+)?|[一二两三四五六七八九十]{1,3})\s*天/.exec(text)
    ?? /(?<![一])(\d+(?:\.\d+)?|[二两三四五六七八九十]{1,3}|(?<!一)一(?!天?[^，。]{0,4}?[也都]?没))\s*天[^，。]{0,8}(没休|未休|没有休|没请|没修|没用|没让休|不让休|没安排)/.exec(text);
  if (untaken && /^\s*(就|才|后|以后)?(要)?(离职|走|到期|辞职|结束)/.test(text.slice(untaken.index + untaken[0].length))) untaken = null;
  // "今年5天年假一天没休": all of them.
  const noneTaken = /(\d+|[一二两三四五六七八九十]{1,3})\s*天(?:的)?(?:年假|年休假)[^，。\d]{0,4}(?:一天|全部|全|都)(?:也|都)?(?:没|未)(?:休|用|请)/.exec(text);
  // "一天年假都没休" says none were taken, not how many there are.
  if (!untaken && noneTaken && !/^一\s*天/.test(noneTaken[0])) facts.untakenDays = { value: parseChineseAmount(noneTaken[1]!) ?? 0, from: noneTaken[0] };
  // "10天年假只休了4天": what is left is the difference.
  const partly = /(\d+|[一二两三四五六七八九十]{1,3})\s*天(?:的)?(?:年假|年休假)[^，。\d]{0,4}(?:只|才|就)?休了\s*(\d+|[一二两三四五六七八九十]{1,3})\s*天/.exec(text);
  if (!untaken && partly) {
    const [all, used] = [parseChineseAmount(partly[1]!) ?? 0, parseChineseAmount(partly[2]!) ?? 0];
    if (all > used) facts.untakenDays = { value: all - used, from: partly[0] };
  }
  if (untaken) {
    const n = parseChineseAmount(untaken[2] && /\d|[一二两三四五六七八九十]/.test(untaken[2]) ? untaken[2] : untaken[1]!);
    if (n !== undefined) facts.untakenDays = { value: n, from: untaken[0] };
  }
  const cls = /(一|二|三|1|2|3)类(?:地区|区域|地方)|(?:属于|算|是|按)(一|二|三|1|2|3)类/.exec(text);
  if (cls) facts.minimumClass = ({ 一: 1, 1: 1, 二: 2, 2: 2, 三: 3, 3: 3 } as const)[(cls[1] ?? cls[2]) as '一'];
  return facts;
}
