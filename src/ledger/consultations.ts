import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Db } from './db.js';
import { questionKey } from './knowledgeGaps.js';
import { channelSchema, idSchema, parseInput, timestamp, type Channel } from './validate.js';

/** withdrawn: the user left the queue (取消, 结束人工) before staff closed it (migration 008). */
export const HANDOFF_STATES = ['none', 'requested', 'claimed', 'resolved', 'withdrawn'] as const;
export type HandoffState = (typeof HANDOFF_STATES)[number];
/**
 * What a recorded message was (migration 008). The ledger keeps every interaction; the office's counts
 * (dashboard, the day's figures, the 台账, the hand-off rate) read 'question' only.
 */
export const CONSULTATION_KINDS = ['question', 'onboarding', 'button', 'command', 'handoff', 'other'] as const;
export type ConsultationKind = (typeof CONSULTATION_KINDS)[number];
export type Feedback = 'helpful' | 'unhelpful';

export interface Citation {
  title: string;
  article?: string;
  [extra: string]: unknown;
}

/** A consultation as validated and about to be written (also the unit that goes to the spool). */
export interface ConsultationRow {
  idempotencyKey: string;
  channel: Channel;
  contactId: number | null;
  enterpriseId: number | null;
  askedAt: Date;
  question: string;
  answer: string | null;
  citations: Citation[];
  confidence: number | null;
  latencyMs: number | null;
  handoffState: HandoffState;
  /** The answer layer was not sure it answered (Answer.unsure): a knowledge gap for the office. */
  knowledgeGap: boolean;
  kind: ConsultationKind;
  /**
   * Who asked, when their contact row could not be written first (database unreachable): the contact
   * is found or created by this identity when the consultation is written (see insertConsultations).
   */
  contact?: ContactIdentity;
}

export interface ContactIdentity {
  channel: Channel;
  externalId: string;
  displayName?: string;
}

export interface Consultation extends ConsultationRow {
  id: number;
  feedback: Feedback | null;
  feedbackNote: string | null;
  feedbackAt: Date | null;
  handoffStaffId: number | null;
  handoffAt: Date | null;
  textBlankedAt: Date | null;
  createdAt: Date;
}

/** One earlier exchange of a chat as its user saw it (the web chat's history after a reload). */
export interface ChatExchange {
  askedAt: Date;
  question: string;
  answer: string | null;
  citations: Citation[];
  kind: ConsultationKind;
}

/** A consultation as the office console shows it: without the idempotency key, which names the user's chat. */
export type ConsultationSummary = Omit<Consultation, 'idempotencyKey'>;

export type RecordResult =
  | { status: 'stored'; id: number; idempotencyKey: string; duplicate: boolean }
  | { status: 'spooled'; idempotencyKey: string };

const LABELS: Record<string, string> = {
  idempotencyKey: '幂等键', channel: '渠道', contactId: '联系人', enterpriseId: '企业', askedAt: '提问时间',
  question: '问题', answer: '答复', citations: '引用', confidence: '置信度', latencyMs: '耗时', handoffState: '转人工状态', knowledgeGap: '知识缺口', kind: '类型',
  feedback: '评价', note: '评价说明', id: '咨询编号', state: '转人工状态', staffId: '工作人员',
};

const citation = z.looseObject({
  title: z.string().trim().min(1).max(300),
  article: z.string().max(100).optional(),
});

export const consultationInput = z.strictObject({
  /** Chosen by the caller (e.g. channel + message id) so a redelivered message is recorded once. */
  idempotencyKey: z.string().trim().min(1).max(200).default(() => randomUUID()),
  channel: channelSchema,
  contactId: idSchema.nullable().default(null),
  enterpriseId: idSchema.nullable().default(null),
  askedAt: timestamp.default(() => new Date()),
  question: z.string().trim().min(1).max(20_000),
  answer: z.string().max(50_000).nullable().default(null),
  citations: z.array(citation).max(50).default([]),
  confidence: z.number().min(0).max(1).nullable().default(null),
  latencyMs: z.number().int().min(0).max(86_400_000).nullable().default(null),
  handoffState: z.enum(HANDOFF_STATES).default('none'),
  knowledgeGap: z.boolean().default(false),
  kind: z.enum(CONSULTATION_KINDS).default('question'),
  contact: z
    .strictObject({ channel: channelSchema, externalId: z.string().trim().min(1).max(200), displayName: z.string().trim().max(100).optional() })
    .optional(),
});
export type ConsultationInput = z.input<typeof consultationInput>;

