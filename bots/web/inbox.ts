import type { ChannelSender, Reply } from '../../src/assistant/types.js';

/**
 * The web channel's "send": a browser cannot be pushed to without an open request, so messages for a
 * session (staff replies, hand-off notices) wait here until the page polls /api/chat/inbox.
 * Bounded: at most 50 waiting per session, 10,000 sessions.
 */
export class WebInbox implements ChannelSender {
  readonly channel = 'web' as const;
  private readonly waiting = new Map<string, Reply[]>();

  async send(chatId: string, reply: Reply): Promise<void> {
    const list = this.waiting.get(chatId) ?? [];
    list.push(reply);
    if (list.length > 50) list.shift();
    this.waiting.delete(chatId);
    this.waiting.set(chatId, list);
    if (this.waiting.size > 10_000) this.waiting.delete(this.waiting.keys().next().value!);
  }

  drain(chatId: string): Reply[] {
    const list = this.waiting.get(chatId) ?? [];
    this.waiting.delete(chatId);
    return list;
  }
}
