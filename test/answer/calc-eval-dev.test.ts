/**
 * The calculators on the dev half of the outside calculation set (test/eval/calc, written apart from the
 * code): the phrasings fixed while tuning must stay fixed. No wrong figure may be shown on it, and the share
 * of right answers may not fall below what it was when this test was written. The held-out half is never
 * asserted on here: it is only measured, by `npm run eval:calc`.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeCalculate } from '../../src/answer/calculation/index.js';
import { afterConfirm, batchOf, CALC_TODAY, loadCalcSet } from '../../scripts/lib/calc-eval.js';

describe('calculations on the dev half of the outside set', () => {
  // 91 %: the dev halves of batches a–i, after "对" where the reading is checked, once yes-or-no questions went
  // to the guidance (the rest are clarifying questions or guidance). Batch j arrived later and is measured by
  // `npm run eval:calc` until its dev half has been worked through.
  it('shows no wrong figure and stays at least 91 % right on batches a–i', async () => {
    const calculate = makeCalculate(path.resolve('knowledge'), () => CALC_TODAY);
    const dev = loadCalcSet().filter((q) => q.split === 'dev' && batchOf(q.id) <= 'i');
    expect(dev.length).toBeGreaterThan(400);
    // A reading shown to be checked must give the right figure once the user says "对".
    const outcomes = await Promise.all(dev.map(async (q) => ({ id: q.id, outcome: await afterConfirm(calculate, q) })));
    expect(outcomes.filter((o) => o.outcome === 'wrong').map((o) => o.id)).toEqual([]);
    expect(outcomes.filter((o) => o.outcome === 'right').length / dev.length).toBeGreaterThanOrEqual(0.91);
  });
});
