/**
 * The facts a calculation may have to ask for: one short question each, and how the user's short reply
 * ("7000", "今年", "2", "没超过") is read back into the message, so the next turn completes the calculation.
 */
export type Slot =
  | 'ground'
  | 'wage'
  | 'service'
  | 'total-service'
  | 'average'
  | 'year'
  | 'start'
  | 'contract-term'
  | 'hours'
  | 'untaken-days'
  | 'pregnancy-months'
  | 'area-class'
  | 'holiday-days'
  | 'dystocia'
  | 'start-date'
  | 'start-day'
  | 'end-date'
  | 'last-day'
  | 'choose'
  | 'confirm';

export const ASK: Record<Slot, string> = {
  ground:
    '劳动关系是怎么结束的？请回复序号或直接说明：\n1. 公司没有合法理由辞退（违法解除）\n2. 公司依第四十条解除（不胜任经培训或调岗仍不胜任、医疗期满不能工作、客观情况重大变化协商不成）\n3. 经济性裁员、协商解除，或合同到期公司不续签\n4. 员工自己主动辞职\n5. 员工严重违纪或试用期不符合录用条件被解除',
  wage: '这名员工的月工资是多少（解除前12个月的平均月工资，含奖金、津贴）？',
  service: '在本单位一共工作了多长时间（例如“三年半”），或者是哪天入职的？',
  'total-service': '这名员工参加工作以来（包括在以前的单位）一共工作了多少年？',
  average:
    '月工资较高，经济补偿可能要按本市上年度职工月平均工资的三倍封顶（最多按12年算）。您知道本市上年度职工月平均工资是多少吗？请直接告诉我数字；如果能确定员工工资没有超过它的三倍，回复“没超过”也可以。',
  year: '您说的这个日期是哪一年？（例如“今年”或“2025年”）',
  start: '员工是哪天开始上班的？书面劳动合同签了没有，哪天签的？',
  'contract-term': '劳动合同签的期限是多长（例如“一年”“三年”或“无固定期限”）？',
  hours: '一共加班多少小时？分别是工作日延长、周末还是法定节假日？',
  'untaken-days': '还有几天年休假没有休？',
  'pregnancy-months': '流产时怀孕几个月了？',
  'area-class': '单位在洛阳哪个县区？或者您知道当地属于河南最低工资的第几类地区吗？',
  'holiday-days':
    '节假日里上班的是哪几天（具体日期）？法定节假日当天（如元旦1月1日、春节除夕至初三、劳动节5月1日和2日、国庆10月1日至3日）按300%计算，长假中调休出来的休息日按200%计算（或安排补休）。',
  dystocia: '医院是否认定为难产（有难产的诊断证明）？难产的产假增加15天。',
  'start-date': '这名员工是今年几月几日入职的？新入职当年的年休假要按剩余天数折算。',
  'start-day': '具体是几月几日入职的？只知道月份的话，差几天结果就可能不同。',
  'end-date': '具体是几月几日离职（最后一天上班）的？离职当年的年休假按已过天数折算，差几天结果就可能不同。',
  'last-day': '最后一天上班是几月几日？工作年限算到那一天，差几个月结果就可能不同。',
  choose: '您给了两个数，结果会因此不同。请告诉我准确的那一个，我再算。',
  confirm: '您说的情况比较多，我先把读到的条件列在下面，请核对：都对的话回复“对”，我就按这些条件算出数额；有读错的，直接告诉我正确的（例如“月薪是8000”“是公司没理由辞退的”）。',
};

/** What a reply must contain to be read as the answer to a slot (otherwise it is a new question). */
const LOOKS_LIKE: Record<Slot, RegExp> = {
  ground: /^[1-5１-５]\s*[.、。]?\s*$|辞退|开除|解除|辞职|离职|裁员|协商|到期|违纪|理由|不胜任|不能胜任|让.{0,4}走|走人|不用来|违法|合法|依法/,
  wage: /\d|[一二两三四五六七八九十百千万]/,
  service: /\d|[一二两三四五六七八九十半]|入职/,
  'total-service': /\d|[一二两三四五六七八九十半]/,
  average: /\d|[一二两三四五六七八九十百千万]|超|不知道|不清楚|不了解/,
  year: /今年|去年|前年|明年|\d{4}|本年/,
  start: /\d|[一二两三四五六七八九十]|没签|未签|还没|签了/,
  'contract-term': /\d|[一二两三四五六七八九十半]|无固定期限/,
  hours: /\d|[一二两三四五六七八九十半]/,
  'untaken-days': /\d|[一二两三四五六七八九十半]/,
  'pregnancy-months': /\d|[一二两三四五六七八九十半]/,
  'area-class': /[区县市]|类/,
  'holiday-days': /\d|[一二两三四五六七八九十]|除夕|初|当天/,
  dystocia: /^(是|有|对|不是|没有|不|否|没)|难产|顺产|证明/,
  'start-date': /\d|[一二两三四五六七八九十]/,
  'start-day': /\d|[一二两三四五六七八九十]/,
  'end-date': /\d|[一二两三四五六七八九十]/,
  'last-day': /\d|[一二两三四五六七八九十]/,
  // Only a number settles which of two values it is; "对" is taken as a reply too, so that the question is asked
  // again rather than "对" being answered as a new question.
  choose: /\d|[一二两三四五六七八九十]|^(对|是|嗯|好|没错|确认)/,
  confirm: /^(对|是|没错|嗯|好|确认|正确|没问题|可以|ok|OK|不对)|\d|[一二两三四五六七八九十]|辞|解除|开除|违法|协商|到期|裁|不是|错/,
};

