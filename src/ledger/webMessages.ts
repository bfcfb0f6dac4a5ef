import type { Db } from './db.js';

/** The NOTIFY channel a new web message is announced on; the payload is its chat id. */
export const WEB_MESSAGES_CHANNEL = 'yg_web_messages';

export interface WebMessage {
  id: number;
  /** As written by the sender; the reader validates it. */
  reply: unknown;
  createdAt: Date;
}

/**
 * Messages for web chat visitors outside an answer (migration 009): written by whichever process sends
 * them, read by whichever process holds the visitor's event stream, which NOTIFY wakes.
 */
export function webMessagesRepo(db: Db) {
  return {
    /** Store one message and announce it (the NOTIFY is delivered when this statement commits). */
    async add(chatId: string, reply: unknown, ttlMs: number): Promise<number> {
      const rows = await db.query<{ id: number }>(
        `WITH ins AS (
           INSERT INTO web_messages (chat_id, reply, expires_at) VALUES ($1, $2::jsonb, now() + $3 * interval '1 millisecond')
           RETURNING id, chat_id)
         SELECT id, pg_notify($4, chat_id) FROM ins`,
        [chatId, JSON.stringify(reply), ttlMs, WEB_MESSAGES_CHANNEL],
      );
      return rows[0]!.id;
    },

    /** The chat's messages after `afterId`, oldest first. */
    async after(chatId: string, afterId: number, limit = 50): Promise<WebMessage[]> {
      return db.query<WebMessage>(
        `SELECT id, reply, created_at AS "createdAt" FROM web_messages
         WHERE chat_id = $1 AND id > $2 AND expires_at > now() ORDER BY id LIMIT $3`,
        [chatId, afterId, limit],
      );
    },

    /** Retention (CHAT_RETENTION_DAYS): messages written more than `days` days before `now` go. */
    async deleteOlderThan(days: number, now: Date = new Date()): Promise<number> {
      const rows = await db.query(`DELETE FROM web_messages WHERE created_at < $1 RETURNING 1`, [new Date(now.getTime() - days * 86_400_000)]);
      return rows.length;
    },

    /** The chat's latest messages, oldest first. */
    async recent(chatId: string, limit: number): Promise<WebMessage[]> {
      return (await db.query<WebMessage>(
        `SELECT id, reply, created_at AS "createdAt" FROM web_messages
         WHERE chat_id = $1 AND expires_at > now() ORDER BY id DESC LIMIT $2`,
        [chatId, limit],
      )).reverse();
    },
  };
}

export type WebMessagesRepo = ReturnType<typeof webMessagesRepo>;
