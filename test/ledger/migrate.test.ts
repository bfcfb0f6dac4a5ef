import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PgDb, PgliteDb, type Db } from '../../src/ledger/db.js';
import { openLedger } from '../../src/ledger/index.js';
import { loadMigrations, migrate } from '../../src/ledger/migrate.js';
import { adminClient, BACKENDS, KNOWLEDGE_DIR, TEST_DATABASE_URL, testLists, uniqueName, type Backend, setupSuite } from './backends.js';

const TABLES = [
  'audit_log', 'chat_state', 'consultation_reviews', 'consultations', 'contact_link_requests', 'contacts', 'deliveries', 'enterprise_bind_codes', 'enterprise_events',
  'enterprises', 'follow_ups', 'guide_drafts',
  'headcount_history', 'knowledge_gaps', 'layoffs', 'notices', 'outbox', 'rate_limits', 'reminder_firings', 'schema_migrations', 'send_rate', 'stability_policies',
  'staff', 'staff_sessions', 'subscriptions', 'web_messages',
];

describe.each(BACKENDS)('migrations on %s', (kind: Backend) => {
  const dbs: Db[] = [];
  let schema: string | undefined;
  let dir: string | undefined;

  async function fresh(): Promise<Db> {
    const db = kind === 'pglite' ? await PgliteDb.open(dir) : new PgDb({ connectionString: TEST_DATABASE_URL, schema: schema!, max: 2 });
    dbs.push(db);
    return db;
  }

  setupSuite(async () => {
    if (kind === 'pglite') dir = await mkdtemp(path.join(os.tmpdir(), 'ledger-migrate-'));
    else {
      schema = uniqueName('ledger_test');
      const admin = await adminClient();
      await admin.query(`CREATE SCHEMA ${schema}`);
      await admin.end();
    }
  });

  afterAll(async () => {
    for (const db of dbs) await db.close();
    if (dir) await rm(dir, { recursive: true, force: true });
    if (schema) {
      const admin = await adminClient();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    }
  });

  it('applies each migration exactly once, even when two start together', async () => {
    const a = await fresh();
    // On PostgreSQL these are two pools (as two processes would have); the advisory lock serialises them.
    const b = kind === 'postgres' ? await fresh() : a;
    const [ra, rb] = await Promise.all([migrate(a), migrate(b)]);
    const versions = loadMigrations().map((m) => m.version);
    expect([...ra, ...rb].sort()).toEqual(versions);
    expect(await migrate(a)).toEqual([]);
    const tables = await a.query<{ t: string }>(
      `SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY 1`,
    );
    expect(tables.map((r) => r.t)).toEqual(TABLES);
    const applied = await a.query<{ version: number; checksum: string }>('SELECT version, checksum FROM schema_migrations');
    expect(applied).toEqual(loadMigrations().map((m) => ({ version: m.version, checksum: m.checksum })));
  });

  it('refuses to run when an applied migration was edited', async () => {
    const db = dbs[0]!;
    const edited = loadMigrations().map((m) => ({ ...m, checksum: 'edited' }));
    await expect(migrate(db, edited)).rejects.toThrow(/001_init\.sql was changed after it was applied/);
  });

  it('applies a new numbered migration on top', async () => {
    const db = dbs[0]!;
    const extra = { version: 999, name: '999_test.sql', sql: 'CREATE TABLE migration_probe (id int);', checksum: 'x' };
    expect(await migrate(db, [...loadMigrations(), extra])).toEqual([999]);
    expect(await migrate(db, [...loadMigrations(), extra])).toEqual([]);
  });
});

describe('opening the ledger', () => {
  it('fails clearly when DATABASE_URL names a server that does not answer', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'ledger-unreachable-'));
    try {
      await expect(
        openLedger(
          { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none', dataDir, knowledgeDir: KNOWLEDGE_DIR, CHAT_RETENTION_DAYS: 0 },
          { lists: await testLists() },
        ),
      ).rejects.toThrow(/ECONNREFUSED/);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('reads districts and industries from knowledge/data', async () => {
    const lists = await testLists();
    expect(lists.districts.map((d) => d.name)).toContain('孟津区');
    expect(lists.districts.map((d) => d.name)).not.toContain('吉利区');
    expect(lists.districts).toHaveLength(14);
    expect(lists.industries.map((i) => i.code).join('')).toBe('ABCDEFGHIJKLMNOPQRST');
  });
});
