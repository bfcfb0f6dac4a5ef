import { z } from 'zod';
import type { Db } from './db.js';
import { idSchema, isoDate, parseInput, text, translateConstraintError } from './validate.js';

/** 跟踪指导: one dated visit, call or message of guidance to an enterprise. */
export interface FollowUp {
  id: number;
  enterpriseId: number;
  date: string;
  staffId: number | null;
  staffName: string;
  content: string;
  nextDate: string | null;
  createdAt: Date;
}

const LABELS: Record<string, string> = {
  enterpriseId: '企业', date: '指导日期', staffId: '工作人员', staffName: '指导人员', content: '指导内容', nextDate: '下次跟踪日期',
};

const input = z
  .strictObject({
    enterpriseId: idSchema,
    date: isoDate,
    staffId: idSchema.nullable().optional(),
    staffName: text(50),
    content: text(5000),
    nextDate: isoDate.nullable().optional(),
  })
  .refine((f) => !f.nextDate || f.nextDate > f.date, { path: ['nextDate'], error: '应晚于指导日期' });

const COLUMNS = `id, enterprise_id AS "enterpriseId", on_date AS "date", staff_id AS "staffId", staff_name AS "staffName",
  content, next_date AS "nextDate", created_at AS "createdAt"`;

const FK = {
  follow_ups_enterprise_id_fkey: { field: 'enterpriseId', message: '企业不存在' },
  follow_ups_staff_id_fkey: { field: 'staffId', message: '工作人员不存在' },
};

export function followUpsRepo(db: Db) {
  return {
    async add(data: z.input<typeof input>): Promise<FollowUp> {
      const f = parseInput(input, data, '跟踪指导', LABELS);
      try {
        const rows = await db.query<FollowUp>(
          `INSERT INTO follow_ups (enterprise_id, on_date, staff_id, staff_name, content, next_date)
           VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
          [f.enterpriseId, f.date, f.staffId ?? null, f.staffName, f.content, f.nextDate ?? null],
        );
        return rows[0]!;
      } catch (err) {
        throw translateConstraintError(err, '跟踪指导', FK);
      }
    },

    async listByEnterprise(enterpriseId: number): Promise<FollowUp[]> {
      return db.query<FollowUp>(`SELECT ${COLUMNS} FROM follow_ups WHERE enterprise_id = $1 ORDER BY on_date, id`, [enterpriseId]);
    },

    /** Enterprises whose latest follow-up named a next date on or before `date`. */
    async due(date: string): Promise<FollowUp[]> {
      return db.query<FollowUp>(
        `SELECT ${COLUMNS} FROM (
           SELECT DISTINCT ON (enterprise_id) * FROM follow_ups ORDER BY enterprise_id, on_date DESC, id DESC
         ) latest WHERE next_date IS NOT NULL AND next_date <= $1 ORDER BY next_date`,
        [date],
      );
    },
  };
}

export type FollowUpsRepo = ReturnType<typeof followUpsRepo>;
