import { z } from 'zod';
import type { Db } from './db.js';
import { idSchema, parseInput, text, translateConstraintError } from './validate.js';

/** A policy notice or reminder written once and sent to many contacts through the outbox. */
export interface Notice {
  id: number;
  title: string;
  body: string;
  topic: string | null;
  createdBy: number | null;
  kind: 'notice' | 'reminder';
  /** Linked policies as checked when the notice was written (document number, validity). */
  policies: unknown[];
  createdAt: Date;
}

const LABELS: Record<string, string> = { title: '标题', body: '正文', topic: '主题', createdBy: '发布人' };

const input = z.strictObject({
  title: text(200),
  body: text(10_000),
  topic: z.string().trim().min(1).max(50).nullable().optional(),
  createdBy: idSchema.nullable().optional(),
  kind: z.enum(['notice', 'reminder']).default('notice'),
  policies: z.array(z.record(z.string(), z.unknown())).default([]),
});

const COLUMNS = `id, title, body, topic, created_by AS "createdBy", kind, policies, created_at AS "createdAt"`;

/** A reminder's notice with the enterprise and rule it was fired for (reminder_firings). */
export interface ReminderNotice extends Notice {
  enterpriseId: number | null;
  enterpriseName: string | null;
  ruleId: string | null;
  period: string | null;
}

export function noticesRepo(db: Db) {
  return {
    async create(data: z.input<typeof input>): Promise<Notice> {
      const n = parseInput(input, data, '通知', LABELS);
      try {
        const rows = await db.query<Notice>(
          `INSERT INTO notices (title, body, topic, created_by, kind, policies) VALUES ($1, $2, $3, $4, $5, $6::jsonb) RETURNING ${COLUMNS}`,
          [n.title, n.body, n.topic ?? null, n.createdBy ?? null, n.kind, JSON.stringify(n.policies)],
        );
        return rows[0]!;
      } catch (err) {
        throw translateConstraintError(err, '通知', { notices_created_by_fkey: { field: 'createdBy', message: '发布人不存在' } });
      }
    },

    async get(id: number): Promise<Notice | undefined> {
      return (await db.query<Notice>(`SELECT ${COLUMNS} FROM notices WHERE id = $1`, [id]))[0];
    },

    /** Newest first; only one kind when asked (so that many reminders do not push the notices off the list). */
    async list(limit = 100, kind?: Notice['kind']): Promise<Notice[]> {
      return db.query<Notice>(`SELECT ${COLUMNS} FROM notices WHERE ($2::text IS NULL OR kind = $2) ORDER BY id DESC LIMIT $1`, [limit, kind ?? null]);
    },

    /** Reminders' notices, newest first, each with the enterprise and rule it was fired for. */
    async listReminders(limit = 100): Promise<ReminderNotice[]> {
      return db.query<ReminderNotice>(
        `SELECT n.id, n.title, n.body, n.topic, n.created_by AS "createdBy", n.kind, n.policies, n.created_at AS "createdAt",
           f.enterprise_id AS "enterpriseId", e.name AS "enterpriseName", f.rule_id AS "ruleId", f.period
         FROM notices n
         LEFT JOIN reminder_firings f ON f.notice_id = n.id
         LEFT JOIN enterprises e ON e.id = f.enterprise_id
         WHERE n.kind = 'reminder'
         ORDER BY n.id DESC LIMIT $1`,
        [limit],
      );
    },
  };
}

export type NoticesRepo = ReturnType<typeof noticesRepo>;
