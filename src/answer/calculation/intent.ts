/**
 * Which calculation a message asks for, read from what it asks ("赔多少", "能休几天", "加班费怎么算") and the
 * situation it describes, not from a single keyword: "没签合同被辞退赔多少" asks for two.
 */
import type { CalcFacts } from './facts.js';

export type CalcKind =
  | 'severance'
  | 'wrongful'
  | 'notice'
  | 'double'
  | 'probation'
  | 'annual-leave'
  | 'leave-pay'
  | 'overtime'
  | 'medical'
  | 'maternity'
  | 'minimum-wage';

/** What each calculation is called in a reply. */
export const CALC_TITLE: Record<CalcKind, string> = {
  severance: '经济补偿',
  wrongful: '违法解除赔偿金',
  notice: '代通知金',
  double: '未签劳动合同的二倍工资',
  probation: '试用期',
  'annual-leave': '年休假天数',
  'leave-pay': '未休年休假工资',
  overtime: '加班费',
  medical: '医疗期',
  maternity: '产假',
  'minimum-wage': '最低工资标准',
};

const ASKS = /多少|几天|几个月|几倍|怎么算|如何算|咋算|如何计算|怎么计算|算一下|算算|能拿|能得|能要|要赔|该赔|得赔|赔偿|补偿|给多少|多久|多长|最长|最多|合法|违法|够不够|应该给|该给|应付|怎么给|能休|可以休|应休|有没有|是否|吗|么|能不能|可不可以/;
/** Words that speak of employment ending. */
export const TERMINATION = /辞退|开除|解除|裁员|被裁|裁了|倒闭|破产|关门|注销|解散|炒|不用来了|别来|不要来|不让.{0,4}来|走人|辞职|离职|合同到期|期满|终止|让.{0,4}走|被辞|辞了|不要(我|他|她)了|劝退|遣散|裁掉|开了|不想干了|没续|不续/i;
const MONEY_ASKED = /赔|补偿|遣散|能拿多少|给多少|多少钱|拿多少|要多少|付多少|该给|应该给|N\s*\+\s*1|2\s*N|\bN\b/i;
const DAMAGES_ASKED = /赔偿金|2\s*N|二N|两倍补偿|双倍补偿|双倍的?经济补偿|违法解除.{0,8}(赔|多少|怎么算)/i;
/** The message names 经济补偿 (N) itself: it asks what N is, whatever the ground. */
export const SEVERANCE_ASKED = /经济补偿|补偿金|N\s*\+\s*1|(?<![0-9二2])N(?![a-zA-Z+])/;
const NO_CONTRACT = /(没|未|不|没有)(跟|和|与|给)?.{0,5}签.{0,6}合同|没有(书面|劳动)?合同|无合同|合同(一直|都|还|也)?(没|未)签|(到今天|到现在|至今|一直|都)[^，。]{0,4}(还|都)?(没|未)签|不签合同|没合同|忘(了|记)签|漏签|(没|未)及时签|补签|才签(了|的|上|订)?(劳动|书面)?合同|合同[^，。]{0,6}才签/;

