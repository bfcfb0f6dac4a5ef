import { afterAll, describe, expect, it } from 'vitest';
import { webApp } from '../../bots/web/server.js';
import { shippedRetriever } from '../helpers/kb.js';
import { BACKENDS, setupSuite, type Backend, type TestLedger } from '../ledger/backends.js';
import { openSwitchableLedger, type SwitchableLedger } from '../ledger/switchable.js';

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
  let db: SwitchableLedger;

  setupSuite(async () => {
    db = await openSwitchableLedger(kind, { poolSize: 2, tmpPrefix: 'healthz-' });
    ({ t, cut, restore } = db);
  });

  afterAll(async () => {
    await db?.close();
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
