/**
 * One outbox worker process: claims due rows and sends them on every enabled channel that has an outreach
 * sender (bots/channels.ts: the web chat's inbox always, Telegram when TELEGRAM_BOT_TOKEN is set).
 * Start as many as you like against one database. SIGTERM/SIGINT finish the sends in hand and exit.
 *
 *   npm run outreach-worker -- [--worker NAME] [--schema S] [--per-second 30] [--concurrency 8] [--exit-when-idle] [--send-log FILE]
 *
 * --send-log writes one JSON line per send start ({ at, chatId, outboxId }) to FILE on exit (benchmarks).
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import pino from 'pino';
import { CHANNELS } from '../bots/channels.js';
import { installCliErrorHandlers } from '../src/cli-fatal.js';
import { loadConfig } from '../src/config.js';
import { openLedger } from '../src/ledger/index.js';
import { createLogger } from '../src/log.js';
import type { OutreachSender } from '../src/channels/index.js';
import { Dispatcher, type SendStart } from '../src/outreach/dispatcher.js';
import { cliArgs } from './lib/args.js';

installCliErrorHandlers();
const USAGE = 'npm run outreach-worker -- [--worker 名称] [--schema 模式名] [--per-second 30] [--concurrency 8] [--lease-ms 60000] [--exit-when-idle] [--send-log 文件]';
const { values } = cliArgs(
  {
    worker: { type: 'string' },
    schema: { type: 'string' },
    'per-second': { type: 'string' },
    concurrency: { type: 'string' },
    'lease-ms': { type: 'string' },
    'exit-when-idle': { type: 'boolean' },
    'send-log': { type: 'string' },
  },
  USAGE,
);

const config = loadConfig();
// Logs go to stderr: stdout carries only the ready line and the final stats (tests read them).
const log = createLogger({ level: config.LOG_LEVEL, destination: pino.destination(2) });
const ledger = await openLedger(config, {
  ...(values.schema ? { schema: values.schema } : {}),
  applicationName: 'outreach-worker',
  poolSize: 12,
  log,
});
const senders: OutreachSender[] = [];
for (const channel of CHANNELS) {
  if (channel.enabled(config) && channel.outreachSender) senders.push(await channel.outreachSender({ config, ledger, log }));
}
const perSecond = values['per-second'] ? Number(values['per-second']) : undefined;
const sendLog: string[] = [];
const dispatcher = new Dispatcher({
  ledger,
  senders,
  // A stable name lets a restarted worker take back its own rows at once instead of after the lease.
  worker: values.worker ?? `${os.hostname()}:${process.pid}`,
  ...(perSecond ? { limits: { telegram: { perSecond } } } : {}),
  ...(values.concurrency ? { concurrency: Number(values.concurrency) } : {}),
  ...(values['lease-ms'] ? { leaseMs: Number(values['lease-ms']) } : {}),
  ...(values['send-log'] ? { onSendStart: (s: SendStart) => void sendLog.push(JSON.stringify({ at: s.at, chatId: s.chatId, outboxId: s.outboxId })) } : {}),
  log,
});

let closing = false;
const shutdown = async () => {
  if (closing) return;
  closing = true;
  await dispatcher.stop();
  await ledger.close();
  if (values['send-log']) writeFileSync(values['send-log'], sendLog.length ? `${sendLog.join('\n')}\n` : '');
  process.stdout.write(`${JSON.stringify({ worker: values.worker, ...dispatcher.stats })}\n`);
  process.exit(0);
};
process.on('SIGTERM', () => void shutdown());
process.on('SIGINT', () => void shutdown());

process.stdout.write(`ready\n`);
if (values['exit-when-idle']) {
  await dispatcher.runUntilIdle();
  await shutdown();
} else {
  await dispatcher.start();
}
