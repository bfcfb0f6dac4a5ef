import { Hono } from 'hono';
import type { Office, OfficeEnv } from '../context.js';
import { handoffQueuePage, waitLevel } from '../views/handoffs.js';

/** The hand-off queue: open hand-offs, the longest-waiting unclaimed ones first, ageing visibly. */
export function handoffRoutes(office: Office): Hono<OfficeEnv> {
  const app = new Hono<OfficeEnv>();

  /** Hand-offs users left in the last day: shown under the queue, so staff see they need no reply. */
  const recentlyWithdrawn = () => office.queue.withdrawn(new Date(office.now().getTime() - 24 * 3_600_000));

  app.get('/handoffs', async (c) => {
    const [items, withdrawn] = await Promise.all([office.queue.open(), recentlyWithdrawn()]);
    return c.html(handoffQueuePage(office, { staff: c.get('staff'), csrf: c.get('csrf') }, items, office.now(), withdrawn));
  });

  app.get('/api/handoffs', async (c) => {
    const now = office.now().getTime();
    const items = (await office.queue.open()).map((h) => {
      const waitingMs = now - new Date(h.waitingSince).getTime();
      return { ...h, waitingMinutes: Math.floor(waitingMs / 60_000), level: h.handoffState === 'requested' ? waitLevel(waitingMs) : null };
    });
    return c.json({ items, withdrawn: await recentlyWithdrawn() });
  });

  return app;
}
