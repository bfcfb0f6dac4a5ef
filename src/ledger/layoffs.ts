import { z } from 'zod';
import type { Db } from './db.js';
import { idSchema, isoDate, parseInput, text, translateConstraintError } from './validate.js';

/** 裁员情况: one reduction of staff. */
export interface Layoff {
  id: number;
  enterpriseId: number;
  date: string;
  count: number;
  reason: string;
  reportedArt41: boolean;
  createdAt: Date;
}

/**
 * 劳动合同法第四十一条: cutting 20 or more people, or fewer than 20 but 10% or more of the workforce,
 * needs 30 days' notice to the union or all staff and a report to the labor department.
 */
export function requiresArticle41Report(count: number, headcount: number | null): boolean {
  if (count >= 20) return true;
  return headcount !== null && headcount > 0 && count * 10 >= headcount;
}

const LABELS: Record<string, string> = { enterpriseId: '企业', date: '裁员日期', count: '裁员人数', reason: '裁员原因', reportedArt41: '第四十一条报告' };

const input = z.strictObject({
  enterpriseId: idSchema,
  date: isoDate,
  count: z.number().int().min(1).max(1_000_000),
  reason: text(1000),
  reportedArt41: z.boolean().default(false),
});

const COLUMNS = `id, enterprise_id AS "enterpriseId", on_date AS "date", count, reason, reported_art41 AS "reportedArt41", created_at AS "createdAt"`;

export function layoffsRepo(db: Db) {
  return {
    async add(data: z.input<typeof input>): Promise<Layoff> {
      const l = parseInput(input, data, '裁员情况', LABELS);
      try {
        const rows = await db.query<Layoff>(
          `INSERT INTO layoffs (enterprise_id, on_date, count, reason, reported_art41) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
          [l.enterpriseId, l.date, l.count, l.reason, l.reportedArt41],
        );
        return rows[0]!;
      } catch (err) {
        throw translateConstraintError(err, '裁员情况', { layoffs_enterprise_id_fkey: { field: 'enterpriseId', message: '企业不存在' } });
      }
    },

    /** Every layoff on or after `since` (reminder rules read them). */
    async listSince(since: string): Promise<Layoff[]> {
      return db.query<Layoff>(`SELECT ${COLUMNS} FROM layoffs WHERE on_date >= $1 ORDER BY enterprise_id, on_date, id`, [since]);
    },

    async listByEnterprise(enterpriseId: number): Promise<Layoff[]> {
      return db.query<Layoff>(`SELECT ${COLUMNS} FROM layoffs WHERE enterprise_id = $1 ORDER BY on_date, id`, [enterpriseId]);
    },
  };
}

export type LayoffsRepo = ReturnType<typeof layoffsRepo>;
