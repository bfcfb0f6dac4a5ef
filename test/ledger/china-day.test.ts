/**
 * The ledger counts days as they are in China. A question asked at 01:30 Beijing time on 1 April is asked on
 * 1 April wherever staff see it, although it is still 31 March in UTC; one at 23:30 on 31 March stays there.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { consultationSearchRepo } from '../../src/ledger/consultationSearch.js';
import { dashboardRepo } from '../../src/ledger/dashboard.js';
import { enterpriseInput, openTestLedger, setupSuite, type TestLedger } from './backends.js';

const EARLY_1_APRIL = '2026-03-31T17:30:00Z';
const LATE_31_MARCH = '2026-03-31T15:30:00Z';

describe('days in the ledger around midnight in Beijing', () => {
  let t: TestLedger;
  let enterpriseId: number;
  setupSuite(async () => {
    t = await openTestLedger('pglite');
    enterpriseId = (await t.ledger.enterprises.create(enterpriseInput(1))).id;
    for (const [key, askedAt] of [['late', LATE_31_MARCH], ['early', EARLY_1_APRIL]] as const) {
      await t.ledger.consultations.record({ idempotencyKey: key, channel: 'web', enterpriseId, askedAt, question: `问题 ${key}` });
    }
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it("staff's /today at 02:00 on 1 April counts the question of 01:30 and not the one before midnight", async () => {
    expect(await t.ledger.figures.today(new Date('2026-03-31T18:00:00Z'))).toMatchObject({ day: '2026-04-01', consultations: 1 });
  });

  it('the dashboard puts one question on each day', async () => {
    const f = await dashboardRepo(t.ledger.db).figures({ days: 2, now: new Date('2026-03-31T18:00:00Z') });
    expect(f.perDay).toEqual([{ day: '2026-03-31', n: 1 }, { day: '2026-04-01', n: 1 }]);
  });

  it('the 台账 shows 1 April as the last consultation', async () => {
    const row = (await t.ledger.report()).find((r) => r.统一社会信用代码 === enterpriseInput(1).uscc)!;
    expect(row.最近咨询).toBe('2026-04-01');
  });

  it('the log filtered to 1 April lists only the question asked that day', async () => {
    const { items } = await consultationSearchRepo(t.ledger.db).search({ from: '2026-04-01', to: '2026-04-01' });
    expect(items.map((i) => i.question)).toEqual(['问题 early']);
  });
});
