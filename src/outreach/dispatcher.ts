import type { Logger } from 'pino';
import type { ChannelName, ChannelSender, Reply } from '../assistant/types.js';
import type { ClaimedMessage, Repositories } from '../ledger/index.js';
import { renderNotice } from './render.js';
import { sendVerdict } from './sendVerdict.js';

/**
 * The outbox dispatcher. Any number of these, in any number of processes, share one database:
 *
 *   claim (FOR UPDATE SKIP LOCKED, lease)  →  reserve a per-chat and a per-bot slot (shared, in
 *   the database)  →  mark 'sending' (committed)  →  send  →  mark 'sent' / retry / 'failed'.
 *
 * Committing 'sending' before the request leaves makes delivery at-most-once: a row whose worker
 * died between that commit and the answer is left 'unknown', never resent on its own
 * (the README section "Outreach" explains the choice and its one gap).
 */

/** A sender the dispatcher can use: `deliver` (returning the provider's id) is used when present. */
export interface OutreachSender extends ChannelSender {
  deliver?(chatId: string, reply: Reply): Promise<{ providerMessageId: string }>;
  /** Key of the per-sender rate limit (a Telegram bot id); defaults to the channel name. */
  readonly botId?: string;
}

export interface ChannelLimits {
  /** Sends per second across all chats, shared by every worker using the same bot. */
  perSecond: number;
  /** Minimum spacing of two sends into the same chat. */
  perChatMs: number;
}

/** Telegram's published limits: ~30 messages a second per bot, 1 a second per chat. */
export const DEFAULT_LIMITS: Record<ChannelName, ChannelLimits> = {
  telegram: { perSecond: 30, perChatMs: 1000 },
  wechat: { perSecond: 5, perChatMs: 3000 },
  web: { perSecond: 200, perChatMs: 0 },
  console: { perSecond: 200, perChatMs: 0 },
};

export interface DispatcherOptions {
  ledger: Pick<Repositories, 'outbox' | 'sendRate'>;
  senders: OutreachSender[];
  /** Stable name of this worker; a restart under the same name recovers its own rows at once. */
  worker: string;
  limits?: Partial<Record<ChannelName, Partial<ChannelLimits>>>;
  batchSize?: number;
  /** Sends in flight at once in this process (they still wait for their rate slots). */
  concurrency?: number;
  /** A claim older than this, from any worker, goes back to the queue (its worker is taken as dead). */
  leaseMs?: number;
  /** A row 'sending' for longer than this is marked 'unknown'. Keep it above the sender's timeout. */
  inDoubtAfterMs?: number;
  /** Pause between polls when nothing is due. */
  idleMs?: number;
  /** Transient failures before a row is given up as 'failed'. */
  maxAttempts?: number;
  /** First retry delay for transient failures; doubles each attempt, capped at 10 minutes. */
  backoffMs?: number;
  log?: Logger;
}

export interface DispatchStats {
  sent: number;
  failed: number;
  retried: number;
  rateLimited: number;
  inDoubt: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class Dispatcher {
  readonly stats: DispatchStats = { sent: 0, failed: 0, retried: 0, rateLimited: 0, inDoubt: 0 };
  private readonly o: Required<Omit<DispatcherOptions, 'log' | 'limits'>> & { log: Logger | undefined };
  private readonly limits: Record<string, ChannelLimits>;
  private readonly byChannel: Map<string, OutreachSender>;
  private stopping = false;
  private running: Promise<void> | null = null;
  private lastSweep = 0;
  /** 429 pauses this process saw itself, checked again after each wait (others learn via the database). */
  private readonly pausedUntil = new Map<string, number>();

  constructor(opts: DispatcherOptions) {
    this.o = {
      batchSize: 20, concurrency: 8, leaseMs: 60_000, inDoubtAfterMs: 120_000, idleMs: 500, maxAttempts: 8, backoffMs: 2_000,
      ...opts, log: opts.log,
    };
    this.limits = {};
    for (const [ch, l] of Object.entries(DEFAULT_LIMITS)) this.limits[ch] = { ...l, ...opts.limits?.[ch as ChannelName] };
    this.byChannel = new Map(opts.senders.map((s) => [s.channel, s]));
  }

  /** Recover this worker's own rows from a previous life, then loop until stop(). */
  start(): Promise<void> {
    this.running ??= this.loop(false);
    return this.running;
  }

  /** Work until nothing is pending, claimed or sending (scripts, tests, bench). */
  runUntilIdle(): Promise<void> {
    this.running ??= this.loop(true);
    return this.running;
  }

  /** Finish the sends in hand, claim no more. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.running;
  }

  private async loop(untilIdle: boolean): Promise<void> {
    const { outbox } = this.o.ledger;
    const recovered = await outbox.recoverWorker(this.o.worker);
    if (recovered.released || recovered.inDoubt) this.o.log?.warn({ worker: this.o.worker, ...recovered }, 'recovered rows from an earlier run of this worker');
    const channels = [...this.byChannel.keys()] as ChannelName[];
    while (!this.stopping) {
      await this.sweep();
      const batch = await outbox.claimMessages({ worker: this.o.worker, limit: this.o.batchSize, channels });
      if (batch.length === 0) {
        if (untilIdle && (await outbox.unsettled()) === 0) return;
        await sleep(this.o.idleMs);
        continue;
      }
      await this.process(batch);
    }
  }

  /** Put back claims of dead workers and flag rows stuck in 'sending' (at most once a second). */
  private async sweep(): Promise<void> {
    if (Date.now() - this.lastSweep < 1000) return;
    this.lastSweep = Date.now();
    const { outbox, sendRate } = this.o.ledger;
    const released = await outbox.releaseStale(this.o.leaseMs);
    const unknown = await outbox.markStaleSendingUnknown(this.o.inDoubtAfterMs);
    await sendRate.prune(60_000);
    if (released || unknown) this.o.log?.warn({ released, unknown }, 'outbox sweep: stale claims released, stuck sends marked unknown');
  }

  private async process(batch: ClaimedMessage[]): Promise<void> {
    let next = 0;
    const runner = async () => {
      while (next < batch.length) {
        const m = batch[next++]!;
        try {
          await this.sendOne(m);
        } catch (err) {
          // A database error here leaves the row claimed (or sending): the sweep resolves it.
          this.o.log?.error({ err, outboxId: m.id }, 'outbox row left for the sweep');
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.o.concurrency, batch.length) }, runner));
  }

