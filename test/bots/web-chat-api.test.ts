import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebInbox } from '../../bots/web/inbox.js';
import { webApp } from '../../bots/web/server.js';
import type { Assistant } from '../../src/assistant/index.js';
import { openTestAssistant } from '../helpers/assistant.js';
import { shippedRetriever } from '../helpers/kb.js';
import type { TestLedger } from '../ledger/backends.js';

let app: ReturnType<typeof webApp>;
let assistant: Assistant;
let test: TestLedger;
const sid = 'websession0001';

beforeAll(async () => {
  ({ assistant, test } = await openTestAssistant({ staffIds: ['console:staff'] }));
  const inbox = new WebInbox();
  assistant.senders.register(inbox);
  app = webApp({ retriever: await shippedRetriever(), chat: { assistant, inbox } });
});
afterAll(async () => {
  await test?.cleanup();
});

async function chat(body: Record<string, string>): Promise<Array<Record<string, any>>> {
  const res = await app.request('/api/chat', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sessionId: sid, ...body }) });
  expect(res.headers.get('content-type')).toMatch(/ndjson/);
  return (await res.text()).trim().split('\n').map((l) => JSON.parse(l));
}

describe('web chat API', () => {
  it('streams replies as NDJSON, serves articles, refuses bad input in Chinese', async () => {
    const lines = await chat({ messageId: 'a1', text: '试用期最长可以约定多久？' });
    expect(lines.at(-1)).toEqual({ done: true });
    expect(lines[0]!.reply.citations[0]).toMatchObject({ law: '劳动合同法', article: 19 });
    const art = await (await app.request('/api/chat/article?law=劳动合同法&n=19')).json();
    expect(art.text).toMatch(/试用期/);
    expect((await app.request('/api/chat/article?law=劳动合同法&n=9999')).status).toBe(404);
    const bad = await app.request('/api/chat', { method: 'POST', body: 'x' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/请求格式不正确/);
  });

  it('delivers a staff reply to the anonymous web visitor through the inbox', async () => {
    const lines = await chat({ messageId: 'a2', text: '人工' });
    const id = lines[0]!.reply.consultationId as string;
    expect(lines[0]!.reply.text).toMatch(/已为您转接/);
    const [ack] = await assistant.handle({ channel: 'console', chatId: 'staff', senderId: 'staff', kind: 'command', text: `/reply ${id} 您好，请留下联系电话。`, messageId: 's1', receivedAt: new Date() });
    expect(ack!.text).toMatch(/已发送/);
    const inbox = await (await app.request(`/api/chat/inbox?sessionId=${sid}`)).json();
    expect(inbox.replies.map((r: { text: string }) => r.text)).toEqual(['【人社局工作人员回复】\n您好，请留下联系电话。']);
    expect((await (await app.request(`/api/chat/inbox?sessionId=${sid}`)).json()).replies).toEqual([]);
  });

  it('records a question with a NUL byte, refuses a huge body in Chinese, and lets no one rate another chat\'s answer', async () => {
    const nul = await chat({ messageId: 'n1', text: '试用期\u0000最长多久？' });
    expect(nul.at(-1)).toEqual({ done: true });
    const rows = await test.ledger.db.query<{ question: string }>(`SELECT question FROM consultations WHERE question LIKE '试用期%最长多久？'`);
    expect(rows).toEqual([{ question: '试用期最长多久？' }]);

    const huge = await app.request('/api/chat', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sessionId: sid, messageId: 'h1', text: '啊'.repeat(5_000_000) }) });
    expect(huge.status).toBe(413);
    expect((await huge.json()).error).toMatch(/消息太长/);

    // Another visitor's answer: its key names the other session; the button data is forged by this one.
    const other = 'websession0002';
    const answered = await app.request('/api/chat', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sessionId: other, messageId: 'o1', text: '年休假有几天？' }) });
    expect(answered.status).toBe(200);
    await answered.text();
    const forged = await chat({ messageId: 'f1', data: `fb:u:web:${other}:o1` });
    expect(forged[0]!.reply.text).not.toMatch(/感谢/);
    const rated = await test.ledger.db.query<{ feedback: string | null }>(`SELECT feedback FROM consultations WHERE idempotency_key = $1`, [`web:${other}:o1`]);
    expect(rated).toEqual([{ feedback: null }]);

    const proto = await app.request('/api/chat', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sessionId: 'websession0003', messageId: 'p1', data: 'sub:__proto__' }) });
    expect(await proto.text()).toMatch(/通知订阅/);
    const subs = await test.ledger.db.query<{ topic: string }>(`SELECT topic FROM subscriptions WHERE topic IN ('__proto__', 'constructor')`);
    expect(subs).toEqual([]);
  });
});
