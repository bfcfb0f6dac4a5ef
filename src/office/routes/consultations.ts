import { Hono } from 'hono';
import { auditRepo } from '../../ledger/audit.js';
import type { ConsultationListItem } from '../../ledger/consultationSearch.js';
import { guideDraftsRepo, type GuideDraft } from '../../ledger/guideDrafts.js';
import { LedgerValidationError } from '../../ledger/index.js';
import { reviewsRepo } from '../../ledger/reviews.js';
import type { Office, OfficeEnv } from '../context.js';
import { parseConsultationFilter } from '../consultation-filter.js';
import { userError } from '../errors.js';
import { doneMessage } from '../flash.js';
import { requireRole } from '../auth.js';
import { DEFAULT_DRAFT_TOPIC } from '../drafts.js';
import { citeText, citesFromConsultation, parseCiteLines } from '../knowledge/cards.js';
import { CONSULTATION_PAGE_SIZE, consultationDetailPage, consultationListPage } from '../views/consultations.js';
import { errorPage } from '../views/layout.js';

/** Longest console reply (a chat message also carries the 【人社局工作人员回复】 prefix). */
const REPLY_MAX = 3000;

/**
 * The draft card a correction makes: the user's question, the articles the reviewer picked (the
 * `cite` checkboxes and the `citesExtra` lines; a JSON `cites` list or text), or, when the request
 * names none at all, those the answer cited. None when the question was blanked. Throws
 * LedgerValidationError for lines that are not articles.
 */
function draftCard(item: ConsultationListItem, body: Record<string, unknown>) {
  const lines = (v: unknown): string[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]).flatMap((x) =>
    typeof x === 'string' ? [x] : x && typeof x === 'object' && 'law' in x && 'article' in x ? [`${String(x.law)}第${String(x.article)}条`] : []);
  const picked = [...lines(body.cite), ...lines(body.citesExtra), ...lines(body.cites)];
  const named = 'cite' in body || 'citesExtra' in body || 'cites' in body;
  const { cites, errors } = parseCiteLines(picked.join('\n'));
  if (errors.length) throw new LedgerValidationError('引用条文', errors.map((message) => ({ field: 'cites', message })));
  const question = item.question.trim();
  if (question.length < 2) return undefined; // blanked by the retention rule: nothing to make a card from
  const topic = typeof body.topic === 'string' && body.topic.trim() ? body.topic.trim().slice(0, 50) : DEFAULT_DRAFT_TOPIC;
  return {
    topic,
    title: question.length > 40 ? `${question.slice(0, 40)}…` : question,
    questions: [question.slice(0, 500)],
    cites: named ? cites : citesFromConsultation(item.citations),
  };
}

function idParam(s: string): number | undefined {
  return /^\d{1,15}$/.test(s) ? Number(s) : undefined;
}

