import type { Logger } from 'pino';
import type { ChannelName, OutreachSender } from '../channels/index.js';

export type { OutreachSender } from '../channels/index.js';
import type { ClaimedMessage, Repositories } from '../ledger/index.js';
import { renderNotice } from './render.js';
import { DEFAULT_MAX_LATE_MS, now, SendSlots, sleep, sleepUntil, type LimitOverrides, type Slot } from './sendSlots.js';
import { sendVerdict } from './sendVerdict.js';

/**
 * The outbox dispatcher. Any number of these, in any number of processes, share one database:
 *
 *   claim (FOR UPDATE SKIP LOCKED, lease; the next batch is claimed before this one runs dry)
 *   →  reserve the row's bot and chat slot in one atomic call (shared, in the database), up to
 *   horizonMs ahead  →  just before the slot, mark 'sending' (committed)  →  send at the slot, or take
 *   a new slot if woken too late  →  mark 'sent' / retry / 'failed'.
 *
 * Committing 'sending' before the request leaves makes delivery at-most-once: a row whose worker
 * died between that commit and the answer is left 'unknown', never resent on its own
 * (the README section "Outreach" explains the choice and its one gap).
 */

/** One send start, as the dispatcher saw it (for benchmarks and tests). */
export interface SendStart {
  /** Wall-clock ms (performance.timeOrigin + performance.now()). */
  at: number;
  channel: ChannelName;
  chatId: string;
  outboxId: number;
  worker: string;
}

export interface DispatcherOptions {
  ledger: Pick<Repositories, 'outbox' | 'sendRate'>;
  senders: OutreachSender[];
  /** Stable name of this worker; a restart under the same name recovers its own rows at once. */
  worker: string;
  /** Overrides of DEFAULT_LIMITS (src/channels/limits.ts) per channel. */
  limits?: LimitOverrides;
  /** Rows claimed per query; a new claim is made when fewer than this are left in hand. */
  batchSize?: number;
  /** Messages holding a slot or in flight at once in this process. */
  concurrency?: number;
  /** How far ahead of now this process reserves slots. */
  horizonMs?: number;
  /**
   * Latest a send may start after its slot; a later wake-up takes a new slot instead (capped so that
   * `perSecond` still holds, see ChannelLimits).
   */
  maxLateMs?: number;
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
  /** Called just before each request leaves (benchmarks, tests). */
  onSendStart?: (s: SendStart) => void;
  log?: Logger;
}

export interface DispatchStats {
  sent: number;
  failed: number;
  retried: number;
  rateLimited: number;
  inDoubt: number;
  /** Slots given up because this process woke too late for them (a new slot was taken). */
  lateSlots: number;
}

/**
 * How long before its slot a row is marked 'sending': the slowest of the last marks plus a little,
 * within these bounds. The mark is a durable commit, and a commit now and then waits a few hundred ms
 * for the disk (seen on this machine: 150–450 ms, every few seconds under load, now and then more);
 * marking well ahead keeps such a wait off the send. The price: a crash in that time leaves unsent
 * rows 'unknown' (at 28.8/s, about 15–17 of them).
 */
const PREP_MIN_MS = 500;
const PREP_MAX_MS = 600;
/** A new slot is at least this far from now, so the 'sending' mark fits before it. */
const LEAD_MS = 20;

export class Dispatcher {
  readonly stats: DispatchStats = { sent: 0, failed: 0, retried: 0, rateLimited: 0, inDoubt: 0, lateSlots: 0 };
  private readonly o: Required<Omit<DispatcherOptions, 'log' | 'limits' | 'onSendStart'>> & Pick<DispatcherOptions, 'log' | 'onSendStart'>;
  private readonly slots: SendSlots;
  private readonly byChannel: Map<string, OutreachSender>;
  private stopping = false;
  private running: Promise<void> | null = null;
  /** 429 pauses this process saw itself, checked again after each wait (others learn via the database). */
  private readonly pausedUntil = new Map<string, number>();

  /** Claimed rows not yet holding a slot, oldest first. */
  private readonly queue: ClaimedMessage[] = [];
  private claiming: Promise<void> | null = null;
  private nextClaimAt = 0;
  private lastClaimEmpty = false;
  /** Rows holding a slot, being sent or being settled. */
  private inHand = 0;
  /** Rows waiting for their chat to be free (their timers put them back in the queue). */
  private readonly deferred = new Set<NodeJS.Timeout>();
  /** Latest slot this process holds, per bot key. */
  private readonly lastSlot = new Map<string, number>();
  private wakeUp: (() => void) | null = null;
  /** Something happened while the pump was not napping: its next nap returns at once. */
  private woken = false;
  private sweeping: Promise<void> | null = null;
  private lastSweep = 0;
  /** Durations of the last 'sending' marks. */
  private readonly markTimes: number[] = [];

