import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import type { Logger } from 'pino';
import type { Assistant, RateLimit } from '../../src/assistant/index.js';
import { webChatRoutes } from './chat-routes.js';
import { currentRetriever, type RetrieverRef } from '../../src/kb/index.js';
import type { Ledger } from '../../src/ledger/index.js';
import { chatPage } from './chat-page.js';
import type { WebInbox } from './inbox.js';
import { searchPage } from './search-page.js';
import { securityHeaders } from './security-headers.js';

export interface WebDeps {
  /** Live reference: after the console rebuilds the index, search and citations use the new one. */
  retriever: RetrieverRef;
  /** With the engine, "/" is the web chat; without it (tests of search alone) "/" stays the search page. */
  chat?: { assistant: Assistant; inbox: WebInbox; ledger: Pick<Ledger, 'contacts' | 'consultations'> };
  /** /healthz also checks the database and lists the channels (npm start); without it, the index only. */
  health?: { ledger: Pick<Ledger, 'db' | 'spooled'>; channels: Record<string, boolean> };
  /** How many messages a minute one client address may post to /api/chat (config RATE_LIMIT_PER_ADDRESS); unset = no limit. */
  addressLimit?: RateLimit;
  /** A trusted reverse proxy is in front (config TRUST_PROXY): the client address is X-Forwarded-For's last entry. */
  trustProxy?: boolean;
  /**
   * Routes of the running channels (npm start: the web chat's, a Telegram webhook), mounted before the
   * search page's "/" fallback, so a channel that serves "/" (the web chat) takes it.
   */
  channelRoutes?: Hono[];
  log?: Logger;
}

/** Longest /healthz waits for the database before calling it down. */
const HEALTH_DB_TIMEOUT_MS = 2_000;

async function databaseHealth(ledger: Pick<Ledger, 'db' | 'spooled'>): Promise<{ ok: boolean; kind: string; ms: number; spooled: number; error?: string }> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      ledger.db.query('SELECT 1'),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })), HEALTH_DB_TIMEOUT_MS);
      }),
    ]);
    return { ok: true, kind: ledger.db.kind, ms: Math.round(performance.now() - started), spooled: ledger.spooled };
  } catch (err) {
    // The cause, not the message: a driver's message names hosts and ports, and /healthz is public.
    const code = (err as { code?: unknown }).code;
    return {
      ok: false, kind: ledger.db.kind, ms: Math.round(performance.now() - started), spooled: ledger.spooled,
      error: code === 'TIMEOUT' ? `数据库 ${HEALTH_DB_TIMEOUT_MS / 1000} 秒内没有应答` : `无法连接数据库${typeof code === 'string' && /^[A-Z0-9_]{2,20}$/.test(code) ? `（${code}）` : ''}`,
    };
  } finally {
    clearTimeout(timer);
  }
}

/** The product's own web server: web chat at "/", statute search at "/search", their JSON APIs. */
export function webApp(deps: WebDeps): Hono {
  const app = new Hono();
  app.use('*', securityHeaders([chatPage(), searchPage()]));
  /** Each dependency; 503 when one the answers need is down (the database, the search index). */
  app.get('/healthz', async (c) => {
    const { articles, cards } = currentRetriever(deps.retriever).knowledge;
    const searchIndex = { ok: articles.length > 0, articles: articles.length, cards: cards.length };
    const database = deps.health ? await databaseHealth(deps.health.ledger) : undefined;
    const ok = searchIndex.ok && (database?.ok ?? true);
    c.header('Cache-Control', 'no-store');
    return c.json(
      { ok, ...(database ? { database } : {}), searchIndex, ...(deps.health ? { channels: deps.health.channels } : {}), articles: searchIndex.articles, cards: searchIndex.cards },
      ok ? 200 : 503,
    );
  });
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
    app.route('/', webChatRoutes({ ...deps.chat, retriever: deps.retriever, trustProxy: deps.trustProxy ?? false, ...(deps.addressLimit ? { addressLimit: deps.addressLimit } : {}), ...(deps.log ? { log: deps.log } : {}) }));
  }
  for (const routes of deps.channelRoutes ?? []) app.route('/', routes);
  app.get('/', (c) => c.html(searchPage()));
  return app;
}

export function startWeb(app: Hono, port: number, hostname?: string): Promise<ServerType> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port, ...(hostname ? { hostname } : {}) }, () => resolve(server));
  });
}
