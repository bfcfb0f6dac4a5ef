import type { Logger } from 'pino';
import { z } from 'zod';
import type { ChannelSender, Reply } from '../../src/channels/index.js';
import { WEB_MESSAGES_CHANNEL, type Ledger } from '../../src/ledger/index.js';

/** How long a message waits for its visitor (and stays in the chat's history). */
const WEB_MESSAGE_TTL_MS = 30 * 86_400_000;

/** A reply as stored for a browser: checked when read back. */
const replySchema: z.ZodType<Reply> = z.object({
  text: z.string(),
  citations: z
    .array(z.object({ law: z.string(), article: z.number(), label: z.string(), quote: z.string(), unverified: z.boolean(), status: z.string().optional() }))
    .optional(),
  buttons: z.array(z.array(z.object({ label: z.string(), data: z.string() }))).optional(),
  consultationId: z.string().optional(),
  kind: z.enum(['answer', 'onboarding', 'handoff', 'staff', 'notice', 'info', 'error']).optional(),
});

export interface InboxMessage {
  id: number;
  reply: Reply;
  at: Date;
}

/**
 * The web channel's "send": a browser cannot be written to outside a request, so messages for a visitor
 * (staff replies, hand-off notices, policy notices, reminders) become rows in the ledger, written by
 * whichever process sends them. The page holds an event stream (chat-events.ts) to one process; that
 * process is woken by the row's NOTIFY and sends it on. Where notifications do not arrive, streams poll.
 */
export class WebInbox implements ChannelSender {
  readonly channel = 'web' as const;
  private readonly watchers = new Map<string, Set<() => void>>();
  private unlisten: (() => void) | undefined;
  private closed = false;

  constructor(
    private readonly ledger: Pick<Ledger, 'webMessages' | 'notifications'>,
    private readonly log?: Logger,
  ) {}

  async send(chatId: string, reply: Reply): Promise<void> {
    await this.ledger.webMessages.add(chatId, reply, WEB_MESSAGE_TTL_MS);
  }

  /** The visitor's messages after `afterId`, oldest first. */
  async after(chatId: string, afterId: number): Promise<InboxMessage[]> {
    return this.parsed(await this.ledger.webMessages.after(chatId, afterId));
  }

  /** The visitor's latest messages, oldest first. */
  async recent(chatId: string, limit: number): Promise<InboxMessage[]> {
    return this.parsed(await this.ledger.webMessages.recent(chatId, limit));
  }

  private parsed(rows: Array<{ id: number; reply: unknown; createdAt: Date }>): InboxMessage[] {
    const out: InboxMessage[] = [];
    for (const r of rows) {
      const reply = replySchema.safeParse(r.reply);
      if (reply.success) out.push({ id: r.id, reply: reply.data, at: r.createdAt });
      else this.log?.warn({ id: r.id }, 'web message does not parse: skipped');
    }
    return out;
  }

  /**
   * Call `wake` whenever a message for `chatId` may have arrived (also, with no message, after the
   * notification connection came back). Returns the function that stops it.
   */
  watch(chatId: string, wake: () => void): () => void {
    if (this.closed) return () => {};
    this.unlisten ??= this.ledger.notifications.listen(WEB_MESSAGES_CHANNEL, (payload) => {
      const targets = payload === undefined ? [...this.watchers.values()] : [this.watchers.get(payload)];
      for (const set of targets) for (const fn of set ?? []) fn();
    });
    let set = this.watchers.get(chatId);
    if (!set) this.watchers.set(chatId, (set = new Set()));
    set.add(wake);
    return () => {
      set.delete(wake);
      if (set.size === 0 && this.watchers.get(chatId) === set) this.watchers.delete(chatId);
    };
  }

  /** Notifications arrive: a stream need not poll. */
  get live(): boolean {
    return this.ledger.notifications.live;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Shutting down: every open stream is woken to end, so the server can close. */
  close(): void {
    this.closed = true;
    for (const set of this.watchers.values()) for (const fn of set) fn();
    this.watchers.clear();
    this.unlisten?.();
    this.unlisten = undefined;
  }
}