  private async sendOne(m: ClaimedMessage): Promise<void> {
    const { outbox, sendRate } = this.o.ledger;
    const worker = this.o.worker;
    const sender = this.byChannel.get(m.channel)!;
    const limits = this.limits[m.channel]!;
    const botKey = `${m.channel}:bot:${sender.botId ?? 'default'}`;

    // Chat slot first, then a bot slot no earlier than it: one wait covers both limits.
    const chatWait = limits.perChatMs > 0 ? await sendRate.reserve(`${m.channel}:chat:${m.externalId}`, limits.perChatMs) : 0;
    const interval = 1000 / limits.perSecond;
    let notBefore = chatWait;
    for (let late = 0; ; ) {
      const wait = await sendRate.reserve(botKey, interval, notBefore);
      const slotAt = Date.now() + wait;
      if (wait > 0) await sleep(wait);
      const pausedUntil = this.pausedUntil.get(botKey) ?? 0;
      // A 429 arrived while we slept: take a fresh slot after the pause (the database holds it too).
      if (Date.now() < pausedUntil) {
        notBefore = pausedUntil - Date.now();
        continue;
      }
      // Woken late (event loop busy, slow database): sending now would crowd the next slots, so give
      // this one up and take a new one, which keeps bursts small. Give up giving up after three tries,
      // so an overloaded process still makes progress.
      if (Date.now() - slotAt > interval / 2 && late++ < 3) {
        notBefore = 0;
        continue;
      }
      break;
    }

    if (!(await outbox.markSending(m.id, worker))) return; // our claim was taken back (lease expired)
    let providerMessageId: string | null = null;
    try {
      const reply = renderNotice(m);
      if (sender.deliver) providerMessageId = (await sender.deliver(m.externalId, reply)).providerMessageId;
      else await sender.send(m.externalId, reply);
    } catch (err) {
      await this.settleFailure(m, botKey, err);
      return;
    }
    await outbox.markSent(m.id, worker, providerMessageId);
    this.stats.sent++;
  }

  private async settleFailure(m: ClaimedMessage, botKey: string, err: unknown): Promise<void> {
    const { outbox, sendRate } = this.o.ledger;
    const v = sendVerdict(err);
    switch (v.kind) {
      case 'rateLimited': {
        // Telegram said how long to wait: every worker of this bot holds, and this row goes back.
        this.pausedUntil.set(botKey, Math.max(this.pausedUntil.get(botKey) ?? 0, Date.now() + v.retryAfterMs));
        await sendRate.pause(botKey, v.retryAfterMs);
        await outbox.markFailed(m.id, this.o.worker, `限流：${v.message}`, new Date(Date.now() + v.retryAfterMs));
        this.stats.rateLimited++;
        this.o.log?.warn({ retryAfterMs: v.retryAfterMs, outboxId: m.id }, 'rate limited by channel');
        return;
      }
      case 'permanent':
        await outbox.markFailed(m.id, this.o.worker, v.message, null);
        this.stats.failed++;
        return;
      case 'inDoubt':
        await outbox.markUnknown(m.id, this.o.worker, v.message);
        this.stats.inDoubt++;
        return;
      case 'transient': {
        if (m.attempts >= this.o.maxAttempts) {
          await outbox.markFailed(m.id, this.o.worker, `已重试${m.attempts}次仍失败：${v.message}`, null);
          this.stats.failed++;
          return;
        }
        const base = Math.min(this.o.backoffMs * 2 ** (m.attempts - 1), 600_000);
        const delay = base * (0.8 + Math.random() * 0.4);
        await outbox.markFailed(m.id, this.o.worker, v.message, new Date(Date.now() + delay));
        this.stats.retried++;
      }
    }
  }
}
