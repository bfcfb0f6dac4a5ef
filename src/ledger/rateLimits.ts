import type { Db } from './db.js';

/** Sliding-window message limits shared by every process on the database (take_rate_limit, migration 009). */
export function rateLimitsRepo(db: Db) {
  return {
    /** Count one message under `key`; false (and not counted) when `limit` were already let through in the window. */
    async take(key: string, limit: number, windowMs: number): Promise<boolean> {
      const rows = await db.query<{ ok: boolean }>(`SELECT take_rate_limit($1, $2, $3) AS ok`, [key, limit, windowMs]);
      return rows[0]!.ok;
    },
  };
}

export type RateLimitsRepo = ReturnType<typeof rateLimitsRepo>;
