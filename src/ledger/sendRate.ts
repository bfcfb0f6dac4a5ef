import type { Db } from './db.js';

/**
 * Send-rate reservations shared by every worker process: one row per key (a bot: its latest slots as a
 * sliding window; a chat: when it is next free).
 * Each reservation takes the next free slot and says how long to wait for it, measured on the
 * database clock so that workers on different machines agree.
 */
export function sendRateRepo(db: Db) {
  return {
    /**
     * Reserve the send slot of one message in one atomic call (function reserve_send_slot, migration
     * 004): the earliest moment at least `leadMs` from now, `spacingMs` after the bot's latest slot and
     * `windowMs` after the slot `limit` places back, taken only if the chat (when given) is free by
     * then; the chat's next slot is then `chatGapMs` later. `dbNowMs` is the database clock (epoch ms)
     * read after the locks and `waitMs` the time from it to the slot; `slotUs` names the slot for
     * release(). When `reserved` is false nothing was taken and `waitMs` says when the chat is free.
     */
    async reserveSlot(r: {
      botKey: string; chatKey: string | null; limit: number; windowMs: number; spacingMs: number; chatGapMs: number; leadMs: number;
    }): Promise<{ reserved: boolean; waitMs: number; dbNowMs: number; slotUs: string | null }> {
      const rows = await db.query<{ reserved: boolean; wait_ms: number; now_ms: number; slot_us: string | number | null }>(
        `SELECT reserved, wait_ms, now_ms, slot_us FROM reserve_send_slot($1, $2, $3, $4, $5, $6, $7)`,
        [r.botKey, r.chatKey, r.limit, r.windowMs, r.spacingMs, r.chatGapMs, r.leadMs],
      );
      const row = rows[0]!;
      return { reserved: row.reserved, waitMs: Math.max(0, row.wait_ms), dbNowMs: row.now_ms, slotUs: row.slot_us === null ? null : String(row.slot_us) };
    },

    /**
     * Give back a reserved slot that will not be used, so the window counts only sends that may happen;
     * and the chat's reservation with it, unless the chat was reserved again since.
     */
    async release(r: { botKey: string; slotUs: string; chatKey: string | null; chatGapMs: number }): Promise<void> {
      await db.query(`SELECT release_send_slot($1, $2::bigint, $3, $4)`, [r.botKey, r.slotUs, r.chatKey, r.chatGapMs]);
    },

    /**
     * Hold every sender on `key` for `ms` (Telegram said retry_after). With `limit` and `windowMs`
     * (the bot's window), the window is also treated as full up to the end of the pause, so sending
     * resumes at the steady pace instead of making up for the pause in a burst.
     */
    async pause(key: string, ms: number, window?: { limit: number; windowMs: number }): Promise<void> {
      await db.query(
        `INSERT INTO send_rate AS r (key, tat) VALUES ($1, clock_timestamp() + ($2::double precision * interval '1 millisecond'))
         ON CONFLICT (key) DO UPDATE SET tat = greatest(r.tat, EXCLUDED.tat),
           recent = CASE WHEN $3::int IS NULL THEN r.recent ELSE array(
             SELECT x FROM (
               SELECT x FROM unnest(r.recent) AS x
               UNION ALL
               SELECT greatest(r.tat, EXCLUDED.tat) - ($4::double precision * interval '1 millisecond') * (1 - g::double precision / $3::int)
               FROM generate_series(1, $3::int) AS g
               ORDER BY x DESC LIMIT $3::int) AS last
             ORDER BY x) END`,
        [key, ms, window?.limit ?? null, window?.windowMs ?? null],
      );
    },

    /** Forget per-chat keys idle for a while (they only matter within seconds). */
    async prune(olderThanMs: number): Promise<number> {
      const rows = await db.query(
        `DELETE FROM send_rate WHERE tat < clock_timestamp() - ($1::double precision * interval '1 millisecond') RETURNING 1`,
        [olderThanMs],
      );
      return rows.length;
    },
  };
}

export type SendRateRepo = ReturnType<typeof sendRateRepo>;
