import type { WebInbox } from '../../bots/web/inbox.js';
import type { Reply } from '../../src/channels/index.js';

/**
 * What arrived for a web visitor since the last call (the web inbox keeps its rows until they expire; a
 * page remembers the last id it saw, and so does this).
 */
export function inboxReader(inbox: WebInbox): (chatId: string) => Promise<Reply[]> {
  const seen = new Map<string, number>();
  return async (chatId) => {
    const messages = await inbox.after(chatId, seen.get(chatId) ?? 0);
    if (messages.length) seen.set(chatId, messages.at(-1)!.id);
    return messages.map((m) => m.reply);
  };
}

export interface ServerSentEvent {
  event: string;
  id?: string;
  data: string;
}

/**
 * The events of a text/event-stream response until `replies` "reply" events came, or nothing new came
 * for `idleMs`; then the stream is cancelled (as a page closing would).
 */
export async function readEvents(res: Response, opts: { replies?: number; idleMs?: number } = {}): Promise<ServerSentEvent[]> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const events: ServerSentEvent[] = [];
  let buffer = '';
  try {
    for (;;) {
      const replies = events.filter((e) => e.event === 'reply').length;
      if (opts.replies !== undefined && replies >= opts.replies) break;
      let timer: NodeJS.Timeout | undefined;
      const chunk = await Promise.race([
        reader.read(),
        new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), opts.idleMs ?? 1_000))),
      ]);
      clearTimeout(timer);
      if (!chunk || chunk.done) break;
      buffer += decoder.decode(chunk.value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const e: ServerSentEvent = { event: 'message', data: '' };
        const data: string[] = [];
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) continue;
          const i = line.indexOf(':');
          const field = i < 0 ? line : line.slice(0, i);
          const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
          if (field === 'event') e.event = value;
          else if (field === 'id') e.id = value;
          else if (field === 'data') data.push(value);
        }
        if (data.length || e.event !== 'message') events.push({ ...e, data: data.join('\n') });
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return events;
}
