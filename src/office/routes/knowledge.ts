import { Hono, type Context } from 'hono';
import { requireRole } from '../auth.js';
import type { Office, OfficeEnv } from '../context.js';
import { doneMessage } from '../flash.js';
import { PendingUploads, prepareUpload, UploadError } from '../knowledge/prepare.js';
import { localFiles } from '../knowledge/save.js';
import { knowledgePage, knowledgePreviewPage } from '../views/knowledge.js';

/** Knowledge: list the office's own files; admins upload, preview the parsed articles, save and rebuild. */
export function knowledgeRoutes(office: Office): Hono<OfficeEnv> {
  const app = new Hono<OfficeEnv>();
  const pending = new PendingUploads();
  const job = office.knowledgeJob;
  const viewer = (c: Context<OfficeEnv>) => ({ staff: c.get('staff'), csrf: c.get('csrf') });
  const files = () => (office.knowledge ? localFiles(office.knowledge) : Promise.resolve([]));
  const fail = async (c: Context<OfficeEnv>, error: string, status: 400 | 404 | 409 | 500 = 400) =>
    c.html(knowledgePage(office, viewer(c), await files(), { error }, job.state), status);

  app.get('/knowledge', async (c) => c.html(knowledgePage(office, viewer(c), await files(), { ok: doneMessage(c.req.query('done')) }, job.state)));

  app.post('/knowledge/preview', requireRole(office, 'admin'), async (c) => {
    if (!office.knowledge) return fail(c, '本实例未配置知识库更新。', 404);
    const body = await c.req.parseBody();
    const file = body.file;
    if (!(file instanceof File) || file.size === 0) return fail(c, '请选择要上传的文件。');
    const text = (k: string) => (typeof body[k] === 'string' && (body[k] as string).trim() ? (body[k] as string).trim() : undefined);
    const version = text('version') ?? '';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(version)) return fail(c, '版本日期应为 YYYY-MM-DD。');
    try {
      const p = await prepareUpload(file.name, new Uint8Array(await file.arrayBuffer()), {
        version, ...(text('title') ? { title: text('title') } : {}), ...(text('issuer') ? { issuer: text('issuer') } : {}),
        ...(text('docNumber') ? { docNumber: text('docNumber') } : {}),
      });
      pending.put(p);
      return c.html(knowledgePreviewPage(office, viewer(c), p));
    } catch (err) {
      if (err instanceof UploadError) return fail(c, err.message);
      throw err;
    }
  });

  app.post('/knowledge/save', requireRole(office, 'admin'), async (c) => {
    if (!office.knowledge) return fail(c, '本实例未配置知识库更新。', 404);
    const body = await c.req.parseBody();
    const p = typeof body.id === 'string' ? pending.take(body.id) : undefined;
    if (!p) return fail(c, '预览已过期，请重新上传。');
    const staffId = c.get('staff').id;
    const started = job.start(office.knowledge, p, async (r) => {
      if (!r.ok) office.log?.error({ err: r.error }, 'knowledge rebuild failed; file withdrawn');
      await office.ledger.audit.append({
        staffId, action: r.ok ? 'knowledge.add' : 'knowledge.add_failed', targetType: 'knowledge', targetId: `local/${p.target}`,
        detail: r.ok
          ? { upload: p.fileName, title: p.doc.meta.title, articles: p.doc.articles.length, replaced: r.replaced, indexArticles: r.articles }
          : { upload: p.fileName, title: p.doc.meta.title, error: r.error.message },
      });
    });
    if (!started) {
      pending.put(p);
      return fail(c, '上一个文件的索引仍在重建，请稍后再保存。', 409);
    }
    return c.redirect(`${office.base}/knowledge?done=knowledge-saving`, 303);
  });

  app.get('/api/knowledge/status', (c) => c.json(job.state));

  return app;
}
