import { Hono } from 'hono';
import { requireRole } from '../auth.js';
import type { Office, OfficeEnv } from '../context.js';
import { auditPage } from '../views/audit.js';

/** The audit log, newest first (admins: it shows every sign-in attempt). */
export function auditRoutes(office: Office): Hono<OfficeEnv> {
  const app = new Hono<OfficeEnv>();
  const staffId = (s: string | undefined) => (s && /^\d{1,15}$/.test(s) ? Number(s) : undefined);
  app.get('/audit', requireRole(office, 'admin'), async (c) => {
    const id = staffId(c.req.query('staffId'));
    const [entries, staff] = await Promise.all([office.ledger.audit.listReadable({ ...(id ? { staffId: id } : {}), limit: 300 }), office.ledger.staff.list()]);
    return c.html(auditPage(office, { staff: c.get('staff'), csrf: c.get('csrf') }, entries, staff, id));
  });
  app.get('/api/audit', requireRole(office, 'admin'), async (c) => {
    const id = staffId(c.req.query('staffId'));
    return c.json({ items: await office.ledger.audit.list({ ...(id ? { staffId: id } : {}), limit: 300 }) });
  });
  return app;
}
