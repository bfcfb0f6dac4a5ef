import type { ChannelName } from './messages.js';

/** How fast one sender (a bot) may send on a channel, whoever sends: the outbox and the bot's own replies. */
export interface ChannelLimits {
  /**
   * Hard bound: no sliding 1000 ms window holds more send starts than this, across every sender of the
   * same bot (by the send-start times the senders themselves see).
   */
  perSecond: number;
  /**
   * The rate slots are handed out at. Below `perSecond` so that a send may start a little after its
   * slot (timer and database jitter) without breaking the bound; defaults to 96 % of it.
   */
  targetPerSecond?: number;
  /** Minimum spacing of two send starts into the same chat. */
  perChatMs: number;
}

/**
 * Telegram's published limits: ~30 messages a second per bot, 1 a second per chat. WeChat publishes
 * none: ours is a conservative guess. The web chat and the terminal write rows or lines, not requests.
 */
export const DEFAULT_LIMITS: Record<ChannelName, ChannelLimits> = {
  telegram: { perSecond: 30, perChatMs: 1000 },
  wechat: { perSecond: 5, perChatMs: 3000 },
  web: { perSecond: 200, perChatMs: 0 },
  console: { perSecond: 200, perChatMs: 0 },
};
