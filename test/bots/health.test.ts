import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { webApp } from '../../bots/web/server.js';
import { PgliteDb } from '../../src/ledger/db.js';
import { shippedRetriever } from '../helpers/kb.js';
import { BACKENDS, openTestLedger, setupSuite, TEST_DATABASE_URL, type Backend, type TestLedger } from '../ledger/backends.js';
import { FlakyDb, TcpProxy } from '../ledger/faults.js';

interface Health {
  ok: boolean;
  database: { ok: boolean; kind: string; spooled: number; error?: string };
  searchIndex: { ok: boolean; articles: number; cards: number };
  channels: Record<string, boolean>;
}

/** /healthz reports each dependency, and answers 503 while the database is away. */
describe.each(BACKENDS)('/healthz on %s', (kind: Backend) => {
  let t: TestLedger;
  let cut: () => Promise<void>;
  let restore: () => Promise<void>;
  let proxy: TcpProxy | undefined;
  let pgliteDir: string | undefined;

  setupSuite(async () => {
    if (kind === 'postgres') {
      const target = new URL(TEST_DATABASE_URL);
      proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
      await proxy.open();
      const via = new URL(TEST_DATABASE_URL);
      via.hostname = '127.0.0.1';
      via.port = String(proxy.port);
      t = await openTestLedger('postgres', { databaseUrl: via.toString(), poolSize: 2 });
      const p = proxy;
      cut = () => p.cut();
      restore = () => p.open();
    } else {
      pgliteDir = await mkdtemp(path.join(os.tmpdir(), 'healthz-'));
      const flaky = new FlakyDb(await PgliteDb.open(pgliteDir));
      t = await openTestLedger('pglite', { db: flaky });
      cut = async () => void (flaky.down = true);
      restore = async () => void (flaky.down = false);
    }
  });

  afterAll(async () => {
    await proxy?.open().catch(() => {});
    await t?.cleanup();
    if (pgliteDir) await rm(pgliteDir, { recursive: true, force: true });
  });

  it('says ok with each dependency, then 503 naming the database while it is down, then ok again', { timeout: 30_000 }, async () => {
    const app = webApp({ retriever: await shippedRetriever(), health: { ledger: t.ledger, channels: { web: true, telegram: false, wechat: false } } });
    const up = await app.request('/healthz');
    expect(up.status).toBe(200);
    const body = (await up.json()) as Health;
    expect(body).toMatchObject({ ok: true, database: { ok: true, kind, spooled: 0 }, searchIndex: { ok: true }, channels: { web: true, telegram: false, wechat: false } });
    expect(body.searchIndex.articles).toBeGreaterThan(1000);

    await cut();
    const started = Date.now();
    const down = await app.request('/healthz');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(down.status).toBe(503);
    const downBody = (await down.json()) as Health;
    expect(downBody.ok).toBe(false);
    expect(downBody.database.ok).toBe(false);
    expect(downBody.database.error).toMatch(/数据库/);
    expect(downBody.searchIndex.ok).toBe(true);

    await restore();
    expect((await app.request('/healthz')).status).toBe(200);
  });
});
