import { z } from 'zod';
import type { Db } from './db.js';
import { idSchema, parseInput } from './validate.js';

/** Append-only record of what staff did (sign-ins, edits, broadcasts, exports). */
export interface AuditEntry {
  id: number;
  at: Date;
  staffId: number | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  detail: Record<string, unknown>;
}

const LABELS: Record<string, string> = { staffId: '工作人员', action: '操作', targetType: '对象类型', targetId: '对象编号', detail: '详情' };
const input = z.strictObject({
  staffId: idSchema.nullable().optional(),
  action: z.string().trim().regex(/^[a-z][a-z0-9_.:-]{1,63}$/, { error: '应为英文操作名，如 enterprise.update' }),
  targetType: z.string().max(50).nullable().optional(),
  targetId: z.union([z.string().max(100), z.number()]).transform(String).nullable().optional(),
  detail: z.record(z.string(), z.unknown()).default({}),
});

const COLUMNS = `id, at, staff_id AS "staffId", action, target_type AS "targetType", target_id AS "targetId", detail`;

/** An audit entry with the names of what it refers to, for people reading the log. */
export interface ReadableAuditEntry extends AuditEntry {
  /** The enterprise's name, the notice's title or the staff account's name, when the target is one. */
  targetName: string | null;
  /** The title of the notice named in the detail (noticeId), e.g. a reminder's. */
  noticeTitle: string | null;
}

/** A target id as a bigint, or NULL when it is not one (ids are stored as text). */
const asId = (expr: string) => `CASE WHEN ${expr} ~ '^[0-9]{1,18}$' THEN (${expr})::bigint END`;

export function auditRepo(db: Db) {
  return {
    async append(data: z.input<typeof input>): Promise<AuditEntry> {
      const a = parseInput(input, data, '审计记录', LABELS);
      const rows = await db.query<AuditEntry>(
        `INSERT INTO audit_log (staff_id, action, target_type, target_id, detail) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
        [a.staffId ?? null, a.action, a.targetType ?? null, a.targetId ?? null, a.detail],
      );
      return rows[0]!;
    },

    /** list() with the names of targets resolved (enterprise, notice, staff) and the title of a notice in the detail. */
    async listReadable(filter: { staffId?: number; limit?: number } = {}): Promise<ReadableAuditEntry[]> {
      return db.query<ReadableAuditEntry>(
        `SELECT a.id, a.at, a.staff_id AS "staffId", a.action, a.target_type AS "targetType", a.target_id AS "targetId", a.detail,
           CASE a.target_type
             WHEN 'enterprise' THEN (SELECT e.name FROM enterprises e WHERE e.id = ${asId('a.target_id')})
             WHEN 'notice' THEN (SELECT n.title FROM notices n WHERE n.id = ${asId('a.target_id')})
             WHEN 'staff' THEN (SELECT s.display_name || '（' || s.username || '）' FROM staff s WHERE s.id = ${asId('a.target_id')})
           END AS "targetName",
           (SELECT n.title FROM notices n WHERE n.id = ${asId("a.detail->>'noticeId'")}) AS "noticeTitle"
         FROM audit_log a
         WHERE ($1::bigint IS NULL OR a.staff_id = $1)
         ORDER BY a.id DESC LIMIT $2`,
        [filter.staffId ?? null, filter.limit ?? 200],
      );
    },

    async list(filter: { staffId?: number; since?: Date; limit?: number } = {}): Promise<AuditEntry[]> {
      return db.query<AuditEntry>(
        `SELECT ${COLUMNS} FROM audit_log
         WHERE ($1::bigint IS NULL OR staff_id = $1) AND ($2::timestamptz IS NULL OR at >= $2)
         ORDER BY id DESC LIMIT $3`,
        [filter.staffId ?? null, filter.since ?? null, filter.limit ?? 200],
      );
    },
  };
}

export type AuditRepo = ReturnType<typeof auditRepo>;
