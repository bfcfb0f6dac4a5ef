/** npm start: build everything from the configuration and start what is configured. */
import { startWeb, webApp } from '../bots/web/server.js';
import { loadConfig } from './config.js';
import { openKnowledgeBase } from './kb/index.js';
import { openLedger } from './ledger/index.js';
import { createLogger } from './log.js';

const config = loadConfig();
const log = createLogger({ level: config.LOG_LEVEL, name: 'yonggong' });
const started = performance.now();
const [{ retriever, built }, ledger] = await Promise.all([openKnowledgeBase(config), openLedger(config, { log })]);
log.info(
  { laws: retriever.knowledge.laws.length, articles: retriever.knowledge.articles.length, cards: retriever.knowledge.cards.length, rebuilt: built, ms: Math.round(performance.now() - started) },
  'knowledge base ready',
);
log.info({ database: ledger.db.kind, spooled: ledger.spooled }, 'ledger ready');
const server = await startWeb(webApp({ retriever }), config.PORT);
log.info({ port: config.PORT }, `用工指导助手已启动：http://localhost:${config.PORT}/`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log.info({ signal }, 'shutting down');
    server.close(() => void ledger.close().finally(() => process.exit(0)));
  });
}
