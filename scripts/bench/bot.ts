/**
 * Messages per second end to end through the Telegram adapter: telegram-test-api users (in a worker
 * thread, see bot-load.ts) send questions; the real grammY bot (runner, sequential per chat) long-polls
 * them, the engine answers with the offline answerer and records each consultation in PostgreSQL, the
 * bot sends the answer back. Each user sends the next question when the previous answer arrived
 * (closed loop), so latency is what a user waits.
 *
 *   npm run bench:bot -- [--users 100] [--messages 20] [--warmup 2] [--no-cache]
 *   [--no-throttle]
 *   (--no-cache: every message runs retrieval; by default offline answers are memoised, as npm start does.
 *    --no-throttle: leave the throttler transformer out; by default it is in the path, with its limits open)
 *   env BENCH_DATABASE_URL (default: DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test)
 *
 * Telegram's own limits (30 messages/s per bot, 1/s per chat) are what the throttler enforces in
 * production; they would make this a benchmark of the throttler, so it runs with the throttler open.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import pg from 'pg';
import { createTelegramBot } from '../../bots/telegram/bot.js';
import { openAnswerer } from '../../src/answer/index.js';
import { Assistant, CachedAnswerer } from '../../src/assistant/index.js';
import { loadConfig } from '../../src/config.js';
import { openLedger } from '../../src/ledger/index.js';
import type { LoadMessage, LoadParams } from './bot-load.js';

const { values } = parseArgs({
  options: { 'no-cache': { type: 'boolean', default: false }, 'no-throttle': { type: 'boolean', default: false }, users: { type: 'string', default: '100' }, messages: { type: 'string', default: '20' }, warmup: { type: 'string', default: '2' } },
});
const params: LoadParams = { token: '999999:BENCH-bot', users: Number(values.users), messages: Number(values.messages), warmup: Number(values.warmup) };
const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const schema = `bench_bot_${Date.now().toString(36)}`;
const admin = new pg.Client({ connectionString: pgUrl });
await admin.connect();
await admin.query(`CREATE SCHEMA ${schema}`);
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'bench-bot-'));
// Offline answerer on purpose (no OPENAI_* passed): the bench measures the bot, not a remote model.
const config = loadConfig({ DATABASE_URL: pgUrl, DATA_DIR: dataDir });
const [{ answerer }, ledger] = await Promise.all([openAnswerer(config), openLedger(config, { schema, poolSize: 16, applicationName: schema })]);

// Worker threads do not inherit tsx's loader: register it inside the worker, then load the TypeScript file.
const loadUrl = new URL('./bot-load.ts', import.meta.url).href;
const worker = new Worker(
  `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(loadUrl)}); })`,
  { eval: true, workerData: params },
);
const next = () => new Promise<LoadMessage>((resolve, reject) => {
  worker.once('message', resolve);
  worker.once('error', reject);
});
const ready = await next();
if (ready.type !== 'ready') throw new Error('load worker did not start');

const cached = !values['no-cache'];
const assistant = new Assistant({ answerer: cached ? new CachedAnswerer(answerer) : answerer, ledger, rateLimitPerMinute: 1_000_000 });
const tg = await createTelegramBot(assistant, { token: params.token, apiRoot: ready.apiURL, idlePollMs: 2, throttle: values['no-throttle'] ? false : { global: {}, group: {}, out: {} } });
const runner = tg.startPolling();

const finished = next();
worker.postMessage('go');
const result = await finished;
if (result.type !== 'done') throw new Error('load worker failed');
await runner.stop();
const stored = await ledger.consultations.count();

const lat = result.latencies.sort((a, b) => a - b);
const pct = (p: number) => lat[Math.min(lat.length - 1, Math.floor((p / 100) * lat.length))]!;
const total = params.users * params.messages;
console.log(`bench:bot  ${params.users} users × ${params.messages} questions = ${total} messages through grammY + telegram-test-api + PostgreSQL, answers ${cached ? 'memoised' : 'not memoised (--no-cache)'}, throttler ${values['no-throttle'] ? 'left out' : 'in the path, limits open'}`);
console.log(`  throughput  ${(total / result.seconds).toFixed(1)} messages/s  (${result.seconds.toFixed(2)} s)`);
console.log(`  latency     p50 ${pct(50).toFixed(1)} ms   p95 ${pct(95).toFixed(1)} ms   p99 ${pct(99).toFixed(1)} ms   max ${lat.at(-1)!.toFixed(1)} ms`);
console.log(`  ledger      ${stored} consultations recorded (expected ${result.sent}, warm-up included)`);

await worker.terminate();
await ledger.close();
await admin.query(`DROP SCHEMA ${schema} CASCADE`);
await admin.end();
await rm(dataDir, { recursive: true, force: true });
if (stored !== result.sent) process.exitCode = 1;
