import { afterAll, describe, expect, it } from 'vitest';
import { Assistant, type IncomingMessage } from '../../src/assistant/index.js';
import { dashboardRepo } from '../../src/ledger/dashboard.js';
import { offlineAnswerer } from '../helpers/answerer.js';
import { BACKENDS, makeUscc, openTestLedger, setupSuite, type TestLedger } from '../ledger/backends.js';

/**
 * What the office reads (issue 14, item 12): every interaction is in the ledger, but onboarding steps,
 * button presses, commands, hand-off requests and non-questions are marked with a kind, so that the
 * dashboard, the day's count and the hand-off rate count real questions only.
 */
let seq = 0;
function msg(chatId: string, over: Partial<IncomingMessage>): IncomingMessage {
  return { channel: 'wechat', chatId, senderId: chatId, senderName: '周经理', kind: 'text', messageId: `k${++seq}`, receivedAt: new Date(), ...over };
}

describe.each(BACKENDS)('consultations are marked by kind; the counts read questions only (%s)', (kind) => {
  let t: TestLedger;
  let assistant: Assistant;
  setupSuite(async () => {
    t = await openTestLedger(kind);
    assistant = new Assistant({ answerer: await offlineAnswerer(), ledger: t.ledger, rateLimitPerMinute: 10_000 });
  });
  afterAll(async () => t?.cleanup());

  it('records onboarding, codes, "H", "12", buttons, commands, small talk and a hand-off, each with its kind', async () => {
    const say = (text: string) => assistant.handle(msg('zhou', { text }));
    const uscc = makeUscc(9141);
    await say('/start');
    await say('注册');
    await say('洛阳市周氏餐饮有限公司');
    await say(uscc);
    await say('H');
    await say('涧西区');
    expect((await say('12'))[0]!.text).toMatch(/登记完成/);
    await say('订阅');
    await say('1');
    await assistant.handle(msg('zhou', { kind: 'button', data: 'sub:event' }));
    await say('谢谢');
    await assistant.handle(msg('zhou', { kind: 'sticker' }));
    expect((await say('试用期最长可以约定多久？'))[0]!.kind).toBe('answer');
    await say('人工');
    await say('取消');

    const rows = await t.ledger.db.query<{ question: string; kind: string }>(`SELECT question, kind FROM consultations ORDER BY id`);
    // The ledger keeps every interaction ...
    expect(rows).toHaveLength(15);
    // ... each marked with what it was.
    expect(rows.map((r) => `${r.kind}:${r.question}`)).toEqual([
      'command:/start',
      'onboarding:注册',
      'onboarding:洛阳市周氏餐饮有限公司',
      `onboarding:${uscc}`,
      'onboarding:H',
      'onboarding:涧西区',
      'onboarding:12',
      'command:订阅',
      'button:1',
      'button:[按钮] sub:event',
      'other:谢谢',
      'other:[表情]',
      'question:试用期最长可以约定多久？',
      'handoff:人工',
      'handoff:取消',
    ]);
  });

  it('the dashboard, the day\'s figures and the hand-off rate count questions only', async () => {
    const f = await dashboardRepo(t.ledger.db).figures();
    expect(f.total).toBe(1);
    expect(f.perDay.reduce((n, d) => n + d.n, 0)).toBe(1);
    // The 人工 request was withdrawn: asked for and left, so no hand-off is counted.
    expect(f.handedOff).toBe(0);

    await assistant.handle(msg('zhou', { text: '人工' }));
    const after = await dashboardRepo(t.ledger.db).figures();
    expect(after.total).toBe(1);
    expect(after.handedOff).toBe(1);
    expect((await t.ledger.figures.today()).consultations).toBe(1);
  });

  it('the hand-off rate never passes 100 %: a 人工 typed on its own counts in what the rate is out of', async () => {
    for (const who of ['r1', 'r2', 'r3']) await assistant.handle(msg(who, { text: '人工' }));
    const f = await dashboardRepo(t.ledger.db).figures();
    expect(f.handedOff).toBeGreaterThanOrEqual(3);
    expect(f.handedOff / (f.total + f.requests)).toBeLessThanOrEqual(1);
  });
});
