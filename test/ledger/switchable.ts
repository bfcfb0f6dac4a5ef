import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PgliteDb } from '../../src/ledger/db.js';
import { openTestLedger, TEST_DATABASE_URL, type Backend, type TestLedger } from './backends.js';
import { FlakyDb, TcpProxy } from './faults.js';

/** A test ledger whose database can be taken away and given back. */
export interface SwitchableLedger {
  t: TestLedger;
  /** The database stops answering: the PostgreSQL connection is cut at a TCP proxy, PGlite refuses every call. */
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function openSwitchableLedger(kind: Backend, opts: { poolSize?: number; tmpPrefix: string }): Promise<SwitchableLedger> {
  if (kind === 'postgres') {
    const target = new URL(TEST_DATABASE_URL);
    const proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    await proxy.open();
    const via = new URL(TEST_DATABASE_URL);
    via.hostname = '127.0.0.1';
    via.port = String(proxy.port);
    const t = await openTestLedger('postgres', { databaseUrl: via.toString(), poolSize: opts.poolSize ?? 2 });
    return {
      t,
      cut: () => proxy.cut(),
      restore: () => proxy.open(),
      close: async () => {
        await proxy.open().catch(() => {});
        await t.cleanup();
      },
    };
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), opts.tmpPrefix));
  const flaky = new FlakyDb(await PgliteDb.open(dir));
  const t = await openTestLedger('pglite', { db: flaky });
  return {
    t,
    cut: async () => void (flaky.down = true),
    restore: async () => void (flaky.down = false),
    close: async () => {
      await t.cleanup();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
