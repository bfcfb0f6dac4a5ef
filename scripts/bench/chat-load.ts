/**
 * npm run bench:chat-load — the web chat under load: `npm start` on embedded defaults (PGlite, offline
 * answerer) as a child process on a free port, 50 concurrent clients posting unique questions to
 * POST /api/chat (each waits for its whole NDJSON answer, then asks the next), once for a fixed time
 * and once while the office console rebuilds the search index (a document saved through the console,
 * rebuilt in a worker thread). Prints requests/s, p50, p95 and errors for each. Bounded: under 2 minutes.
 *
 *   npm run bench:chat-load -- [--clients 50] [--seconds 20]
 *
 * Both message limits (per contact, per address) are lifted for the run: every client is 127.0.0.1,
 * and the point is throughput, not the limits. The knowledge folder is a temporary copy (the saved
 * document never reaches knowledge/).
 */
import { readFileSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { cliArgs } from '../lib/args.js';
import { startBenchProduct, type BenchProduct } from '../lib/bench-product.js';

const { values } = cliArgs({ clients: { type: 'string', default: '50' }, seconds: { type: 'string', default: '20' } }, 'npm run bench:chat-load -- [--clients 50] [--seconds 20]');
const CLIENTS = Math.max(1, Math.min(500, Number(values.clients) || 50));
const PHASE_MS = Math.max(2, Math.min(30, Number(values.seconds) || 20)) * 1000;
/** The longest the index rebuild phase may take before it is cut short. */
const REBUILD_PHASE_MAX_MS = 50_000;
const HARD_LIMIT_MS = 118_000;
const PASSWORD = 'Bench-pass-2025';

const started = performance.now();
const root = await mkdtemp(path.join(os.tmpdir(), 'bench-chat-load-'));
let product: BenchProduct | undefined;

async function cleanup(): Promise<void> {
  await product?.stop();
  await rm(root, { recursive: true, force: true });
}

const hardStop = setTimeout(() => {
  process.stderr.write(`负载测试超过 ${HARD_LIMIT_MS / 1000} 秒，已中止。\n`);
  void cleanup().finally(() => process.exit(1));
}, HARD_LIMIT_MS);
hardStop.unref();



// ---- the product, on a private copy of the knowledge folder and a fresh embedded database ----
const knowledgeDir = path.join(root, 'knowledge');
await cp(path.resolve('knowledge'), knowledgeDir, { recursive: true });
product = await startBenchProduct(root, {
  password: PASSWORD,
  env: { KNOWLEDGE_DIR: knowledgeDir, RATE_LIMIT_PER_MINUTE: '1000000', RATE_LIMIT_PER_ADDRESS: '1000000' },
});
const { base } = product;
const startupS = ((performance.now() - started) / 1000).toFixed(1);

// ---- load ----
const questions = readFileSync('test/eval/questions.jsonl', 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { question: string }).question);
let seq = 0;

interface Sample {
  ms: number;
  ok: boolean;
  /** What went wrong: HTTP status, "apology" (the engine's error reply), "truncated", or the network error. */
  error?: string;
}

