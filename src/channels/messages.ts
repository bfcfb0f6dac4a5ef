import type { Citation } from '../answer/types.js';

/**
 * The shapes every channel speaks: what arrives from a chat and what goes back to it. The conversation
 * engine (src/assistant) reads and writes them, outreach (src/outreach) writes them, the adapters in
 * bots/ translate them; none of those needs the others to agree on them.
 */

export const CHANNEL_NAMES = ['telegram', 'wechat', 'web', 'console'] as const;
export type ChannelName = (typeof CHANNEL_NAMES)[number];

export interface IncomingMessage {
  channel: ChannelName;
  /** The conversation on that channel (Telegram chat id, WeChat contact or room id, web session id). */
  chatId: string;
  /** Who sent it on that channel (Telegram user id, wxid, web session id). */
  senderId: string;
  senderName?: string;
  /** What arrived: text, a /command, a tapped button, or something that is not text. */
  kind: 'text' | 'command' | 'button' | 'sticker' | 'image' | 'voice' | 'video' | 'file' | 'other';
  text?: string;
  /** The data of a tapped button. */
  data?: string;
  /** The channel's id of this message: with channel and chatId, the idempotency key of the consultation. */
  messageId: string;
  isGroup?: boolean;
  /** In a group: whether the bot was @-mentioned. */
  mentioned?: boolean;
  receivedAt: Date;
}

export interface ReplyButton {
  label: string;
  data: string;
}

export interface Reply {
  /** Plain text (no markup): each adapter escapes and formats it for its channel. */
  text: string;
  /** Articles cited, for channels that can show them expandable (web). */
  citations?: Citation[];
  /** Rows of buttons; channels without buttons render them as numbered text choices. */
  buttons?: ReplyButton[][];
  /** The consultation this reply belongs to (feedback buttons refer to it). */
  consultationId?: string;
  kind?: 'answer' | 'onboarding' | 'handoff' | 'staff' | 'notice' | 'info' | 'error';
}
