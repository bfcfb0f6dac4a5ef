import type { Logger } from 'pino';
import type { ChannelName } from '../channels/index.js';
import type { Repositories } from '../ledger/index.js';
import { SendSlots, sleep, sleepUntil, type LimitOverrides } from './sendSlots.js';

export interface SendGateOptions {
  ledger: Pick<Repositories, 'sendRate'>;
  channel: ChannelName;
  /** The bot's id: the same key the outbox dispatcher uses for this bot (TelegramSender.botId). */
  botId: string;
  limits?: LimitOverrides;
  log?: Logger;
}

/** A slot close enough to answer a user at once when the bot is idle, far enough to reserve it first. */
const LEAD_MS = 5;
/** After the database failed, answers go without the shared limit this long before it is tried again. */
const RETRY_AFTER_FAILURE_MS = 10_000;

/**
 * Holds each of a bot's own messages (answers to users, staff replies) until a slot of the bot's
 * shared schedule, the one the outbox dispatcher fills with broadcasts: together they stay within the
 * channel's per-bot and per-chat limits, in however many processes. During a broadcast an answer waits
 * for the next free slot (under a second at 28.8/s with slots reserved 800 ms ahead).
 *
 * If the database cannot be reached the message goes at once: an answer to a waiting user matters more
 * than the shared count, and the bot's own throttler still bounds this process. For a while after such
 * a failure the database is not asked at all, so that each answer does not wait out a connection
 * timeout of its own.
 */
export class SendGate {
  private readonly slots: SendSlots;
  private readonly botKey: string;
  private bypassUntil = 0;

  constructor(private readonly o: SendGateOptions) {
    this.slots = new SendSlots(o.ledger.sendRate, o.limits);
    this.botKey = `${o.channel}:bot:${o.botId}`;
  }

  /** Resolves when a message to `chatId` may start. */
  async acquire(chatId: string): Promise<void> {
    const { channel } = this.o;
    if (Date.now() < this.bypassUntil) return;
    try {
      for (;;) {
        const slot = await this.slots.reserve(channel, this.botKey, chatId, LEAD_MS);
        if (typeof slot === 'number') {
          await sleep(Math.max(1, Math.ceil(slot))); // the chat is not free yet
          continue;
        }
        await sleepUntil(slot.at);
        if (!this.slots.isLate(channel, slot)) return;
        // Woken too late to keep the bound: give the slot back and take the next.
        await this.slots.release(channel, this.botKey, chatId, slot);
      }
    } catch (err) {
      this.bypassUntil = Date.now() + RETRY_AFTER_FAILURE_MS;
      this.o.log?.warn({ err, channel, retryInMs: RETRY_AFTER_FAILURE_MS }, 'shared send limit unavailable; sending without it');
    }
  }

  /** The channel answered 429: every sender of this bot (broadcasts included) holds for `retryAfterMs`. */
  async rateLimited(retryAfterMs: number): Promise<void> {
    await this.slots
      .pause(this.o.channel, this.botKey, retryAfterMs)
      .catch((err: unknown) => this.o.log?.warn({ err }, 'could not record the rate-limit pause'));
  }
}