export function validateConsultation(input: ConsultationInput): ConsultationRow {
  return parseInput(consultationInput, input, '咨询记录', LABELS) as ConsultationRow;
}

const SUMMARY_COLUMNS = `id, channel, contact_id AS "contactId", enterprise_id AS "enterpriseId",
  asked_at AS "askedAt", question, answer, citations, confidence, latency_ms AS "latencyMs", feedback,
  feedback_note AS "feedbackNote", feedback_at AS "feedbackAt", handoff_state AS "handoffState",
  handoff_staff_id AS "handoffStaffId", handoff_at AS "handoffAt", text_blanked_at AS "textBlankedAt", created_at AS "createdAt",
  knowledge_gap AS "knowledgeGap", kind`;
const COLUMNS = `idempotency_key AS "idempotencyKey", ${SUMMARY_COLUMNS}`;

const INSERT_COLUMNS = 13;
/** Rows per INSERT statement: 13 parameters each keeps well under PostgreSQL's 65,535-parameter limit. */
export const INSERT_CHUNK = 1000;

/**
 * Insert rows with one multi-row statement per chunk. ON CONFLICT DO NOTHING on the idempotency key is
 * what makes retries and spool replays land exactly once. A row flagged as a knowledge gap gets its
 * open knowledge_gaps row in the same statement, only when the consultation itself was new. Returns
 * the keys that were new.
 */
export async function insertConsultations(db: Db, given: readonly ConsultationRow[]): Promise<Map<string, number>> {
  const rows = await withContacts(db, given);
  const inserted = new Map<string, number>();
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    const chunk = rows.slice(start, start + INSERT_CHUNK);
    const params: unknown[] = [];
    const tuples = chunk.map((r, i) => {
      params.push(r.idempotencyKey, r.channel, r.contactId, r.enterpriseId, r.askedAt, r.question, r.answer,
        JSON.stringify(r.citations), r.confidence, r.latencyMs, r.handoffState, r.knowledgeGap === true, r.kind ?? 'question');
      const b = i * INSERT_COLUMNS;
      return `($${b + 1}, $${b + 2}, $${b + 3}::bigint, $${b + 4}::bigint, $${b + 5}::timestamptz, $${b + 6}, $${b + 7}, $${b + 8}::jsonb, $${b + 9}::real, $${b + 10}::integer, $${b + 11}, $${b + 12}::boolean, $${b + 13})`;
    });
    const insert = `INSERT INTO consultations (idempotency_key, channel, contact_id, enterprise_id, asked_at, question, answer,
         citations, confidence, latency_ms, handoff_state, knowledge_gap, kind)
       VALUES ${tuples.join(', ')}
       ON CONFLICT (idempotency_key) DO NOTHING`;
    const gaps = chunk.filter((r) => r.knowledgeGap === true);
    let sql: string;
    if (gaps.length === 0) {
      sql = `${insert} RETURNING id, idempotency_key AS "idempotencyKey"`;
    } else {
      // The gap rows go in with the consultations, in one statement: a gap exists exactly when its
      // consultation does. The same key twice in one chunk inserts one consultation, so one gap.
      params.push(gaps.map((r) => r.idempotencyKey), gaps.map((r) => questionKey(r.question)));
      const k = chunk.length * INSERT_COLUMNS;
      sql = `WITH ins AS (${insert} RETURNING id, idempotency_key, knowledge_gap),
         gap AS (
           INSERT INTO knowledge_gaps (consultation_id, question_key)
           SELECT DISTINCT ON (ins.id) ins.id, g.question_key
           FROM ins JOIN unnest($${k + 1}::text[], $${k + 2}::text[]) AS g (idempotency_key, question_key) ON g.idempotency_key = ins.idempotency_key
           WHERE ins.knowledge_gap
           ORDER BY ins.id
           ON CONFLICT (consultation_id) DO NOTHING)
         SELECT id, idempotency_key AS "idempotencyKey" FROM ins`;
    }
    const result = await db.query<{ id: number; idempotencyKey: string }>(sql, params);
    for (const r of result) inserted.set(r.idempotencyKey, r.id);
  }
  return inserted;
}

/**
 * Rows recorded while their sender's contact row could not be written (a new visitor during an outage)
 * carry the sender's identity instead of a contact id: find or create those contacts (one statement,
 * in the caller's transaction when there is one) and put their ids on the rows.
 */
