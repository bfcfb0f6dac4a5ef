import { Hono, type Context } from 'hono';
import type { GuideDraftStatus } from '../../ledger/guideDrafts.js';
import { requireRole } from '../auth.js';
import type { Office, OfficeEnv } from '../context.js';
import { startApproval } from '../drafts.js';
import { userError } from '../errors.js';
import { doneMessage } from '../flash.js';
import { existingTopics, parseCiteLines } from '../knowledge/cards.js';
import { draftDetailPage, draftListPage, type DraftFormValues } from '../views/drafts.js';
import { errorPage } from '../views/layout.js';

const STATUSES: GuideDraftStatus[] = ['draft', 'approved', 'rejected'];

function idParam(s: string): number | undefined {
  return /^\d{1,15}$/.test(s) ? Number(s) : undefined;
}

/**
 * Draft guidance cards made from reviewers' corrections: everyone signed in may read them; admins
 * edit, approve into the knowledge base (rebuilding the index) or reject.
 */
export function draftRoutes(office: Office): Hono<OfficeEnv> {
  const app = new Hono<OfficeEnv>();
  const viewer = (c: Context<OfficeEnv>) => ({ staff: c.get('staff'), csrf: c.get('csrf') });
  const topics = () => (office.knowledge ? existingTopics(office.knowledge.knowledgeDir) : []);
  const notFound = (c: Context<OfficeEnv>) => c.html(errorPage(office, '找不到草稿', '这份指导卡片草稿不存在。'), 404);
  const load = async (c: Context<OfficeEnv>) => {
    const id = idParam(c.req.param('id') ?? '');
    return id ? office.drafts.get(id) : undefined;
  };

  app.get('/guide-drafts', async (c) => {
    const q = c.req.query('status');
    const status = STATUSES.includes(q as GuideDraftStatus) ? (q as GuideDraftStatus) : 'draft';
    const [drafts, counts] = await Promise.all([office.drafts.list(status), office.drafts.countByStatus()]);
    return c.html(draftListPage(office, viewer(c), status, drafts, counts, office.knowledgeJob.state));
  });

  app.get('/guide-drafts/:id', async (c) => {
    const d = await load(c);
    if (!d) return notFound(c);
    return c.html(draftDetailPage(office, viewer(c), d, topics(), office.knowledgeJob.state, { ok: doneMessage(c.req.query('done')) }));
  });

  app.post('/guide-drafts/:id', requireRole(office, 'admin'), async (c) => {
    const d = await load(c);
    if (!d) return notFound(c);
    const body = await c.req.parseBody();
    const field = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
    const values: DraftFormValues = { topic: field('topic'), title: field('title'), questions: field('questions'), answer: field('answer'), cites: field('cites') };
    const again = (error: string, status: 400 | 404 | 409) =>
      c.html(draftDetailPage(office, viewer(c), d, topics(), office.knowledgeJob.state, { error }, values), status);
    if (d.status !== 'draft') return again('这份草稿已经处理过了，不能再修改。', 409);
    const { cites, errors } = parseCiteLines(values.cites);
    if (errors.length) return again(errors.join('；'), 400);
    const staff = c.get('staff');
    try {
      await office.drafts.update(d.id, {
        topic: values.topic, title: values.title, answer: values.answer, cites,
        questions: values.questions.split('\n').map((q) => q.trim()).filter(Boolean),
      });
    } catch (err) {
      return again(userError(err), 400);
    }
    await office.ledger.audit.append({ staffId: staff.id, action: 'guide_draft.update', targetType: 'guide_draft', targetId: d.id, detail: { topic: values.topic.trim(), title: values.title.trim() } });
    if (body.action !== 'approve') return c.redirect(`${office.base}/guide-drafts/${d.id}?done=draft-saved`, 303);
    const started = startApproval(office, (await office.drafts.get(d.id))!, staff);
    if (!started.ok) return again(started.error, started.status);
    return c.redirect(`${office.base}/guide-drafts/${d.id}?done=draft-approving`, 303);
  });

  app.post('/guide-drafts/:id/reject', requireRole(office, 'admin'), async (c) => {
    const d = await load(c);
    if (!d) return notFound(c);
    const reason = (await c.req.parseBody()).reason;
    const staff = c.get('staff');
    let done: boolean;
    try {
      done = await office.drafts.reject(d.id, staff.id, typeof reason === 'string' ? reason : '');
    } catch (err) {
      return c.html(draftDetailPage(office, viewer(c), d, topics(), office.knowledgeJob.state, { error: userError(err) }), 400);
    }
    if (!done) return c.html(draftDetailPage(office, viewer(c), d, topics(), office.knowledgeJob.state, { error: '这份草稿已经处理过了。' }), 409);
    await office.ledger.audit.append({ staffId: staff.id, action: 'guide_draft.reject', targetType: 'guide_draft', targetId: d.id, detail: { reason: typeof reason === 'string' ? reason.trim() : '' } });
    return c.redirect(`${office.base}/guide-drafts/${d.id}?done=draft-rejected`, 303);
  });

  // ---- JSON API ----
  app.get('/api/guide-drafts', async (c) => {
    const q = c.req.query('status');
    const status = STATUSES.includes(q as GuideDraftStatus) ? (q as GuideDraftStatus) : undefined;
    return c.json({ drafts: await office.drafts.list(status), counts: await office.drafts.countByStatus() });
  });

  app.get('/api/guide-drafts/:id', async (c) => {
    const d = await load(c);
    return d ? c.json({ draft: d }) : c.json({ error: '草稿不存在' }, 404);
  });

  /** Approve as it stands (edit through the page first); 202: the index is being rebuilt, see /api/knowledge/status. */
  app.post('/api/guide-drafts/:id/approve', requireRole(office, 'admin'), async (c) => {
    const d = await load(c);
    if (!d) return c.json({ error: '草稿不存在' }, 404);
    const started = startApproval(office, d, c.get('staff'));
    return started.ok ? c.json({ file: started.file }, 202) : c.json({ error: started.error }, started.status);
  });

  return app;
}
