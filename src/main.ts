/** npm start: build everything from the configuration and start what is configured. */
import { writeSync } from 'node:fs';
import type { Hono } from 'hono';
import { CHANNELS } from '../bots/channels.js';
import { startWeb, webApp } from '../bots/web/server.js';
import { openAnswerer } from './answer/index.js';
import { openKnowledgeBase } from './kb/index.js';
import { officeApp, RetrieverSwap } from './office/index.js';
import { Assistant, CachedAnswerer } from './assistant/index.js';
import { loadConfig } from './config.js';
import { openLedger } from './ledger/index.js';
import { DatabaseInUseError } from './ledger/lock.js';
import { errorLine } from './cli-fatal.js';
import { openKnowledgeBaseInWorker } from './kb/build-in-worker.js';
import { createLogger } from './log.js';
import type { OutreachSender } from './channels/index.js';
import { chatBroadcast } from './outreach/chat-broadcast.js';
import { OutreachService } from './outreach/service.js';

const config = loadConfig();
const log = createLogger({ level: config.LOG_LEVEL, name: 'yonggong' });
// A failure the process cannot go on from ends it with one line: plain Chinese for a refusal meant for
// the person starting it (the embedded database is in use), a logged error with its stack otherwise.
const fatal = (err: unknown) => {
  if (err instanceof DatabaseInUseError) writeSync(2, `${err.message}\n`);
  else log.fatal({ err }, errorLine(err));
  process.exit(1);
};
process.on('uncaughtException', fatal);
process.on('unhandledRejection', fatal);
const started = performance.now();
const [{ retriever: first }, ledger] = await Promise.all([openKnowledgeBase(config), openLedger(config, { log })]);
// The office console can rebuild the index; answers switch to the new one between questions.
// The rebuild runs in a worker thread, so answers and the console keep being served meanwhile.
const knowledge = new RetrieverSwap(first, async () => (await openKnowledgeBaseInWorker(config)).retriever);
const { answerer, retriever } = await openAnswerer(config, knowledge);
log.info(
  { laws: retriever.knowledge.laws.length, articles: retriever.knowledge.articles.length, cards: retriever.knowledge.cards.length, ms: Math.round(performance.now() - started) },
  'knowledge base ready',
);
log.info({ database: ledger.db.kind, spooled: ledger.spooled }, 'ledger ready');
// Outreach: reminder rules run at start-up, when the date changes and for an enterprise whose facts the
// ledger announces as written; an outbox dispatcher (started below) sends on the enabled channels.
const outreach = new OutreachService({ ledger, knowledgeDir: config.knowledgeDir, log });

// Offline answers are deterministic: memoise them; LLM answers stream and vary, so never.
const cache = config.OPENAI_API_KEY ? undefined : new CachedAnswerer(answerer);
const source = cache ?? answerer;
const assistant = new Assistant({
  answerer: source, ledger, staffIds: config.STAFF_IDS, rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE, officeHours: config.officeHours, log,
  broadcast: chatBroadcast(ledger, config.knowledgeDir),
});

// Every enabled channel, from the one list: it receives for the engine, takes staff messages outside a
// reply, and gives the outbox a sender (its own outreach sender, which leaves the pacing to the outbox, or
// else the running channel's).
const env = { config, ledger, log };
const enabled = CHANNELS.filter((c) => c.enabled(config));
const stops: Array<() => Promise<unknown>> = [];
const channelRoutes: Hono[] = [];
const outreachSenders: OutreachSender[] = [];
for (const channel of enabled) {
  const running = await channel.start({ ...env, assistant, knowledge });
  assistant.senders.register(running.sender);
  if (running.routes) channelRoutes.push(running.routes);
  stops.push(() => running.stop());
  outreachSenders.push(channel.outreachSender ? await channel.outreachSender(env) : running.sender);
}

const app = webApp({
  retriever: knowledge, channelRoutes,
  health: { ledger, channels: Object.fromEntries(CHANNELS.map((c) => [c.name, c.enabled(config)])) },
  trustProxy: config.TRUST_PROXY,
  log,
});
app.route('/office', officeApp({
  ledger, log, trustProxy: config.TRUST_PROXY,
  knowledge: { knowledgeDir: config.knowledgeDir, rebuild: async () => {
      const built = await knowledge.rebuild();
      cache?.clear(); // answers memoised from the old index would outlive it by up to 10 minutes
      return built;
    } },
  handoff: {
    reply: (id, text, staff, staffId) => assistant.replyToHandoff(id, text, staff, staffId),
    close: (id, staff, staffId) => assistant.closeHandoff(id, staff, staffId),
  },
  outreach: { knowledgeDir: config.knowledgeDir },
}));

outreach.start(outreachSenders);
stops.push(() => outreach.stop());

const server = await startWeb(app, config.PORT, config.HOST);
const shownHost = config.HOST.includes(':') ? `[${config.HOST}]` : config.HOST;
log.info(
  { host: config.HOST, port: config.PORT, trustProxy: config.TRUST_PROXY },
  `用工指导助手已启动：http://${shownHost === '0.0.0.0' || shownHost === '[::]' ? 'localhost' : shownHost}:${config.PORT}/`,
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log.info({ signal }, 'shutting down');
    void Promise.allSettled(stops.map((s) => s())).then(() =>
      server.close(() => void ledger.close().finally(() => process.exit(0))),
    );
  });
}
