import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { ledgerFile, type Enterprise } from '../../ledger/index.js';
import { requireRole } from '../auth.js';
import type { Office, OfficeEnv } from '../context.js';
import { userError } from '../errors.js';
import { doneMessage } from '../flash.js';
import { checked, emptyToNull, numOrNull, str, type FormBody } from '../form.js';
import { enterpriseDetailPage, enterpriseListPage, type EnterpriseDetail } from '../views/enterprises.js';
import { errorPage } from '../views/layout.js';

function idParam(s: string): number | undefined {
  return /^\d{1,15}$/.test(s) ? Number(s) : undefined;
}

function listFilter(q: Record<string, string | undefined>) {
  return {
    ...(q.search?.trim() ? { search: q.search.trim().slice(0, 100) } : {}),
    ...(q.industry && /^[A-T]$/.test(q.industry) ? { industry: q.industry } : {}),
    ...(q.district?.trim() ? { district: q.district.trim() } : {}),
    ...(q.watch === '1' ? { watchListed: true } : {}),
    ...(q.harmony === '1' ? { harmonyCultivated: true } : {}),
  };
}

const EDITABLE = ['name', 'industry', 'district', 'registeredOn', 'headcountLastYearEnd', 'sizeClass', 'coordinatorId', 'watchListed', 'harmonyCultivated', 'tags', 'note'] as const;

function patchFromForm(body: FormBody) {
  return {
    name: str(body, 'name') ?? '',
    industry: str(body, 'industry') ?? '',
    district: str(body, 'district') ?? '',
    registeredOn: emptyToNull(body, 'registeredOn'),
    headcountLastYearEnd: numOrNull(body, 'headcountLastYearEnd'),
    sizeClass: emptyToNull(body, 'sizeClass'),
    coordinatorId: numOrNull(body, 'coordinatorId'),
    watchListed: checked(body, 'watchListed'),
    harmonyCultivated: checked(body, 'harmonyCultivated'),
    tags: (str(body, 'tags') ?? '').split(/[、,，\s]+/).map((t) => t.trim()).filter(Boolean),
    note: str(body, 'note') ?? '',
  };
}

/** Field → [before, after] for the fields that changed. */
function changes(before: Enterprise, after: Enterprise): Record<string, [unknown, unknown]> {
  const out: Record<string, [unknown, unknown]> = {};
  for (const k of EDITABLE) {
    if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) out[k] = [before[k], after[k]];
  }
  return out;
}