/** Words that ask for a quantity: an amount, a number of days or months, how it is computed. */
const FIGURE_ASKED = /(能|可以|还能)?(要|拿)[^，。？?]{0,8}钱(吗|么|不)|医疗期(是|有)?[^，。？?]{0,8}(吗|么|不)[？?]?\s*$|达标|(经济补偿|补偿金|赔偿金|代通知金|加班费|加班工资|二倍工资|双倍工资|N\s*\+\s*1|医疗期|年假|年休假|产假)\s*(呢|怎么说|多少|多久|几天)?\s*[？?。]?\s*$|(得|要|该|应该|会)?赔(钱|点钱|多少)?(吧|吗|么)|(要|该|应该|得)(给|付|赔|补)(吗|么)|是[^，。？?]{0,10}还是|((?<![A-Za-z])N(?![A-Za-z+])|那一?个月(的)?工资|300%|三倍|3倍)[^。？?！!]{0,4}(吗|么)|多(给|付|发|补)[^，。？?]{0,4}(一个月|1个月)(的)?(工资)?(吗|么)|(经济补偿|补偿金|补偿|赔偿金|代通知金|加班费|加班工资|二倍工资|双倍工资|双倍|\+\s*1)[^。？?！!]{0,6}(吗|么|不|没|该不该|要不要|给不给|有没有|能不能)|(能|可以|还能|该不该|要不要|有没有|能不能|该|应该|还)[^。？?！!，,]{0,3}(要|拿|领|得|有|给|付|发|补)[^。？?！!，,]{0,6}(经济补偿|补偿金|补偿|赔偿金|代通知金|加班费|加班工资|二倍工资|双倍工资|\+\s*1)|几个钱|多少|几天|几个月|几倍|(代通知金|\+\s*1|加班费)[^。？?]{0,6}(有没有|还有吗|给不给|要不要)|(钱|工资|代通知金|补偿|加班费)[^。，,]{0,4}(要|该|得)?(给|付|补)吗|有没有[^。？?]{0,6}年(休)?假|能休|可以休|(双倍|二倍|两倍)工资吗|额外[^。？?]{0,6}(一个月|1个月)的?工资|(付|给|补|发)[^。，,？?]{0,12}(钱|工资|费)吗|(能|可以)?(要到|拿到|得到|有)(经济)?补偿(金)?吗|有没有(经济)?补偿|(有|还有|享受)年(休)?假吗|年休?假吗|(有|还有|给|要给|有没有)加班费|要不要给|怎么算|如何算|咋算|怎样算|如何计算|怎么计算|怎样计算|算一下|算算|帮我算|多久|多长时间|多长|数额|金额|N\s*\+\s*1|2\s*N|这笔钱/i;
/** Only a short message asking "is it lawful" is a check of its own numbers; in a long story it asks the law. */
const SHORT = 80;

/**
 * Whether the message asks for a figure at all. A story that ends "公司的做法合法吗" asks about the law even
 * though it is full of numbers: the question is in its last sentences.
 */
export function asksForFigure(text: string): boolean {
  if (text.length <= SHORT) return FIGURE_ASKED.test(text) || /合法|违法|可以吗|行吗|行不行|够不够|低不低|对吗|对不对|是这样吗|是不是|算不算|低于|最低工资|最低标准/.test(text);
  const sentences = text.split(/(?<=[。！？!?\n])/).filter((x) => x.trim());
  return FIGURE_ASKED.test(sentences.slice(-2).join(''));
}

