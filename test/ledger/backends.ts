import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { beforeAll, beforeEach } from 'vitest';
import { openLedger, type Ledger, type OpenLedgerOptions } from '../../src/ledger/index.js';
import { loadLists, type Lists } from '../../src/ledger/lists.js';
import { makeEnterpriseUscc } from '../../src/ledger/uscc.js';

/**
 * The two backends every ledger test runs on. PostgreSQL is required: when it cannot be reached the
 * setup throws and the suite fails (never skips). Each opened ledger on PostgreSQL gets its own fresh
 * schema, dropped afterwards, so test files running in parallel never see each other's rows.
 */
export const BACKENDS = ['pglite', 'postgres'] as const;
export type Backend = (typeof BACKENDS)[number];

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const KNOWLEDGE_DIR = path.resolve('knowledge');

let lists: Promise<Lists> | undefined;
export function testLists(): Promise<Lists> {
  lists ??= loadLists(KNOWLEDGE_DIR);
  return lists;
}

export interface TestLedger {
  ledger: Ledger;
  kind: Backend;
  /** Temp folder holding the spool (and the PGlite data). */
  dataDir: string;
  /** PostgreSQL only: the schema and the application_name of this ledger's pool. */
  schema?: string;
  applicationName?: string;
  cleanup(): Promise<void>;
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}

/** An admin connection for schema setup and fault injection (pg_terminate_backend). */
export async function adminClient(): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(`PostgreSQL at ${TEST_DATABASE_URL} is unreachable (${(err as Error).message}); the ledger suite needs it`);
  }
  client.on('error', () => {});
  return client;
}

export async function openTestLedger(
  kind: Backend,
  options: OpenLedgerOptions & { retentionDays?: number; databaseUrl?: string } = {},
): Promise<TestLedger> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `ledger-${kind}-`));
  const { retentionDays = 0, databaseUrl, ...opts } = options;
  const base = { dataDir, knowledgeDir: KNOWLEDGE_DIR, CHAT_RETENTION_DAYS: retentionDays };
  const fast = { recorder: { retryDelaysMs: [20, 50, 100], replayDelayMs: 100, maxReplayDelayMs: 400, ...opts.recorder } };
  if (kind === 'pglite') {
    const ledger = await openLedger({ ...base, DATABASE_URL: undefined }, { lists: await testLists(), ...opts, ...fast });
    return {
      ledger, kind, dataDir,
      async cleanup() {
        await ledger.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  }
  const schema = uniqueName('ledger_test');
  const admin = await adminClient();
  await admin.query(`CREATE SCHEMA ${schema}`);
  try {
    const ledger = await openLedger(
      { ...base, DATABASE_URL: databaseUrl ?? TEST_DATABASE_URL },
      { lists: await testLists(), schema, applicationName: schema, poolSize: 8, ...opts, ...fast },
    );
    return {
      ledger, kind, dataDir, schema, applicationName: schema,
      async cleanup() {
        try {
          await ledger.close();
        } finally {
          await admin.query(`DROP SCHEMA ${schema} CASCADE`);
          await admin.end();
          await rm(dataDir, { recursive: true, force: true });
        }
      },
    };
  } catch (err) {
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
    throw err;
  }
}

/** A valid enterprise input, varied by n. */
export function enterpriseInput(n: number, overrides: Record<string, unknown> = {}) {
  return {
    name: `洛阳测试${n}号有限公司`,
    uscc: makeUscc(n),
    industry: 'C',
    district: '涧西区',
    registeredOn: '2022-03-15',
    headcountLastYearEnd: 50,
    headcountCurrent: 48,
    ...overrides,
  };
}

export function makeUscc(n: number): string {
  return makeEnterpriseUscc('410305', 30_000_000 + n);
}

/**
 * beforeAll whose failure fails every test of the suite (vitest would otherwise report them as
 * skipped): an unreachable PostgreSQL must show up as failures. `timeoutMs` for a setup that starts
 * processes, beyond the config's hookTimeout.
 */
export function setupSuite(fn: () => Promise<void>, timeoutMs?: number): void {
  let error: unknown;
  beforeAll(async () => {
    try {
      await fn();
    } catch (err) {
      error = err;
    }
  }, timeoutMs);
  beforeEach(() => {
    if (error) throw error;
  });
}
