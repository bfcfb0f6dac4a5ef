import { auditRepo } from '../ledger/audit.js';
import { guideDraftsRepo, type GuideDraft } from '../ledger/guideDrafts.js';
import { LedgerValidationError, type Staff } from '../ledger/index.js';
import { knowledgeGapsRepo, type KnowledgeGap } from '../ledger/knowledgeGaps.js';
import type { Office } from './context.js';
import { checkCites, citesFromConsultation, citeText, parseCiteLines } from './knowledge/cards.js';

/** The topic a card written from a knowledge gap gets when the coordinator names none. */
export const GAP_DRAFT_TOPIC = '知识缺口补充';

/** The gap was decided by someone else meanwhile (or was never open): nothing was written. */
export class GapConflictError extends Error {
  constructor(message = '这条知识缺口已经处理过了。') {
    super(message);
    this.name = 'GapConflictError';
  }
}

/** What a coordinator sends to write a gap up as a card (the form's fields, or the API's JSON). */
export interface GapDraftRequest {
  answer: unknown;
  topic?: unknown;
  title?: unknown;
  /** Ticked leads (`cite`), lines typed (`citesExtra`), or the API's `cites` list; none named = the answer's leads. */
  cite?: unknown;
  citesExtra?: unknown;
  cites?: unknown;
  includeSame?: unknown;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');
const yes = (v: unknown): boolean => v === true || v === 'on' || v === '1' || v === 'true';

/** The title a card gets from the user's words when the coordinator gives none. */
export function titleFrom(question: string): string {
  const q = question.trim().replace(/\s+/g, ' ');
  return q.length > 40 ? `${q.slice(0, 40)}…` : q;
}

function citeLines(v: unknown): string[] {
  return (Array.isArray(v) ? v : v === undefined ? [] : [v]).flatMap((x) =>
    typeof x === 'string' ? [x] : x && typeof x === 'object' && 'law' in x && 'article' in x ? [`${String(x.law)}第${String(x.article)}条`] : []);
}

/**
 * Write gap `gap` up as a draft guidance card (question = the user's words, answer = the coordinator's,
 * cited articles as chosen, topic) and mark it drafted with the draft's id, in one transaction with
 * the audit entries. Throws LedgerValidationError for the coordinator to fix, GapConflictError when the
 * gap is no longer open.
 */
export async function writeGapDraft(office: Office, gap: KnowledgeGap, staff: Staff, req: GapDraftRequest): Promise<{ draft: GuideDraft; gaps: number[] }> {
  if (gap.status !== 'open') throw new GapConflictError();
  const question = gap.question.trim();
  if (question.length < 2) {
    throw new LedgerValidationError('知识缺口', [{ field: 'question', message: '这条咨询的问题已按保存期限清除，不能写成卡片，可以忽略' }]);
  }
  const named = req.cite !== undefined || req.citesExtra !== undefined || req.cites !== undefined;
  const { cites: typed, errors } = parseCiteLines([...citeLines(req.cite), ...citeLines(req.citesExtra), ...citeLines(req.cites)].join('\n'));
  if (errors.length) throw new LedgerValidationError('引用条文', errors.map((message) => ({ field: 'cites', message })));
  const cites = named ? typed : citesFromConsultation(gap.citations);
  const knowledgeDir = office.knowledge?.knowledgeDir ?? office.outreach?.knowledgeDir;
  const problems = knowledgeDir ? checkCites(knowledgeDir, cites) : [];
  if (problems.length) throw new LedgerValidationError('引用条文', problems.map((message) => ({ field: 'cites', message })));
  const topic = text(req.topic).trim() || GAP_DRAFT_TOPIC;
  const title = text(req.title).trim() || titleFrom(question);
  const includeSame = yes(req.includeSame);

  return office.ledger.db.transaction(async (db) => {
    const draft = await guideDraftsRepo(db).create({
      topic, title, questions: [question.slice(0, 500)], answer: text(req.answer), cites, consultationId: gap.id, createdBy: staff.id,
    });
    const gaps = await knowledgeGapsRepo(db).markDrafted({ id: gap.id, draftId: draft.id, staffId: staff.id, includeSame });
    // Someone else decided it between our read and now: the draft goes too (the transaction rolls back).
    if (!gaps.includes(gap.id)) throw new GapConflictError();
    const audit = auditRepo(db);
    await audit.append({
      staffId: staff.id, action: 'guide_draft.create', targetType: 'guide_draft', targetId: draft.id,
      detail: { consultationId: gap.id, from: 'knowledge_gap', topic: draft.topic, cites: draft.cites.map(citeText) },
    });
    await audit.append({
      staffId: staff.id, action: 'knowledge_gap.draft', targetType: 'knowledge_gap', targetId: gap.id,
      detail: { draftId: draft.id, question: titleFrom(question), gaps },
    });
    return { draft, gaps };
  });
}

/** Dismiss gap `gap` with a reason (audited). Throws LedgerValidationError (no reason), GapConflictError (not open). */
export async function dismissGap(office: Office, gap: KnowledgeGap, staff: Staff, req: { reason?: unknown; includeSame?: unknown }): Promise<number[]> {
  if (gap.status !== 'open') throw new GapConflictError();
  return office.ledger.db.transaction(async (db) => {
    const gaps = await knowledgeGapsRepo(db).dismiss({ id: gap.id, staffId: staff.id, reason: text(req.reason), includeSame: yes(req.includeSame) });
    if (!gaps.includes(gap.id)) throw new GapConflictError();
    await auditRepo(db).append({
      staffId: staff.id, action: 'knowledge_gap.dismiss', targetType: 'knowledge_gap', targetId: gap.id,
      detail: { reason: text(req.reason).trim(), question: titleFrom(gap.question), gaps },
    });
    return gaps;
  });
}
