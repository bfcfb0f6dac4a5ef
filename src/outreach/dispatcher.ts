import type { Logger } from 'pino';
import type { ChannelName, ChannelSender, Reply } from '../assistant/types.js';
import type { ClaimedMessage, Repositories } from '../ledger/index.js';
import { renderNotice } from './render.js';
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

/** A sender the dispatcher can use: `deliver` (returning the provider's id) is used when present. */
export interface OutreachSender extends ChannelSender {
  deliver?(chatId: string, reply: Reply): Promise<{ providerMessageId: string }>;
  /** Key of the per-sender rate limit (a Telegram bot id); defaults to the channel name. */
  readonly botId?: string;
}

export interface ChannelLimits {
  /**
   * Hard bound: no sliding 1000 ms window holds more send starts than this, across every worker of the
   * same bot (by the send-start times the workers themselves see).
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

/** Telegram's published limits: ~30 messages a second per bot, 1 a second per chat. */
export const DEFAULT_LIMITS: Record<ChannelName, ChannelLimits> = {
  telegram: { perSecond: 30, perChatMs: 1000 },
  wechat: { perSecond: 5, perChatMs: 3000 },
  web: { perSecond: 200, perChatMs: 0 },
  console: { perSecond: 200, perChatMs: 0 },
};

/**
 * Share of the hard bound handed out as slots when no target is set (30/s → 28.8/s): with starts at
 * most 20 ms after their slots, that leaves about 20 ms of jitter between our send starts and
 * Telegram's receipt before a receipt window could hold 31.
 */
const DEFAULT_TARGET_SHARE = 0.96;

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
  limits?: Partial<Record<ChannelName, Partial<ChannelLimits>>>;
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

/** How a channel's limits turn into slots. */
interface Pacing {
  /** At most `limit` slots in any `windowMs` (the bound, with room for start and receipt jitter). */
  limit: number;
  windowMs: number;
  /** Least distance of two slots (a stretch that went unused is made up at this pace). */
  spacingMs: number;
  /** Latest start after the slot's earliest possible time. */
  toleranceMs: number;
  /** Spacing of chat slots: the chat limit plus the tolerance, so starts are perChatMs apart. */
  chatGapMs: number;
}

/** A reserved slot on this process's clock (performance.now()). */
interface Slot {
  /** Earliest moment the database's slot can be on this clock. */
  earliest: number;
  /** When to send: the latest moment the slot can be on this clock, so never before it. */
  at: number;
  /** The slot's name in the database (for giving it back). */
  id: string;
}

/**
 * This process's clock against the database's. Each reservation reads the database clock at some
 * moment between the call leaving (t0) and the answer arriving (t1), so offset = db − local lies in
 * [db − t1, db − t0]; intersecting the last calls' ranges pins it to about the fastest round trip,
 * where one call alone would leave its whole round trip (long on a busy machine) as doubt about
 * where the slot is.
 */
class ClockOffset {
  private readonly samples: { at: number; lo: number; hi: number }[] = [];
  private lo = -Infinity;
  private hi = Infinity;

  add(t0: number, t1: number, dbNow: number): void {
    this.samples.push({ at: t1, lo: dbNow - t1, hi: dbNow - t0 });
    // The last 64 calls of the last 10 s: clocks drift apart slowly, so old samples go.
    while (this.samples.length > 64 || this.samples[0]!.at < t1 - 10_000) this.samples.shift();
    this.lo = Math.max(...this.samples.map((x) => x.lo));
    this.hi = Math.min(...this.samples.map((x) => x.hi));
    if (this.lo > this.hi) {
      // A clock was stepped: start again from this call.
      this.samples.splice(0, this.samples.length - 1);
      this.lo = dbNow - t1;
      this.hi = dbNow - t0;
    }
  }

