/** What a message means, from its text or button data alone; the engine decides what to do with it. */
export type Intent =
  | { type: 'start' }
  | { type: 'help' }
  | { type: 'register' }
  | { type: 'cancel' }
  | { type: 'subscribe' }
  | { type: 'unsubscribe' }
  | { type: 'human' }
  /** Leave the hand-off queue: 结束人工, 不用了 (a bare 取消 is `cancel`, read in context by the engine). */
  | { type: 'leave' }
  | { type: 'feedback'; value: 'helpful' | 'unhelpful'; key?: string }
  | { type: 'staff'; command: StaffCommand }
  | { type: 'button'; data: string }
  | { type: 'text'; text: string };

export type StaffCommand =
  | { name: 'reply'; target: string; text: string }
  | { name: 'close'; target: string }
  | { name: 'broadcast'; text: string; where?: string }
  | { name: 'today' }
  | { name: 'handoffs' }
  | { name: 'usage' };

const HUMAN = /^(?:转人工|人工|人工服务|人工客服|找真人|真人|找人工|我要人工|转人工服务)[。！!]?$/;
const LEAVE = /^(?:结束人工|结束人工服务|取消人工|取消转人工|退出人工|退出排队|取消排队|不用人工了?|不需要人工了?|不用了|不需要了|算了)[。！!]?$/;

/** Slash commands may carry a @botname suffix in groups (/help@some_bot). */
function command(text: string): { name: string; rest: string } | undefined {
  const m = /^\/([a-z_]+)(?:@\w+)?(?:\s+([\s\S]*))?$/i.exec(text);
  return m ? { name: m[1]!.toLowerCase(), rest: (m[2] ?? '').trim() } : undefined;
}

function staffCommand(text: string): StaffCommand | undefined {
  const c = command(text);
  const name = c?.name;
  const rest = c?.rest ?? '';
  let m: RegExpExecArray | null;
  if (name === 'reply' || (m = /^回复\s*#?(\d+)\s+([\s\S]+)$/.exec(text))) {
    const src = name === 'reply' ? rest : text.replace(/^回复/, '');
    m = /^#?(\S+)\s+([\s\S]+)$/.exec(src.trim());
    return m ? { name: 'reply', target: m[1]!, text: m[2]!.trim() } : { name: 'usage' };
  }
  if (name === 'close' || (m = /^(?:结束|关闭)\s*#?(\d+)$/.exec(text))) {
    const target = name === 'close' ? rest.replace(/^#/, '') : m![1]!;
    return target ? { name: 'close', target } : { name: 'usage' };
  }
  if (name === 'broadcast' || /^群发\s/.test(text)) {
    const body = name === 'broadcast' ? rest : text.replace(/^群发/, '').trim();
    // "@洛龙区 …" is shorthand for district=洛龙区; "@industry=C;district=洛龙区 …" is outreach's audience query.
    const d = /^@(\S+)\s+([\s\S]+)$/.exec(body);
    if (d) return { name: 'broadcast', where: /[=＝]/.test(d[1]!) ? d[1]! : `district=${d[1]!}`, text: d[2]!.trim() };
    return body ? { name: 'broadcast', text: body } : { name: 'usage' };
  }
  if (name === 'today' || name === 'stats' || /^今日(?:数据|统计)$/.test(text)) return { name: 'today' };
  if (name === 'handoffs' || text === '待办人工') return { name: 'handoffs' };
  return undefined;
}

export function classify(text: string | undefined, data: string | undefined): Intent {
  if (data !== undefined) {
    const fb = /^fb:([hu]):(.+)$/.exec(data);
    if (fb) return { type: 'feedback', value: fb[1] === 'h' ? 'helpful' : 'unhelpful', key: fb[2]! };
    return { type: 'button', data };
  }
  const t = (text ?? '').trim();
  const staff = staffCommand(t);
  if (staff) return { type: 'staff', command: staff };
  const c = command(t);
  if (c) {
    switch (c.name) {
      case 'start': return { type: 'start' };
      case 'help': return { type: 'help' };
      case 'register': return { type: 'register' };
      case 'cancel': return { type: 'cancel' };
      case 'subscribe': return { type: 'subscribe' };
      case 'unsubscribe': return { type: 'unsubscribe' };
      case 'human': return { type: 'human' };
      default: return { type: 'help' };
    }
  }
  if (HUMAN.test(t)) return { type: 'human' };
  if (/^(?:注册|登记|注册企业|登记企业|关联企业)$/.test(t)) return { type: 'register' };
  if (/^(?:取消|退出)$/.test(t)) return { type: 'cancel' };
  if (LEAVE.test(t)) return { type: 'leave' };
  if (/^(?:订阅|订阅通知)$/.test(t)) return { type: 'subscribe' };
  if (/^(?:退订|取消订阅)$/.test(t)) return { type: 'unsubscribe' };
  if (/^(?:帮助|菜单|你好|您好)$/.test(t)) return { type: 'help' };
  if (/^(?:有用|有帮助|👍)$/.test(t)) return { type: 'feedback', value: 'helpful' };
  if (/^(?:没用|没帮助|无用|👎)$/.test(t)) return { type: 'feedback', value: 'unhelpful' };
  return { type: 'text', text: t };
}

/** A message typed during onboarding that is really a question (answered, then onboarding resumes). */
export function looksLikeQuestion(text: string): boolean {
  if (/[？?]\s*$/.test(text)) return true;
  return text.length >= 6 && /(吗|怎么|如何|多少|什么|是否|能否|能不能|可不可以|要不要|哪些|为什么|怎样|几天|几个月)/.test(text);
}
