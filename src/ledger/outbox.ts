import { z } from 'zod';
import type { Db } from './db.js';
import { channelSchema, idSchema, parseInput, type Channel } from './validate.js';

/**
 * The outbox: one row per notice × contact × channel. Any number of dispatcher processes share it by
 * claiming due rows with FOR UPDATE SKIP LOCKED; every send attempt is kept as a delivery row.
 */
export type OutboxStatus = 'pending' | 'claimed' | 'sending' | 'sent' | 'failed' | 'cancelled' | 'unknown';

/** A claimed row with what is needed to send it: the chat on its channel and the notice text. */
export interface ClaimedMessage {
  id: number;
  noticeId: number;
  contactId: number;
  channel: Channel;
  attempts: number;
  externalId: string;
  title: string;
  body: string;
  policies: unknown[];
}

export interface OutboxItem {
  id: number;
  noticeId: number;
  contactId: number;
  channel: Channel;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: Date;
  claimedBy: string | null;
  claimedAt: Date | null;
  lastError: string | null;
  sentAt: Date | null;
}

export interface Delivery {
  id: number;
  outboxId: number;
  attemptedAt: Date;
  worker: string;
  ok: boolean;
  providerMessageId: string | null;
  error: string | null;
}

const COLUMNS = `id, notice_id AS "noticeId", contact_id AS "contactId", channel, status, attempts,
  next_attempt_at AS "nextAttemptAt", claimed_by AS "claimedBy", claimed_at AS "claimedAt", last_error AS "lastError", sent_at AS "sentAt"`;

const LABELS: Record<string, string> = { noticeId: '通知', recipients: '接收人', limit: '数量', worker: '发送进程' };

const enqueueInput = z.strictObject({
  noticeId: idSchema,
  recipients: z.array(z.strictObject({ contactId: idSchema, channel: channelSchema })).min(1).max(100_000),
  notBefore: z.date().optional(),
});

const claimInput = z.strictObject({
  worker: z.string().trim().min(1).max(100),
  limit: z.number().int().min(1).max(1000).default(50),
  channels: z.array(channelSchema).optional(),
});