  /** The database moment `dbMs` on this clock: [earliest, latest]. */
  toLocal(dbMs: number): { earliest: number; at: number } {
    return { earliest: dbMs - this.hi, at: dbMs - this.lo };
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const now = () => performance.now();
/** Sleep until performance.now() ≥ t (timers may fire up to a millisecond early). */
async function sleepUntil(t: number): Promise<void> {
  for (let d = t - now(); d > 0; d = t - now()) await sleep(Math.max(1, Math.ceil(d)));
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
/** Minimum slot spacing as a share of the steady one (windowMs / limit). */
const CATCH_UP_SPACING = 0.9;

export class Dispatcher {
  readonly stats: DispatchStats = { sent: 0, failed: 0, retried: 0, rateLimited: 0, inDoubt: 0, lateSlots: 0 };
  private readonly o: Required<Omit<DispatcherOptions, 'log' | 'limits' | 'onSendStart'>> & Pick<DispatcherOptions, 'log' | 'onSendStart'>;
  private readonly limits: Record<string, ChannelLimits>;
  private readonly pacing: Record<string, Pacing>;
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
  private readonly clock = new ClockOffset();
  /** Durations of the last 'sending' marks. */
  private readonly markTimes: number[] = [];

  constructor(opts: DispatcherOptions) {
    this.o = {
      batchSize: 20, concurrency: 32, horizonMs: 800, maxLateMs: 20, leaseMs: 60_000, inDoubtAfterMs: 120_000, idleMs: 500, maxAttempts: 8, backoffMs: 2_000,
      ...opts,
    };
    this.limits = {};
    this.pacing = {};
    for (const [ch, l] of Object.entries(DEFAULT_LIMITS)) {
      const limits = { ...l, ...opts.limits?.[ch as ChannelName] };
      this.limits[ch] = limits;
      this.pacing[ch] = pacingFor(limits, this.o.maxLateMs);
    }
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

  /**
   * Reserve the row's slot in the database. Returns the slot on this process's clock, or the ms until
   * the row's chat is free (nothing reserved).
   */
  private async reserve(m: ClaimedMessage, botKey: string, leadMs: number): Promise<Slot | number> {
    const limits = this.limits[m.channel]!;
    const pacing = this.pacing[m.channel]!;
    const t0 = now();
    const r = await this.o.ledger.sendRate.reserveSlot({
      botKey,
      chatKey: limits.perChatMs > 0 ? `${m.channel}:chat:${m.externalId}` : null,
      limit: pacing.limit,
      windowMs: pacing.windowMs,
      spacingMs: pacing.spacingMs,
      chatGapMs: pacing.chatGapMs,
      leadMs,
    });
    const t1 = now();
    this.clock.add(t0, t1, r.dbNowMs);
    if (!r.reserved || r.slotUs === null) return r.waitMs;
    return { ...this.clock.toLocal(r.dbNowMs + r.waitMs), id: r.slotUs };
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
    const tolerance = this.pacing[m.channel]!.toleranceMs;
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
        const late = now() - slot.earliest > tolerance;
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
    const limits = this.limits[m.channel]!;
    return this.o.ledger.sendRate.release({
      botKey, slotUs: slot.id,
      chatKey: limits.perChatMs > 0 ? `${m.channel}:chat:${m.externalId}` : null,
      chatGapMs: this.pacing[m.channel]!.chatGapMs,
    });
  }

  private prepMs(): number {
    return Math.min(PREP_MAX_MS, Math.max(PREP_MIN_MS, ...this.markTimes.map((t) => t + 3)));
  }

  private async settleFailure(m: ClaimedMessage, botKey: string, err: unknown): Promise<void> {
    const { outbox, sendRate } = this.o.ledger;
    const v = sendVerdict(err);
    switch (v.kind) {
      case 'rateLimited': {
        // Telegram said how long to wait: every worker of this bot holds, and this row goes back.
        this.pausedUntil.set(botKey, Math.max(this.pausedUntil.get(botKey) ?? 0, now() + v.retryAfterMs));
        const pacing = this.pacing[m.channel]!;
        await sendRate.pause(botKey, v.retryAfterMs, { limit: pacing.limit, windowMs: pacing.windowMs });
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

/**
 * The database hands out at most L = perSecond slots in any window of W = 1000 · L / target ms (so
 * `target` per second when busy). A send starts within `tolerance` after its slot, so the starts in
 * any 1000 ms come from slots in a span of 1000 + tolerance < W ms: at most L of them. The tolerance
 * is the smaller of maxLateMs and W − 1000 − 1 ms; what W leaves beyond it absorbs jitter between our
 * send starts and the receiver's clock.
 */
export function pacingFor(l: ChannelLimits, maxLateMs: number): Pacing {
  const limit = Math.floor(l.perSecond);
  const target = l.targetPerSecond ?? limit * DEFAULT_TARGET_SHARE;
  if (!(limit >= 1) || !(target > 0) || target >= limit) {
    throw new Error(`invalid send rate: target ${target}/s must be below the limit ${limit}/s`);
  }
  const windowMs = (1000 * limit) / target;
  const toleranceMs = Math.min(maxLateMs, windowMs - 1000 - 1); // 1 ms spare for clock rounding
  if (toleranceMs < 1) throw new Error(`send rate ${target}/s leaves no room under ${limit}/s for timing jitter`);
  return {
    // Slots a little closer than the steady pace: enough to make up for a stall, while a full window
    // still comes as an even stream, not as bursts of `limit` followed by a pause.
    limit, windowMs, spacingMs: (windowMs / limit) * CATCH_UP_SPACING, toleranceMs,
    chatGapMs: l.perChatMs > 0 ? l.perChatMs + toleranceMs + 1 : 0,
  };
}
