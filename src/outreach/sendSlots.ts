import { DEFAULT_LIMITS, type ChannelLimits, type ChannelName } from '../channels/index.js';
import type { Repositories } from '../ledger/index.js';

/**
 * Send slots shared by every sender of a bot, in every process: the outbox dispatcher and the bots'
 * own replies reserve them in the database (`reserve_send_slot`, migration 004), so together they stay
 * within the channel's limits.
 */

export type LimitOverrides = Partial<Record<ChannelName, Partial<ChannelLimits>>>;

/**
 * Share of the hard bound handed out as slots when no target is set (30/s → 28.8/s): with starts at
 * most 20 ms after their slots, that leaves about 20 ms of jitter between our send starts and
 * Telegram's receipt before a receipt window could hold 31.
 */
const DEFAULT_TARGET_SHARE = 0.96;
/** Minimum slot spacing as a share of the steady one (windowMs / limit). */
const CATCH_UP_SPACING = 0.9;
/** Latest a send may start after its slot unless told otherwise. */
export const DEFAULT_MAX_LATE_MS = 20;

/** How a channel's limits turn into slots. */
export interface Pacing {
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

/** A reserved slot on this process's clock (performance.now()). */
export interface Slot {
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

export const now = () => performance.now();
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** Sleep until performance.now() ≥ t (timers may fire up to a millisecond early). */
export async function sleepUntil(t: number): Promise<void> {
  for (let d = t - now(); d > 0; d = t - now()) await sleep(Math.max(1, Math.ceil(d)));
}

/** One process's view of the shared slots: reserve, give back, pause, on this process's clock. */
export class SendSlots {
  private readonly pacing: Record<string, Pacing> = {};
  private readonly clock = new ClockOffset();

  constructor(
    private readonly sendRate: Repositories['sendRate'],
    limits?: LimitOverrides,
    maxLateMs = DEFAULT_MAX_LATE_MS,
  ) {
    for (const [ch, l] of Object.entries(DEFAULT_LIMITS)) {
      this.pacing[ch] = pacingFor({ ...l, ...limits?.[ch as ChannelName] }, maxLateMs);
    }
  }

  private chatKey(channel: ChannelName, chatId: string): string | null {
    // chatGapMs is 0 exactly when the channel has no per-chat limit.
    return this.pacing[channel]!.chatGapMs > 0 ? `${channel}:chat:${chatId}` : null;
  }

  /**
   * Reserve the next slot of `botKey` for a message to `chatId`, at least `leadMs` from now. Returns
   * the slot on this process's clock, or the ms until the chat is free (nothing reserved).
   */
  async reserve(channel: ChannelName, botKey: string, chatId: string, leadMs: number): Promise<Slot | number> {
    const pacing = this.pacing[channel]!;
    const t0 = now();
    const r = await this.sendRate.reserveSlot({
      botKey,
      chatKey: this.chatKey(channel, chatId),
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

  /** True when a send starting now would be too long after the slot to keep the bound. */
  isLate(channel: ChannelName, slot: Slot): boolean {
    return now() - slot.earliest > this.pacing[channel]!.toleranceMs;
  }

  /** Give back a slot that will not be used (and the chat's reservation with it). */
  release(channel: ChannelName, botKey: string, chatId: string, slot: Slot): Promise<void> {
    return this.sendRate.release({
      botKey, slotUs: slot.id, chatKey: this.chatKey(channel, chatId), chatGapMs: this.pacing[channel]!.chatGapMs,
    });
  }

  /** The channel said wait (429 retry_after): every sender of the bot holds, then resumes at the steady pace. */
  pause(channel: ChannelName, botKey: string, ms: number): Promise<void> {
    const pacing = this.pacing[channel]!;
    return this.sendRate.pause(botKey, ms, { limit: pacing.limit, windowMs: pacing.windowMs });
  }
}