export function outboxRepo(db: Db) {
  async function record(tx: Db, outboxId: number, worker: string, ok: boolean, providerMessageId: string | null, error: string | null) {
    await tx.query(`INSERT INTO deliveries (outbox_id, worker, ok, provider_message_id, error) VALUES ($1, $2, $3, $4, $5)`, [
      outboxId, worker, ok, providerMessageId, error,
    ]);
  }

  return {
    /** Add recipients for a notice; ones already queued are skipped. Returns how many rows were new. */
    async enqueue(data: z.input<typeof enqueueInput>): Promise<number> {
      const e = parseInput(enqueueInput, data, '发送队列', LABELS);
      let added = 0;
      for (let i = 0; i < e.recipients.length; i += 1000) {
        const chunk = e.recipients.slice(i, i + 1000);
        const rows = await db.query<{ n: number }>(
          `WITH ins AS (
             INSERT INTO outbox (notice_id, contact_id, channel, next_attempt_at)
             SELECT $1, c, ch, coalesce($4::timestamptz, now()) FROM unnest($2::bigint[], $3::text[]) AS r(c, ch)
             ON CONFLICT (notice_id, contact_id, channel) DO NOTHING RETURNING 1)
           SELECT count(*)::int AS n FROM ins`,
          [e.noticeId, chunk.map((r) => r.contactId), chunk.map((r) => r.channel), e.notBefore ?? null],
        );
        added += rows[0]!.n;
      }
      return added;
    },

    /** Claim due rows for this worker; rows locked by another worker are skipped, not waited for. */
    async claim(data: z.input<typeof claimInput>): Promise<OutboxItem[]> {
      const c = parseInput(claimInput, data, '领取发送任务', LABELS);
      return db.query<OutboxItem>(
        `UPDATE outbox SET status = 'claimed', claimed_by = $1, claimed_at = now(), attempts = attempts + 1
         WHERE id IN (
           SELECT id FROM outbox
           WHERE status = 'pending' AND next_attempt_at <= now() AND ($3::text[] IS NULL OR channel = ANY($3::text[]))
           ORDER BY next_attempt_at, id LIMIT $2 FOR UPDATE SKIP LOCKED)
         RETURNING ${COLUMNS}`,
        [c.worker, c.limit, c.channels ?? null],
      );
    },

    /**
     * Claim due rows and return them with the chat to send to and the notice text. Two rows for one
     * chat may share a batch; the per-chat rate slot then spaces them.
     */
    async claimMessages(data: z.input<typeof claimInput>): Promise<ClaimedMessage[]> {
      const c = parseInput(claimInput, data, '领取发送任务', LABELS);
      return db.query<ClaimedMessage>(
        `WITH picked AS (
           UPDATE outbox SET status = 'claimed', claimed_by = $1, claimed_at = now(), attempts = attempts + 1
           WHERE id IN (
             SELECT id FROM outbox
             WHERE status = 'pending' AND next_attempt_at <= now() AND ($3::text[] IS NULL OR channel = ANY($3::text[]))
             ORDER BY next_attempt_at, id LIMIT $2 FOR UPDATE SKIP LOCKED)
           RETURNING id, notice_id, contact_id, channel, attempts)
         SELECT p.id, p.notice_id AS "noticeId", p.contact_id AS "contactId", p.channel, p.attempts,
                c.external_id AS "externalId", n.title, n.body, n.policies
         FROM picked p JOIN contacts c ON c.id = p.contact_id JOIN notices n ON n.id = p.notice_id
         ORDER BY p.id`,
        [c.worker, c.limit, c.channels ?? null],
      );
    },

    /**
     * The last step before the request leaves: committed first, so that a crash from here on leaves
     * the row 'sending' (in doubt) and it is never sent again automatically. Fenced by claimed_by: a
     * worker whose claim was taken back (lease expired) cannot send.
     */
    async markSending(id: number, worker: string): Promise<boolean> {
      const rows = await db.query(
        `UPDATE outbox SET status = 'sending', sending_at = now() WHERE id = $1 AND status = 'claimed' AND claimed_by = $2 RETURNING id`,
        [id, worker],
      );
      return rows.length > 0;
    },

    /** The channel may or may not have delivered it (connection lost mid-request): never resent automatically. */
    async markUnknown(id: number, worker: string, error: string): Promise<boolean> {
      return db.transaction(async (tx) => {
        const rows = await tx.query(
          `UPDATE outbox SET status = 'unknown', last_error = $3 WHERE id = $1 AND status IN ('claimed', 'sending') AND claimed_by = $2 RETURNING id`,
          [id, worker, error.slice(0, 2000)],
        );
        if (rows.length === 0) return false;
        await record(tx, id, worker, false, null, `结果未知：${error.slice(0, 2000)}`);
        return true;
      });
    },

    /**
     * A restarted worker (same name) knows its previous life is over: rows it had only claimed go back
     * to the queue; rows it was sending become 'unknown'. Returns both counts.
     */
    async recoverWorker(worker: string): Promise<{ released: number; inDoubt: number }> {
      return db.transaction(async (tx) => {
        const released = await tx.query(
          `UPDATE outbox SET status = 'pending', claimed_by = NULL, claimed_at = NULL WHERE status = 'claimed' AND claimed_by = $1 RETURNING id`,
          [worker],
        );
        const inDoubt = await tx.query(
          `UPDATE outbox SET status = 'unknown', last_error = '发送进程在发送途中中断，无法确认是否送达' WHERE status = 'sending' AND claimed_by = $1 RETURNING id`,
          [worker],
        );
        return { released: released.length, inDoubt: inDoubt.length };
      });
    },

    /** Rows stuck 'sending' longer than `olderThanMs` (their worker is gone): mark them in doubt. */
    async markStaleSendingUnknown(olderThanMs: number): Promise<number> {
      const rows = await db.query(
        `UPDATE outbox SET status = 'unknown', last_error = '发送进程长时间无响应，无法确认是否送达'
         WHERE status = 'sending' AND sending_at < now() - ($1::double precision * interval '1 millisecond') RETURNING id`,
        [olderThanMs],
      );
      return rows.length;
    },

    /** Rows not yet settled (pending, claimed or sending), optionally for some notices. */
    async unsettled(noticeIds?: number[]): Promise<number> {
      const rows = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM outbox WHERE status IN ('pending', 'claimed', 'sending') AND ($1::bigint[] IS NULL OR notice_id = ANY($1::bigint[]))`,
        [noticeIds ?? null],
      );
      return rows[0]!.n;
    },

    /** Staff decision after checking with the recipients: put in-doubt rows of a notice back in the queue. */
    async requeueUnknown(noticeId: number): Promise<number> {
      const rows = await db.query(
        `UPDATE outbox SET status = 'pending', claimed_by = NULL, claimed_at = NULL, sending_at = NULL, next_attempt_at = now()
         WHERE notice_id = $1 AND status = 'unknown' RETURNING id`,
        [noticeId],
      );
      return rows.length;
    },

    async markSent(id: number, worker: string, providerMessageId: string | null = null): Promise<boolean> {
      return db.transaction(async (tx) => {
        const rows = await tx.query(
          `UPDATE outbox SET status = 'sent', sent_at = now(), last_error = NULL, provider_message_id = $3
           WHERE id = $1 AND status IN ('claimed', 'sending', 'unknown') AND claimed_by = $2 RETURNING id`,
          [id, worker, providerMessageId],
        );
        if (rows.length === 0) return false;
        await record(tx, id, worker, true, providerMessageId, null);
        return true;
      });
    },

    /** A failed attempt: retry at `retryAt`, or give up (status failed) when retryAt is null. */
    async markFailed(id: number, worker: string, error: string, retryAt: Date | null): Promise<boolean> {
      return db.transaction(async (tx) => {
        const rows = await tx.query(
          `UPDATE outbox SET status = CASE WHEN $3::timestamptz IS NULL THEN 'failed' ELSE 'pending' END,
             next_attempt_at = coalesce($3::timestamptz, next_attempt_at), last_error = $4, claimed_by = NULL, claimed_at = NULL, sending_at = NULL
           WHERE id = $1 AND status IN ('claimed', 'sending') AND claimed_by = $2 RETURNING id`,
          [id, worker, retryAt, error.slice(0, 2000)],
        );
        if (rows.length === 0) return false;
        await record(tx, id, worker, false, null, error.slice(0, 2000));
        return true;
      });
    },

    /** Put back rows claimed by a worker that died (claimed longer ago than `olderThanMs`). */
    async releaseStale(olderThanMs: number): Promise<number> {
      const rows = await db.query<{ n: number }>(
        `WITH r AS (UPDATE outbox SET status = 'pending', claimed_by = NULL, claimed_at = NULL
           WHERE status = 'claimed' AND claimed_at < now() - ($1::double precision * interval '1 millisecond') RETURNING 1)
         SELECT count(*)::int AS n FROM r`,
        [olderThanMs],
      );
      return rows[0]!.n;
    },

    async cancelNotice(noticeId: number): Promise<number> {
      const rows = await db.query<{ n: number }>(
        `WITH r AS (UPDATE outbox SET status = 'cancelled' WHERE notice_id = $1 AND status = 'pending' RETURNING 1) SELECT count(*)::int AS n FROM r`,
        [noticeId],
      );
      return rows[0]!.n;
    },

    async get(id: number): Promise<OutboxItem | undefined> {
      return (await db.query<OutboxItem>(`SELECT ${COLUMNS} FROM outbox WHERE id = $1`, [id]))[0];
    },

    async stats(noticeId: number): Promise<Record<OutboxStatus, number>> {
      const rows = await db.query<{ status: OutboxStatus; n: number }>(
        `SELECT status, count(*)::int AS n FROM outbox WHERE notice_id = $1 GROUP BY status`,
        [noticeId],
      );
      const out: Record<OutboxStatus, number> = { pending: 0, claimed: 0, sending: 0, sent: 0, failed: 0, cancelled: 0, unknown: 0 };
      for (const r of rows) out[r.status] = r.n;
      return out;
    },

    async deliveries(outboxId: number): Promise<Delivery[]> {
      return db.query<Delivery>(
        `SELECT id, outbox_id AS "outboxId", attempted_at AS "attemptedAt", worker, ok, provider_message_id AS "providerMessageId", error
         FROM deliveries WHERE outbox_id = $1 ORDER BY id`,
        [outboxId],
      );
    },
  };
}

export type OutboxRepo = ReturnType<typeof outboxRepo>;
