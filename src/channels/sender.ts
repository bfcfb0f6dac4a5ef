import type { ChannelName, Reply } from './messages.js';

/** Sends to a chat on one channel, outside a reply (staff answers to a handed-off user, notices). */
export interface ChannelSender {
  readonly channel: ChannelName;
  send(chatId: string, reply: Reply): Promise<void>;
}

/**
 * A sender the outbox dispatcher can use. It neither retries nor paces: the dispatcher does both,
 * shared across processes through the database. `deliver` (returning the provider's id) is used when present.
 */
export interface OutreachSender extends ChannelSender {
  deliver?(chatId: string, reply: Reply): Promise<{ providerMessageId: string }>;
  /** Key of the per-sender rate limit (a Telegram bot id); defaults to the channel name. */
  readonly botId?: string;
}
