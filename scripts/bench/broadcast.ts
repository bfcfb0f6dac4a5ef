/**
 * Broadcast send rate against Telegram's 30 messages/second per bot, through the real dispatcher in
 * real worker processes, into telegram-test-api, on PostgreSQL.
 *
 *   npm run bench:broadcast -- [--recipients 10000] [--workers 1,4] [--per-second 30]
 *
 * For each worker count: a fresh schema, N recipients, one notice, W worker processes. Reports, both by
 * the send-start times the workers recorded and by the emulator's receipt times: the average rate
 * (first to last message), the slowest and fastest sliding 10-second windows (the first and last
 * second left out), the busiest sliding 1-second window (must stay ≤ the limit); and duplicates and
 * lost recipients (both must be 0), slots retaken after a late wake-up, and the machine's load.
 * Needs DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import { openLedger } from '../../src/ledger/index.js';
import { cliArgs } from '../lib/args.js';
import { busiestWindow } from '../lib/windows.js';

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

function runWorker(name: string, schema: string, apiRoot: string, dataDir: string, sendLog: string): Promise<{ code: number | null; stats: Record<string, unknown> | null }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'scripts/outreach-worker.ts', '--worker', name, '--schema', schema, '--per-second', String(PER_SECOND), '--exit-when-idle', '--send-log', sendLog],
      { env: { ...process.env, DATABASE_URL, DATA_DIR: dataDir, KNOWLEDGE_DIR, TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: apiRoot, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      let stats: Record<string, unknown> | null = null;
      try {
        stats = JSON.parse(last) as Record<string, unknown>;
      } catch {
        stats = null;
      }
      resolve({ code, stats });
    });
  });
}

/**
 * Slowest and fastest sliding 10-second window (rate per second), windows slid in 10 ms steps and kept
 * inside [first + 1 s, last − 1 s] so the ramp at either end is left out.
 */
function tenSecondWindows(times: number[]): { min: number; max: number } | null {
  const first = times[0]! + 1000;
  const last = times[times.length - 1]! - 1000;
  if (last - first < 10_000) return null;
  let min = Infinity;
  let max = 0;
  let lo = 0;
  let hi = 0;
  for (let start = first; start + 10_000 <= last; start += 10) {
    while (lo < times.length && times[lo]! < start) lo++;
    while (hi < times.length && times[hi]! < start + 10_000) hi++;
    const n = hi - lo;
    min = Math.min(min, n);
    max = Math.max(max, n);
  }
  return { min: min / 10, max: max / 10 };
}

function summary(times: number[]) {
  const t = [...times].sort((a, b) => a - b);
  const seconds = (t[t.length - 1]! - t[0]!) / 1000;
  const w = tenSecondWindows(t);
  let longestGapMs = 0;
  for (let i = 1; i < t.length; i++) longestGapMs = Math.max(longestGapMs, t[i]! - t[i - 1]!);
  return {
    seconds: Number(seconds.toFixed(1)),
    rate: Number(((t.length - 1) / seconds).toFixed(2)),
    min10s: w ? w.min : null,
    max10s: w ? w.max : null,
    max1s: busiestWindow(t, 1000),
    longestGapMs: Math.round(longestGapMs),
  };
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

    const loadBefore = os.loadavg().map((x) => Number(x.toFixed(2)));
    const logs = Array.from({ length: workers }, (_, i) => path.join(dataDir, `sends-w${i + 1}.jsonl`));
    const ran = await Promise.all(logs.map((log, i) => runWorker(`bench-w${i + 1}`, schema, `http://127.0.0.1:${port}`, dataDir, log)));
    const loadAfter = os.loadavg().map((x) => Number(x.toFixed(2)));
    const stats = await ledger.outbox.stats(notice.id);
    await ledger.close();

    // Send starts as the dispatchers recorded them, and receipt times as the emulator stored them.
    const starts: number[] = [];
    const startByChat = new Map<string, number>();
    for (const log of logs) {
      for (const line of (await readFile(log, 'utf8')).split('\n')) {
        if (!line) continue;
        const s = JSON.parse(line) as { at: number; chatId: string };
        starts.push(s.at);
        startByChat.set(s.chatId, s.at);
      }
    }
    // How long after its send start each message was stamped by the emulator (its event loop included).
    const lags = server.storage.botMessages
      .map((m) => m.time - (startByChat.get(String(m.message.chat_id)) ?? NaN))
      .filter((x) => Number.isFinite(x))
      .sort((a, b) => a - b);
    const pct = (q: number) => Math.round(lags[Math.min(lags.length - 1, Math.floor(q * lags.length))] ?? NaN);
    const received = server.storage.botMessages.map((m) => m.time);
    const perChat = new Map<string, number>();
    for (const m of server.storage.botMessages) perChat.set(String(m.message.chat_id), (perChat.get(String(m.message.chat_id)) ?? 0) + 1);
    const duplicates = [...perChat.values()].reduce((s, n) => s + Math.max(0, n - 1), 0);
    const lost = N - perChat.size;
    return {
      workers, recipients: N, delivered: received.length, duplicates, lost,
      exitCodes: ran.map((r) => r.code),
      lateSlots: ran.reduce((s, r) => s + Number(r.stats?.['lateSlots'] ?? 0), 0),
      bySendStart: summary(starts), byReceipt: summary(received),
      receiptLagMs: { p50: pct(0.5), p99: pct(0.99), max: pct(1) },
      load: { before: loadBefore, after: loadAfter }, outbox: stats,
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
  process.stderr.write(`running ${N} recipients with ${w} worker(s), limit ${PER_SECOND}/s …\n`);
  const r = await runOnce(w);
  results.push(r);
  process.stdout.write(`${JSON.stringify(r)}\n`);
}
process.stdout.write(
  `\n| workers | recipients | by | seconds | average /s | slowest 10 s | fastest 10 s | busiest sliding 1 s | duplicates | lost | late slots retaken | load 1 min (before → after) |\n` +
    `| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n`,
);
for (const r of results) {
  for (const [by, s] of [['send start', r.bySendStart], ['receipt', r.byReceipt]] as const) {
    process.stdout.write(
      `| ${r.workers} | ${r.recipients} | ${by} | ${s.seconds} | ${s.rate} | ${s.min10s ?? '-'} | ${s.max10s ?? '-'} | ${s.max1s} | ${r.duplicates} | ${r.lost} | ${r.lateSlots} | ${r.load.before[0]} → ${r.load.after[0]} |\n`,
    );
  }
}
process.stdout.write(`\nlimit ${PER_SECOND}/s per bot (busiest sliding 1 s must stay ≤ ${PER_SECOND}); target ≥ 28/s in every 10 s window, zero duplicates, none lost\n`);
