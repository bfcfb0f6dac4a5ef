import { Hono } from 'hono';
import type { Logger } from 'pino';
import type { Assistant, RateLimit } from '../../src/assistant/index.js';
import type { RetrieverRef } from '../../src/kb/index.js';
import type { Ledger } from '../../src/ledger/index.js';
import { addressLimit } from './address-limit.js';
import { chatApi } from './chat-api.js';
import { chatPage } from './chat-page.js';
import type { WebInbox } from './inbox.js';

export interface WebChatDeps {
  assistant: Assistant;
  inbox: WebInbox;
  ledger: Pick<Ledger, 'contacts' | 'consultations'>;
  /** For citations expanded to the full article. */
  retriever: RetrieverRef;
  /** How many messages a minute one client address may post to /api/chat; unset = no limit. */
  addressLimit?: RateLimit;
  trustProxy: boolean;
  log?: Logger;
}

/** The web chat as routes: the page at "/", its JSON API, event stream and history under /api/chat. */
export function webChatRoutes(deps: WebChatDeps): Hono {
  const app = new Hono();
  if (deps.addressLimit) {
    const limit = addressLimit({ limit: deps.addressLimit, trustProxy: deps.trustProxy });
    app.use('/api/chat', (c, next) => (c.req.method === 'POST' ? limit(c, next) : next()));
  }
  const { assistant, inbox, ledger, retriever, trustProxy, log } = deps;
  app.route('/api', chatApi({ assistant, inbox, ledger, retriever, trustProxy, ...(log ? { log } : {}) }));
  app.get('/', (c) => c.html(chatPage()));
  return app;
}
