import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { PgliteDb } from '../../src/ledger/db.js';
import type { RecordResult } from '../../src/ledger/index.js';
import { adminClient, BACKENDS, openTestLedger, TEST_DATABASE_URL, type Backend, type TestLedger, setupSuite } from './backends.js';
import { FlakyDb, TcpProxy } from './faults.js';

const TOTAL = 1000;
const WORKERS = 16;

/** The faults one backend can suffer, fired at fixed points of the write sequence. */
interface Faults {
  /** Kill the connections under the pool mid-flight; returns how many were killed. */
  dropConnections(): Promise<number>;
  /** Make the database unreachable, and bring it back. */
  cut(): Promise<void>;
  restore(): Promise<void>;
}

describe.each(BACKENDS)('no consultation is lost when the database goes away (%s)', (kind: Backend) => {
  let t: TestLedger;
  let faults: Faults;
  let admin: pg.Client | undefined;
  let proxy: TcpProxy | undefined;
  let pgliteDir: string | undefined;
  const dropped: number[] = [];

  setupSuite(async () => {
    if (kind === 'postgres') {
      const target = new URL(TEST_DATABASE_URL);
      proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
      await proxy.open();
      const viaProxy = new URL(TEST_DATABASE_URL);
      viaProxy.hostname = '127.0.0.1';
      viaProxy.port = String(proxy.port);
      t = await openTestLedger('postgres', { databaseUrl: viaProxy.toString(), poolSize: 6 });
      admin = await adminClient();
      const p = proxy;
      faults = {
        dropConnections: async () =>
          (
            await admin!.query<{ n: number }>(
              `SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name = $1`,
              [t.applicationName],
            )
          ).rows[0]!.n,
        cut: () => p.cut(),
        restore: () => p.open(),
      };
    } else {
      pgliteDir = await mkdtemp(path.join(os.tmpdir(), 'ledger-flaky-'));
      const flaky = new FlakyDb(await PgliteDb.open(pgliteDir));
      t = await openTestLedger('pglite', { db: flaky });
      faults = {
        dropConnections: async () => {
          flaky.loseResponses(3);
          return 3;
        },
        cut: async () => {
          flaky.down = true;
        },
        restore: async () => {
          flaky.down = false;
        },
      };
    }
  });

  afterAll(async () => {
    await proxy?.open().catch(() => {});
    await t?.cleanup();
    await admin?.end();
    if (pgliteDir) await rm(pgliteDir, { recursive: true, force: true });
  });

  it(`keeps all ${TOTAL} writes, each exactly once, through dropped connections and outages`, { timeout: 120_000 }, async () => {
    // Faults fire in order as writes are issued; writers never pause for them. The later ones are
    // placed after the spool drained, so the run also shows writes going direct again in between.
    let recoveredAt = Infinity;
    const steps: { when: (i: number) => boolean; run: (i: number) => Promise<unknown> }[] = [
      { when: (i) => i >= 150, run: async () => dropped.push(await faults.dropConnections()) },
      { when: (i) => i >= 300, run: async () => dropped.push(await faults.dropConnections()) },
      { when: (i) => i >= 400, run: () => faults.cut() },
      { when: (i) => i >= 480, run: () => faults.restore() },
      { when: () => t.ledger.spooled === 0, run: async (i) => (recoveredAt = i) },
      { when: (i) => i >= recoveredAt + 60, run: async () => dropped.push(await faults.dropConnections()) },
      { when: (i) => i >= recoveredAt + 150, run: () => faults.cut() },
    ];
    let step = 0;
    const firedAt: number[] = [];
    const results: RecordResult[] = new Array(TOTAL);
    const workerOf: number[] = new Array(TOTAL);
    const faultRuns: Promise<unknown>[] = [];
    let spooledSeen = 0;
    let next = 0;

    await Promise.all(
      Array.from({ length: WORKERS }, async (_, worker) => {
        while (next < TOTAL) {
          const i = next++;
          if (step < steps.length && steps[step]!.when(i)) {
            firedAt.push(i);
            faultRuns.push(steps[step++]!.run(i));
          }
          workerOf[i] = worker;
          results[i] = await t.ledger.consultations.record({
            idempotencyKey: `outage-${i}`,
            channel: 'web',
            question: `第${i}个问题：员工主动辞职需要提前几天通知？`,
            answer: '劳动者提前三十日以书面形式通知用人单位，可以解除劳动合同。',
            citations: [{ title: '中华人民共和国劳动合同法', article: '第三十七条' }],
            confidence: 0.8,
            latencyMs: i,
          });
          spooledSeen = Math.max(spooledSeen, t.ledger.spooled);
          // Chat traffic arrives spread out, not in a tight loop: ~1,600 writes/s across the writers.
          await new Promise((r) => setTimeout(r, 10));
        }
      }),
    );
    await Promise.all(faultRuns);

    const spooled = results.filter((r) => r.status === 'spooled').length;
    const stored = results.filter((r) => r.status === 'stored').length;
    const duplicates = results.filter((r) => r.status === 'stored' && r.duplicate).length;
    console.info(`[${kind}] ${stored} stored directly (${duplicates} found already committed on retry), ${spooled} spooled; connections dropped: ${dropped.join('+')}; faults at writes ${firedAt.join(', ')}`);
    expect(spooled + stored).toBe(TOTAL);
    expect(spooled).toBeGreaterThan(0); // the outages really sent writes to the spool…
    expect(stored).toBeGreaterThan(0); // …and the rest went straight in
    expect(dropped.reduce((a, b) => a + b, 0)).toBeGreaterThan(0); // connections really were killed mid-run
    expect(spooledSeen).toBeGreaterThan(0);
    expect(firedAt).toHaveLength(steps.length);
    // Between the two outages the spool drained and writes went straight to the database again.
    expect(results.slice(recoveredAt, firedAt[6]).filter((r) => r.status === 'stored').length).toBeGreaterThan(0);
    expect(results.slice(firedAt[6]! + WORKERS).every((r) => r.status === 'spooled')).toBe(true);

    // The database comes back; the spool is replayed (the background timer may already be at it).
    await faults.restore();
    for (let attempt = 0; t.ledger.spooled > 0; attempt++) {
      expect(attempt, `${t.ledger.spooled} records still spooled after 50 replays`).toBeLessThan(50);
      try {
        await t.ledger.replaySpool();
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    expect(t.ledger.spooled).toBe(0);
    expect((await readdir(path.join(t.dataDir, 'spool'))).filter((f) => f.endsWith('.jsonl'))).toEqual([]);

    // Every one of the 1,000 keys is present exactly once.
    const rows = await t.ledger.db.query<{ id: number; key: string; latency: number }>(
      `SELECT id, idempotency_key AS key, latency_ms AS latency FROM consultations WHERE idempotency_key LIKE 'outage-%' ORDER BY id`,
    );
    expect(rows).toHaveLength(TOTAL);
    expect(new Set(rows.map((r) => r.key)).size).toBe(TOTAL);
    expect(rows.map((r) => r.latency).sort((a, b) => a - b)).toEqual(Array.from({ length: TOTAL }, (_, i) => i));
    const unique = await t.ledger.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT idempotency_key FROM consultations GROUP BY idempotency_key HAVING count(*) > 1) d`,
    );
    expect(unique[0]!.n).toBe(0);

    // Order is kept: each writer's records were stored in the order that writer wrote them.
    const idOf = new Map(rows.map((r) => [r.key, r.id]));
    for (let w = 0; w < WORKERS; w++) {
      const ids = workerOf.flatMap((ow, i) => (ow === w ? [idOf.get(`outage-${i}`)!] : []));
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
    }
    // Stored results report the id the row really has.
    for (let i = 0; i < TOTAL; i++) {
      const r = results[i]!;
      if (r.status === 'stored') expect(r.id).toBe(idOf.get(`outage-${i}`));
    }
  });
});