  constructor(opts: DispatcherOptions) {
    this.o = {
      batchSize: 20, concurrency: 32, horizonMs: 800, maxLateMs: DEFAULT_MAX_LATE_MS, leaseMs: 60_000, inDoubtAfterMs: 120_000, idleMs: 500, maxAttempts: 8, backoffMs: 2_000,
      ...opts,
    };
    this.slots = new SendSlots(opts.ledger.sendRate, opts.limits, this.o.maxLateMs);
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

  /** Finish the sends holding a slot, put the other claimed rows back in the queue, claim no more. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake();
    await this.running;
  }

  private wake(): void {
    const w = this.wakeUp;
    this.wakeUp = null;
    if (w) w();
    else this.woken = true;
  }

  /** Wait for wake() (a send settled, a claim arrived, a chat became free) or `ms`. */
  private async nap(ms: number): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    await new Promise<void>((resolve) => {
      this.wakeUp = resolve;
      timer = setTimeout(resolve, Math.max(1, ms));
    });
    clearTimeout(timer);
    this.wakeUp = null;
  }

  private botKey(m: ClaimedMessage): string {
    return `${m.channel}:bot:${this.byChannel.get(m.channel)!.botId ?? 'default'}`;
  }

  /**
   * One pump per process: keeps a claimed batch in hand (the next claim is made before this one runs
   * dry), reserves slots up to horizonMs ahead, and hands each reserved row to its own timer. No
   * database work sits between a slot and its send except the 'sending' mark, done just before.
   */
  private async loop(untilIdle: boolean): Promise<void> {
    const { outbox } = this.o.ledger;
    const recovered = await outbox.recoverWorker(this.o.worker);
    if (recovered.released || recovered.inDoubt) this.o.log?.warn({ worker: this.o.worker, ...recovered }, 'recovered rows from an earlier run of this worker');
    const sends = new Set<Promise<void>>();
    try {
      while (!this.stopping) {
        this.sweepInBackground();
        if (this.queue.length < this.o.batchSize && !this.claiming && now() >= this.nextClaimAt) this.claiming = this.claim();
        const head = this.queue[0];
        if (!head) {
          if (this.claiming) await this.claiming;
          else if (untilIdle && this.lastClaimEmpty && this.inHand === 0 && this.deferred.size === 0 && (await outbox.unsettled()) === 0) return;
          else await this.nap(Math.max(1, this.nextClaimAt - now()));
          continue;
        }
        const key = this.botKey(head);
        const ahead = (this.lastSlot.get(key) ?? 0) - now() - this.o.horizonMs;
        if (this.inHand >= this.o.concurrency || ahead > 0) {
          await this.nap(ahead > 0 ? ahead : 1000);
          continue;
        }
        this.queue.shift();
        this.inHand++;
        let slot: Slot | number;
        try {
          slot = await this.reserve(head, key, LEAD_MS);
        } catch (err) {
          this.inHand--;
          this.queue.unshift(head);
          this.o.log?.error({ err }, 'send slot reservation failed; retrying');
          await this.nap(this.o.idleMs);
          continue;
        }
        if (typeof slot === 'number') {
          // The chat is not free yet: no bot slot was taken; try again when it is.
          this.inHand--;
          this.defer(head, slot);
          continue;
        }
        this.lastSlot.set(key, Math.max(this.lastSlot.get(key) ?? 0, slot.at));
        const p = this.sendOne(head, key, slot).finally(() => {
          this.inHand--;
          sends.delete(p);
          this.wake();
        });
        sends.add(p);
      }
    } finally {
      await Promise.allSettled([...sends]);
      await this.claiming?.catch(() => undefined);
      await this.sweeping;
      for (const t of this.deferred) clearTimeout(t);
      const leftInHand = this.queue.length + this.deferred.size;
      this.deferred.clear();
      this.queue.length = 0;
      // Rows claimed but never given a slot go back to the queue for any worker.
      if (leftInHand) await outbox.recoverWorker(this.o.worker);
    }
  }

  private claim(): Promise<void> {
    const channels = [...this.byChannel.keys()] as ChannelName[];
    return this.o.ledger.outbox
      .claimMessages({ worker: this.o.worker, limit: this.o.batchSize, channels })
      .then(
        (batch) => {
          this.lastClaimEmpty = batch.length === 0;
          if (batch.length === 0) this.nextClaimAt = now() + this.o.idleMs;
          this.queue.push(...batch);
        },
        (err: unknown) => {
          this.o.log?.error({ err }, 'outbox claim failed');
          this.nextClaimAt = now() + this.o.idleMs;
        },
      )
      .finally(() => {
        this.claiming = null;
        this.wake();
      });
  }

