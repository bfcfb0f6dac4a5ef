import { z } from 'zod';
import type { Citation } from './consultations.js';
import type { Db } from './db.js';
import { idSchema, parseInput } from './validate.js';

export const GAP_STATUSES = ['open', 'drafted', 'dismissed'] as const;
export type GapStatus = (typeof GAP_STATUSES)[number];

/**
 * The question folded for grouping gaps that ask the same thing: NFKC (full-width letters and digits
 * become ASCII), lower case, and only letters and digits kept (spaces and punctuation, Chinese or not,
 * dropped). "试用期能约定多久？" and "试用期 能约定多久?" fold to the same key.
 */
export function questionKey(question: string): string {
  return question.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '').slice(0, 500);
}

/**
 * A knowledge gap (migration 006): a consultation the answer layer was not sure it answered, as the
 * console lists it. `id` is the consultation's id.
 */
export interface KnowledgeGap {
  id: number;
  askedAt: Date;
  channel: string;
  /** The user's words; '' once blanked by the retention rule. */
  question: string;
  /** What the user was told (the "not sure" reply with its leads). */
  answer: string | null;
  /** The leads: the articles the unsure answer cited. */
  citations: Citation[];
  confidence: number | null;
  enterpriseId: number | null;
  enterpriseName: string | null;
  district: string | null;
  contactName: string | null;
  status: GapStatus;
  /** Open gaps asking the same thing (same folded question), this one included; 0 when not open. */
  sameOpen: number;
  draftId: number | null;
  dismissReason: string | null;
  decidedBy: number | null;
  decidedByName: string | null;
  decidedAt: Date | null;
  createdAt: Date;
}

const LABELS: Record<string, string> = { id: '咨询编号', staffId: '工作人员', draftId: '卡片草稿', reason: '忽略理由', includeSame: '同一问题' };

const draftedInput = z.strictObject({
  id: idSchema,
  draftId: idSchema,
  staffId: idSchema,
  /** Also close the other open gaps asking the same thing: the card answers them too. */
  includeSame: z.boolean().default(false),
});
const dismissInput = z.strictObject({
  id: idSchema,
  staffId: idSchema,
  reason: z.string().trim().min(2, { error: '必须填写（至少2个字）' }).max(2000),
  includeSame: z.boolean().default(false),
});

const SELECT = `SELECT c.id, c.asked_at AS "askedAt", c.channel, c.question, c.answer, c.citations, c.confidence,
    c.enterprise_id AS "enterpriseId", e.name AS "enterpriseName", e.district, ct.display_name AS "contactName",
    g.status, CASE WHEN g.status = 'open' THEN
      (SELECT count(*)::int FROM knowledge_gaps o WHERE o.status = 'open' AND (o.consultation_id = g.consultation_id OR (g.question_key <> '' AND o.question_key = g.question_key)))
      ELSE 0 END AS "sameOpen",
    g.draft_id AS "draftId", g.dismiss_reason AS "dismissReason", g.decided_by AS "decidedBy", s.display_name AS "decidedByName",
    g.decided_at AS "decidedAt", g.created_at AS "createdAt"
  FROM knowledge_gaps g
  JOIN consultations c ON c.id = g.consultation_id
  LEFT JOIN enterprises e ON e.id = c.enterprise_id
  LEFT JOIN contacts ct ON ct.id = c.contact_id
  LEFT JOIN staff s ON s.id = g.decided_by`;

/** The gaps a decision on gap `$1` applies to: that one, and with includeSame ($2) the open ones asking the same. */
const TARGETS = `(g.consultation_id = $1 OR ($2::boolean AND g.question_key <> ''
    AND g.question_key = (SELECT question_key FROM knowledge_gaps WHERE consultation_id = $1)))`;

export function knowledgeGapsRepo(db: Db) {
  /** Close gap `id` (and, with includeSame, the other open gaps asking the same): only open gaps change. */
  async function decide(
    status: 'drafted' | 'dismissed',
    column: 'draft_id' | 'dismiss_reason',
    value: number | string,
    d: { id: number; includeSame: boolean; staffId: number },
  ): Promise<number[]> {
    const rows = await db.query<{ id: number }>(
      `UPDATE knowledge_gaps g SET status = '${status}', ${column} = $3, decided_by = $4, decided_at = now(), updated_at = now()
       WHERE g.status = 'open' AND ${TARGETS}
         AND EXISTS (SELECT 1 FROM knowledge_gaps WHERE consultation_id = $1 AND status = 'open')
       RETURNING g.consultation_id AS id`,
      [d.id, d.includeSame, value, d.staffId],
    );
    return rows.map((r) => r.id).sort((a, b) => a - b);
  }

  return {
    /** Gaps in one state, newest question first. */
    async list(status: GapStatus = 'open', limit = 200): Promise<KnowledgeGap[]> {
      return db.query<KnowledgeGap>(`${SELECT} WHERE g.status = $1 ORDER BY c.asked_at DESC, c.id DESC LIMIT $2`, [status, limit]);
    },

    /** The gap of consultation `id`; undefined when that consultation was not a gap. */
    async get(id: number): Promise<KnowledgeGap | undefined> {
      return (await db.query<KnowledgeGap>(`${SELECT} WHERE g.consultation_id = $1`, [id]))[0];
    },

    async countByStatus(): Promise<Record<GapStatus, number>> {
      const rows = await db.query<{ status: GapStatus; n: number }>(`SELECT status, count(*)::int AS n FROM knowledge_gaps GROUP BY status`);
      const out: Record<GapStatus, number> = { open: 0, drafted: 0, dismissed: 0 };
      for (const r of rows) out[r.status] = r.n;
      return out;
    },

    /**
     * Record that a draft card was written from gap `id` (and, with includeSame, from the other open gaps
     * asking the same). Only open gaps change. Returns the ids marked: empty when `id` was no longer open.
     */
    async markDrafted(input: z.input<typeof draftedInput>): Promise<number[]> {
      const d = parseInput(draftedInput, input, '知识缺口', LABELS);
      return decide('drafted', 'draft_id', d.draftId, d);
    },

    /** Dismiss gap `id` (with includeSame, the other open gaps asking the same) with a reason. Returns the ids dismissed. */
    async dismiss(input: z.input<typeof dismissInput>): Promise<number[]> {
      const d = parseInput(dismissInput, input, '忽略知识缺口', LABELS);
      return decide('dismissed', 'dismiss_reason', d.reason, d);
    },
  };
}

export type KnowledgeGapsRepo = ReturnType<typeof knowledgeGapsRepo>;
