import { afterAll, describe, expect, it } from 'vitest';
import { Assistant, type IncomingMessage, type Reply } from '../../src/assistant/index.js';
import { openLedger, type Ledger } from '../../src/ledger/index.js';
import { sweepExpired } from '../../src/ledger/sweep.js';
import { offlineAnswerer } from '../helpers/answerer.js';
import { BACKENDS, KNOWLEDGE_DIR, makeUscc, openTestLedger, setupSuite, TEST_DATABASE_URL, testLists, type Backend, type TestLedger } from '../ledger/backends.js';

/**
 * What the engine remembers between messages is shared by every process on the database (issue 15):
 * two engines stand for two processes behind a round-robin balancer, each message of a chat reaching
 * the other one. On PostgreSQL each has its own ledger (its own pools) on one schema, as two processes
 * would; the embedded PGlite is one process's, so there both run on its one ledger, through the same code.
 */
describe.each(BACKENDS)('conversation state shared between processes (%s)', (kind: Backend) => {
  let t: TestLedger;
  let second: Ledger;
  let a: Assistant;
  let b: Assistant;
  let seq = 0;
  const sent: Array<{ chatId: string; reply: Reply }> = [];
  /** What the staff desk's chat received, from either process. */
  const staffNotices: string[] = [];

  const msg = (chatId: string, text: string, extra: Partial<IncomingMessage> = {}): IncomingMessage => ({
    channel: 'telegram', chatId, senderId: chatId, senderName: '测试用户', kind: 'text', text, messageId: `m${++seq}`, receivedAt: new Date(), ...extra,
  });
  /** Each message of the list to the other engine in turn, as a round-robin balancer would. */
  async function alternate(chatId: string, texts: string[]): Promise<string[]> {
    const out: string[] = [];
    for (const [i, text] of texts.entries()) out.push((await (i % 2 ? b : a).handle(msg(chatId, text))).map((r) => r.text).join('\n'));
    return out;
  }

  setupSuite(async () => {
    t = await openTestLedger(kind);
    second = kind === 'postgres'
      ? await openLedger({ dataDir: t.dataDir, knowledgeDir: KNOWLEDGE_DIR, CHAT_RETENTION_DAYS: 0, DATABASE_URL: TEST_DATABASE_URL }, { lists: await testLists(), schema: t.schema!, poolSize: 4, spoolDir: `${t.dataDir}/spool-2` })
      : t.ledger;
    const answerer = await offlineAnswerer();
    a = new Assistant({ answerer, ledger: t.ledger, rateLimitPerMinute: 5, staffIds: ['console:desk'] });
    b = new Assistant({ answerer, ledger: second, rateLimitPerMinute: 5, staffIds: ['console:desk'] });
    b.senders.register({ channel: 'telegram', send: async (chatId, reply) => void sent.push({ chatId, reply }) });
    for (const x of [a, b]) x.senders.register({ channel: 'console', send: async (_chatId, reply) => void staffNotices.push(reply.text) });
  });
  afterAll(async () => {
    if (second && second !== t?.ledger) await second.close();
    await t?.cleanup();
  });

  it('continues onboarding and reads a follow-up with the question before it, whichever process has the message', async () => {
    const steps = await alternate('1001', ['注册', '洛阳共享状态测试有限公司', makeUscc(90_000 + Math.floor(Math.random() * 9_000)), 'C', '涧西区']);
    expect(steps.map((s) => /第(\d)步/.exec(s)?.[1])).toEqual(['1', '2', '3', '4', '5']);
    const [asked, followUp] = await alternate('1002', ['干了3年月薪6000辞退要赔多少', '那如果是公司违法解除呢？']);
    expect(asked).toMatch(/劳动关系是怎么结束的/);
    expect(followUp).toMatch(/36,000元/);
  });

  it('handles a redelivered message once, whichever process it is redelivered to: staff hear of it once', async () => {
    const [queued] = await a.handle(msg('1003', '人工'));
    expect(queued!.text).toMatch(/已为您转接/);
    // A question while queued is answered and passed on to staff ("用户补充"); then it is delivered again.
    const question = msg('1003', '试用期最长可以约定多久？');
    expect((await a.handle(question))[0]!.text).toMatch(/试用期/);
    expect(await b.handle({ ...question })).toEqual([]);
    expect(await a.handle({ ...question })).toEqual([]);
    expect(staffNotices.filter((n) => n.includes(`咨询 #${queued!.consultationId} 用户补充`))).toHaveLength(1);
  });

  it('counts the per-contact limit across processes', async () => {
    const replies = await alternate('1004', ['你好1', '你好2', '你好3', '你好4', '你好5', '你好6', '你好7']);
    expect(replies.map((r) => r.includes('您发送消息的速度有点快'))).toEqual([false, false, false, false, false, true, true]);
  });

  it('answers a hand-off from another process in the group it was asked in', async () => {
    const group = { chatId: 'group-2001', senderId: '2001', isGroup: true, mentioned: true } as const;
    const [queued] = await a.handle(msg('group-2001', '人工', group));
    expect(queued!.text).toMatch(/已为您转接/);
    await b.replyToHandoff(Number(queued!.consultationId), '您好，请留下联系电话。', 'office:wanglei');
    expect(sent.map((s) => [s.chatId, s.reply.text])).toEqual([['group-2001', '【人社局工作人员回复】\n您好，请留下联系电话。']]);
  });

  it('handles one chat’s messages one at a time across processes, and other chats meanwhile', async () => {
    const spans: Array<{ who: string; start: number; end: number }> = [];
    const hold = (who: string, ms: number) => async () => {
      const start = performance.now();
      await new Promise((r) => setTimeout(r, ms));
      spans.push({ who, start, end: performance.now() });
    };
    await Promise.all([
      t.ledger.chatLocks.run('telegram:3001', hold('a', 300)),
      second.chatLocks.run('telegram:3001', hold('b', 300)),
      second.chatLocks.run('telegram:3002', hold('other', 50)),
    ]);
    const [x, y] = spans.filter((s) => s.who !== 'other').sort((p, q) => p.start - q.start);
    expect(y!.start).toBeGreaterThanOrEqual(x!.end - 1);
    // The other chat did not wait for the first chat's lock.
    expect(spans.find((s) => s.who === 'other')!.end).toBeLessThan(y!.start);
  });

  it('forgets state past its time to live, and the sweep removes it', async () => {
    await t.ledger.chatState.write('session', 'telegram:ttl-test', { history: [], choices: [], seen: [] }, 1);
    await new Promise((r) => setTimeout(r, 20));
    expect(await t.ledger.chatState.read('session', 'telegram:ttl-test')).toBeUndefined();
    expect(await sweepExpired(t.ledger.db)).toBeGreaterThanOrEqual(1);
    const left = await t.ledger.db.query(`SELECT 1 FROM chat_state WHERE key = 'telegram:ttl-test'`);
    expect(left).toEqual([]);
  });
});
