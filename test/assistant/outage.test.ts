import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Assistant, type IncomingMessage } from '../../src/assistant/index.js';
import { PgliteDb } from '../../src/ledger/db.js';
import { offlineAnswerer } from '../helpers/answerer.js';
import { BACKENDS, openTestLedger, setupSuite, TEST_DATABASE_URL, type Backend, type TestLedger } from '../ledger/backends.js';
import { FlakyDb, TcpProxy } from '../ledger/faults.js';

/**
 * A new visitor's first message while the database is away: answered, and its consultation spooled like
 * any other (with who sent it), then written with its contact once the database is back.
 */
describe.each(BACKENDS)('a new visitor during a database outage (%s)', (kind: Backend) => {
  let t: TestLedger;
  let assistant: Assistant;
  let cut: () => Promise<void>;
  let restore: () => Promise<void>;
  let proxy: TcpProxy | undefined;
  let pgliteDir: string | undefined;
  let seq = 0;
  const msg = (sender: string, text: string): IncomingMessage => ({
    channel: 'web', chatId: sender, senderId: sender, senderName: '网页访客', kind: 'text', text, messageId: `m${++seq}`, receivedAt: new Date(),
  });

  setupSuite(async () => {
    if (kind === 'postgres') {
      const target = new URL(TEST_DATABASE_URL);
      proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
      await proxy.open();
      const via = new URL(TEST_DATABASE_URL);
      via.hostname = '127.0.0.1';
      via.port = String(proxy.port);
      t = await openTestLedger('postgres', { databaseUrl: via.toString(), poolSize: 4 });
      const p = proxy;
      cut = () => p.cut();
      restore = () => p.open();
    } else {
      pgliteDir = await mkdtemp(path.join(os.tmpdir(), 'engine-outage-'));
      const flaky = new FlakyDb(await PgliteDb.open(pgliteDir));
      t = await openTestLedger('pglite', { db: flaky });
      cut = async () => void (flaky.down = true);
      restore = async () => void (flaky.down = false);
    }
    assistant = new Assistant({ answerer: await offlineAnswerer(), ledger: t.ledger, rateLimitPerMinute: 1000 });
  });

  afterAll(async () => {
    await proxy?.open().catch(() => {});
    await t?.cleanup();
    if (pgliteDir) await rm(pgliteDir, { recursive: true, force: true });
  });

  it('answers the first message, spools it with its sender, and records both once the database is back', { timeout: 60_000 }, async () => {
    await cut();
    const first = msg('newvisitor-outage-1', '试用期最长可以约定多久？');
    const replies = await assistant.handle(first);
    expect(replies[0]!.kind).toBe('answer');
    expect(replies[0]!.text).toMatch(/试用期/);
    const second = msg('newvisitor-outage-1', '年休假有几天？');
    expect((await assistant.handle(second))[0]!.kind).toBe('answer');
    expect(t.ledger.spooled).toBe(2);

    await restore();
    await t.ledger.replaySpool();
    expect(t.ledger.spooled).toBe(0);
    const contact = await t.ledger.contacts.findByIdentity('web', 'newvisitor-outage-1');
    expect(contact).toBeDefined();
    for (const m of [first, second]) {
      const c = await t.ledger.consultations.getByKey(`web:newvisitor-outage-1:${m.messageId}`);
      expect(c?.question).toBe(m.text);
      expect(c?.contactId).toBe(contact!.id);
    }
    // The next message, with the database up, is the same contact's.
    const third = msg('newvisitor-outage-1', '加班费怎么算？');
    await assistant.handle(third);
    expect((await t.ledger.consultations.getByKey(`web:newvisitor-outage-1:${third.messageId}`))?.contactId).toBe(contact!.id);
  });
});
