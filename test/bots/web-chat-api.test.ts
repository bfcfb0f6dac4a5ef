import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebInbox } from '../../bots/web/inbox.js';
import { webApp } from '../../bots/web/server.js';
import { visitorChatId } from '../../bots/web/visitor.js';
import type { Assistant } from '../../src/assistant/index.js';
import { openTestAssistant } from '../helpers/assistant.js';
import { shippedRetriever } from '../helpers/kb.js';
import { readEvents } from '../helpers/web-inbox.js';
import type { TestLedger } from '../ledger/backends.js';

let app: ReturnType<typeof webApp>;
let assistant: Assistant;
let test: TestLedger;

/** A browser's cookie for the web chat: the server issues it on the first message. */
class Browser {
  cookie = '';
  keep(res: Response): Response {
    const set = res.headers.getSetCookie().find((c) => c.startsWith('yg_chat='));
    if (set) this.cookie = set.split(';')[0]!;
    return res;
  }
  get secret(): string {
    return this.cookie.slice('yg_chat='.length);
  }
  async post(body: Record<string, string>): Promise<Response> {
    return this.keep(await app.request('/api/chat', { method: 'POST', headers: { 'content-type': 'application/json', cookie: this.cookie }, body: JSON.stringify(body) }));
  }
  /** The conversation as a reload shows it. */
  async history(cookie = this.cookie): Promise<{ items: Array<{ user?: string; reply: { text: string } }>; lastEventId: number }> {
    return (await app.request('/api/chat/history', { headers: { cookie } })).json();
  }
  /** The page's event stream, from after `after`. */
  async events(after = 0, cookie = this.cookie): Promise<Response> {
    return app.request(`/api/chat/events?after=${after}`, { headers: { cookie } });
  }
}
const me = new Browser();

beforeAll(async () => {
  ({ assistant, test } = await openTestAssistant({ staffIds: ['console:staff'] }));
  const inbox = new WebInbox(test.ledger);
  assistant.senders.register(inbox);
  app = webApp({ retriever: await shippedRetriever(), chat: { assistant, inbox, ledger: test.ledger } });
});
afterAll(async () => {
  await test?.cleanup();
});