async function withContacts(db: Db, rows: readonly ConsultationRow[]): Promise<readonly ConsultationRow[]> {
  const key = (c: ContactIdentity) => `${c.channel}\u0000${c.externalId}`;
  const wanted = new Map<string, ContactIdentity>();
  for (const r of rows) if (r.contactId === null && r.contact) wanted.set(key(r.contact), r.contact);
  if (wanted.size === 0) return rows;
  const list = [...wanted.values()];
  const found = await db.query<{ id: number; channel: Channel; externalId: string }>(
    `INSERT INTO contacts (channel, external_id, display_name)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
     ON CONFLICT (channel, external_id) DO UPDATE SET updated_at = contacts.updated_at
     RETURNING id, channel, external_id AS "externalId"`,
    [list.map((c) => c.channel), list.map((c) => c.externalId), list.map((c) => c.displayName ?? '')],
  );
  const ids = new Map(found.map((f) => [key(f), f.id]));
  return rows.map((r) => (r.contactId === null && r.contact ? { ...r, contactId: ids.get(key(r.contact)) ?? null } : r));
}

/** Write one row; a repeat of an already stored key returns the stored id. */
export async function insertConsultation(db: Db, row: ConsultationRow): Promise<RecordResult> {
  const inserted = await insertConsultations(db, [row]);
  const id = inserted.get(row.idempotencyKey);
  if (id !== undefined) return { status: 'stored', id, idempotencyKey: row.idempotencyKey, duplicate: false };
  const existing = await db.query<{ id: number }>('SELECT id FROM consultations WHERE idempotency_key = $1', [row.idempotencyKey]);
  return { status: 'stored', id: existing[0]!.id, idempotencyKey: row.idempotencyKey, duplicate: true };
}

const feedbackInput = z.strictObject({
  idempotencyKey: z.string().min(1),
  feedback: z.enum(['helpful', 'unhelpful'], { error: '应为“有帮助”(helpful) 或“没帮助”(unhelpful)' }),
  note: z.string().trim().max(2000).optional(),
});
const handoffInput = z.strictObject({
  id: idSchema,
  state: z.enum(HANDOFF_STATES),
  staffId: idSchema.nullable().optional(),
});

/** What record() is delegated to: direct insert, or retry-then-spool (see recorder.ts). */
export type ConsultationWrite = (row: ConsultationRow) => Promise<RecordResult>;

