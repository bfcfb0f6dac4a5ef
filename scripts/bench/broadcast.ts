/**
 * Broadcast send rate against Telegram's 30 messages/second per bot, through the real dispatcher in
 * real worker processes, into telegram-test-api, on PostgreSQL.
 *
 *   npm run bench:broadcast -- [--recipients 10000] [--workers 1,4] [--per-second 30]
 *
 * For each worker count: a fresh schema, N recipients, one notice, W worker processes. Reports the
 * rate from the emulator's own timestamps (first to last message), the slowest and fastest
 * 10-second windows, the busiest single second (must stay ≤ the limit) and duplicates (must be 0).
 * Needs DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import { openLedger } from '../../src/ledger/index.js';
import { cliArgs } from '../lib/args.js';

const { values } = cliArgs(
  { recipients: { type: 'string', default: '10000' }, workers: { type: 'string', default: '1,4' }, 'per-second': { type: 'string', default: '30' } },
  'npm run bench:broadcast -- [--recipients 10000] [--workers 1,4] [--per-second 30]',
);
const N = Number(values.recipients);
const WORKERS = values.workers.split(',').map(Number);
const PER_SECOND = Number(values['per-second']);
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const TOKEN = '777000:bench';
const KNOWLEDGE_DIR = path.resolve('knowledge');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

function runWorker(name: string, schema: string, apiRoot: string, dataDir: string): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'scripts/outreach-worker.ts', '--worker', name, '--schema', schema, '--per-second', String(PER_SECOND), '--exit-when-idle'],
      { env: { ...process.env, DATABASE_URL, DATA_DIR: dataDir, KNOWLEDGE_DIR, TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: apiRoot, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    child.on('exit', (code) => resolve(code));
  });
}

async function runOnce(workers: number) {
  const schema = `bench_broadcast_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'bench-broadcast-'));
  const port = await freePort();
  const server = new TelegramServer({ port, host: '127.0.0.1', storeTimeout: 3600 });
  await server.start();
  try {
    const ledger = await openLedger({ DATABASE_URL, dataDir, knowledgeDir: KNOWLEDGE_DIR, CHAT_RETENTION_DAYS: 0 }, { schema });
    // Bench setup only: N chat contacts in one statement.
    await ledger.db.query(
      `INSERT INTO contacts (channel, external_id, display_name) SELECT 'telegram', (800000 + g)::text, '联系人' || g FROM generate_series(1, $1::int) g`,
      [N],
    );
    const contacts = await ledger.db.query<{ id: number }>(`SELECT id FROM contacts ORDER BY id`);
    const notice = await ledger.notices.create({ title: '压测通知', body: '这是一条发送速率测试消息。' });
    await ledger.outbox.enqueue({ noticeId: notice.id, recipients: contacts.map((c) => ({ contactId: c.id, channel: 'telegram' as const })) });

    const codes = await Promise.all(Array.from({ length: workers }, (_, i) => runWorker(`bench-w${i + 1}`, schema, `http://127.0.0.1:${port}`, dataDir)));
    const stats = await ledger.outbox.stats(notice.id);
    await ledger.close();

    const times = server.storage.botMessages.map((m) => m.time).sort((a, b) => a - b);
    const perChat = new Map<string, number>();
    for (const m of server.storage.botMessages) perChat.set(String(m.message.chat_id), (perChat.get(String(m.message.chat_id)) ?? 0) + 1);
    const duplicates = [...perChat.values()].reduce((s, n) => s + Math.max(0, n - 1), 0);
    const missing = N - perChat.size;
    const first = times[0]!;
    const last = times[times.length - 1]!;
    const rate = (times.length - 1) / ((last - first) / 1000);
    // Busiest sliding 1-second window, and slowest/fastest full 10-second windows.
    let busiest = 0;
    let busiestAt = 0;
    for (let i = 0, j = 0; i < times.length; i++) {
      while (times[i]! - times[j]! >= 1000) j++;
      if (i - j + 1 > busiest) {
        busiest = i - j + 1;
        busiestAt = times[j]! - first;
      }
    }
    // Whole clock seconds (how a per-second counter on the server side would see it).
    const buckets = new Map<number, number>();
    for (const t of times) buckets.set(Math.floor(t / 1000), (buckets.get(Math.floor(t / 1000)) ?? 0) + 1);
    const busiestClockSecond = Math.max(...buckets.values());
    const windows: number[] = [];
    for (let start = first; start + 10_000 <= last; start += 10_000) windows.push(times.filter((t) => t >= start && t < start + 10_000).length / 10);
    return {
      workers, recipients: N, delivered: times.length, duplicates, missing, exitCodes: codes,
      seconds: Number(((last - first) / 1000).toFixed(1)), rate: Number(rate.toFixed(2)),
      slowest10s: windows.length ? Math.min(...windows) : null, fastest10s: windows.length ? Math.max(...windows) : null,
      busiestSecond: busiest, busiestAtMs: busiestAt, busiestClockSecond, outbox: stats,
    };
  } finally {
    await server.stop();
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const results = [];
for (const w of WORKERS) {
  process.stderr.write(`running ${N} recipients with ${w} worker(s) at ${PER_SECOND}/s …\n`);
  const r = await runOnce(w);
  results.push(r);
  process.stdout.write(`${JSON.stringify(r)}\n`);
}
process.stdout.write(`\n| workers | recipients | seconds | rate /s | slowest 10 s | busiest sliding 1 s | busiest clock second | duplicates | missing |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n`);
for (const r of results) {
  process.stdout.write(`| ${r.workers} | ${r.recipients} | ${r.seconds} | ${r.rate} | ${r.slowest10s ?? '-'} | ${r.busiestSecond} | ${r.busiestClockSecond} | ${r.duplicates} | ${r.missing} |\n`);
}
process.stdout.write(`\nlimit ${PER_SECOND}/s per bot; target ≥ 28/s sustained, zero duplicates\n`);