/** The enterprise ledger: list, detail with every 台账 field, edits (coordinator+, audit-logged), xlsx export. */
export function enterpriseRoutes(office: Office): Hono<OfficeEnv> {
  const app = new Hono<OfficeEnv>();
  const { ledger } = office;
  const viewer = (c: Context<OfficeEnv>) => ({ staff: c.get('staff'), csrf: c.get('csrf') });

  async function detail(id: number): Promise<EnterpriseDetail | undefined> {
    const enterprise = await ledger.enterprises.get(id);
    if (!enterprise) return undefined;
    const [followUps, policies, layoffs, headcount, consultations, staff, contacts, requests, codes] = await Promise.all([
      ledger.followUps.listByEnterprise(id),
      ledger.stabilityPolicies.listByEnterprise(id),
      ledger.layoffs.listByEnterprise(id),
      ledger.enterprises.headcountHistory(id),
      ledger.consultations.listByEnterprise(id, 50),
      ledger.staff.list(),
      ledger.contacts.listByEnterprise(id),
      ledger.linkRequests.listPending(id),
      ledger.bindCodes.listOpen(id),
    ]);
    // Contacts as staff see them: never their chat ids (a web visitor's would let anyone act as them).
    const linked = contacts.map((ct) => ({ id: ct.id, displayName: ct.displayName, channel: ct.channel, role: ct.role }));
    return { enterprise, followUps, policies, layoffs, headcount, consultations, staff, links: { contacts: linked, requests, codes } };
  }

  app.get('/enterprises', async (c) => {
    const q = c.req.query();
    const [items, staff, pending] = await Promise.all([ledger.enterprises.list(listFilter(q)), ledger.staff.list(), ledger.linkRequests.listPending()]);
    return c.html(enterpriseListPage(office, viewer(c), ledger.lists, q, items, staff, { values: {} }, pending));
  });

  app.post('/enterprises', requireRole(office, 'coordinator'), async (c) => {
    const body = (await c.req.parseBody()) as FormBody;
    const input = {
      name: str(body, 'name') ?? '', uscc: str(body, 'uscc') ?? '', industry: str(body, 'industry') ?? '', district: str(body, 'district') ?? '',
      registeredOn: emptyToNull(body, 'registeredOn'), headcountLastYearEnd: numOrNull(body, 'headcountLastYearEnd'),
      headcountCurrent: numOrNull(body, 'headcountCurrent'), sizeClass: emptyToNull(body, 'sizeClass'), coordinatorId: numOrNull(body, 'coordinatorId'),
      tags: (str(body, 'tags') ?? '').split(/[、,，\s]+/).map((t) => t.trim()).filter(Boolean),
    };
    try {
      const e = await ledger.transaction(async (tx) => {
        const created = await tx.enterprises.create(input as Parameters<typeof tx.enterprises.create>[0]);
        await tx.audit.append({ staffId: c.get('staff').id, action: 'enterprise.create', targetType: 'enterprise', targetId: created.id, detail: { name: created.name, uscc: created.uscc } });
        return created;
      });
      return c.redirect(`${office.base}/enterprises/${e.id}?done=created`, 303);
    } catch (err) {
      const message = userError(err);
      const values = Object.fromEntries(Object.entries(body).filter(([k, v]) => k !== '_csrf' && typeof v === 'string')) as Record<string, string>;
      const [items, staff] = await Promise.all([ledger.enterprises.list({}), ledger.staff.list()]);
      return c.html(enterpriseListPage(office, viewer(c), ledger.lists, {}, items, staff, { values, error: message }), 400);
    }
  });

  app.get('/enterprises/export.xlsx', async (c) => {
    const district = c.req.query('district')?.trim() || undefined;
    const rows = await ledger.report(district ? { district } : {});
    const file = await ledgerFile(rows, 'xlsx');
    await ledger.audit.append({ staffId: c.get('staff').id, action: 'ledger.export', targetType: 'ledger', detail: { format: 'xlsx', rows: rows.length, ...(district ? { district } : {}) } });
    const name = `服务指导台账-${office.today()}.xlsx`;
    return c.body(new Uint8Array(file), 200, {
      'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'Content-Disposition': `attachment; filename="ledger.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
    });
  });

  app.get('/enterprises/:id', async (c) => {
    const id = idParam(c.req.param('id'));
    const d = id ? await detail(id) : undefined;
    if (!d) return c.html(errorPage(office, '找不到企业', '这家企业不在台账中。'), 404);
    return c.html(enterpriseDetailPage(office, viewer(c), ledger.lists, d, { ok: doneMessage(c.req.query('done')) }));
  });

  /** One POST handler shape: validate and write in a transaction with its audit entry, or re-show the page with the message. */
  function edit(path: string, done: string, write: (c: Context<OfficeEnv>, id: number, body: FormBody) => Promise<Record<string, unknown>>) {
    app.post(`/enterprises/:id${path}`, requireRole(office, 'coordinator'), async (c) => {
      const id = idParam(c.req.param('id'));
      if (!id || !(await ledger.enterprises.get(id))) return c.html(errorPage(office, '找不到企业', '这家企业不在台账中。'), 404);
      try {
        await write(c, id, (await c.req.parseBody()) as FormBody);
      } catch (err) {
        const message = userError(err);
        return c.html(enterpriseDetailPage(office, viewer(c), ledger.lists, (await detail(id))!, { error: message }), 400);
      }
      return c.redirect(`${office.base}/enterprises/${id}?done=${done}`, 303);
    });
  }

  edit('', 'updated', async (c, id, body) =>
    ledger.transaction(async (tx) => {
      const before = (await tx.enterprises.get(id))!;
      const after = await tx.enterprises.update(id, patchFromForm(body) as Parameters<typeof tx.enterprises.update>[1]);
      const changed = changes(before, after);
      await tx.audit.append({ staffId: c.get('staff').id, action: 'enterprise.update', targetType: 'enterprise', targetId: id, detail: { changed } });
      return changed;
    }),
  );

  edit('/follow-ups', 'follow-up', async (c, id, body) =>
    ledger.transaction(async (tx) => {
      const staff = c.get('staff');
      const f = await tx.followUps.add({
        enterpriseId: id, date: str(body, 'date') ?? '', staffId: staff.id, staffName: staff.displayName,
        content: str(body, 'content') ?? '', nextDate: emptyToNull(body, 'nextDate'),
      });
      await tx.audit.append({ staffId: staff.id, action: 'enterprise.follow_up', targetType: 'enterprise', targetId: id, detail: { followUpId: f.id, date: f.date } });
      return { id: f.id };
    }),
  );

  edit('/headcount', 'headcount', async (c, id, body) =>
    ledger.transaction(async (tx) => {
      const entry = { enterpriseId: id, asOf: str(body, 'asOf') ?? '', headcount: numOrNull(body, 'headcount') as number, source: str(body, 'source') ?? '' };
      await tx.enterprises.recordHeadcount(entry);
      await tx.audit.append({ staffId: c.get('staff').id, action: 'enterprise.headcount', targetType: 'enterprise', targetId: id, detail: { asOf: entry.asOf, headcount: entry.headcount } });
      return {};
    }),
  );

  edit('/policies', 'policy', async (c, id, body) =>
    ledger.transaction(async (tx) => {
      const p = await tx.stabilityPolicies.add({
        enterpriseId: id, policy: str(body, 'policy') ?? '', year: numOrNull(body, 'year') as number,
        amountYuan: numOrNull(body, 'amountYuan') as number | null, note: str(body, 'note') ?? '',
      });
      await tx.audit.append({ staffId: c.get('staff').id, action: 'enterprise.policy', targetType: 'enterprise', targetId: id, detail: { policyId: p.id, policy: p.policy, year: p.year } });
      return {};
    }),
  );

  edit('/layoffs', 'layoff', async (c, id, body) =>
    ledger.transaction(async (tx) => {
      const l = await tx.layoffs.add({
        enterpriseId: id, date: str(body, 'date') ?? '', count: numOrNull(body, 'count') as number,
        reason: str(body, 'reason') ?? '', reportedArt41: checked(body, 'reportedArt41'),
      });
      await tx.audit.append({ staffId: c.get('staff').id, action: 'enterprise.layoff', targetType: 'enterprise', targetId: id, detail: { layoffId: l.id, count: l.count } });
      return {};
    }),
  );

  // ---- Linking chat contacts (issue 14): 绑定码 and link requests, coordinator+, audited ----

  /** A new 绑定码: shown on the page this once (a redirect would put it in a URL), stored hashed. */
  app.post('/enterprises/:id/bind-codes', requireRole(office, 'coordinator'), async (c) => {
    const id = idParam(c.req.param('id'));
    if (!id || !(await ledger.enterprises.get(id))) return c.html(errorPage(office, '找不到企业', '这家企业不在台账中。'), 404);
    const staff = c.get('staff');
    const issued = await ledger.transaction(async (tx) => {
      const made = await tx.bindCodes.issue({ enterpriseId: id, staffId: staff.id });
      await tx.audit.append({ staffId: staff.id, action: 'enterprise.bind_code', targetType: 'enterprise', targetId: id, detail: { codeId: made.id, expiresAt: made.expiresAt.toISOString() } });
      return made;
    });
    c.header('Cache-Control', 'no-store');
    return c.html(enterpriseDetailPage(office, viewer(c), ledger.lists, (await detail(id))!, { ok: '已生成绑定码。' }, issued));
  });

  const decisionForm = z.object({ decision: z.enum(['approve', 'reject']) });

  app.post('/enterprises/:id/link-requests/:rid', requireRole(office, 'coordinator'), async (c) => {
    const id = idParam(c.req.param('id'));
    const rid = idParam(c.req.param('rid'));
    if (!id || !(await ledger.enterprises.get(id))) return c.html(errorPage(office, '找不到企业', '这家企业不在台账中。'), 404);
    const form = decisionForm.safeParse(await c.req.parseBody());
    const again = async (error: string) => c.html(enterpriseDetailPage(office, viewer(c), ledger.lists, (await detail(id))!, { error }), 400);
    if (!form.success) return again('请选择“同意关联”或“拒绝”。');
    const request = rid ? await ledger.linkRequests.get(rid) : undefined;
    if (!request || request.enterpriseId !== id) return c.html(errorPage(office, '找不到申请', '这条关联申请不存在。'), 404);
    const staff = c.get('staff');
    const approve = form.data.decision === 'approve';
    const decided = await ledger.transaction(async (tx) => {
      const d = await tx.linkRequests.decide({ id: request.id, staffId: staff.id, decision: approve ? 'approved' : 'rejected' });
      if (d) {
        await tx.audit.append({
          staffId: staff.id, action: approve ? 'enterprise.link_approve' : 'enterprise.link_reject', targetType: 'enterprise', targetId: id,
          detail: { requestId: d.id, contactId: d.contactId, contactName: d.contactName, channel: d.channel, role: d.role },
        });
      }
      return d;
    });
    if (!decided) return again('这条关联申请已经处理过了，请刷新页面查看。');
    return c.redirect(`${office.base}/enterprises/${id}?done=${approve ? 'link-approved' : 'link-rejected'}#links`, 303);
  });

  // ---- JSON API (read) ----
  app.get('/api/enterprises', async (c) => c.json({ items: await ledger.enterprises.list(listFilter(c.req.query())) }));
  app.get('/api/enterprises/:id', async (c) => {
    const id = idParam(c.req.param('id'));
    const d = id ? await detail(id) : undefined;
    if (!d) return c.json({ error: '企业不存在' }, 404);
    // Field by field: consultations carry no idempotency key and contacts no chat id (see detail()).
    const { enterprise, followUps, policies, layoffs, headcount, consultations, links } = d;
    return c.json({ enterprise, followUps, policies, layoffs, headcount, consultations, contacts: links.contacts, linkRequests: links.requests, bindCodes: links.codes });
  });

  return app;
}
