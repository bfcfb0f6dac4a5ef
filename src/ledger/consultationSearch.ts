import { addDays, chinaDayStart } from '../clock.js';
import type { Db } from './db.js';
import type { Citation, ConsultationKind, Feedback, HandoffState } from './consultations.js';
import type { GapStatus } from './knowledgeGaps.js';

/** The consultation log as the office console searches it: filters over consultations joined to enterprises. */
export interface ConsultationFilter {
  /** 'YYYY-MM-DD', inclusive, in the bureau's time zone. */
  from?: string;
  to?: string;
  enterpriseId?: number;
  /** Part of the enterprise's name. */
  enterprise?: string;
  industry?: string;
  district?: string;
  channel?: string;
  feedback?: Feedback | 'none';
  handedOff?: boolean;
  /** No answer at all, or confidence below lowConfidence. */
  weak?: boolean;
  lowConfidence?: number;
  /** Part of the question text. */
  text?: string;
  /** What the message was; unset = every kind (the console's log asks for questions unless told otherwise). */
  kind?: ConsultationKind;
  limit?: number;
  offset?: number;
}

export interface ConsultationListItem {
  id: number;
  askedAt: Date;
  channel: string;
  enterpriseId: number | null;
  enterpriseName: string | null;
  industry: string | null;
  district: string | null;
  question: string;
  answer: string | null;
  citations: Citation[];
  confidence: number | null;
  feedback: Feedback | null;
  feedbackNote: string | null;
  handoffState: HandoffState;
  kind: ConsultationKind;
  contactName: string | null;
  reviewVerdict: 'right' | 'wrong' | null;
  /** The answer was unsure: the knowledge gap's state (null when it was not a gap). */
  gapStatus: GapStatus | null;
}

export const LOW_CONFIDENCE = 0.5;

export function consultationSearchRepo(db: Db) {
  function where(f: ConsultationFilter): { sql: string; params: unknown[] } {
    const conds: string[] = [];
    const params: unknown[] = [];
    const add = (cond: (p: string) => string, value: unknown) => {
      params.push(value);
      conds.push(cond(`$${params.length}`));
    };
    // The staff's dates are days in China: from its first instant to the next day's first.
    if (f.from) add((p) => `c.asked_at >= ${p}::timestamptz`, chinaDayStart(f.from));
    if (f.to) add((p) => `c.asked_at < ${p}::timestamptz`, chinaDayStart(addDays(f.to, 1)));
    if (f.enterpriseId !== undefined) add((p) => `c.enterprise_id = ${p}`, f.enterpriseId);
    if (f.enterprise) add((p) => `strpos(e.name, ${p}) > 0`, f.enterprise.trim());
    if (f.industry) add((p) => `e.industry = ${p}`, f.industry);
    if (f.district) add((p) => `e.district = ${p}`, f.district);
    if (f.channel) add((p) => `c.channel = ${p}`, f.channel);
    if (f.feedback === 'none') conds.push('c.feedback IS NULL');
    else if (f.feedback) add((p) => `c.feedback = ${p}`, f.feedback);
    if (f.handedOff === true) conds.push(`c.handoff_state <> 'none'`);
    if (f.handedOff === false) conds.push(`c.handoff_state = 'none'`);
    if (f.weak) add((p) => `(c.answer IS NULL OR c.answer = '' OR c.confidence < ${p})`, f.lowConfidence ?? LOW_CONFIDENCE);
    if (f.text) add((p) => `strpos(c.question, ${p}) > 0`, f.text.trim());
    if (f.kind) add((p) => `c.kind = ${p}`, f.kind);
    return { sql: conds.length ? `WHERE ${conds.join(' AND ')}` : '', params };
  }

  const SELECT = `c.id, c.asked_at AS "askedAt", c.channel, c.enterprise_id AS "enterpriseId", e.name AS "enterpriseName",
    e.industry, e.district, c.question, c.answer, c.citations, c.confidence, c.feedback, c.feedback_note AS "feedbackNote",
    c.handoff_state AS "handoffState", c.kind, ct.display_name AS "contactName",
    (SELECT r.verdict FROM consultation_reviews r WHERE r.consultation_id = c.id ORDER BY r.id DESC LIMIT 1) AS "reviewVerdict",
    (SELECT g.status FROM knowledge_gaps g WHERE g.consultation_id = c.id) AS "gapStatus"`;
  const FROM = `FROM consultations c LEFT JOIN enterprises e ON e.id = c.enterprise_id LEFT JOIN contacts ct ON ct.id = c.contact_id`;

  return {
    async search(f: ConsultationFilter = {}): Promise<{ total: number; items: ConsultationListItem[] }> {
      const w = where(f);
      const total = (await db.query<{ n: number }>(`SELECT count(*)::int AS n ${FROM} ${w.sql}`, w.params))[0]!.n;
      const params = [...w.params, Math.min(f.limit ?? 50, 1000), f.offset ?? 0];
      const items = await db.query<ConsultationListItem>(
        `SELECT ${SELECT} ${FROM} ${w.sql}
         ORDER BY c.asked_at DESC, c.id DESC LIMIT $${params.length - 1} OFFSET $${params.length}`,
        params,
      );
      return { total, items };
    },

    /** One consultation with its enterprise and contact names. */
    async get(id: number): Promise<ConsultationListItem | undefined> {
      return (await db.query<ConsultationListItem>(`SELECT ${SELECT} ${FROM} WHERE c.id = $1`, [id]))[0];
    },

    /** The same contact's consultations around this one: the conversation it belongs to. */
    async conversation(id: number, around = 10): Promise<ConsultationListItem[]> {
      return db.query<ConsultationListItem>(
        `WITH me AS (SELECT contact_id, asked_at FROM consultations WHERE id = $1)
         SELECT c.id, c.asked_at AS "askedAt", c.channel, c.enterprise_id AS "enterpriseId", NULL AS "enterpriseName",
           NULL AS industry, NULL AS district, c.question, c.answer, c.citations, c.confidence, c.feedback,
           c.feedback_note AS "feedbackNote", c.handoff_state AS "handoffState", c.kind, NULL AS "contactName", NULL AS "reviewVerdict",
           NULL AS "gapStatus"
         FROM consultations c, me
         WHERE (c.id = $1 OR (me.contact_id IS NOT NULL AND c.contact_id = me.contact_id
           AND c.asked_at BETWEEN me.asked_at - interval '3 days' AND me.asked_at + interval '3 days'))
         ORDER BY c.asked_at, c.id LIMIT $2`,
        [id, around * 2 + 1],
      );
    },
  };
}

export type ConsultationSearchRepo = ReturnType<typeof consultationSearchRepo>;
