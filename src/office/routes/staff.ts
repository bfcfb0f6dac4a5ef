import { Hono, type Context } from 'hono';
import { requireRole } from '../auth.js';
import type { Office, OfficeEnv } from '../context.js';
import { userError } from '../errors.js';
import { doneMessage } from '../flash.js';
import { str, type FormBody } from '../form.js';
import { hashPassword, passwordProblem } from '../password.js';
import { staffPage } from '../views/staff.js';

/** Staff accounts: admins only. */
export function staffRoutes(office: Office): Hono<OfficeEnv> {
  const app = new Hono<OfficeEnv>();
  const { ledger } = office;
  const viewer = (c: Context<OfficeEnv>) => ({ staff: c.get('staff'), csrf: c.get('csrf') });
  app.use('/staff', requireRole(office, 'admin'));
  app.use('/staff/*', requireRole(office, 'admin'));
  app.use('/api/staff', requireRole(office, 'admin'));

  app.get('/staff', async (c) => c.html(staffPage(office, viewer(c), await ledger.staff.list(), { ok: doneMessage(c.req.query('done')) })));
  app.get('/api/staff', async (c) => c.json({ items: await ledger.staff.list() }));

  app.post('/staff', async (c) => {
    const body = (await c.req.parseBody()) as FormBody;
    const password = str(body, 'password') ?? '';
    const problem = passwordProblem(password);
    try {
      if (problem) throw new Error(problem);
      await ledger.transaction(async (tx) => {
        const s = await tx.staff.create({
          username: (str(body, 'username') ?? '').trim().toLowerCase(),
          displayName: str(body, 'displayName') ?? '',
          role: (str(body, 'role') ?? '') as 'viewer',
          passwordHash: await hashPassword(password),
        });
        await tx.audit.append({ staffId: c.get('staff').id, action: 'staff.create', targetType: 'staff', targetId: s.id, detail: { username: s.username, role: s.role } });
      });
    } catch (err) {
      const message = err instanceof Error && err.message === problem ? problem : userError(err);
      return c.html(staffPage(office, viewer(c), await ledger.staff.list(), { error: message }), 400);
    }
    return c.redirect(`${office.base}/staff?done=staff-created`, 303);
  });

  const target = async (c: Context<OfficeEnv>) => {
    const id = /^\d{1,15}$/.test(c.req.param('id') ?? '') ? Number(c.req.param('id')) : undefined;
    return id ? ledger.staff.get(id) : undefined;
  };

  app.post('/staff/:id/password', async (c) => {
    const s = await target(c);
    if (!s) return c.html(staffPage(office, viewer(c), await ledger.staff.list(), { error: '账户不存在' }), 404);
    const password = str((await c.req.parseBody()) as FormBody, 'password') ?? '';
    const problem = passwordProblem(password);
    if (problem) return c.html(staffPage(office, viewer(c), await ledger.staff.list(), { error: problem }), 400);
    const hash = await hashPassword(password);
    await ledger.transaction(async (tx) => {
      await tx.staff.setPasswordHash(s.id, hash);
      await tx.staff.recordSuccessfulLogin(s.id);
      await tx.audit.append({ staffId: c.get('staff').id, action: 'staff.password_reset', targetType: 'staff', targetId: s.id, detail: { username: s.username } });
    });
    // A reset password is useless if whoever knew the old one stays signed in.
    await office.sessions.deleteForStaff(s.id, c.get('tokenHash'));
    return c.redirect(`${office.base}/staff?done=password-reset`, 303);
  });

  app.post('/staff/:id/active', async (c) => {
    const s = await target(c);
    if (!s) return c.html(staffPage(office, viewer(c), await ledger.staff.list(), { error: '账户不存在' }), 404);
    if (s.id === c.get('staff').id) return c.html(staffPage(office, viewer(c), await ledger.staff.list(), { error: '不能停用自己的账户' }), 400);
    const active = str((await c.req.parseBody()) as FormBody, 'active') === '1';
    await ledger.transaction(async (tx) => {
      await tx.staff.setActive(s.id, active);
      await tx.audit.append({ staffId: c.get('staff').id, action: active ? 'staff.activate' : 'staff.deactivate', targetType: 'staff', targetId: s.id, detail: { username: s.username } });
    });
    return c.redirect(`${office.base}/staff?done=${active ? 'staff-activated' : 'staff-deactivated'}`, 303);
  });
  return app;
}
