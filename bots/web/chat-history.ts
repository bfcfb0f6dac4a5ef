import type { Hono } from 'hono';
import type { Reply } from '../../src/channels/index.js';
import type { ChatExchange, Ledger } from '../../src/ledger/index.js';
import type { WebInbox } from './inbox.js';
import { visitor } from './visitor.js';

/** Items the page shows again after a reload. */
const HISTORY_ITEMS = 50;

export interface HistoryItem {
  at: string;
  /** What the visitor wrote; absent for a button press and for messages staff or the office sent. */
  user?: string;
  reply: Reply;
}

const REPLY_KIND: Partial<Record<ChatExchange['kind'], Reply['kind']>> = { question: 'answer', onboarding: 'onboarding', handoff: 'handoff' };

/** A recorded exchange as the page renders a reply (its citations as the answer showed them). */
function exchangeItem(x: ChatExchange): HistoryItem {
  const citations = x.citations.flatMap((c) =>
    typeof c.law === 'string' && typeof c.n === 'number' ? [{ law: c.law, article: c.n, label: c.article ?? '', quote: '', unverified: false }] : [],
  );
  return {
    at: x.askedAt.toISOString(),
    ...(x.kind === 'button' ? {} : { user: x.question }),
    reply: { text: x.answer ?? '', kind: REPLY_KIND[x.kind] ?? 'info', ...(citations.length ? { citations } : {}) },
  };
}

/**
 * GET /chat/history: the visitor's conversation, so a reload (in any process) shows it again: the
 * exchanges the ledger recorded for the visitor's chat and the messages sent to it, in order, and the
 * id of the last message, after which the page's event stream starts. Only the visitor's own: the chat
 * id comes from the secret cookie, which a first visit gets here (so the stream and the first message
 * are this visitor's).
 */
export function mountChatHistory(app: Hono, deps: { ledger: Pick<Ledger, 'contacts' | 'consultations'>; inbox: WebInbox; trustProxy: boolean }): void {
  app.get('/chat/history', async (c) => {
    c.header('Cache-Control', 'no-store');
    const chatId = visitor(c, deps.trustProxy);
    const contact = await deps.ledger.contacts.findByIdentity('web', chatId);
    const [exchanges, pushed] = await Promise.all([
      contact ? deps.ledger.consultations.recentOfContact(contact.id, HISTORY_ITEMS) : Promise.resolve([]),
      deps.inbox.recent(chatId, HISTORY_ITEMS),
    ]);
    const items: HistoryItem[] = [
      ...exchanges.map(exchangeItem),
      ...pushed.map((m) => ({ at: m.at.toISOString(), reply: m.reply })),
    ].sort((a, b) => a.at.localeCompare(b.at)).slice(-HISTORY_ITEMS);
    return c.json({ items, lastEventId: pushed.at(-1)?.id ?? 0 });
  });
}