  private defer(m: ClaimedMessage, ms: number): void {
    const t = setTimeout(() => {
      this.deferred.delete(t);
      this.queue.unshift(m);
      this.wake();
    }, Math.max(1, Math.ceil(ms)));
    this.deferred.add(t);
  }

  /** Reserve the row's slot: the slot on this process's clock, or the ms until its chat is free. */
  private reserve(m: ClaimedMessage, botKey: string, leadMs: number): Promise<Slot | number> {
    return this.slots.reserve(m.channel, botKey, m.externalId, leadMs);
  }

  /** Put back claims of dead workers and flag rows stuck in 'sending' (at most once a second, off the send path). */
  private sweepInBackground(): void {
    if (this.sweeping || now() - this.lastSweep < 1000) return;
    this.lastSweep = now();
    const { outbox, sendRate } = this.o.ledger;
    this.sweeping = (async () => {
      const released = await outbox.releaseStale(this.o.leaseMs);
      const unknown = await outbox.markStaleSendingUnknown(this.o.inDoubtAfterMs);
      await sendRate.prune(60_000);
      if (released || unknown) this.o.log?.warn({ released, unknown }, 'outbox sweep: stale claims released, stuck sends marked unknown');
    })()
      .catch((err: unknown) => this.o.log?.error({ err }, 'outbox sweep failed'))
      .finally(() => {
        this.sweeping = null;
      });
  }

  private async sendOne(m: ClaimedMessage, botKey: string, first: Slot): Promise<void> {
    const { outbox } = this.o.ledger;
    const worker = this.o.worker;
    const sender = this.byChannel.get(m.channel)!;
    try {
      // Mark 'sending' just before the slot, so the mark is not between the slot and the request.
      await sleepUntil(first.at - this.prepMs());
      const marking = now();
      const marked = await outbox.markSending(m.id, worker);
      this.markTimes.push(now() - marking);
      if (this.markTimes.length > 32) this.markTimes.shift();
      if (!marked) {
        // Our claim was taken back (lease expired): the slot goes unused.
        await this.release(m, botKey, first);
        return;
      }
      let slot = first;
      for (;;) {
        await sleepUntil(slot.at);
        const pausedUntil = this.pausedUntil.get(botKey) ?? 0;
        const late = this.slots.isLate(m.channel, slot);
        if (!late && now() >= pausedUntil) break;
        // Woken too late (event loop busy, slow database), or a 429 arrived while we waited: sending
        // now could crowd the window, so give the slot back (the window can use it again) and take a
        // fresh one. The row stays 'sending' meanwhile, which is still at most once.
        if (late) this.stats.lateSlots++;
        await this.release(m, botKey, slot);
        for (;;) {
          const next = await this.reserve(m, botKey, Math.max(0, pausedUntil - now()));
          if (typeof next !== 'number') {
            slot = next;
            break;
          }
          await sleep(Math.max(1, Math.ceil(next)));
        }
      }
      let providerMessageId: string | null = null;
      try {
        const reply = renderNotice(m);
        this.o.onSendStart?.({ at: performance.timeOrigin + now(), channel: m.channel, chatId: m.externalId, outboxId: m.id, worker });
        if (sender.deliver) providerMessageId = (await sender.deliver(m.externalId, reply)).providerMessageId;
        else await sender.send(m.externalId, reply);
      } catch (err) {
        await this.settleFailure(m, botKey, err);
        return;
      }
      await outbox.markSent(m.id, worker, providerMessageId);
      this.stats.sent++;
    } catch (err) {
      // A database error here leaves the row claimed (or sending): the sweep resolves it.
      this.o.log?.error({ err, outboxId: m.id }, 'outbox row left for the sweep');
    }
  }

  private release(m: ClaimedMessage, botKey: string, slot: Slot): Promise<void> {
    return this.slots.release(m.channel, botKey, m.externalId, slot);
  }

  private prepMs(): number {
    return Math.min(PREP_MAX_MS, Math.max(PREP_MIN_MS, ...this.markTimes.map((t) => t + 3)));
  }

  private async settleFailure(m: ClaimedMessage, botKey: string, err: unknown): Promise<void> {
    const { outbox } = this.o.ledger;
    const v = sendVerdict(err);
    switch (v.kind) {
      case 'rateLimited': {
        // Telegram said how long to wait: every worker of this bot holds, and this row goes back.
        this.pausedUntil.set(botKey, Math.max(this.pausedUntil.get(botKey) ?? 0, now() + v.retryAfterMs));
        await this.slots.pause(m.channel, botKey, v.retryAfterMs);
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
