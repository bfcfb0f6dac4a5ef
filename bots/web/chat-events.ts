import type { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { Logger } from 'pino';
import type { WebInbox } from './inbox.js';
import { knownVisitor } from './visitor.js';

/** A comment line now and then keeps proxies (nginx reads for 60 s by default) from closing an idle stream. */
const KEEPALIVE_MS = 25_000;
/** Without notifications (their connection is down) a stream looks for new messages this often. */
const POLL_MS = 3_000;
/** A stream ends after this long and the browser reconnects (Last-Event-ID): no request lives for ever. */
const STREAM_MS = 10 * 60_000;

function eventId(v: string | undefined): number {
  const n = Number(v);
  return Number.isSafeInteger(n) && n > 0 ? n : 0;
}

/**
 * GET /chat/events: the visitor's messages as Server-Sent Events ("reply", id = the message's row id).
 * Only the visitor's own, known by the secret cookie. The browser resumes after the last id it saw
 * (EventSource sends Last-Event-ID on reconnecting; the page passes ?after= the first time).
 */
export function mountChatEvents(app: Hono, deps: { inbox: WebInbox; log?: Logger }): void {
  app.get('/chat/events', (c) => {
    const chatId = knownVisitor(c);
    // 204 tells EventSource not to reconnect: without the cookie there is nobody to send to.
    if (!chatId) return c.body(null, 204);
    let after = eventId(c.req.header('last-event-id') ?? c.req.query('after'));
    c.header('X-Accel-Buffering', 'no');
    return streamSSE(c, async (stream) => {
      let pending = true;
      let wake: () => void = () => {};
      const stop = deps.inbox.watch(chatId, () => {
        pending = true;
        wake();
      });
      stream.onAbort(() => wake());
      const until = Date.now() + STREAM_MS;
      try {
        await stream.writeSSE({ event: 'ready', data: '', retry: 1_000 });
        while (!stream.aborted && !stream.closed && !deps.inbox.isClosed && Date.now() < until) {
          if (pending || !deps.inbox.live) {
            pending = false;
            for (const m of await deps.inbox.after(chatId, after)) {
              await stream.writeSSE({ event: 'reply', id: String(m.id), data: JSON.stringify(m.reply) });
              after = m.id;
            }
          }
          if (pending) continue;
          const woken = await new Promise<boolean>((resolve) => {
            const timer = setTimeout(() => resolve(false), deps.inbox.live ? KEEPALIVE_MS : POLL_MS);
            wake = () => {
              clearTimeout(timer);
              resolve(true);
            };
          });
          wake = () => {};
          if (!woken && !stream.aborted) await stream.write(': keep-alive\n\n');
        }
      } catch (err) {
        // The visitor sees the stream end and reconnects; the cause goes to the log, not to the page.
        deps.log?.warn({ err }, 'web chat event stream failed');
      } finally {
        stop();
      }
    });
  });
}
