/**
 * npm run bench:scale-out — the web chat on one process and on two, each time behind the same kind of
 * nginx (round-robin, no stickiness) on PostgreSQL, side by side in one run: messages/s, p50 and p95.
 *
 *   npm run bench:scale-out -- [--clients 20] [--seconds 20]
 *
 * DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test) names the server; each configuration
 * gets a schema of its own, dropped afterwards. Every client is its own web visitor (its cookie) posting
 * questions from the team's evaluation set, made unique so that the answer memo never serves them, and
 * waits for the whole answer before the next one (closed loop). Every message goes through the shared
 * state of issue 15: the chat's lock, its session read and written, the per-contact limit, the ledger.
 * Both message limits are lifted for the run (all clients are 127.0.0.1).
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { cliArgs } from '../lib/args.js';
import { startCluster, urlWithSchema, type Cluster } from '../lib/cluster.js';

const { values } = cliArgs(
  { clients: { type: 'string', default: '20' }, seconds: { type: 'string', default: '20' } },
  'npm run bench:scale-out -- [--clients 20] [--seconds 20]',
);
const CLIENTS = Math.max(1, Math.min(200, Number(values.clients) || 20));
const MEASURE_MS = Math.max(5, Math.min(120, Number(values.seconds) || 20)) * 1000;
const WARMUP_MS = 3_000;
const DATABASE_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

const questions = readFileSync('test/eval/questions.jsonl', 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { question: string }).question);
const indexDir = [path.resolve('data/index'), path.resolve('node_modules/.cache/yg-test-data/index')].find((d) => existsSync(d));

interface Sample {
  ms: number;
  ok: boolean;
  at: number;
}

let seq = 0;

/** One visitor, closed loop: post, read the whole NDJSON answer, post again. */
async function client(url: string, until: () => boolean, samples: Sample[]): Promise<void> {
  let cookie = '';
  while (!until()) {
    const n = ++seq;
    const text = `${questions[n % questions.length]}（咨询编号 ${n}）`;
    const t0 = performance.now();
    let ok = false;
    try {
      const res = await fetch(`${url}/api/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
        body: JSON.stringify({ messageId: `b${n}`, text }),
      });
      const set = res.headers.getSetCookie();
      if (set.length) cookie = set.map((c) => c.split(';')[0]).join('; ');
      const body = await res.text();
      ok = res.status === 200 && body.includes('"done":true') && !body.includes('"kind":"error"');
    } catch {
      ok = false;
    }
    const t1 = performance.now();
    samples.push({ ms: t1 - t0, ok, at: t1 });
  }
}

function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

async function measure(processes: number): Promise<{ rate: number; p50: number; p95: number; errors: number; n: number; startS: number }> {
  const schema = `bench_scale_${processes}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const root = await mkdtemp(path.join(os.tmpdir(), `bench-scale-out-${processes}-`));
  let cluster: Cluster | undefined;
  const started = performance.now();
  try {
    cluster = await startCluster({
      processes, databaseUrl: urlWithSchema(DATABASE_URL, schema), root, ...(indexDir ? { indexDir } : {}),
      env: { LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '1000000', RATE_LIMIT_PER_ADDRESS: '1000000' },
    });
    const startS = (performance.now() - started) / 1000;
    const samples: Sample[] = [];
    const t0 = performance.now();
    const end = t0 + WARMUP_MS + MEASURE_MS;
    await Promise.all(Array.from({ length: CLIENTS }, () => client(cluster!.url, () => performance.now() >= end, samples)));
    const window = samples.filter((s) => s.at >= t0 + WARMUP_MS && s.at <= end);
    const ok = window.filter((s) => s.ok).map((s) => s.ms).sort((a, b) => a - b);
    return { rate: ok.length / (MEASURE_MS / 1000), p50: quantile(ok, 0.5), p95: quantile(ok, 0.95), errors: window.length - ok.length, n: window.length, startS };
  } finally {
    await cluster?.stop();
    await admin.query(`DROP SCHEMA ${schema} CASCADE`).catch(() => undefined);
    await admin.end();
    await rm(root, { recursive: true, force: true });
  }
}

const load0 = os.loadavg()[0]!;
const one = await measure(1);
const two = await measure(2);
const load1 = os.loadavg()[0]!;

const row = (label: string, r: Awaited<ReturnType<typeof measure>>) =>
  `| ${label} | ${r.rate.toFixed(1)} | ${r.p50.toFixed(0)} ms | ${r.p95.toFixed(0)} ms | ${r.errors} / ${r.n} | ${r.startS.toFixed(1)} s |`;
process.stdout.write(
  [
    `web chat through nginx (round-robin) on PostgreSQL, ${CLIENTS} concurrent visitors, ${MEASURE_MS / 1000} s each after ${WARMUP_MS / 1000} s warm-up; ${os.cpus().length} cores, load ${load0.toFixed(2)} → ${load1.toFixed(2)}`,
    '',
    '| processes | messages/s | p50 | p95 | errors | start-up |',
    '| --- | --- | --- | --- | --- | --- |',
    row('1', one),
    row('2', two),
    '',
  ].join('\n'),
);