async function chat(body: Record<string, string>): Promise<Array<Record<string, any>>> {
  const res = await me.post(body);
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

  it('pushes a staff reply to the anonymous web visitor over its event stream, and to no one else', async () => {
    const lines = await chat({ messageId: 'a2', text: '人工' });
    const id = lines[0]!.reply.consultationId as string;
    expect(lines[0]!.reply.text).toMatch(/已为您转接/);
    // The page is listening before the reply is sent: it arrives on the open stream.
    const stream = readEvents(await me.events(), { replies: 1, idleMs: 10_000 });
    const [ack] = await assistant.handle({ channel: 'console', chatId: 'staff', senderId: 'staff', kind: 'command', text: `/reply ${id} 您好，请留下联系电话。`, messageId: 's1', receivedAt: new Date() });
    expect(ack!.text).toMatch(/已发送/);
    const pushed = (await stream).filter((e) => e.event === 'reply');
    expect(pushed.map((e) => JSON.parse(e.data).text)).toEqual(['【人社局工作人员回复】\n您好，请留下联系电话。']);
    // Resuming after the last id seen sends nothing again; the reply stays in the conversation a reload shows.
    expect((await readEvents(await me.events(Number(pushed[0]!.id)), { idleMs: 300 })).filter((e) => e.event === 'reply')).toEqual([]);
    const history = await me.history();
    expect(history.items.map((i) => [i.user, i.reply.text.split('\n')[0]])).toEqual([
      ['试用期最长可以约定多久？', expect.stringMatching(/试用期/)],
      ['人工', expect.stringMatching(/已为您转接/)],
      [undefined, '【人社局工作人员回复】'],
    ]);
    expect(history.lastEventId).toBe(Number(pushed[0]!.id));

    // Only this browser's secret cookie opens its conversation; no cookie, a made-up one, or the chat id the ledger keeps open nothing.
    const chatId = visitorChatId(me.secret);
    const [contact] = await test.ledger.db.query<{ external_id: string }>(`SELECT external_id FROM contacts WHERE channel = 'web'`);
    expect(contact!.external_id).toBe(chatId);
    for (const cookie of ['', `yg_chat=${'x'.repeat(43)}`, `yg_chat=${chatId}`]) {
      expect((await me.history(cookie)).items).toEqual([]);
      const events = await me.events(0, cookie);
      const replies = events.status === 200 ? (await readEvents(events, { idleMs: 300 })).filter((e) => e.event === 'reply') : [];
      expect(replies).toEqual([]);
    }
    // Without any cookie the stream is refused in a way EventSource does not retry.
    expect((await me.events(0, '')).status).toBe(204);
  });

  it('issues the visitor a secret, HttpOnly, same-site cookie once, and ignores a session id the page sends', async () => {
    const fresh = new Browser();
    const res = await fresh.post({ sessionId: 'websession0001', messageId: 'c1', text: '年休假有几天？' });
    await res.text();
    const set = res.headers.getSetCookie().find((c) => c.startsWith('yg_chat='))!;
    expect(set).toMatch(/^yg_chat=[A-Za-z0-9_-]{43};/);
    expect(set).toMatch(/HttpOnly/i);
    expect(set).toMatch(/SameSite=Strict/i);
    expect(set).toMatch(/Path=\/api\/chat/);
    expect(fresh.secret).not.toBe(me.secret);
    const again = await fresh.post({ messageId: 'c2', text: '加班费怎么算？' });
    await again.text();
    expect(again.headers.getSetCookie()).toEqual([]);
    const keys = await test.ledger.db.query<{ idempotency_key: string }>(`SELECT idempotency_key FROM consultations WHERE idempotency_key LIKE 'web:%:c_'`);
    expect(keys.map((k) => k.idempotency_key).sort()).toEqual([`web:${visitorChatId(fresh.secret)}:c1`, `web:${visitorChatId(fresh.secret)}:c2`]);
    expect(keys.some((k) => k.idempotency_key.includes('websession0001') || k.idempotency_key.includes(fresh.secret))).toBe(false);
  });

  it('records a question with a NUL byte, refuses a huge body in Chinese, and lets no one rate another chat\'s answer', async () => {
    const nul = await chat({ messageId: 'n1', text: '试用期\u0000最长多久？' });
    expect(nul.at(-1)).toEqual({ done: true });
    const rows = await test.ledger.db.query<{ question: string }>(`SELECT question FROM consultations WHERE question LIKE '试用期%最长多久？'`);
    expect(rows).toEqual([{ question: '试用期最长多久？' }]);

    const huge = await me.post({ messageId: 'h1', text: '啊'.repeat(5_000_000) });
    expect(huge.status).toBe(413);
    expect((await huge.json()).error).toMatch(/消息太长/);

    // Another visitor's answer: its key names the other chat; the button data is forged by this one.
    const someone = new Browser();
    const answered = await someone.post({ messageId: 'o1', text: '年休假有几天？' });
    expect(answered.status).toBe(200);
    await answered.text();
    const other = visitorChatId(someone.secret);
    const forged = await chat({ messageId: 'f1', data: `fb:u:web:${other}:o1` });
    expect(forged[0]!.reply.text).not.toMatch(/感谢/);
    const rated = await test.ledger.db.query<{ feedback: string | null }>(`SELECT feedback FROM consultations WHERE idempotency_key = $1`, [`web:${other}:o1`]);
    expect(rated).toEqual([{ feedback: null }]);

    const proto = await new Browser().post({ messageId: 'p1', data: 'sub:__proto__' });
    expect(await proto.text()).toMatch(/通知订阅/);
    const subs = await test.ledger.db.query<{ topic: string }>(`SELECT topic FROM subscriptions WHERE topic IN ('__proto__', 'constructor')`);
    expect(subs).toEqual([]);
  });
});
