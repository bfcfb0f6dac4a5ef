import { z } from 'zod';
import type { Db } from './db.js';
import { idSchema, parseInput } from './validate.js';

/** A cited article as guidance cards cite them: the law's file name and the article number. */
export interface CardCite {
  law: string;
  article: number;
}

export type GuideDraftStatus = 'draft' | 'approved' | 'rejected';

/** A draft guidance card made from a reviewer's corrected answer (migration 005). */
export interface GuideDraft {
  id: number;
  consultationId: number | null;
  reviewId: number | null;
  topic: string;
  title: string;
  questions: string[];
  answer: string;
  cites: CardCite[];
  status: GuideDraftStatus;
  cardId: string | null;
  cardFile: string | null;
  createdBy: number | null;
  createdByName: string | null;
  decidedBy: number | null;
  decidedByName: string | null;
  decidedAt: Date | null;
  rejectReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const LABELS: Record<string, string> = {
  consultationId: '咨询记录', reviewId: '审核', topic: '主题', title: '卡片标题', questions: '问法', answer: '答复', cites: '引用条文',
  createdBy: '创建人', reason: '退回理由',
};

const cite = z.strictObject({ law: z.string().trim().min(2).max(100), article: z.number().int().positive().max(10_000) });
const fields = {
  topic: z.string().trim().min(1).max(50),
  title: z.string().trim().min(2).max(100),
  questions: z.array(z.string().trim().min(2).max(500)).min(1).max(20),
  answer: z.string().trim().min(4).max(5000),
  cites: z.array(cite).max(20),
};
const createInput = z.strictObject({
  consultationId: idSchema.nullable().optional(),
  reviewId: idSchema.nullable().optional(),
  createdBy: idSchema.nullable().optional(),
  ...fields,
});
const updateInput = z.strictObject(fields);

const COLUMNS = `d.id, d.consultation_id AS "consultationId", d.review_id AS "reviewId", d.topic, d.title, d.questions, d.answer,
  d.cites, d.status, d.card_id AS "cardId", d.card_file AS "cardFile", d.created_by AS "createdBy", cs.display_name AS "createdByName",
  d.decided_by AS "decidedBy", ds.display_name AS "decidedByName", d.decided_at AS "decidedAt", d.reject_reason AS "rejectReason",
  d.created_at AS "createdAt", d.updated_at AS "updatedAt"`;
const FROM = `FROM guide_drafts d LEFT JOIN staff cs ON cs.id = d.created_by LEFT JOIN staff ds ON ds.id = d.decided_by`;

export function guideDraftsRepo(db: Db) {
  return {
    async create(input: z.input<typeof createInput>): Promise<GuideDraft> {
      const d = parseInput(createInput, input, '指导卡片草稿', LABELS);
      const [row] = await db.query<{ id: number }>(
        `INSERT INTO guide_drafts (consultation_id, review_id, topic, title, questions, answer, cites, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8) RETURNING id`,
        [d.consultationId ?? null, d.reviewId ?? null, d.topic, d.title, d.questions, d.answer, JSON.stringify(d.cites), d.createdBy ?? null],
      );
      return (await this.get(row!.id))!;
    },

    async get(id: number): Promise<GuideDraft | undefined> {
      return (await db.query<GuideDraft>(`SELECT ${COLUMNS} ${FROM} WHERE d.id = $1`, [id]))[0];
    },

    /** Newest first; drafts waiting for a decision when status is 'draft'. */
    async list(status?: GuideDraftStatus, limit = 200): Promise<GuideDraft[]> {
      return status
        ? db.query<GuideDraft>(`SELECT ${COLUMNS} ${FROM} WHERE d.status = $1 ORDER BY d.id DESC LIMIT $2`, [status, limit])
        : db.query<GuideDraft>(`SELECT ${COLUMNS} ${FROM} ORDER BY d.id DESC LIMIT $1`, [limit]);
    },

    async countByStatus(): Promise<Record<GuideDraftStatus, number>> {
      const rows = await db.query<{ status: GuideDraftStatus; n: number }>(`SELECT status, count(*)::int AS n FROM guide_drafts GROUP BY status`);
      const out: Record<GuideDraftStatus, number> = { draft: 0, approved: 0, rejected: 0 };
      for (const r of rows) out[r.status] = r.n;
      return out;
    },

    /** Edit a draft that is still waiting; false when it was already decided (or does not exist). */
    async update(id: number, input: z.input<typeof updateInput>): Promise<boolean> {
      const d = parseInput(updateInput, input, '指导卡片草稿', LABELS);
      const rows = await db.query(
        `UPDATE guide_drafts SET topic = $2, title = $3, questions = $4, answer = $5, cites = $6::jsonb, updated_at = now()
         WHERE id = $1 AND status = 'draft' RETURNING id`,
        [id, d.topic, d.title, d.questions, d.answer, JSON.stringify(d.cites)],
      );
      return rows.length > 0;
    },

    /** Record that the card is in the knowledge base; false when the draft was no longer waiting. */
    async markApproved(id: number, card: { cardId: string; cardFile: string; staffId: number }): Promise<boolean> {
      const rows = await db.query(
        `UPDATE guide_drafts SET status = 'approved', card_id = $2, card_file = $3, decided_by = $4, decided_at = now(), updated_at = now()
         WHERE id = $1 AND status = 'draft' RETURNING id`,
        [id, card.cardId, card.cardFile, card.staffId],
      );
      return rows.length > 0;
    },

    async reject(id: number, staffId: number, reason: string): Promise<boolean> {
      const r = parseInput(z.strictObject({ reason: z.string().trim().max(2000) }), { reason }, '退回', LABELS);
      const rows = await db.query(
        `UPDATE guide_drafts SET status = 'rejected', reject_reason = $3, decided_by = $2, decided_at = now(), updated_at = now()
         WHERE id = $1 AND status = 'draft' RETURNING id`,
        [id, staffId, r.reason],
      );
      return rows.length > 0;
    },
  };
}

export type GuideDraftsRepo = ReturnType<typeof guideDraftsRepo>;