export function consultationsRepo(db: Db, write: ConsultationWrite = (row) => insertConsultation(db, row)) {
  return {
    /** Validate and durably record a consultation (stored now, or spooled and replayed later). */
    async record(input: ConsultationInput): Promise<RecordResult> {
      return write(validateConsultation(input));
    },

    async get(id: number): Promise<Consultation | undefined> {
      return (await db.query<Consultation>(`SELECT ${COLUMNS} FROM consultations WHERE id = $1`, [id]))[0];
    },

    async getByKey(idempotencyKey: string): Promise<Consultation | undefined> {
      return (await db.query<Consultation>(`SELECT ${COLUMNS} FROM consultations WHERE idempotency_key = $1`, [idempotencyKey]))[0];
    },

    /** The enterprise's consultations for the office console (no idempotency keys: they name the chats). */
    async listByEnterprise(enterpriseId: number, limit = 100): Promise<ConsultationSummary[]> {
      return db.query<ConsultationSummary>(
        `SELECT ${SUMMARY_COLUMNS} FROM consultations WHERE enterprise_id = $1 AND kind = 'question' ORDER BY asked_at DESC, id DESC LIMIT $2`,
        [enterpriseId, limit],
      );
    },

    async listHandoffs(): Promise<Consultation[]> {
      return db.query<Consultation>(
        `SELECT ${COLUMNS} FROM consultations WHERE handoff_state IN ('requested', 'claimed') ORDER BY asked_at`,
      );
    },

    /** The contact's open hand-off (requested or claimed), the latest if several. */
    async openHandoffOf(contactId: number): Promise<Consultation | undefined> {
      return (await db.query<Consultation>(
        `SELECT ${COLUMNS} FROM consultations WHERE contact_id = $1 AND handoff_state IN ('requested', 'claimed')
         ORDER BY asked_at DESC, id DESC LIMIT 1`,
        [contactId],
      ))[0];
    },

    /** The contact's latest exchanges, oldest first; those whose text retention blanked are left out. */
    async recentOfContact(contactId: number, limit: number): Promise<ChatExchange[]> {
      return (await db.query<ChatExchange>(
        `SELECT asked_at AS "askedAt", question, answer, citations, kind FROM consultations
         WHERE contact_id = $1 AND text_blanked_at IS NULL ORDER BY asked_at DESC, id DESC LIMIT $2`,
        [contactId, limit],
      )).reverse();
    },

    /**
     * Where an open hand-off stands: its state and, while it waits for staff, its place among the waiting
     * ones in the order the console's queue lists them (longest wait first). Undefined when there is no
     * such consultation.
     */
    async handoffPosition(id: number): Promise<{ state: HandoffState; position: number } | undefined> {
      return (await db.query<{ state: HandoffState; position: number }>(
        `SELECT c.handoff_state AS state,
           CASE WHEN c.handoff_state = 'requested' THEN (
             SELECT count(*)::int FROM consultations o
             WHERE o.handoff_state = 'requested'
               AND (coalesce(o.handoff_at, o.asked_at), o.id) <= (coalesce(c.handoff_at, c.asked_at), c.id)) ELSE 0 END AS position
         FROM consultations c WHERE c.id = $1`,
        [id],
      ))[0];
    },

    /** Hand-offs waiting for staff to take them (requested). */
    async waitingCount(): Promise<number> {
      return (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM consultations WHERE handoff_state = 'requested'`))[0]!.n;
    },

    /** The user left the queue: withdrawn, if it was still open. False when it was not (closed meanwhile). */
    async withdrawHandoff(id: number): Promise<boolean> {
      const rows = await db.query(
        `UPDATE consultations SET handoff_state = 'withdrawn', handoff_at = now()
         WHERE id = $1 AND handoff_state IN ('requested', 'claimed') RETURNING id`,
        [id],
      );
      return rows.length > 0;
    },

    /** Returns false when no stored consultation has that key (it may still be in the spool). */
    async setFeedback(input: z.input<typeof feedbackInput>): Promise<boolean> {
      const f = parseInput(feedbackInput, input, '评价', LABELS);
      const rows = await db.query(
        `UPDATE consultations SET feedback = $2, feedback_note = $3, feedback_at = now() WHERE idempotency_key = $1 RETURNING id`,
        [f.idempotencyKey, f.feedback, f.note ?? null],
      );
      return rows.length > 0;
    },

    async setHandoff(input: z.input<typeof handoffInput>): Promise<boolean> {
      const h = parseInput(handoffInput, input, '转人工', LABELS);
      // Only an open hand-off moves on: one the user withdrew (or one already resolved) stays as it is, so a
      // staff reply racing the user's 取消 cannot put the chat back in the queue.
      const rows = await db.query(
        `UPDATE consultations SET handoff_state = $2, handoff_staff_id = coalesce($3, handoff_staff_id), handoff_at = now()
         WHERE id = $1 AND (handoff_state IN ('requested', 'claimed') OR ($2 = 'requested' AND handoff_state = 'none')) RETURNING id`,
        [h.id, h.state, h.staffId ?? null],
      );
      return rows.length > 0;
    },

    /**
     * Retention: blank the raw question/answer text (and feedback note) of consultations asked more than
     * `days` days before `now`, keeping the record itself for the ledger's counts. Returns rows blanked.
     */
    async blankTextOlderThan(days: number, now: Date = new Date()): Promise<number> {
      if (!Number.isInteger(days) || days <= 0) throw new Error('retention days must be a positive integer');
      const cutoff = new Date(now.getTime() - days * 86_400_000);
      // A knowledge gap's grouping key is the question folded: it goes with the question.
      const rows = await db.query<{ n: number }>(
        `WITH blanked AS (
           UPDATE consultations
           SET question = '', answer = CASE WHEN answer IS NULL THEN NULL ELSE '' END, feedback_note = NULL, text_blanked_at = $2
           WHERE asked_at < $1 AND text_blanked_at IS NULL RETURNING id),
         keys AS (UPDATE knowledge_gaps g SET question_key = '' FROM blanked b WHERE g.consultation_id = b.id RETURNING 1)
         SELECT count(*)::int AS n FROM blanked`,
        [cutoff, now],
      );
      return rows[0]!.n;
    },

    async count(): Promise<number> {
      return (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM consultations'))[0]!.n;
    },
  };
}

export type ConsultationsRepo = ReturnType<typeof consultationsRepo>;
