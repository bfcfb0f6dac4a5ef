import type { Db } from './db.js';

/**
 * Send-rate reservations shared by every worker process (GCRA on one row per key). Each call takes
 * the next free slot for the key and says how long to wait for it, measured on the database clock so
 * that workers on different machines agree.
 */
export function sendRateRepo(db: Db) {
  return {
    /**
     * Reserve one send on `key`, spaced `intervalMs` after the previous one, no earlier than `notBefore`
     * ms from now. Returns the wait in ms (0 when the slot is now).
     */
    async reserve(key: string, intervalMs: number, notBeforeMs = 0): Promise<number> {
      const rows = await db.query<{ wait: number }>(
        `WITH now AS (SELECT clock_timestamp() + ($3::double precision * interval '1 millisecond') AS t)
         INSERT INTO send_rate AS r (key, tat)
           SELECT $1, now.t + ($2::double precision * interval '1 millisecond') FROM now
         ON CONFLICT (key) DO UPDATE
           SET tat = greatest(r.tat, (SELECT t FROM now)) + ($2::double precision * interval '1 millisecond')
         RETURNING greatest(0, extract(epoch FROM (r.tat - ($2::double precision * interval '1 millisecond') - clock_timestamp())) * 1000)::double precision AS wait`,
        [key, intervalMs, notBeforeMs],
      );
      return rows[0]!.wait;
    },

    /** Hold every sender on `key` for `ms` (Telegram said retry_after). */
    async pause(key: string, ms: number): Promise<void> {
      await db.query(
        `INSERT INTO send_rate AS r (key, tat) VALUES ($1, clock_timestamp() + ($2::double precision * interval '1 millisecond'))
         ON CONFLICT (key) DO UPDATE SET tat = greatest(r.tat, EXCLUDED.tat)`,
        [key, ms],
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
