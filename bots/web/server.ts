import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import type { Assistant } from '../../src/assistant/index.js';
import { currentRetriever, type RetrieverRef } from '../../src/kb/index.js';
import { chatApi } from './chat-api.js';
import { chatPage } from './chat-page.js';
import type { WebInbox } from './inbox.js';
import { searchPage } from './search-page.js';

export interface WebDeps {
  /** Live reference: after the console rebuilds the index, search and citations use the new one. */
  retriever: RetrieverRef;
  /** With the engine, "/" is the web chat; without it (tests of search alone) "/" stays the search page. */
  chat?: { assistant: Assistant; inbox: WebInbox };
}

/** The product's own web server: web chat at "/", statute search at "/search", their JSON APIs. */
export function webApp(deps: WebDeps): Hono {
  const app = new Hono();
  app.get('/healthz', (c) =>
    c.json({ ok: true, articles: currentRetriever(deps.retriever).knowledge.articles.length, cards: currentRetriever(deps.retriever).knowledge.cards.length }),
  );
  app.get('/api/kb/search', async (c) => {
    const q = (c.req.query('q') ?? '').trim();
    const k = Math.min(20, Math.max(1, Number(c.req.query('k')) || 5));
    if (!q) return c.json({ error: '请输入要查询的问题' }, 400);
    if (q.length > 2000) return c.json({ error: '问题太长了，请控制在2000字以内' }, 400);
    const { hits, expansions } = await currentRetriever(deps.retriever).search(q, { k });
    return c.json({ expansions, hits });
  });
  app.get('/search', (c) => c.html(searchPage()));
  if (deps.chat) {
    app.route('/api', chatApi({ ...deps.chat, retriever: deps.retriever }));
    app.get('/', (c) => c.html(chatPage()));
  } else {
    app.get('/', (c) => c.html(searchPage()));
  }
  return app;
}

export function startWeb(app: Hono, port: number, hostname?: string): Promise<ServerType> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port, ...(hostname ? { hostname } : {}) }, () => resolve(server));
  });
}
