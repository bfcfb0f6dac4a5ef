import { afterAll, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/types.js';
import { Assistant, type AnswerSource, type IncomingMessage } from '../../src/assistant/index.js';
import { knowledgeGapsRepo } from '../../src/ledger/knowledgeGaps.js';
import { BACKENDS, openTestLedger, setupSuite, type TestLedger } from '../ledger/backends.js';

/** Fixed answers, so the test does not depend on the live confidence model. */
const SURE: Answer = {
  text: '劳动合同期限一年以上不满三年的，试用期不得超过二个月。',
  citations: [{ law: '劳动合同法', article: 19, label: '第十九条', quote: '劳动合同期限一年以上不满三年的，试用期不得超过二个月', unverified: false }],
  figures: [], risks: [], confidence: 0.92, handoff: { needed: false }, source: 'card', unsure: false,
};
const UNSURE: Answer = {
  text: '这个问题我没有把握，以下条文可能相关，供您参考；如需要，可以回复“转人工”由工作人员解答。',
  citations: [
    { law: '劳动合同法', article: 40, label: '第四十条', quote: '劳动合同订立时所依据的客观情况发生重大变化', unverified: false },
    { law: '劳动合同法', article: 46, label: '第四十六条', quote: '用人单位应当向劳动者支付经济补偿', unverified: false },
  ],
  figures: [], risks: [], confidence: 0.18, handoff: { needed: false }, source: 'articles', unsure: true,
};

/** Answers UNSURE to questions about moving the company, SURE to anything else. */
const stub: AnswerSource = { answer: async (q) => (q.includes('搬迁') ? UNSURE : SURE) };

let seq = 0;
function msg(chatId: string, text: string): IncomingMessage {
  return { channel: 'telegram', chatId, senderId: chatId, senderName: '李老板', kind: 'text', text, messageId: `m${++seq}`, receivedAt: new Date() };
}

describe.each(BACKENDS)('the engine records an unsure answer as a knowledge gap (%s)', (kind) => {
  let t: TestLedger;
  let assistant: Assistant;
  setupSuite(async () => {
    t = await openTestLedger(kind);
    assistant = new Assistant({ answerer: stub, ledger: t.ledger, rateLimitPerMinute: 10_000 });
  });
  afterAll(async () => t?.cleanup());

  it('an unsure answer is a gap the office sees, with the leads it gave; a sure one is not', async () => {
    const [unsureReply] = await assistant.handle(msg('boss-1', '公司要从市区搬迁到伊川县，员工不愿意去，要给补偿吗？'));
    const [sureReply] = await assistant.handle(msg('boss-2', '一年期合同试用期最长多久？'));
    expect(unsureReply!.text).toContain('这个问题我没有把握');
    expect(sureReply!.text).toContain('不得超过二个月');

    const unsure = await t.ledger.consultations.get(Number(unsureReply!.consultationId));
    const sure = await t.ledger.consultations.get(Number(sureReply!.consultationId));
    expect(unsure).toMatchObject({ knowledgeGap: true, channel: 'telegram' });
    expect(sure).toMatchObject({ knowledgeGap: false });

    const open = await knowledgeGapsRepo(t.ledger.db).list('open');
    expect(open.map((g) => g.id)).toEqual([unsure!.id]);
    expect(open[0]).toMatchObject({
      question: '公司要从市区搬迁到伊川县，员工不愿意去，要给补偿吗？', channel: 'telegram', contactName: '李老板', status: 'open', sameOpen: 1,
    });
    expect(open[0]!.citations.map((c) => c.title)).toEqual(['《劳动合同法》第四十条', '《劳动合同法》第四十六条']);
  });

  it('the same unsure question asked again by someone else counts twice; a redelivered message once', async () => {
    const m = msg('boss-3', '公司要从市区搬迁到伊川县，员工不愿意去，要给补偿吗');
    await assistant.handle(m);
    expect(await assistant.handle({ ...m })).toEqual([]);
    const open = await knowledgeGapsRepo(t.ledger.db).list('open');
    expect(open).toHaveLength(2);
    expect(open.map((g) => g.sameOpen)).toEqual([2, 2]);
  });
});
