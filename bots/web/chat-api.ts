import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { stream } from 'hono/streaming';
import { z } from 'zod';
import type { Logger } from 'pino';
import type { Assistant } from '../../src/assistant/index.js';
import { currentRetriever, type RetrieverRef } from '../../src/kb/index.js';
import type { Ledger } from '../../src/ledger/index.js';
import { mountChatEvents } from './chat-events.js';
import { mountChatHistory } from './chat-history.js';
import type { WebInbox } from './inbox.js';
import { visitor } from './visitor.js';

/** The visitor is the secret cookie's (see visitor.ts); a `sessionId` sent by older pages is ignored. */
const chatInput = z.object({
  messageId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/),
  text: z.string().max(20_000).optional(),
  data: z.string().max(200).optional(),
});

export interface ChatApiDeps {
  assistant: Assistant;
  retriever: RetrieverRef;
  /** Messages for visitors outside an answer, pushed to their pages (chat-events.ts). */
  inbox: WebInbox;
  /** Where a visitor's earlier exchanges are read from after a reload (chat-history.ts). */
  ledger: Pick<Ledger, 'contacts' | 'consultations'>;
  trustProxy?: boolean;
  log?: Logger;
}

/**
 * The web chat's API. POST /api/chat answers as NDJSON over a chunked response: {"token"} lines while
 * the answer is generated (LLM mode), then one {"reply"} line per reply, then {"done"}. Offline answers
 * come as one reply line. GET /api/chat/history gives the conversation so far, GET /api/chat/events
 * pushes what staff and outreach send (Server-Sent Events).
 */
export function chatApi(deps: ChatApiDeps): Hono {
  const app = new Hono();

  // A chat message is at most 20,000 characters: refuse a larger body before reading it.
  const limit = bodyLimit({ maxSize: 128 * 1024, onError: (c) => c.json({ error: '消息太长了，请分几次发送（每条不超过两万字）。' }, 413) });

  app.post('/chat', limit, async (c) => {
    const parsed = chatInput.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return c.json({ error: '请求格式不正确，请刷新页面后重试' }, 400);
    const { messageId, text, data } = parsed.data;
    const chatId = visitor(c, deps.trustProxy);
    c.header('Content-Type', 'application/x-ndjson; charset=utf-8');
    c.header('Cache-Control', 'no-store');
    return stream(c, async (s) => {
      const line = (o: unknown) => s.write(`${JSON.stringify(o)}\n`);
      const replies = await deps.assistant.handle(
        {
          channel: 'web', chatId, senderId: chatId, senderName: '网页访客',
          kind: data !== undefined ? 'button' : text?.startsWith('/') ? 'command' : 'text',
          ...(text !== undefined ? { text } : {}), ...(data !== undefined ? { data } : {}),
          messageId, receivedAt: new Date(),
        },
        { onToken: (token) => void line({ token }) },
      );
      for (const reply of replies) await line({ reply });
      await line({ done: true });
    });
  });

  mountChatHistory(app, { ledger: deps.ledger, inbox: deps.inbox, trustProxy: deps.trustProxy ?? false });
  mountChatEvents(app, { inbox: deps.inbox, ...(deps.log ? { log: deps.log } : {}) });

  /** The full text of a cited article, for the expandable citation. */
  app.get('/chat/article', (c) => {
    const law = c.req.query('law') ?? '';
    const n = Number(c.req.query('n'));
    const hit = Number.isInteger(n) ? currentRetriever(deps.retriever).hit(law, n) : undefined;
    if (!hit) return c.json({ error: '没有找到这一条' }, 404);
    return c.json({ law: hit.law, title: hit.title, label: hit.label, text: hit.text, headings: hit.headings, unverified: hit.unverified, status: hit.status });
  });

  return app;
}
