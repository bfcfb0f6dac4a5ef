/**
 * Sustained consultation writes per second, on PostgreSQL and on PGlite, through the same path the
 * engine uses: ledger.consultations.record() with a realistic question, answer and citations. Each
 * record() resolves only after its row committed (the recorder coalesces concurrent calls into
 * multi-row INSERTs). Every row is counted back at the end.
 *
 *   npm run bench:ledger -- [--seconds 10] [--concurrency 64] [--only postgres|pglite] [--max-batch 1]
 *   (--max-batch 1 turns coalescing off: one INSERT statement and commit per write)
 *   env BENCH_DATABASE_URL (default: DATABASE_URL, else postgres://postgres@127.0.0.1:5432/test)
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openLedger, type Ledger } from '../../src/ledger/index.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '64' },
    only: { type: 'string' },
    'max-batch': { type: 'string' },
  },
});
const seconds = Number(values.seconds);
const concurrency = Number(values.concurrency);
const maxBatch = values['max-batch'] ? Number(values['max-batch']) : undefined;
// Without coalescing, let as many statements run at once as there are callers (bounded by the pool).
const recorder = maxBatch ? { maxBatch, maxConcurrentWrites: maxBatch === 1 ? concurrency : 4 } : {};
const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const ANSWER = `根据《中华人民共和国劳动合同法》第十九条，劳动合同期限三个月以上不满一年的，试用期不得超过一个月；劳动合同期限一年以上不满三年的，试用期不得超过二个月；三年以上固定期限和无固定期限的劳动合同，试用期不得超过六个月。同一用人单位与同一劳动者只能约定一次试用期。`.repeat(2);

async function run(name: string, ledger: Ledger): Promise<void> {
  const e = await ledger.enterprises.ensure({
    name: '洛阳基准测试制造有限公司', uscc: '91410305000012343Y', industry: 'C', district: '涧西区', headcountCurrent: 80,
  });
  const contact = await ledger.contacts.upsert({ channel: 'wechat', externalId: 'bench-user', enterpriseId: e.enterprise.id, role: 'hr' });
  const before = await ledger.consultations.count();
  const latencies: number[] = [];
  let written = 0;
  const deadline = Date.now() + seconds * 1000;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let i = 0; Date.now() < deadline; i++) {
        const start = performance.now();
        const r = await ledger.consultations.record({
          idempotencyKey: `bench-${name}-${worker}-${i}`,
          channel: 'wechat',
          contactId: contact.id,
          enterpriseId: e.enterprise.id,
          question: `试用期最长可以约定多久？我们和员工签了两年合同（第${i}次）`,
          answer: ANSWER,
          citations: [{ title: '中华人民共和国劳动合同法', article: '第十九条' }, { title: '中华人民共和国劳动合同法实施条例', article: '第十五条' }],
          confidence: 0.86,
          latencyMs: 420,
        });
        if (r.status !== 'stored') throw new Error(`write ${r.idempotencyKey} was spooled: the database is not keeping up or is unreachable`);
        latencies.push(performance.now() - start);
        written++;
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  const stored = (await ledger.consultations.count()) - before;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))]!.toFixed(1);
  console.log(
    `${name.padEnd(10)} ${String(Math.round(written / elapsed)).padStart(6)} writes/s  ` +
      `(${written} writes in ${elapsed.toFixed(1)} s, ${concurrency} concurrent callers, record() latency p50 ${pct(0.5)} ms p99 ${pct(0.99)} ms, rows counted back: ${stored})`,
  );
  if (stored !== written) throw new Error(`${name}: ${written} writes acknowledged but ${stored} rows stored`);
}

const tmp = await mkdtemp(path.join(os.tmpdir(), 'bench-ledger-'));
const base = { dataDir: tmp, knowledgeDir: path.resolve('knowledge'), CHAT_RETENTION_DAYS: 0 };
console.log(
  `ledger write benchmark: ${seconds} s per backend, ${os.cpus().length} CPUs, node ${process.version}, ` +
    (maxBatch ? `at most ${maxBatch} row(s) per INSERT` : 'concurrent writes coalesced into multi-row INSERTs'),
);
try {
  if (values.only !== 'pglite') {
    const schema = `bench_${Math.random().toString(36).slice(2, 10)}`;
    const admin = new pg.Client({ connectionString: pgUrl });
    await admin.connect();
    const [{ server_version: v, synchronous_commit: sc }] = (
      await admin.query('SELECT current_setting(\'server_version\') AS server_version, current_setting(\'synchronous_commit\') AS synchronous_commit')
    ).rows;
    await admin.query(`CREATE SCHEMA ${schema}`);
    try {
      const ledger = await openLedger({ ...base, DATABASE_URL: pgUrl }, { schema, poolSize: 8, spoolDir: path.join(tmp, 'spool-pg'), recorder });
      console.log(`postgres   server ${v}, synchronous_commit=${sc}`);
      await run('postgres', ledger);
      await ledger.close();
    } finally {
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    }
  }
  if (values.only !== 'postgres') {
    const ledger = await openLedger({ ...base, DATABASE_URL: undefined }, { spoolDir: path.join(tmp, 'spool-pglite'), recorder });
    await run('pglite', ledger);
    await ledger.close();
  }
} finally {
  await rm(tmp, { recursive: true, force: true });
}