const GROUND_CHOICE: Record<string, string> = {
  '1': '公司没有合法理由辞退',
  '2': '公司依第四十条解除',
  '3': '公司裁员或协商解除',
  '4': '员工主动辞职',
  '5': '员工严重违纪被解除',
};

/** Statutory holiday days (since 2025) named in a reply: 除夕 to 初三, 5月1日–2日, 10月1日–3日, 1月1日, 当天. */
function statutoryDays(r: string): number {
  const days = new Set<string>();
  for (const m of r.matchAll(/除夕|初[一二三](?![四五六七八九十])|元旦|清明|端午|中秋|当天/g)) days.add(m[0]);
  for (const m of r.matchAll(/(1|5|10)\s*[月.]\s*(\d{1,2})\s*[日号]?(?:\s*(?:到|至|-|~)\s*(\d{1,2})\s*[日号]?)?/g)) {
    const last = { '1': 1, '5': 2, '10': 3 }[m[1] as '1' | '5' | '10'];
    for (let d = Number(m[2]); d <= Number(m[3] ?? m[2]); d++) if (d >= 1 && d <= last) days.add(`${m[1]}-${d}`);
  }
  return days.size;
}

/** What a reply to the confirmation starts with, so the next reading knows the user has checked it. */
export const CONFIRMED = '〔已核对〕';

/** Short replies only: a long message is a new question, not an answer to ours. */
const MAX_REPLY = 60;

/**
 * The reply written as the words the fact reader looks for ("7000" after the average-wage question becomes
 * "本市上年度职工月平均工资7000"), or undefined when the reply does not answer the slot. `asked` is the message
 * the question was about.
 */
export function replyAsFact(slot: Slot, reply: string, asked = ''): string | undefined {
  const r = reply.trim();
  if (!r || r.length > MAX_REPLY || !LOOKS_LIKE[slot].test(r)) return undefined;
  const bare = !/[\u4e00-\u9fff]{3,}/.test(r.replace(/[年月日号天元块万千百个半多左右小时]/g, ''));
  switch (slot) {
    case 'ground': {
      const choice = /^([1-5１-５])/.exec(r)?.[1]?.normalize('NFKC');
      return choice && r.length <= 3 ? GROUND_CHOICE[choice] : r;
    }
    case 'wage':
      return bare ? `月工资${r}` : r;
    case 'service':
      if (/\d{4}\s*[年.\-/]|\d{1,2}\s*月\s*\d{1,2}\s*[日号]/.test(r)) return /入职|进/.test(r) ? r : `${r}入职`;
      return bare && !/入职/.test(r) ? `在本单位工作了${r}` : r;
    case 'hours': {
      if (/加|班|周|节|晚|平时|工作日|休息日/.test(r)) return r;
      // "20小时" after "周末加班了…": the kind of day the question said.
      const day = /周末|周六|周日|星期六|星期天|休息日/.test(asked) ? '周末' : /节假日|国庆|春节|五一|元旦/.test(asked) ? '节假日' : '';
      return `${day}加班${r}`;
    }
    case 'total-service':
      return bare ? `累计工作${r}` : r;
    case 'average':
      if (/不知道|不清楚|不了解/.test(r)) return '本市平均工资不清楚';
      return /超/.test(r) ? `三倍平均工资：${r}` : bare ? `本市上年度职工月平均工资${r}` : r;
    case 'contract-term':
      return bare ? `劳动合同期限${r}` : r;
    case 'untaken-days':
      return bare ? `没休的年假还有${r}` : r;
    case 'pregnancy-months':
      return bare ? `怀孕${r}` : r;
    case 'holiday-days':
      return `其中法定节假日${statutoryDays(r)}天`;
    case 'dystocia':
      return /^(不是|没有|不|否|没)|顺产/.test(r) ? '医院没有认定难产' : '医院认定为难产';
    case 'start-date':
      return `今年${r}入职`;
    case 'start-day':
      return /入职|来|进/.test(r) ? r : `${r}入职`;
    case 'choose':
      // The chosen value is the user's word on the fact, as a correction of the reading is; without a number
      // nothing is chosen, and the reading (still holding both values) asks again.
      return /\d|[一二两三四五六七八九十]/.test(r) ? `${CONFIRMED}${r}` : r;
    case 'confirm':
      // "对" confirms the reading; a correction is the user's word on the rest; a bare "不对" says something is
      // wrong without what, so the reading is shown again (not confirmed).
      if (/^(不对|不是|错了|有错|读错了|不正确)[的了啊呀吧！!。.，,]*$/.test(r)) return r;
      return `${CONFIRMED}${/^(对|是|没错|嗯|好|确认|正确|没问题|可以|ok|OK)[的了啊呀吧！!。.]*$/.test(r) ? '' : r}`;
    case 'end-date':
    case 'last-day':
      return /离职|走|最后/.test(r) ? r : `${r}离职`;
    default:
      return r;
  }
}
