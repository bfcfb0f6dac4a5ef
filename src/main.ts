/** npm start: build everything from the configuration and start what is configured. */
import { writeSync } from 'node:fs';
import type { RunnerHandle } from '@grammyjs/runner';
import { createTelegramBot } from '../bots/telegram/bot.js';
import { TelegramSender } from '../bots/telegram/sender.js';
import { mountWebhook } from '../bots/telegram/webhook.js';
import { attachWechat, wechatyFromConfig } from '../bots/wechat/bot.js';
import { WebInbox } from '../bots/web/inbox.js';
import { startWeb, webApp } from '../bots/web/server.js';
import { openAnswerer } from './answer/index.js';
import { openKnowledgeBase } from './kb/index.js';
import { officeApp, RetrieverSwap } from './office/index.js';
import { Assistant, CachedAnswerer, outreachBroadcast } from './assistant/index.js';
import { loadConfig } from './config.js';
import { openLedger } from './ledger/index.js';
import { DatabaseInUseError } from './ledger/lock.js';
import { errorLine } from './cli-fatal.js';
import { openKnowledgeBaseInWorker } from './kb/build-in-worker.js';
import { createLogger } from './log.js';
import type { OutreachSender } from './outreach/dispatcher.js';
import { SendGate } from './outreach/sendGate.js';
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
// Outreach: reminder rules run at start-up, when the date changes and for an enterprise whose facts
// are written through `facts`; an outbox dispatcher (started below) sends on the configured channels.
const outreach = new OutreachService({ ledger, knowledgeDir: config.knowledgeDir, log });
const facts = outreach.ledger;
const outreachSenders: OutreachSender[] = [];

// Offline answers are deterministic: memoise them; LLM answers stream and vary, so never.
const cache = config.OPENAI_API_KEY ? undefined : new CachedAnswerer(answerer);
const source = cache ?? answerer;
const assistant = new Assistant({
  answerer: source, ledger: facts, staffIds: config.STAFF_IDS, rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE, officeHours: config.officeHours, log,
  broadcast: outreachBroadcast(ledger, config.knowledgeDir),
});
const inbox = new WebInbox();
assistant.senders.register(inbox);
outreachSenders.push(inbox);
const app = webApp({
  retriever: knowledge, chat: { assistant, inbox },
  health: { ledger, channels: { web: true, telegram: Boolean(config.TELEGRAM_BOT_TOKEN), wechat: Boolean(config.WECHATY_PUPPET) } },
  addressLimit: { perMinute: config.RATE_LIMIT_PER_ADDRESS },
  trustProxy: config.TRUST_PROXY,
});
app.route('/office', officeApp({
  ledger: facts, log, trustProxy: config.TRUST_PROXY,
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
const stops: Array<() => Promise<unknown>> = [];

if (config.TELEGRAM_BOT_TOKEN) {
  const broadcaster = new TelegramSender({ token: config.TELEGRAM_BOT_TOKEN, apiRoot: config.TELEGRAM_API_ROOT });
  // Answers and broadcasts share the bot's slots, so together they stay within Telegram's limits.
  const sharedLimit = new SendGate({ ledger, channel: 'telegram', botId: broadcaster.botId, log });
  const tg = await createTelegramBot(assistant, { token: config.TELEGRAM_BOT_TOKEN, apiRoot: config.TELEGRAM_API_ROOT, sharedLimit, log });
  assistant.senders.register(tg.sender);
  outreachSenders.push(broadcaster);
  if (config.TELEGRAM_WEBHOOK_URL) {
    const path = await mountWebhook(app, tg.bot, config.TELEGRAM_WEBHOOK_URL);
    log.info({ path }, 'telegram bot: webhook mode');
  } else {
    await tg.bot.api.deleteWebhook();
    const runner: RunnerHandle = tg.startPolling();
    stops.push(() => (runner.isRunning() ? runner.stop() : Promise.resolve()));
    log.info({ bot: tg.bot.botInfo.username }, 'telegram bot: long polling');
  }
}

if (config.WECHATY_PUPPET) {
  const wechat = wechatyFromConfig(config.WECHATY_PUPPET, config.WECHATY_PUPPET_TOKEN);
  const wechatSender = attachWechat(wechat, assistant, log);
  assistant.senders.register(wechatSender);
  outreachSenders.push(wechatSender);
  wechat.on('scan', (qrcode) => log.info({ qrcode }, '请用微信扫码登录机器人账号'));
  wechat.on('login', (user) => log.info({ user: user.name() }, 'wechat bot logged in'));
  await wechat.start();
  stops.push(() => wechat.stop());
}

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
