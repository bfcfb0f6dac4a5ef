import { Hono, type Context } from 'hono';
import { GAP_STATUSES, type GapStatus } from '../../ledger/knowledgeGaps.js';
import { requireRole } from '../auth.js';
import type { Office, OfficeEnv } from '../context.js';
import { userError } from '../errors.js';
import { doneMessage } from '../flash.js';
import { dismissGap, GapConflictError, writeGapDraft, type GapDraftRequest } from '../gaps.js';
import { existingTopics } from '../knowledge/cards.js';
import { gapDetailPage, gapListPage, type GapFormValues } from '../views/gaps.js';
import { errorPage } from '../views/layout.js';

function idParam(s: string): number | undefined {
  return /^\d{1,15}$/.test(s) ? Number(s) : undefined;
}

function statusParam(s: string | undefined): GapStatus | undefined {
  return GAP_STATUSES.includes(s as GapStatus) ? (s as GapStatus) : undefined;
}

/** A refusal for the coordinator (bad input, already decided), or rethrow what is not theirs. */
function refusal(err: unknown): { status: 400 | 409; error: string } {
  if (err instanceof GapConflictError) return { status: 409, error: err.message };
  return { status: 400, error: userError(err) };
}

/**
 * Knowledge gaps (知识缺口): questions the assistant was not sure it answered. Everyone signed in reads
 * them; coordinators and admins write one up as a draft guidance card or dismiss it with a reason.
 */
export function gapRoutes(office: Office): Hono<OfficeEnv> {
  const app = new Hono<OfficeEnv>();
  const viewer = (c: Context<OfficeEnv>) => ({ staff: c.get('staff'), csrf: c.get('csrf') });
  const knowledgeDir = () => office.knowledge?.knowledgeDir ?? office.outreach?.knowledgeDir;
  const topics = () => {
    const dir = knowledgeDir();
    return dir ? existingTopics(dir) : [];
  };
  const load = (c: Context<OfficeEnv>) => {
    const id = idParam(c.req.param('id') ?? '');
    return id ? office.gaps.get(id) : Promise.resolve(undefined);
  };
  const notFound = (c: Context<OfficeEnv>) => c.html(errorPage(office, '找不到知识缺口', '这条知识缺口不存在。'), 404);

  app.get('/gaps', async (c) => {
    const status = statusParam(c.req.query('status')) ?? 'open';
    const [gaps, counts] = await Promise.all([office.gaps.list(status), office.gaps.countByStatus()]);
    return c.html(gapListPage(office, viewer(c), status, gaps, counts, { ok: doneMessage(c.req.query('done')) }));
  });

  app.get('/gaps/:id', async (c) => {
    const g = await load(c);
    if (!g) return notFound(c);
    return c.html(gapDetailPage(office, viewer(c), g, topics(), { ok: doneMessage(c.req.query('done')) }));
  });

  app.post('/gaps/:id/draft', requireRole(office, 'coordinator'), async (c) => {
    const g = await load(c);
    if (!g) return notFound(c);
    const body = await c.req.parseBody({ all: true });
    const one = (k: string) => (typeof body[k] === 'string' ? (body[k] as string) : '');
    const ticked = ([] as unknown[]).concat(body.cite ?? []).filter((x): x is string => typeof x === 'string');
    const values: GapFormValues = {
      title: one('title'), answer: one('answer'), topic: one('topic'), cite: ticked, citesExtra: one('citesExtra'), includeSame: one('includeSame') !== '',
    };
    try {
      const { draft } = await writeGapDraft(office, g, c.get('staff'), { ...values, cite: ticked });
      return c.redirect(`${office.base}/guide-drafts/${draft.id}?done=gap-drafted`, 303);
    } catch (err) {
      const r = refusal(err);
      const fresh = (await office.gaps.get(g.id)) ?? g;
      return c.html(gapDetailPage(office, viewer(c), fresh, topics(), { error: r.error }, values), r.status);
    }
  });

  app.post('/gaps/:id/dismiss', requireRole(office, 'coordinator'), async (c) => {
    const g = await load(c);
    if (!g) return notFound(c);
    const body = await c.req.parseBody();
    try {
      await dismissGap(office, g, c.get('staff'), { reason: body.reason, includeSame: body.includeSame });
    } catch (err) {
      const r = refusal(err);
      const fresh = (await office.gaps.get(g.id)) ?? g;
      return c.html(gapDetailPage(office, viewer(c), fresh, topics(), { error: r.error }), r.status);
    }
    return c.redirect(`${office.base}/gaps?done=gap-dismissed`, 303);
  });

  // ---- JSON API ----
  app.get('/api/gaps', async (c) => {
    const status = statusParam(c.req.query('status')) ?? 'open';
    const [items, counts] = await Promise.all([office.gaps.list(status), office.gaps.countByStatus()]);
    return c.json({ status, items, counts });
  });

  app.get('/api/gaps/:id', async (c) => {
    const g = await load(c);
    return g ? c.json({ gap: g }) : c.json({ error: '知识缺口不存在' }, 404);
  });

  /** JSON { answer, topic?, title?, cites?: ["劳动合同法第19条" | { law, article }], includeSame? }; 201 with the draft. */
  app.post('/api/gaps/:id/draft', requireRole(office, 'coordinator'), async (c) => {
    const g = await load(c);
    if (!g) return c.json({ error: '知识缺口不存在' }, 404);
    let body: GapDraftRequest;
    try {
      body = ((await c.req.json()) ?? {}) as GapDraftRequest;
    } catch {
      return c.json({ error: '请求内容应为 JSON' }, 400);
    }
    try {
      const { draft, gaps } = await writeGapDraft(office, g, c.get('staff'), {
        answer: body.answer, topic: body.topic, title: body.title, includeSame: body.includeSame, ...(body.cites !== undefined ? { cites: body.cites } : {}),
      });
      return c.json({ draft, gaps }, 201);
    } catch (err) {
      const r = refusal(err);
      return c.json({ error: r.error }, r.status);
    }
  });

  /** JSON { reason, includeSame? }. */
  app.post('/api/gaps/:id/dismiss', requireRole(office, 'coordinator'), async (c) => {
    const g = await load(c);
    if (!g) return c.json({ error: '知识缺口不存在' }, 404);
    let body: { reason?: unknown; includeSame?: unknown };
    try {
      body = ((await c.req.json()) ?? {}) as typeof body;
    } catch {
      return c.json({ error: '请求内容应为 JSON' }, 400);
    }
    try {
      return c.json({ gaps: await dismissGap(office, g, c.get('staff'), body) });
    } catch (err) {
      const r = refusal(err);
      return c.json({ error: r.error }, r.status);
    }
  });

  return app;
}
