import { afterAll, describe, expect, it } from 'vitest';
import { BACKENDS, enterpriseInput, openTestLedger, type TestLedger, setupSuite } from './backends.js';

const DAY = 86_400_000;

describe.each(BACKENDS)('consultations on %s', (kind) => {
  let t: TestLedger;
  let enterpriseId: number;
  let contactId: number;
  setupSuite(async () => {
    t = await openTestLedger(kind, { retentionDays: 30 });
    enterpriseId = (await t.ledger.enterprises.create(enterpriseInput(1))).id;
    contactId = (await t.ledger.contacts.upsert({ channel: 'telegram', externalId: '42', enterpriseId })).id;
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it('stores every field of a consultation', async () => {
    const askedAt = new Date('2025-05-06T01:02:03.000Z');
    const r = await t.ledger.consultations.record({
      idempotencyKey: 'telegram:42:1001',
      channel: 'telegram',
      contactId,
      enterpriseId,
      askedAt: askedAt.toISOString(),
      question: '员工试用期可以不交社保吗？',
      answer: '不可以。试用期包含在劳动合同期限内，用人单位应当依法为劳动者缴纳社会保险。',
      citations: [{ title: '中华人民共和国劳动合同法', article: '第十九条', docId: 'ldht' }],
      confidence: 0.9,
      latencyMs: 850,
      handoffState: 'none',
    });
    expect(r).toMatchObject({ status: 'stored', idempotencyKey: 'telegram:42:1001', duplicate: false });
    const c = await t.ledger.consultations.getByKey('telegram:42:1001');
    expect(c).toMatchObject({
      channel: 'telegram', contactId, enterpriseId, askedAt, question: '员工试用期可以不交社保吗？', confidence: 0.9, latencyMs: 850,
      citations: [{ title: '中华人民共和国劳动合同法', article: '第十九条', docId: 'ldht' }], feedback: null, handoffState: 'none', textBlankedAt: null,
    });
  });

  it('records a redelivered message once (idempotency key)', async () => {
    const input = { idempotencyKey: 'wechat:msg-77', channel: 'wechat' as const, question: '加班费怎么算？' };
    const [a, b, c] = await Promise.all([
      t.ledger.consultations.record(input),
      t.ledger.consultations.record(input),
      t.ledger.consultations.record(input),
    ]);
    const stored = [a, b, c].filter((x) => x.status === 'stored');
    expect(stored).toHaveLength(3);
    expect(new Set(stored.map((x) => (x.status === 'stored' ? x.id : 0))).size).toBe(1);
    expect(stored.filter((x) => x.status === 'stored' && !x.duplicate)).toHaveLength(1);
    const again = await t.ledger.consultations.record(input);
    expect(again).toMatchObject({ status: 'stored', duplicate: true });
    const rows = await t.ledger.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM consultations WHERE idempotency_key = 'wechat:msg-77'`);
    expect(rows[0]!.n).toBe(1);
  });

  it('gives a key when the caller has none', async () => {
    const r = await t.ledger.consultations.record({ channel: 'web', question: '年假几天？' });
    expect(r.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('isolates a bad row written concurrently with good ones', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        t.ledger.consultations.record({ idempotencyKey: `mix-${i}`, channel: 'web', question: `q${i}`, enterpriseId: i === 7 ? 99_999 : enterpriseId }),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    expect(results[7]!.status).toBe('rejected');
    const rows = await t.ledger.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM consultations WHERE idempotency_key LIKE 'mix-%'`);
    expect(rows[0]!.n).toBe(19);
  });

  it('takes feedback and hand-off state', async () => {
    await t.ledger.consultations.record({ idempotencyKey: 'fb-1', channel: 'web', question: '押金能收吗？' });
    expect(await t.ledger.consultations.setFeedback({ idempotencyKey: 'fb-1', feedback: 'unhelpful', note: '没说清楚' })).toBe(true);
    expect(await t.ledger.consultations.setFeedback({ idempotencyKey: 'nope', feedback: 'helpful' })).toBe(false);
    const c = (await t.ledger.consultations.getByKey('fb-1'))!;
    expect(c).toMatchObject({ feedback: 'unhelpful', feedbackNote: '没说清楚' });
    const staff = await t.ledger.staff.create({ username: 'mediator', displayName: '调解员', role: 'coordinator' });
    await t.ledger.consultations.setHandoff({ id: c.id, state: 'requested' });
    expect((await t.ledger.consultations.listHandoffs()).map((x) => x.id)).toContain(c.id);
    await t.ledger.consultations.setHandoff({ id: c.id, state: 'claimed', staffId: staff.id });
    await t.ledger.consultations.setHandoff({ id: c.id, state: 'resolved' });
    expect(await t.ledger.consultations.get(c.id)).toMatchObject({ handoffState: 'resolved', handoffStaffId: staff.id });
    expect((await t.ledger.consultations.listHandoffs()).map((x) => x.id)).not.toContain(c.id);
    // Resolved is final: a late claim does not reopen it.
    expect(await t.ledger.consultations.setHandoff({ id: c.id, state: 'claimed', staffId: staff.id })).toBe(false);
    expect((await t.ledger.consultations.get(c.id))!.handoffState).toBe('resolved');
  });

  it('does not let a staff claim reopen a hand-off the user withdrew meanwhile', async () => {
    await t.ledger.consultations.record({ idempotencyKey: 'wd-1', channel: 'web', question: '人工' });
    const c = (await t.ledger.consultations.getByKey('wd-1'))!;
    await t.ledger.consultations.setHandoff({ id: c.id, state: 'requested' });
    await t.ledger.consultations.withdrawHandoff(c.id);
    // The reply was being sent as the user typed 取消: the claim comes second and changes nothing.
    expect(await t.ledger.consultations.setHandoff({ id: c.id, state: 'claimed' })).toBe(false);
    expect(await t.ledger.consultations.setHandoff({ id: c.id, state: 'resolved' })).toBe(false);
    expect((await t.ledger.consultations.get(c.id))!.handoffState).toBe('withdrawn');
  });

  it('retention blanks question and answer text older than N days and keeps the record', async () => {
    const now = new Date('2026-06-30T12:00:00Z');
    const old = await t.ledger.consultations.record({
      idempotencyKey: 'ret-old', channel: 'web', enterpriseId, askedAt: new Date(now.getTime() - 31 * DAY),
      question: '我的电话13812345678，怎么办？', answer: '请提供劳动合同。', citations: [{ title: '劳动法' }], confidence: 0.7,
    });
    await t.ledger.consultations.setFeedback({ idempotencyKey: 'ret-old', feedback: 'helpful', note: '谢谢，13812345678' });
    await t.ledger.consultations.record({ idempotencyKey: 'ret-old-unanswered', channel: 'web', askedAt: new Date(now.getTime() - 40 * DAY), question: '在吗' });
    await t.ledger.consultations.record({ idempotencyKey: 'ret-new', channel: 'web', askedAt: new Date(now.getTime() - 29 * DAY), question: '最近的问题', answer: '最近的答复' });

    const before = await t.ledger.consultations.count();
    const blanked = await t.ledger.applyRetention(now); // CHAT_RETENTION_DAYS = 30
    expect(blanked).toBeGreaterThanOrEqual(2);
    expect(await t.ledger.consultations.count()).toBe(before);

    const o = (await t.ledger.consultations.getByKey('ret-old'))!;
    expect(o).toMatchObject({ question: '', answer: '', feedbackNote: null, feedback: 'helpful', citations: [{ title: '劳动法' }], confidence: 0.7, enterpriseId });
    expect(o.textBlankedAt).toEqual(now);
    expect(old.status === 'stored' && old.id).toBe(o.id);
    expect(await t.ledger.consultations.getByKey('ret-old-unanswered')).toMatchObject({ question: '', answer: null });
    expect(await t.ledger.consultations.getByKey('ret-new')).toMatchObject({ question: '最近的问题', answer: '最近的答复', textBlankedAt: null });

    expect(await t.ledger.applyRetention(now)).toBe(0); // already blanked rows are left alone
    await expect(t.ledger.consultations.blankTextOlderThan(0)).rejects.toThrow(/positive integer/);
  });

  it('counts consultations per enterprise in the ledger report', async () => {
    const rows = await t.ledger.report();
    const row = rows.find((r) => r.统一社会信用代码 === enterpriseInput(1).uscc)!;
    const n = (await t.ledger.consultations.listByEnterprise(enterpriseId, 1000)).length;
    expect(row.咨询次数).toBe(n);
    expect(n).toBeGreaterThan(20);
  });
});
