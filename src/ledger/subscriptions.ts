import { z } from 'zod';
import type { Db } from './db.js';
import { idSchema, parseInput, translateConstraintError, type Channel } from './validate.js';

/** Which topics a contact wants notices about; muting keeps the choice but stops the sends. */
export interface Subscription {
  contactId: number;
  topic: string;
  muted: boolean;
  createdAt: Date;
}

const LABELS: Record<string, string> = { contactId: '联系人', topic: '主题', muted: '免打扰' };
const input = z.strictObject({ contactId: idSchema, topic: z.string().trim().min(1).max(50), muted: z.boolean().default(false) });

export function subscriptionsRepo(db: Db) {
  return {
    async set(data: z.input<typeof input>): Promise<Subscription> {
      const s = parseInput(input, data, '订阅', LABELS);
      try {
        const rows = await db.query<Subscription>(
          `INSERT INTO subscriptions (contact_id, topic, muted) VALUES ($1, $2, $3)
           ON CONFLICT (contact_id, topic) DO UPDATE SET muted = EXCLUDED.muted
           RETURNING contact_id AS "contactId", topic, muted, created_at AS "createdAt"`,
          [s.contactId, s.topic, s.muted],
        );
        return rows[0]!;
      } catch (err) {
        throw translateConstraintError(err, '订阅', { subscriptions_contact_id_fkey: { field: 'contactId', message: '联系人不存在' } });
      }
    },

    async remove(contactId: number, topic: string): Promise<boolean> {
      return (await db.query(`DELETE FROM subscriptions WHERE contact_id = $1 AND topic = $2 RETURNING 1`, [contactId, topic])).length > 0;
    },

    async listForContact(contactId: number): Promise<Subscription[]> {
      return db.query<Subscription>(
        `SELECT contact_id AS "contactId", topic, muted, created_at AS "createdAt" FROM subscriptions WHERE contact_id = $1 ORDER BY topic`,
        [contactId],
      );
    },

    /** Unmuted subscribers of a topic with the channel to reach them on. */
    async audience(topic: string): Promise<{ contactId: number; channel: Channel; enterpriseId: number | null }[]> {
      return db.query(
        `SELECT c.id AS "contactId", c.channel, c.enterprise_id AS "enterpriseId"
         FROM subscriptions s JOIN contacts c ON c.id = s.contact_id
         WHERE s.topic = $1 AND NOT s.muted ORDER BY c.id`,
        [topic],
      );
    },
  };
}

export type SubscriptionsRepo = ReturnType<typeof subscriptionsRepo>;
