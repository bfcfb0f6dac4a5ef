import { afterAll, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/types.js';
import { Assistant, OfficeHours, SenderRegistry, type AnswerSource, type IncomingMessage, type Reply } from '../../src/assistant/index.js';
import { loadConfig } from '../../src/config.js';
import { BACKENDS, openTestLedger, setupSuite, type TestLedger } from '../ledger/backends.js';

/**
 * Hand-off without the trap (issue 14, item 6): an unsure answer offers a person instead of queueing;
 * a queued user sees their place and when a person will answer, can leave the queue, and still gets
 * answers. Fixed answers, so the test does not depend on the live confidence model.
 */
const SURE: Answer = {
  text: '劳动合同期限一年以上不满三年的，试用期不得超过二个月。',
  citations: [{ law: '劳动合同法', article: 19, label: '第十九条', quote: '劳动合同期限一年以上不满三年的，试用期不得超过二个月', unverified: false }],
  figures: [], risks: [], confidence: 0.92, handoff: { needed: false }, source: 'card', unsure: false,
};
/** What an answerer that hands off on low confidence returns: unsure, and a hand-off it decided by itself. */
const UNSURE: Answer = {
  text: '这个问题我没有把握给出准确的答复，为免误导，先不下结论。\n\n可能相关的规定（仅供参考）：\n《劳动合同法》第四十条',
  citations: [{ law: '劳动合同法', article: 40, label: '第四十条', quote: '劳动合同订立时所依据的客观情况发生重大变化', unverified: false }],
  figures: [], risks: [], confidence: 0.18, handoff: { needed: false }, source: 'articles', unsure: true,
};
const OFF_TOPIC: Answer = {
  text: '这个问题好像不在用工指导的范围内。', citations: [], figures: [], risks: [], confidence: 0.1, handoff: { needed: false }, source: 'none',
};

const stub: AnswerSource = {
  answer: async (q) => (q.includes('搬迁') ? UNSURE : /还在吗|谢谢/.test(q) ? OFF_TOPIC : SURE),
};

/** Office hours as configured by default: Mon–Fri 08:30–12:00, 14:30–17:30, Asia/Shanghai. */
const HOURS = OfficeHours.parse('mon-fri 08:30-12:00,14:30-17:30', 'Asia/Shanghai');
/** Times in China (UTC+8). 2026-12-01 is a Tuesday. */
const at = (local: string) => new Date(`${local}+08:00`);

let seq = 0;
/** Users write on Telegram (a channel with buttons); staff (console:boss) from the terminal. */
function msg(chatId: string, text: string, over: Partial<IncomingMessage> = {}): IncomingMessage {
  const channel = chatId === 'boss' ? 'console' : 'telegram';
  return { channel, chatId, senderId: chatId, senderName: '李老板', kind: 'text', text, messageId: `h${++seq}`, receivedAt: new Date(), ...over };
}
const tap = (chatId: string, data: string) => msg(chatId, '', { kind: 'button', data });
const all = (replies: Reply[]) => replies.map((r) => r.text).join('\n');

describe.each(BACKENDS)('hand-off without the trap (%s)', (kind) => {
  let t: TestLedger;
  let assistant: Assistant;
  /** What staff (console:boss) were told, in order. */
  const staffInbox: string[] = [];
  let clock = at('2026-12-01T10:00:00');

  const make = () => {
    const senders = new SenderRegistry();
    senders.register({ channel: 'console', send: async (chatId, reply) => void (chatId === 'boss' && staffInbox.push(reply.text)) });
    senders.register({ channel: 'telegram', send: async () => undefined });
    return new Assistant({ answerer: stub, ledger: t.ledger, senders, staffIds: ['console:boss'], rateLimitPerMinute: 10_000, officeHours: HOURS, now: () => clock });
  };
  const stateOf = async (id: string | undefined) => (await t.ledger.consultations.get(Number(id)))?.handoffState;

  setupSuite(async () => {
    t = await openTestLedger(kind);
    assistant = make();
  });
  afterAll(async () => t?.cleanup());

  it('an unsure answer offers a person (a 转人工 button) and does not queue; pressing the offer does', async () => {
    const replies = await assistant.handle(msg('u1', '公司要搬迁到伊川县，员工不愿意去，要给补偿吗？'));
    expect(replies[0]!.text).toContain('没有把握');
    const offer = replies[0]!.buttons!.flat().find((b) => b.label === '转人工');
    expect(offer).toBeDefined();
    expect(all(replies)).toMatch(/人工/);
    expect(all(replies)).not.toMatch(/已为您转接|已转给/);
    expect(await stateOf(replies[0]!.consultationId)).toBe('none');

    // Not locked: the next question is answered as usual.
    const next = await assistant.handle(msg('u1', '一年期合同试用期最长多久？'));
    expect(next[0]!.kind).toBe('answer');
    expect(all(next)).not.toMatch(/工作人员/);

    // On a channel without buttons (WeChat) the same answer says how to ask for a person in words.
    const wx = await assistant.handle(msg('wx1', '公司要搬迁到伊川县，员工不愿意去，要给补偿吗？', { channel: 'wechat' }));
    expect(wx[0]!.buttons!.flat().map((b) => b.label)).not.toContain('转人工');
    expect(wx[0]!.text).toMatch(/回复“人工”/);
    expect(await stateOf(wx[0]!.consultationId)).toBe('none');

    const queued = await assistant.handle(tap('u1', offer!.data));
    expect(all(queued)).toMatch(/已为您转接/);
    expect(all(queued)).toMatch(/第 1 位/);
    expect(await stateOf(queued[0]!.consultationId)).toBe('requested');
    expect(staffInbox.at(-1)).toMatch(/【转人工】咨询 #\d+[\s\S]*搬迁/);
  });

  it('a queued user leaves with 取消, staff see it withdrawn, and the bot answers again', async () => {
    const [started] = await assistant.handle(msg('u2', '人工'));
    const id = started!.consultationId;
    expect(started!.text).toMatch(/已为您转接/);
    expect(started!.text).toMatch(/回复“取消”/);

    const [left] = await assistant.handle(msg('u2', '取消'));
    expect(left!.text).toMatch(/已取消转人工/);
    expect(await stateOf(id)).toBe('withdrawn');
    expect(staffInbox.at(-1)).toMatch(new RegExp(`咨询 #${id}.*用户已取消转人工`));
    // The console's queue no longer lists it.
    expect((await t.ledger.consultations.listHandoffs()).map((c) => String(c.id))).not.toContain(id);

    const answered = await assistant.handle(msg('u2', '一年期合同试用期最长多久？'));
    expect(answered[0]!.text).toContain('不得超过二个月');
    expect(all(answered)).not.toMatch(/工作人员/);

    // Staff replying to it afterwards are told the user withdrew.
    const [refused] = await assistant.handle(msg('boss', `/reply ${id} 您好`));
    expect(refused!.text).toMatch(/用户已取消转人工/);
  });

  it('结束人工 and 不用了 leave the queue too, also after a restart', async () => {
    const [a] = await assistant.handle(msg('u3', '转人工'));
    expect((await assistant.handle(msg('u3', '结束人工')))[0]!.text).toMatch(/已取消转人工/);
    expect(await stateOf(a!.consultationId)).toBe('withdrawn');

    const [b] = await assistant.handle(msg('u3', '/human'));
    // A new process picks the open hand-off up from the ledger, and still lets the user out.
    const restarted = make();
    const again = await restarted.handle(msg('u3', '还在吗？'));
    expect(all(again)).toMatch(/第 \d+ 位/);
    expect((await restarted.handle(msg('u3', '不用了')))[0]!.text).toMatch(/已取消转人工/);
    expect(await stateOf(b!.consultationId)).toBe('withdrawn');
    expect((await restarted.handle(msg('u3', '一年期合同试用期最长多久？')))[0]!.text).toContain('不得超过二个月');
  });

  it('while queued: the place in the queue, an answer to a new question plus a person will follow up', async () => {
    // Earlier tests left u1 waiting: the places count from whoever waits already.
    const ahead = (await t.ledger.consultations.listHandoffs()).filter((c) => c.handoffState === 'requested').length;
    const [first] = await assistant.handle(msg('q1', '人工'));
    const [second] = await assistant.handle(msg('q2', '人工'));
    expect(first!.text).toMatch(new RegExp(`排在第 ${ahead + 1} 位`));
    expect(second!.text).toMatch(new RegExp(`排在第 ${ahead + 2} 位`));

    const asked = await assistant.handle(msg('q2', '一年期合同试用期最长多久？'));
    expect(asked[0]!.kind).toBe('answer');
    expect(asked[0]!.text).toContain('不得超过二个月');
    expect(all(asked)).toMatch(/工作人员.*跟进/);
    expect(all(asked)).toMatch(new RegExp(`第 ${ahead + 2} 位`));
    expect(staffInbox.at(-1)).toMatch(new RegExp(`咨询 #${second!.consultationId} 用户补充[\\s\\S]*试用期`));
    // The question itself is an ordinary consultation; the hand-off stays on the request.
    expect(await stateOf(asked[0]!.consultationId)).toBe('none');

    // The first user leaves: the second moves up.
    await assistant.handle(msg('q1', '取消'));
    expect(all(await assistant.handle(msg('q2', '人工')))).toMatch(new RegExp(`第 ${ahead + 1} 位`));

    // Staff take it over: the user is told a person is on it; /reply and /close work as before.
    const id = second!.consultationId!;
    await assistant.handle(msg('boss', `/reply ${id} 您好，我来看看。`));
    expect(all(await assistant.handle(msg('q2', '还在吗？')))).toMatch(/工作人员已接手/);
    const [closed] = await assistant.handle(msg('boss', `/close ${id}`));
    expect(closed!.text).toMatch(/人工服务已结束/);
    expect(await stateOf(id)).toBe('resolved');
    await assistant.handle(msg('q2', '取消')); // nothing to leave any more
    expect(await stateOf(id)).toBe('resolved');
  });

  it('outside office hours the user is told when a person will answer next', async () => {
    try {
      clock = at('2026-12-05T10:00:00'); // Saturday
      const [sat] = await assistant.handle(msg('h1', '人工'));
      expect(sat!.text).toMatch(/非工作时间/);
      expect(sat!.text).toMatch(/12月7日（周一）8:30/);
      expect(sat!.text).toMatch(/周一至周五 8:30–12:00、14:30–17:30/);

      clock = at('2026-12-01T12:30:00'); // Tuesday lunch
      expect(all(await assistant.handle(msg('h1', '还在吗？')))).toMatch(/今天 14:30/);

      clock = at('2026-12-03T18:00:00'); // Thursday evening
      expect(all(await assistant.handle(msg('h1', '还在吗？')))).toMatch(/明天（周五）8:30/);

      clock = at('2026-12-01T10:00:00'); // working time: no opening hours sentence
      const during = all(await assistant.handle(msg('h1', '还在吗？')));
      expect(during).not.toMatch(/非工作时间/);
      expect(during).toMatch(/工作时间/);
    } finally {
      clock = at('2026-12-01T10:00:00');
    }
  });
});

describe('office hours', () => {
  it('reads the schedule, tells open from closed, and finds the next opening', () => {
    expect(HOURS.describe()).toBe('周一至周五 8:30–12:00、14:30–17:30');
    expect(HOURS.isOpen(at('2026-12-01T08:29:00'))).toBe(false);
    expect(HOURS.isOpen(at('2026-12-01T08:30:00'))).toBe(true);
    expect(HOURS.isOpen(at('2026-12-01T12:00:00'))).toBe(false);
    expect(HOURS.isOpen(at('2026-12-05T10:00:00'))).toBe(false);
    expect(HOURS.nextOpeningText(at('2026-12-01T07:00:00'))).toBe('今天 8:30');
    expect(HOURS.nextOpeningText(at('2026-12-04T17:45:00'))).toBe('12月7日（周一）8:30');
    const sat = OfficeHours.parse('mon-fri 09:00-17:00; sat 09:00-12:00', 'Asia/Shanghai');
    expect(sat.describe()).toBe('周一至周五 9:00–17:00；周六 9:00–12:00');
    expect(sat.nextOpeningText(at('2026-12-04T18:00:00'))).toBe('明天（周六）9:00');
    expect(() => OfficeHours.parse('weekdays nine to five', 'Asia/Shanghai')).toThrow(/工作时间/);
  });

  it('comes from config OFFICE_HOURS / OFFICE_TIMEZONE, with the default when unset, and refuses a bad one', () => {
    expect(loadConfig({}).officeHours.describe()).toBe('周一至周五 8:30–12:00、14:30–17:30');
    expect(loadConfig({ OFFICE_HOURS: 'mon-sat 09:00-17:00' }).officeHours.describe()).toBe('周一至周六 9:00–17:00');
    expect(() => loadConfig({ OFFICE_HOURS: 'mon-fri 9-5' })).toThrow(/OFFICE_HOURS.*不是时刻/);
    expect(() => loadConfig({ OFFICE_TIMEZONE: 'Mars/Olympus' })).toThrow(/时区/);
  });
});
