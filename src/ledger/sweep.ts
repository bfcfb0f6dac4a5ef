import type { Db } from './db.js';

/**
 * Removes shared conversation state past its time to live (migration 009): sessions, hand-off routes,
 * rate-limit windows and web messages. Reads already ignore expired rows; this keeps the tables from
 * growing. Any number of processes may run it.
 */
export async function sweepExpired(db: Db): Promise<number> {
  let removed = 0;
  for (const table of ['chat_state', 'rate_limits', 'web_messages'] as const) {
    const rows = await db.query<{ n: number }>(`WITH gone AS (DELETE FROM ${table} WHERE expires_at <= now() RETURNING 1) SELECT count(*)::int AS n FROM gone`);
    removed += rows[0]!.n;
  }
  return removed;
}
