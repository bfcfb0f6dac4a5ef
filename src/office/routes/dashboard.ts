import { Hono } from 'hono';
import type { Office, OfficeEnv } from '../context.js';
import { dashboardPage, TARGETS } from '../views/dashboard.js';

export function dashboardRoutes(office: Office): Hono<OfficeEnv> {
  const app = new Hono<OfficeEnv>();
  const days = (q: string | undefined) => Math.min(365, Math.max(7, Number(q) || 30));
  app.get('/', async (c) => {
    const d = days(c.req.query('days'));
    const f = await office.dashboard.figures({ days: d });
    return c.html(dashboardPage(office, { staff: c.get('staff'), csrf: c.get('csrf') }, f, d));
  });
  app.get('/api/dashboard', async (c) => {
    const d = days(c.req.query('days'));
    const f = await office.dashboard.figures({ days: d });
    return c.json({ days: d, ...f, targets: TARGETS.map((t) => ({ ...t, value: f[t.key] })) });
  });
  return app;
}
