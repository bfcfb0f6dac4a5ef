import type { Db } from './db.js';

/**
 * Small values a conversation needs between messages, shared by every process on the database
 * (migration 009): one JSON value per scope and key, gone after its time to live. Callers validate
 * what they read (src/assistant/storage.ts); this repository only stores it.
 */
export function chatStateRepo(db: Db) {
  return {
    async read(scope: string, key: string): Promise<unknown> {
      const rows = await db.query<{ value: unknown }>(
        `SELECT value FROM chat_state WHERE scope = $1 AND key = $2 AND expires_at > now()`,
        [scope, key],
      );
      return rows[0]?.value;
    },

    /** Replace the value; it lives `ttlMs` from now (each write extends it). */
    async write(scope: string, key: string, value: unknown, ttlMs: number): Promise<void> {
      await db.query(
        `INSERT INTO chat_state (scope, key, value, expires_at) VALUES ($1, $2, $3::jsonb, now() + $4 * interval '1 millisecond')
         ON CONFLICT (scope, key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at, updated_at = now()`,
        [scope, key, JSON.stringify(value), ttlMs],
      );
    },

    async delete(scope: string, key: string): Promise<void> {
      await db.query(`DELETE FROM chat_state WHERE scope = $1 AND key = $2`, [scope, key]);
    },
  };
}

export type ChatStateRepo = ReturnType<typeof chatStateRepo>;
