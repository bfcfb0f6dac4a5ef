import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import type { Retriever } from '../../src/kb/index.js';
import { searchPage } from './search-page.js';

/**
 * The product's own web server. Today it serves the statute search page and its JSON API;
 * the web chat and the office console (issues 5 and 7) mount here too.
 */
export function webApp(deps: { retriever: Retriever }): Hono {
  const app = new Hono();
  app.get('/healthz', (c) =>
    c.json({ ok: true, articles: deps.retriever.knowledge.articles.length, cards: deps.retriever.knowledge.cards.length }),
  );
  app.get('/api/kb/search', async (c) => {
    const q = (c.req.query('q') ?? '').trim();
    const k = Math.min(20, Math.max(1, Number(c.req.query('k')) || 5));
    if (!q) return c.json({ error: '请输入要查询的问题' }, 400);
    if (q.length > 2000) return c.json({ error: '问题太长了，请控制在2000字以内' }, 400);
    const { hits, expansions } = await deps.retriever.search(q, { k });
    return c.json({ expansions, hits });
  });
  app.get('/', (c) => c.html(searchPage()));
  return app;
}

export function startWeb(app: Hono, port: number): Promise<ServerType> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port }, () => resolve(server));
  });
}