/** One visitor: the server's cookie, kept from the first answer on, is who it is. */
async function client(keepGoing: () => boolean, samples: Sample[]): Promise<void> {
  let cookie = '';
  while (keepGoing()) {
    const n = ++seq;
    // A number no one else sends makes every question unique: the answer cache never serves it.
    const text = `${questions[n % questions.length]}（咨询编号 ${n}）`;
    const t0 = performance.now();
    let ok = false;
    let error: string | undefined;
    try {
      const res = await fetch(`${base}/api/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
        body: JSON.stringify({ messageId: `m${n}`, text }),
      });
      const set = res.headers.getSetCookie();
      if (set.length) cookie = set.map((c) => c.split(';')[0]).join('; ');
      const body = await res.text();
      ok = res.status === 200 && body.includes('"done":true') && !body.includes('"kind":"error"');
      if (!ok) error = res.status !== 200 ? `HTTP ${res.status}` : body.includes('"kind":"error"') ? 'apology' : 'truncated';
    } catch (err) {
      error = ((err as Error).cause as Error | undefined)?.message ?? (err as Error).message;
    }
    samples.push({ ms: performance.now() - t0, ok, ...(error ? { error } : {}) });
  }
}

async function phase(clients: number, keepGoing: () => boolean): Promise<{ samples: Sample[]; seconds: number }> {
  const samples: Sample[] = [];
  const t0 = performance.now();
  await Promise.all(Array.from({ length: clients }, () => client(keepGoing, samples)));
  return { samples, seconds: (performance.now() - t0) / 1000 };
}

function summary(name: string, r: { samples: Sample[]; seconds: number }, extra = ''): string {
  const ms = r.samples.map((s) => s.ms).sort((a, b) => a - b);
  const pct = (p: number) => (ms.length ? ms[Math.min(ms.length - 1, Math.floor((p / 100) * ms.length))]! : NaN);
  const failed = r.samples.filter((s) => !s.ok);
  const kinds = new Map<string, number>();
  for (const f of failed) kinds.set(f.error ?? '?', (kinds.get(f.error ?? '?') ?? 0) + 1);
  const why = kinds.size ? ` (${[...kinds].map(([k, n]) => `${k}: ${n}`).join(', ')})` : '';
  return `${name.padEnd(24)} ${String(r.samples.length).padStart(6)} requests in ${r.seconds.toFixed(1)} s: ${(r.samples.length / r.seconds).toFixed(1)} requests/s, p50 ${pct(50).toFixed(0)} ms, p95 ${pct(95).toFixed(0)} ms, errors ${failed.length}${why}${extra}`;
}

try {
  // Warm-up (not counted): the answer layer's first calls, the database's first writes.
  const warm = performance.now() + 3_000;
  await phase(Math.min(10, CLIENTS), () => performance.now() < warm);

  const steadyUntil = performance.now() + PHASE_MS;
  const steady = await phase(CLIENTS, () => performance.now() < steadyUntil);

  // ---- an index rebuild through the console: sign in, upload a document, save it ----
  const login = await fetch(`${base}/office/login`);
  const loginCookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const loginCsrf = /name="_csrf" value="([^"]+)"/.exec(await login.text())![1]!;
  const signed = await fetch(`${base}/office/login`, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: loginCookie },
    body: new URLSearchParams({ _csrf: loginCsrf, username: 'bench', password: PASSWORD, next: '/office' }).toString(),
  });
  const session = signed.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const home = await (await fetch(`${base}/office/knowledge`, { headers: { cookie: session } })).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(home)![1]!;
  const form = new FormData();
  form.set('_csrf', csrf);
  form.set('version', '2026-12-01');
  form.set('issuer', '负载测试');
  form.set('file', new File([`负载测试临时文件${Date.now()}\n一、适用范围。本文件仅用于负载测试。\n二、有效期。测试结束即删除。\n`], '负载测试.txt', { type: 'text/plain' }));
  const preview = await (await fetch(`${base}/office/knowledge/preview`, { method: 'POST', body: form, headers: { cookie: session } })).text();
  const uploadId = /name="id" value="([^"]+)"/.exec(preview)?.[1];
  if (!uploadId) throw new Error('the console did not accept the document');
  const rebuildStarted = performance.now();
  const save = await fetch(`${base}/office/knowledge/save`, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: session },
    body: new URLSearchParams({ _csrf: csrf, id: uploadId }).toString(),
  });
  if (save.status !== 303) throw new Error(`saving the document failed: ${save.status}`);
  let rebuilding = true;
  let rebuildMessage = '';
  const watch = (async () => {
    while (rebuilding) {
      const s = (await (await fetch(`${base}/office/api/knowledge/status`, { headers: { cookie: session } })).json()) as { running: unknown; last: { ok: boolean; message: string } | null };
      if (!s.running && s.last) {
        rebuilding = false;
        rebuildMessage = s.last.message;
        break;
      }
      if (performance.now() - rebuildStarted > REBUILD_PHASE_MAX_MS) break;
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
  const during = await phase(CLIENTS, () => rebuilding && performance.now() - rebuildStarted < REBUILD_PHASE_MAX_MS);
  await watch;
  const rebuildS = ((performance.now() - rebuildStarted) / 1000).toFixed(1);

  console.log(`web chat load: ${CLIENTS} concurrent clients, unique questions, npm start on PGlite and the offline answerer (${os.cpus().length} cores, Node ${process.version}; server up in ${startupS} s)`);
  console.log(summary('steady', steady));
  console.log(summary('during index rebuild', during, rebuilding ? `; rebuild still running after ${rebuildS} s (phase cut short)` : `; rebuild took ${rebuildS} s: ${rebuildMessage}`));
} finally {
  clearTimeout(hardStop);
  await cleanup();
}