/** The consultation log: search, the conversation with its citations, and reviewing a reply (coordinator+). */
export function consultationRoutes(office: Office): Hono<OfficeEnv> {
  const app = new Hono<OfficeEnv>();
  const viewer = (c: { get(k: 'staff'): OfficeEnv['Variables']['staff']; get(k: 'csrf'): string }) => ({ staff: c.get('staff'), csrf: c.get('csrf') });

  async function review(office: Office, item: ConsultationListItem, staff: OfficeEnv['Variables']['staff'], body: Record<string, unknown>) {
    const id = item.id;
    const verdict = body.verdict === 'right' || body.verdict === 'wrong' ? body.verdict : (body.verdict as 'right');
    const correctedAnswer = typeof body.correctedAnswer === 'string' && body.correctedAnswer.trim() ? body.correctedAnswer : null;
    const note = typeof body.note === 'string' ? body.note : '';
    // A corrected answer becomes a draft guidance card; its articles are checked before anything is written.
    const card = verdict === 'wrong' && correctedAnswer ? draftCard(item, body) : undefined;
    return office.ledger.db.transaction(async (db) => {
      const r = await reviewsRepo(db).add({ consultationId: id, staffId: staff.id, staffName: staff.displayName, verdict, correctedAnswer, note });
      await auditRepo(db).append({
        staffId: staff.id, action: 'consultation.review', targetType: 'consultation', targetId: id,
        detail: { verdict: r.verdict, ...(r.correctedAnswer ? { correctedAnswer: r.correctedAnswer } : {}), ...(r.note ? { note: r.note } : {}) },
      });
      let draft: GuideDraft | undefined;
      if (card && r.correctedAnswer) {
        draft = await guideDraftsRepo(db).create({ ...card, answer: r.correctedAnswer, consultationId: id, reviewId: r.id, createdBy: staff.id });
        await auditRepo(db).append({
          staffId: staff.id, action: 'guide_draft.create', targetType: 'guide_draft', targetId: draft.id,
          detail: { consultationId: id, topic: draft.topic, cites: draft.cites.map(citeText) },
        });
      }
      return { review: r, draft };
    });
  }

  app.get('/consultations', async (c) => {
    const q = c.req.query();
    const f = parseConsultationFilter(q);
    const r = await office.search.search({ ...f, limit: CONSULTATION_PAGE_SIZE, offset: (f.page - 1) * CONSULTATION_PAGE_SIZE });
    return c.html(consultationListPage(office, viewer(c), office.ledger.lists, q, { ...r, page: f.page }));
  });

  app.get('/consultations/:id', async (c) => {
    const id = idParam(c.req.param('id'));
    const item = id ? await office.search.get(id) : undefined;
    if (!item || !id) return c.html(errorPage(office, '找不到咨询记录', '这条咨询记录不存在。'), 404);
    const [conversation, reviews] = await Promise.all([office.search.conversation(id), office.reviews.listByConsultation(id)]);
    return c.html(consultationDetailPage(office, viewer(c), office.ledger.lists, item, conversation, reviews, { ok: doneMessage(c.req.query('done')) }));
  });

  app.post('/consultations/:id/review', requireRole(office, 'coordinator'), async (c) => {
    const id = idParam(c.req.param('id'));
    const item = id ? await office.search.get(id) : undefined;
    if (!item || !id) return c.html(errorPage(office, '找不到咨询记录', '这条咨询记录不存在。'), 404);
    let made: Awaited<ReturnType<typeof review>>;
    try {
      made = await review(office, item, c.get('staff'), await c.req.parseBody({ all: true }));
    } catch (err) {
      const [conversation, reviews] = await Promise.all([office.search.conversation(id), office.reviews.listByConsultation(id)]);
      return c.html(consultationDetailPage(office, viewer(c), office.ledger.lists, item, conversation, reviews, { error: userError(err) }), 400);
    }
    return c.redirect(`${office.base}/consultations/${id}?done=${made.draft ? 'reviewed-draft' : 'reviewed'}`, 303);
  });

  app.post('/consultations/:id/handoff', requireRole(office, 'coordinator'), async (c) => {
    const id = idParam(c.req.param('id'));
    const item = id ? await office.search.get(id) : undefined;
    if (!item || !id) return c.html(errorPage(office, '找不到咨询记录', '这条咨询记录不存在。'), 404);
    const state = (await c.req.parseBody()).state;
    if (state !== 'claimed' && state !== 'resolved') return c.html(errorPage(office, '操作无效', '只能接手或办结转人工的咨询。'), 400);
    const staff = c.get('staff');
    if (state === 'resolved' && office.handoff) {
      // Through the chat engine: the user is told and the bot answers that chat again.
      try {
        await office.handoff.close(id, `office:${staff.username}`, staff.id);
        return c.redirect(`${office.base}/consultations/${id}?done=handoff-closed`, 303);
      } catch (err) {
        // The user's chat is not reachable from here (e.g. a web visitor who left): just record it.
        office.log?.warn({ err, consultationId: id }, 'hand-off close through chat failed');
      }
    }
    const moved = await office.ledger.transaction(async (tx) => {
      if (!(await tx.consultations.setHandoff({ id, state, staffId: staff.id }))) return false;
      await tx.audit.append({ staffId: staff.id, action: 'consultation.handoff', targetType: 'consultation', targetId: id, detail: { from: item.handoffState, to: state } });
      return true;
    });
    if (!moved) return c.html(errorPage(office, '操作无效', '这条咨询不在转人工状态（用户已取消，或已办结）。'), 400);
    return c.redirect(`${office.base}/consultations/${id}?done=handoff-${state}`, 303);
  });

  app.post('/consultations/:id/reply', requireRole(office, 'coordinator'), async (c) => {
    const id = idParam(c.req.param('id'));
    const item = id ? await office.search.get(id) : undefined;
    if (!item || !id) return c.html(errorPage(office, '找不到咨询记录', '这条咨询记录不存在。'), 404);
    const again = async (error: string, status: 400 | 502 | 503) => {
      const [conversation, reviews] = await Promise.all([office.search.conversation(id), office.reviews.listByConsultation(id)]);
      return c.html(consultationDetailPage(office, viewer(c), office.ledger.lists, item, conversation, reviews, { error }), status);
    };
    if (!office.handoff) return again('回复功能未配置（工作台未接入对话服务），本次没有发送。', 503);
    const text = (await c.req.parseBody()).text;
    if (typeof text !== 'string' || !text.trim()) return again('请填写回复内容。', 400);
    if (text.length > REPLY_MAX) return again(`回复不超过 ${REPLY_MAX} 字。`, 400);
    const staff = c.get('staff');
    try {
      await office.handoff.reply(id, text.trim(), `office:${staff.username}`, staff.id);
    } catch (err) {
      office.log?.warn({ err, consultationId: id }, 'hand-off reply from the console failed');
      return again(`回复未送达：${(err as Error).message}`, 502);
    }
    return c.redirect(`${office.base}/consultations/${id}?done=handoff-replied`, 303);
  });

  // ---- JSON API ----
  app.get('/api/consultations', async (c) => {
    const f = parseConsultationFilter(c.req.query());
    const r = await office.search.search({ ...f, limit: CONSULTATION_PAGE_SIZE, offset: (f.page - 1) * CONSULTATION_PAGE_SIZE });
    return c.json({ ...r, page: f.page, pageSize: CONSULTATION_PAGE_SIZE });
  });

  app.get('/api/consultations/:id', async (c) => {
    const id = idParam(c.req.param('id'));
    const item = id ? await office.search.get(id) : undefined;
    if (!item || !id) return c.json({ error: '咨询记录不存在' }, 404);
    const [conversation, reviews] = await Promise.all([office.search.conversation(id), office.reviews.listByConsultation(id)]);
    return c.json({ consultation: item, conversation, reviews });
  });

  app.post('/api/consultations/:id/review', requireRole(office, 'coordinator'), async (c) => {
    const id = idParam(c.req.param('id'));
    const item = id ? await office.search.get(id) : undefined;
    if (!item) return c.json({ error: '咨询记录不存在' }, 404);
    let body: Record<string, unknown>;
    try {
      body = (await c.req.json()) as Record<string, unknown>;
    } catch {
      return c.json({ error: '请求内容应为 JSON' }, 400);
    }
    try {
      const made = await review(office, item, c.get('staff'), body ?? {});
      return c.json({ review: made.review, draft: made.draft ?? null }, 201);
    } catch (err) {
      return c.json({ error: userError(err) }, 400);
    }
  });

  return app;
}
