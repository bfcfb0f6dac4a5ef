import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { insertConsultations, validateConsultation } from '../../src/ledger/consultations.js';
import { PgDb, PgliteDb, type Db } from '../../src/ledger/db.js';
import { guideDraftsRepo } from '../../src/ledger/guideDrafts.js';
import { LedgerValidationError, openLedger, type Ledger } from '../../src/ledger/index.js';
import { knowledgeGapsRepo, questionKey, type KnowledgeGapsRepo } from '../../src/ledger/knowledgeGaps.js';
import { adminClient, BACKENDS, enterpriseInput, KNOWLEDGE_DIR, openTestLedger, setupSuite, TEST_DATABASE_URL, testLists, uniqueName, type Backend, type TestLedger } from './backends.js';
import { FlakyDb } from './faults.js';

const LEADS = [{ title: '《劳动合同法》第十九条', article: '第十九条', law: '劳动合同法', n: 19 }];

describe('the folded question that groups knowledge gaps', () => {
  it('ignores spaces, punctuation (Chinese or not), letter case and full-width forms', () => {
    expect(questionKey('试用期能约定多久？')).toBe('试用期能约定多久');
    expect(questionKey(' 试用期 能约定多久?! ')).toBe('试用期能约定多久');
    expect(questionKey('ＡＢＣ公司，试用期６个月。')).toBe(questionKey('abc公司 试用期6个月'));
    expect(questionKey('试用期能约定多久')).not.toBe(questionKey('试用期能延长吗'));
  });
});