/** The calculations a message asks for (in the order their answers should appear); empty when none. */
export function calcKinds(message: string, facts: CalcFacts): CalcKind[] {
  // "经济补偿另外算，先不问": what the user sets aside is not asked.
  const text = message.replace(/[^，。；;！!？?]*(另外算|先不问|不用算|不用管|暂时不问|以后再说)[^，。；;！!？?]*[，。；;！!？?]?/g, '');
  const out: CalcKind[] = [];
  if (!asksForFigure(text)) return out;
  const asks = ASKS.test(text);
  const leave = /年假|年休假|带薪假|带薪休假/.test(text) || (/(今年|一年)[^，。]{0,4}(能|可以|应该)?休几天/.test(text) && /工龄|入职|工作了|参加工作/.test(text) && !/产假|病|医疗期|婚假|丧假|探亲|流产/.test(text));
  const untaken = /没休|未休|没有休|没请|没修|没用完|休不了|不让休|没让休|没安排|没有安排|剩余|剩下|还剩|只休了|才休了|不休了|不休/.test(text);
  if ((NO_CONTRACT.test(text) && /双倍|二倍|2倍|两倍|多少|赔|补|怎么算|钱|工资/.test(text)) || /(双倍|二倍|2倍|两倍)工资/.test(text)) out.push('double');
  const leavePay = leave && untaken && /钱|工资|报酬|折现|补偿|赔|费|补多少|补给|付多少|额外付|要付|给多少|要多少|拿多少|300%|三倍|3倍/.test(text) && !/(休|有|剩|折算|算)[^，。]{0,3}几天|多少天/.test(text);
  const overtimeAsked = /加班(费|工资)[^。，,]{0,8}(怎么算|多少|如何计算|怎样算|咋算|该给|给多少|一共|吗)|(多少|怎么算|怎样算|如何计算)[^。]{0,6}加班(费|工资)|加班.{0,6}(多少钱|怎么给)|(周末|节假日|休息日|节日|春节|国庆|五一)[^。]{0,12}(多少钱|怎么算|工资怎么)/.test(text);
  const overtimeExcluded = /(不含|不包括|不算|除去|扣除|刨去|去掉)[^，。]{0,4}加班(费|工资)/.test(text) && !facts.overtime;
  const overtime = (facts.overtime || overtimeAsked) && !overtimeExcluded && (overtimeAsked || !leavePay) && !/加班.{0,4}(合法|违法|可以吗|能不能|必须)/.test(text);
  const medical = (/医疗期/.test(text) && /(应该|该|到底|一共)?是?(多久|多长|几个月)[？?]?$|医疗期[^。？?]{0,12}(对吗|对不对|是不是)|医疗期\s*[？?]?$|医疗期(是|有)?[^，。？?]{0,8}(吗|么|不)[？?]?$|医疗期[^。？?]{0,4}是[^，。？?]{0,10}还是/.test(text.replace(/[。！!\s]+$/, '')) && !/赔|补偿|工资|钱/.test(text)) || /医疗期(有|是|能|可以|应该|该)?(多久|几个月|多长|多少|几天|怎么算|如何计算)|(多久|几个月|多长|多少天|几天)的?医疗期|医疗期[^。？?]{0,8}(多久|多长|几个月)/.test(text)
    || (/病假|生病|得病|得了|住院|看病|病休|患病|负伤|受伤|查出/.test(text) && /能休多久|休多久|多长时间|几个月|最长/.test(text) && !/工资|病假工资|钱/.test(text));
  const maternity = ((/产假|产家/.test(text) || (/生孩子|生了|分娩|生产了|生下|难产|顺产|剖腹产|剖宫产|双胞胎/.test(text) && /\d+\s*天|假/.test(text))) && /几天|多少|多久|多长|怎么算|一共|总共|能休|对吗|对不对/.test(text)) || (/流产|小产|引产|胎停|没保住|流了/.test(text) && /假|休|歇/.test(text));
  // Only the "+1" asked for: "那个'+1'按多少给", "除了经济补偿，那多给的一个月工资".
  // "不提前通知…要额外付多少": paying in place of notice.
  const inLieu = TERMINATION.test(text) && /额外(要)?(付|给|支付)[^，。]{0,4}(多少|几)/.test(text) && !/年假|年休假|加班/.test(text);
  const noticeOnly = ((inLieu || /(那|这)(一|1)个月(的)?工资[^，。？?]{0,8}(多少|按多少|怎么算)/.test(text)) && !/经济补偿|补偿金|(?<![A-Za-z])N(?![A-Za-z])|一共|总共|合计/.test(text)) || (/代通知金|(那个|这个)?[“"]?\+\s*1[”"]?/.test(text) && !/(?<![A-Za-z])N(?![A-Za-z])|经济补偿|补偿金/.test(text))
    || /[“"'‘]\+\s*1[”"'’]|(那个|这个)\s*\+\s*1/.test(text)
    || (/除了(经济)?补偿|补偿之外|除了\s*N/.test(text) && !/一共|总共|合计|加起来/.test(text));
  // "能不能要那个+1？一共该拿多少", "两项分别多少": N is asked too.
  const bothAsked = (/一共|总共|合计|加起来|两项|分别/.test(text) && /经济补偿|补偿|\bN\b|N\s*\+\s*1/.test(text)) || /(?<![A-Za-z])N\s*(是|有|能拿|给)?\s*(多少|怎么算|几个月)|经济补偿(金)?(是|有|能拿)?\s*(多少|怎么算)/.test(text) || (/经济补偿|补偿金/.test(text) && /(能|可以|一共|总共)拿多少/.test(text));
  const otherAsked = out.length > 0 || leavePay || overtime || medical || maternity;
  // Ending spoken of and money asked, or N / 2N named outright (unless the damages are a probation's).
  const terminationMoney = (TERMINATION.test(text) && (MONEY_ASKED.test(text) || SEVERANCE_ASKED.test(text))) || ((SEVERANCE_ASKED.test(text) || DAMAGES_ASKED.test(text)) && !/试用期/.test(text));
  // "今年6月30号离职…应该给几天": days of leave asked, not money for the ending.
  const leaveDaysOnly = leave && /几天|多少天/.test(text) && !/补偿|赔|遣散|钱|N/.test(text);
  const secondProbation = /试用/.test(text) && /又回|再次|重新|回来了|又让我试用|又约|二次/.test(text) && !/辞退|开除|解除|裁/.test(text);
  if (terminationMoney && !secondProbation && (!noticeOnly || bothAsked) && !leaveDaysOnly && (!otherAsked || /补偿|赔|遣散|N/.test(text))) {
    if (DAMAGES_ASKED.test(text)) out.push('wrongful');
    else if (SEVERANCE_ASKED.test(text) && facts.ground?.value !== 'wrongful') out.push('severance');
    else out.push(facts.ground?.value === 'wrongful' ? 'wrongful' : 'severance');
  }
  if (noticeOnly || inLieu || /代通知金/.test(text) || (/N\s*\+\s*1|额外.{0,6}(一个月|1个月)的?工资|(那|这)(一|1)个月(的)?工资|不(想|打算|准备)?等\s*(30|三十)天|不(再)?提前(30天|三十天)?(书面)?通知|多(给|付|发|补)[^，。]{0,2}(一个月|1个月)|提前.{0,3}(30|三十)(天|日).{0,8}(没|未|不)|没(有)?提前.{0,6}通知/i.test(text) && /多少|赔|补|钱|怎么算|给|拿|这笔/.test(text))) {
    out.push('notice');
  }
  // 试用期 as the setting of a dismissal ("试用期的员工辞了，赔多少") is not a question about probation.
  const dismissalOnly = out.length > 0 && !/最长|最多|多久|几个月|多长|超|约定|试用期工资/.test(text);
  if (/试用期/.test(text) && asks && !dismissalOnly && (/最长|多久|几个月|多长|合法|违法|超过|超了|可以约定|能约定|能签|赔|多少|工资|可以吗|行吗|能不能|还能/.test(text))) out.push('probation');
  if (leavePay) out.push('leave-pay');
  else if (leave && /几天|多少天|多久|多长|怎么算|折算|能休|可以休|应休|有没有|享受|该休|有几天|年休?假吗/.test(text)) out.push('annual-leave');
  if (overtime) out.push('overtime');
  if (medical) out.push('medical');
  if (maternity) out.push('maternity');
  if (/最低工资/.test(text) && (asks || facts.wage)) out.push('minimum-wage');
  // "一个月给1700合法吗": a low wage whose legality is asked is a minimum-wage question; so is one in a named class.
  else if (!out.includes('probation') && (facts.minimumClass || (facts.partTime && facts.hourlyWage)) && /合法|违法|犯法|可以吗|行吗|低于|标准|多少|达标|够不够/.test(text)) out.push('minimum-wage');
  else if (!out.length && text.length <= SHORT && facts.wage && facts.wage.value < 3000 && /合法|违法|犯法|可以吗|行吗|行不行|低不低|够不够|算不算低/.test(text)) out.push('minimum-wage');
  if (out.includes('probation') && facts.minimumClass && facts.probationWage && !out.includes('minimum-wage')) out.push('minimum-wage');
  // A dismissal without a lawful ground owes 2N in place of N and the notice pay (第八十七条): no "+1" of its own.
  const replaced = facts.ground?.value === 'wrongful' && out.includes('wrongful') ? out.filter((k) => k !== 'notice') : out;
  // A kind with none of its own facts in the message is a question about the rule, which a card answers.
  const kinds = [...new Set(replaced)].filter((k) => OWN_FACTS[k](facts));
  // "裁员要赔N+1吗" with nothing to compute N from: the +1 alone would answer half; the rule answers both.
  if (/N\s*\+\s*1/i.test(text) && kinds.includes('notice') && !OWN_FACTS.severance(facts)) return kinds.filter((k) => k !== 'notice');
  return kinds;
}

const OWN_FACTS: Record<CalcKind, (f: CalcFacts) => boolean> = {
  severance: (f) => !!(f.wage || f.service || f.start),
  wrongful: (f) => !!(f.wage || f.service || f.start),
  // A ground that owes no notice pay (裁员, 违纪, 辞职…) settles it without a wage.
  notice: (f) => !!(f.wage || f.ground || f.quantities.some((q) => q.kind === 'date')),
  double: (f) => !!(f.wage || f.service || f.start),
  probation: (f) => !!(f.contractTerm || f.contractEnd || f.openEnded || f.probation || f.probationWage || f.wage || f.rehired || f.taskContract),
  'annual-leave': (f) => !!(f.service || f.totalService || f.start || f.end),
  'leave-pay': (f) => !!(f.wage || f.untakenDays),
  overtime: (f) => !!(f.wage || f.overtime),
  medical: (f) => !!(f.service || f.totalService || f.start),
  maternity: () => true,
  'minimum-wage': (f) => !!(f.wage || f.minimumClass || f.hourlyWage || f.probationWage),
};
