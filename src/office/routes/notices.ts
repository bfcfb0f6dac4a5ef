import { Hono, type Context } from 'hono';
import { LedgerNotFoundError, LedgerValidationError } from '../../ledger/index.js';
import { broadcast, type BroadcastResult } from '../../outreach/broadcast.js';
import { parseAudience } from '../../outreach/audienceQuery.js';
import { OutreachError } from '../../outreach/errors.js';
import { loadLinkablePolicies } from '../../outreach/policies.js';
import { requireRole } from '../auth.js';
import type { Office, OfficeEnv } from '../context.js';
import { doneMessage } from '../flash.js';
import { audienceWhere, EMPTY_NOTICE_FORM, noticeDraft, NoticeFormError, readNoticeForm, type NoticeForm } from '../notice-form.js';
import { errorPage } from '../views/layout.js';
import { noticeComposePage, noticeListPage, noticeProgressPage } from '../views/notices.js';

/** A refusal the person at the form can act on (its message is for them); anything else is rethrown. */
function refusal(err: unknown): string {
  if (err instanceof OutreachError || err instanceof NoticeFormError || err instanceof LedgerValidationError || err instanceof LedgerNotFoundError) return err.message;
  throw err;
}

/**
 * Broadcasting notices from the console (coordinator+): compose, preview the audience (a dry run of the
 * same broadcast() the command line uses), send, then follow the delivery through the outbox.
 */
export function noticeRoutes(office: Office): Hono<OfficeEnv> {
  const app = new Hono<OfficeEnv>();
  const viewer = (c: Context<OfficeEnv>) => ({ staff: c.get('staff'), csrf: c.get('csrf') });
  const today = () => office.outreach?.today?.() ?? office.today();
  const notConfigured = (c: Context<OfficeEnv>) =>
    c.html(errorPage(office, '通知群发未配置', '工作台未接入通知外发模块（knowledge 目录未配置），暂不能在这里群发通知。'), 503);

  const run = (c: Context<OfficeEnv>, form: NoticeForm, dryRun: boolean): Promise<BroadcastResult> =>
    broadcast(office.ledger, office.outreach!.knowledgeDir, {
      draft: noticeDraft(form), where: audienceWhere(form), dryRun, staffId: c.get('staff').id, via: 'console', today: today(), sampleSize: 10,
    });

  const compose = (c: Context<OfficeEnv>, form: NoticeForm, extra: { preview?: BroadcastResult; error?: string } = {}, status: 200 | 400 = 200) =>
    c.html(
      noticeComposePage(office, viewer(c), {
        form, lists: office.ledger.lists, policies: [...loadLinkablePolicies(office.outreach!.knowledgeDir).values()], today: today(),
        ...(extra.preview ? { preview: extra.preview, where: audienceWhere(form) } : {}),
      }, extra.error ? { error: extra.error } : {}),
      status,
    );

  app.get('/notices', async (c) => {
    const [notices, reminders] = await Promise.all([office.ledger.notices.list(100, 'notice'), office.ledger.notices.listReminders(100)]);
    const withStats = <N extends { id: number }>(list: N[]) => Promise.all(list.map(async (notice) => ({ notice, stats: await office.ledger.outbox.stats(notice.id) })));
    return c.html(noticeListPage(office, viewer(c), await withStats(notices), await withStats(reminders)));
  });

  app.get('/notices/new', requireRole(office, 'coordinator'), (c) => (office.outreach ? compose(c, EMPTY_NOTICE_FORM) : notConfigured(c)));

  app.post('/notices/new', requireRole(office, 'coordinator'), async (c) => {
    if (!office.outreach) return notConfigured(c);
    const body = await c.req.parseBody({ all: true });
    const form = readNoticeForm(body);
    const send = body.action === 'send';
    let result: BroadcastResult;
    try {
      result = await run(c, form, !send);
    } catch (err) {
      return compose(c, form, { error: refusal(err) }, 400);
    }
    if (!send || result.noticeId === null) return compose(c, form, { preview: result });
    return c.redirect(`${office.base}/notices/${result.noticeId}?done=broadcast`, 303);
  });

  app.get('/notices/:id', async (c) => {
    const id = /^\d{1,15}$/.test(c.req.param('id')) ? Number(c.req.param('id')) : undefined;
    const notice = id ? await office.ledger.notices.get(id) : undefined;
    if (!notice) return c.html(errorPage(office, '找不到通知', '这条通知不存在。'), 404);
    return c.html(noticeProgressPage(office, viewer(c), notice, await office.ledger.outbox.stats(notice.id), { ok: doneMessage(c.req.query('done')) }));
  });

  // ---- JSON API ----
  /** The live count and a sample for the composer's fields (a dry run: nothing is written but the audit). */
  app.post('/api/notices/preview', requireRole(office, 'coordinator'), async (c) => {
    if (!office.outreach) return c.json({ error: '通知群发未配置' }, 503);
    let body: Record<string, unknown>;
    try {
      body = ((await c.req.json()) ?? {}) as Record<string, unknown>;
    } catch {
      return c.json({ error: '请求内容应为 JSON' }, 400);
    }
    const form = readNoticeForm(body);
    try {
      const r = await run(c, form, true);
      return c.json({ where: audienceWhere(form), count: r.count, sample: r.sample.map(({ externalId: _chat, ...rest }) => rest), policies: r.policies, preview: r.preview });
    } catch (err) {
      return c.json({ error: refusal(err) }, 400);
    }
  });

  /**
   * The audience count alone, for the composer's live count as filters change: read-only (nothing is
   * written, not even an audit entry), session + CSRF token + coordinator, like the page it serves.
   */
  app.post('/api/notices/audience', requireRole(office, 'coordinator'), async (c) => {
    if (!office.outreach) return c.json({ error: '通知群发未配置' }, 503);
    const body = await c.req.json().catch(() => undefined);
    if (!body || typeof body !== 'object' || Array.isArray(body)) return c.json({ error: '请求内容应为 JSON' }, 400);
    const form = readNoticeForm(body as Record<string, unknown>);
    const where = audienceWhere(form);
    try {
      const filter = parseAudience(where, office.ledger.lists);
      // As broadcast() does: whoever muted the notice's own topic is left out.
      if (form.topic) filter.excludeMutedTopic = form.topic;
      return c.json({ where, count: await office.ledger.audiences.count(filter, today()) });
    } catch (err) {
      return c.json({ error: refusal(err) }, 400);
    }
  });

  app.get('/api/notices/:id', async (c) => {
    const id = /^\d{1,15}$/.test(c.req.param('id')) ? Number(c.req.param('id')) : undefined;
    const notice = id ? await office.ledger.notices.get(id) : undefined;
    if (!notice) return c.json({ error: '通知不存在' }, 404);
    return c.json({ notice, stats: await office.ledger.outbox.stats(notice.id) });
  });

  return app;
}
