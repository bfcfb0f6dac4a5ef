import { z } from 'zod';
import type { Db } from './db.js';
import { idSchema, parseInput, text } from './validate.js';

/** A staff verdict on a bot reply (migration 003): right, or wrong with the corrected answer. */
export interface ConsultationReview {
  id: number;
  consultationId: number;
  staffId: number | null;
  staffName: string;
  verdict: 'right' | 'wrong';
  correctedAnswer: string | null;
  note: string;
  createdAt: Date;
}

const LABELS: Record<string, string> = {
  consultationId: '咨询记录', staffId: '工作人员', staffName: '审核人', verdict: '审核结论', correctedAnswer: '更正后的答复', note: '说明',
};

const input = z
  .strictObject({
    consultationId: idSchema,
    staffId: idSchema.nullable().optional(),
    staffName: text(50),
    verdict: z.enum(['right', 'wrong'], { error: '应为“答复正确”或“答复有误”' }),
    correctedAnswer: z.string().trim().max(50_000).nullable().optional(),
    note: z.string().trim().max(2000).default(''),
  })
  .refine((r) => r.verdict === 'right' || (r.correctedAnswer ?? '').length > 0, {
    path: ['correctedAnswer'],
    error: '答复有误时必须填写更正后的答复',
  });

const COLUMNS = `id, consultation_id AS "consultationId", staff_id AS "staffId", staff_name AS "staffName", verdict,
  corrected_answer AS "correctedAnswer", note, created_at AS "createdAt"`;

export function reviewsRepo(db: Db) {
  return {
    async add(data: z.input<typeof input>): Promise<ConsultationReview> {
      const r = parseInput(input, data, '答复审核', LABELS);
      const rows = await db.query<ConsultationReview>(
        `INSERT INTO consultation_reviews (consultation_id, staff_id, staff_name, verdict, corrected_answer, note)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
        [r.consultationId, r.staffId ?? null, r.staffName, r.verdict, r.verdict === 'wrong' ? r.correctedAnswer : null, r.note],
      );
      return rows[0]!;
    },

    async listByConsultation(consultationId: number): Promise<ConsultationReview[]> {
      return db.query<ConsultationReview>(
        `SELECT ${COLUMNS} FROM consultation_reviews WHERE consultation_id = $1 ORDER BY id`,
        [consultationId],
      );
    },
  };
}

export type ReviewsRepo = ReturnType<typeof reviewsRepo>;