describe.each(BACKENDS)('knowledge gaps in the ledger on %s', (kind) => {
  let t: TestLedger;
  let gaps: KnowledgeGapsRepo;
  let staffId: number;
  setupSuite(async () => {
    t = await openTestLedger(kind);
    gaps = knowledgeGapsRepo(t.ledger.db);
    staffId = (await t.ledger.staff.create({ username: 'gapcoord', displayName: '王磊', role: 'coordinator' })).id;
  });
  afterAll(async () => t?.cleanup());

  let n = 0;
  async function ask(question: string, over: Record<string, unknown> = {}): Promise<number> {
    const r = await t.ledger.consultations.record({
      idempotencyKey: `gap-${kind}-${++n}`, channel: 'web', question, answer: '这个问题我没有把握……', citations: LEADS, confidence: 0.2, knowledgeGap: true, ...over,
    });
    if (r.status !== 'stored') throw new Error('not stored');
    return r.id;
  }
  const draft = (consultationId: number) =>
    guideDraftsRepo(t.ledger.db).create({ topic: '知识缺口补充', title: '测试卡片', questions: ['测试问题'], answer: '测试答复内容', cites: [], consultationId, createdBy: staffId });

  it('records the flag with the consultation and opens a gap only for an unsure answer', async () => {
    const e = await t.ledger.enterprises.create(enterpriseInput(501));
    const unsure = await ask('公司搬迁到外地，员工不去，要赔钱吗？', { enterpriseId: e.id });
    const sure = await ask('试用期最长多久？', { knowledgeGap: false });
    const plain = await t.ledger.consultations.record({ channel: 'web', question: '年休假几天？' });
    expect(await t.ledger.consultations.get(unsure)).toMatchObject({ knowledgeGap: true });
    expect(await t.ledger.consultations.get(sure)).toMatchObject({ knowledgeGap: false });
    expect(await t.ledger.consultations.get((plain as { id: number }).id)).toMatchObject({ knowledgeGap: false });

    const open = await gaps.list('open');
    expect(open.map((g) => g.id)).toContain(unsure);
    expect(open.map((g) => g.id)).not.toContain(sure);
    expect(await gaps.get(sure)).toBeUndefined();
    expect(await gaps.get(unsure)).toMatchObject({
      id: unsure, status: 'open', channel: 'web', question: '公司搬迁到外地，员工不去，要赔钱吗？', citations: LEADS,
      enterpriseId: e.id, enterpriseName: e.name, district: '涧西区', sameOpen: 1, draftId: null, decidedAt: null,
    });
  });

  it('lists open gaps newest first, and counts open gaps asking the same question', async () => {
    const base = Date.now();
    const a = await ask('员工旷工三天，可以直接开除吗？', { askedAt: new Date(base - 3000) });
    const b = await ask('员工旷工三天 可以直接开除吗?', { askedAt: new Date(base - 2000) });
    const c = await ask('员工旷工三天，可以直接开除吗', { askedAt: new Date(base - 1000) });
    const other = await ask('员工旷工一天扣三天工资合法吗？', { askedAt: new Date(base) });
    const open = await gaps.list('open');
    const ids = open.map((g) => g.id);
    expect(ids.indexOf(other)).toBeLessThan(ids.indexOf(c));
    expect(ids.indexOf(c)).toBeLessThan(ids.indexOf(b));
    expect(ids.indexOf(b)).toBeLessThan(ids.indexOf(a));
    const same = (id: number) => open.find((g) => g.id === id)!.sameOpen;
    expect([same(a), same(b), same(c), same(other)]).toEqual([3, 3, 3, 1]);
  });

  it('records a redelivered gap once, also when both copies arrive in one batch', async () => {
    const key = `gap-dup-${kind}`;
    const rows = { idempotencyKey: key, channel: 'web' as const, question: '外地员工的社保在哪里交？', knowledgeGap: true };
    const [x, y] = await Promise.all([t.ledger.consultations.record(rows), t.ledger.consultations.record(rows)]);
    const again = await t.ledger.consultations.record(rows);
    expect(new Set([x, y, again].map((r) => (r as { id: number }).id)).size).toBe(1);
    const id = (again as { id: number }).id;
    expect(await t.ledger.db.query(`SELECT consultation_id FROM knowledge_gaps WHERE consultation_id = $1`, [id])).toHaveLength(1);
    // One multi-row INSERT holding the same key twice (the recorder's coalesced batch).
    const row = validateConsultation({ ...rows, idempotencyKey: `gap-batch-${kind}` });
    const inserted = await insertConsultations(t.ledger.db, [row, { ...row }, validateConsultation({ channel: 'web', question: '另一个问题', knowledgeGap: true })]);
    expect(inserted.size).toBe(2);
    const batchId = inserted.get(row.idempotencyKey)!;
    expect(await t.ledger.db.query(`SELECT consultation_id FROM knowledge_gaps WHERE consultation_id = $1`, [batchId])).toHaveLength(1);
  });

  it('validates the flag at the boundary', async () => {
    const err = await t.ledger.consultations.record({ channel: 'web', question: '问题', knowledgeGap: 'yes' as unknown as boolean }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LedgerValidationError);
    expect((err as LedgerValidationError).messageFor('knowledgeGap')).toBe('知识缺口应为“是”或“否”');
  });

  it('marks a gap drafted with its draft: it leaves the open list, once', async () => {
    const id = await ask('员工在家办公受伤算工伤吗？');
    const d = await draft(id);
    expect(await gaps.markDrafted({ id, draftId: d.id, staffId })).toEqual([id]);
    expect((await gaps.list('open')).map((g) => g.id)).not.toContain(id);
    expect(await gaps.get(id)).toMatchObject({ status: 'drafted', draftId: d.id, decidedBy: staffId, decidedByName: '王磊', sameOpen: 0 });
    expect((await gaps.get(id))!.decidedAt).toBeInstanceOf(Date);
    expect((await gaps.list('drafted')).map((g) => g.id)).toContain(id);
    // Already decided: nothing changes, neither by a second draft nor by a dismissal.
    expect(await gaps.markDrafted({ id, draftId: (await draft(id)).id, staffId })).toEqual([]);
    expect(await gaps.dismiss({ id, staffId, reason: '重复' })).toEqual([]);
    expect(await gaps.get(id)).toMatchObject({ status: 'drafted', draftId: d.id });
  });

  it('with includeSame, closes the other open gaps asking the same, and no others', async () => {
    const a = await ask('单位不给交公积金怎么办？');
    const b = await ask('单位不给交公积金，怎么办');
    const other = await ask('单位不给交社保怎么办？');
    const d = await draft(a);
    expect(await gaps.markDrafted({ id: a, draftId: d.id, staffId, includeSame: true })).toEqual([a, b].sort((x, y) => x - y));
    expect(await gaps.get(b)).toMatchObject({ status: 'drafted', draftId: d.id });
    expect(await gaps.get(other)).toMatchObject({ status: 'open' });
  });

  it('dismisses a gap only with a reason, recording who and why', async () => {
    const id = await ask('我想咨询一下个体户营业执照怎么办理？');
    const err = await gaps.dismiss({ id, staffId, reason: ' ' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LedgerValidationError);
    expect((err as LedgerValidationError).messageFor('reason')).toBe('忽略理由必须填写（至少2个字）');
    expect(await gaps.get(id)).toMatchObject({ status: 'open' });
    expect(await gaps.dismiss({ id, staffId, reason: '不属于劳动用工问题' })).toEqual([id]);
    expect(await gaps.get(id)).toMatchObject({ status: 'dismissed', dismissReason: '不属于劳动用工问题', decidedByName: '王磊', draftId: null });
    const counts = await gaps.countByStatus();
    expect(counts.dismissed).toBeGreaterThanOrEqual(1);
    expect(counts.drafted).toBeGreaterThanOrEqual(2);
  });

  it('blanks the grouping key with the question when chat text passes its retention', async () => {
    const old = new Date(Date.now() - 40 * 86_400_000);
    const a = await ask('劳务派遣工同工同酬怎么算？', { askedAt: old });
    const b = await ask('劳务派遣工同工同酬怎么算？');
    expect((await gaps.get(b))!.sameOpen).toBe(2);
    expect(await t.ledger.consultations.blankTextOlderThan(30)).toBeGreaterThanOrEqual(1);
    expect(await gaps.get(a)).toMatchObject({ question: '', sameOpen: 1 });
    expect((await gaps.get(b))!.sameOpen).toBe(1);
    expect((await t.ledger.db.query<{ k: string }>(`SELECT question_key AS k FROM knowledge_gaps WHERE consultation_id = $1`, [a]))[0]!.k).toBe('');
  });
});

/** A ledger over a database that can be made unreachable, as the outage suite does it. */
async function flakyLedger(kind: Backend): Promise<{ ledger: Ledger; flaky: FlakyDb; spoolDir: string; cleanup(): Promise<void> }> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), `gaps-flaky-${kind}-`));
  const spoolDir = path.join(dataDir, 'spool');
  let inner: Db;
  let dropSchema = async () => {};
  if (kind === 'pglite') {
    inner = await PgliteDb.open();
  } else {
    const schema = uniqueName('gaps_flaky');
    const admin = await adminClient();
    await admin.query(`CREATE SCHEMA ${schema}`);
    inner = new PgDb({ connectionString: TEST_DATABASE_URL, schema, max: 4 });
    dropSchema = async () => {
      await admin.query(`DROP SCHEMA ${schema} CASCADE`);
      await admin.end();
    };
  }
  const flaky = new FlakyDb(inner);
  const ledger = await openLedger(
    { dataDir, knowledgeDir: KNOWLEDGE_DIR, CHAT_RETENTION_DAYS: 0, DATABASE_URL: undefined },
    { db: flaky, lists: await testLists(), spoolDir, recorder: { retryDelaysMs: [5, 10], replayDelayMs: 60_000, maxReplayDelayMs: 60_000 } },
  );
  return {
    ledger, flaky, spoolDir,
    async cleanup() {
      try {
        await ledger.close();
      } finally {
        await dropSchema();
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  };
}

describe.each(BACKENDS)('knowledge gaps through the spool on %s', (kind) => {
  let f: Awaited<ReturnType<typeof flakyLedger>>;
  setupSuite(async () => {
    f = await flakyLedger(kind);
  });
  afterAll(async () => f?.cleanup());

  it('a gap written while the database is away is spooled with its flag and opened on replay, exactly once', async () => {
    f.flaky.down = true;
    const gap = await f.ledger.consultations.record({ idempotencyKey: 'spooled-gap', channel: 'telegram', question: '农民工讨薪去哪里投诉？', citations: LEADS, knowledgeGap: true });
    const sure = await f.ledger.consultations.record({ idempotencyKey: 'spooled-sure', channel: 'telegram', question: '年休假几天？' });
    expect([gap.status, sure.status]).toEqual(['spooled', 'spooled']);
    f.flaky.down = false;
    expect(await f.ledger.replaySpool()).toBe(2);
    const stored = await f.ledger.consultations.getByKey('spooled-gap');
    expect(stored).toMatchObject({ knowledgeGap: true, question: '农民工讨薪去哪里投诉？' });
    expect(await f.ledger.consultations.getByKey('spooled-sure')).toMatchObject({ knowledgeGap: false });
    const open = await knowledgeGapsRepo(f.ledger.db).list('open');
    expect(open.map((g) => [g.id, g.question, g.channel])).toEqual([[stored!.id, '农民工讨薪去哪里投诉？', 'telegram']]);
    // Replayed again (a crash after commit, before the file went): still one consultation, one gap.
    expect(await f.ledger.consultations.record({ idempotencyKey: 'spooled-gap', channel: 'telegram', question: '农民工讨薪去哪里投诉？', knowledgeGap: true }))
      .toMatchObject({ status: 'stored', duplicate: true, id: stored!.id });
    expect(await knowledgeGapsRepo(f.ledger.db).list('open')).toHaveLength(1);
  });

  it('replays spool lines from before the flag existed as no gap, and lines carrying it as gaps', async () => {
    const line = (key: string, extra: Record<string, unknown>) => JSON.stringify({
      v: 1,
      row: { idempotencyKey: key, channel: 'web', contactId: null, enterpriseId: null, askedAt: '2025-05-01T08:00:00.000Z', question: `问题 ${key}`,
        answer: null, citations: [], confidence: null, latencyMs: null, handoffState: 'none', ...extra },
    });
    await writeFile(path.join(f.spoolDir, `consultations-${String(Date.now()).padStart(15, '0')}-${process.pid}-900001.jsonl`),
      `${line('old-format', {})}\n${line('new-gap', { knowledgeGap: true })}\n`);
    expect(await f.ledger.replaySpool()).toBe(2);
    expect(await f.ledger.consultations.getByKey('old-format')).toMatchObject({ knowledgeGap: false });
    expect(await f.ledger.consultations.getByKey('new-gap')).toMatchObject({ knowledgeGap: true });
    expect((await knowledgeGapsRepo(f.ledger.db).list('open')).map((g) => g.question)).toContain('问题 new-gap');
  });
});
