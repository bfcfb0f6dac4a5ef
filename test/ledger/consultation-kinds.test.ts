import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PgDb, PgliteDb, type Db } from '../../src/ledger/db.js';
import { loadMigrations, migrate } from '../../src/ledger/migrate.js';
import { fromSpool } from '../../src/ledger/recorder.js';
import { adminClient, BACKENDS, TEST_DATABASE_URL, uniqueName, type Backend, setupSuite } from './backends.js';

/**
 * Migration 008 marks what each consultation was. A ledger that already holds an office's history gets
 * its old rows told apart as far as their text allows, so the dashboard stops counting button presses
 * and onboarding steps from before the upgrade too.
 */
describe.each(BACKENDS)('migration 008: consultation kinds on existing rows (%s)', (kind: Backend) => {
  let db: Db;
  let schema: string | undefined;
  let dir: string | undefined;

  setupSuite(async () => {
    if (kind === 'pglite') {
      dir = await mkdtemp(path.join(os.tmpdir(), 'ledger-kinds-'));
      db = await PgliteDb.open(dir);
    } else {
      schema = uniqueName('ledger_test');
      const admin = await adminClient();
      await admin.query(`CREATE SCHEMA ${schema}`);
      await admin.end();
      db = new PgDb({ connectionString: TEST_DATABASE_URL, schema, max: 2 });
    }
  });

  afterAll(async () => {
    await db?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
    if (schema) {
      const admin = await adminClient();
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    }
  });

  it('reads old button presses, commands, media, hand-off requests and onboarding steps as what they were', async () => {
    const all = loadMigrations();
    await migrate(db, all.filter((m) => m.version < 8));
    const rows: [string, string, number | null, string][] = [
      ['telegram:1:1', '/start', null, 'none'],
      ['telegram:1:2', '洛阳市明远机械有限公司', null, 'none'],
      ['telegram:1:3', '[按钮] ob:industry:C', null, 'none'],
      ['telegram:1:4', '试用期最长可以约定多久？', 0.91, 'none'],
      ['telegram:1:5', '人工', null, 'requested'],
      ['wechat:2:1', '[表情]', null, 'none'],
      ['demo-import-1', '员工加班费怎么计算？', null, 'none'],
      ['telegram:1:6', '还在吗', 0.1, 'none'],
    ];
    for (const [key, question, confidence, state] of rows) {
      // Small talk got the answer layer's out-of-scope reply (confidence 0.1): it was never a consultation.
      const answer = question === '还在吗' ? '这个问题好像不在用工指导的范围内。我可以解答招聘用工……' : '…';
      await db.query(
        `INSERT INTO consultations (idempotency_key, channel, asked_at, question, answer, confidence, handoff_state) VALUES ($1, 'telegram', now(), $2, $5, $3, $4)`,
        [key, question, confidence, state, answer],
      );
    }
    expect(await migrate(db, all)).toContain(8);
    const kinds = await db.query<{ question: string; kind: string }>(`SELECT question, kind FROM consultations ORDER BY id`);
    expect(kinds.map((r) => `${r.kind}:${r.question}`)).toEqual([
      'command:/start',
      'other:洛阳市明远机械有限公司',
      'button:[按钮] ob:industry:C',
      'question:试用期最长可以约定多久？',
      'handoff:人工',
      'other:[表情]',
      // Not written by the chat engine (an import): kept as a question.
      'question:员工加班费怎么计算？',
      'other:还在吗',
    ]);
    // A user may now leave the queue.
    await db.query(`UPDATE consultations SET handoff_state = 'withdrawn' WHERE question = '人工'`);
    await expect(db.query(`UPDATE consultations SET kind = 'chat' WHERE question = '人工'`)).rejects.toThrow();
  });

  it('a spooled consultation from before the upgrade replays as a question', () => {
    const row = fromSpool({
      v: 1,
      row: {
        idempotencyKey: 'web:x:1', channel: 'web', contactId: null, enterpriseId: null, askedAt: '2026-11-30T02:00:00.000Z', question: '年休假几天？',
        answer: '…', citations: [], confidence: 0.8, latencyMs: 12, handoffState: 'none',
      },
    });
    expect(row.kind).toBe('question');
  });
});
