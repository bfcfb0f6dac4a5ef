/**
 * npm run eval:calc — the calculators on calculation questions written from outside material
 * (test/eval/calc/questions*.jsonl, see the README beside them). Each question expects figures or a clarifying question.
 * Outcomes: right (every expected figure shown, or asked when it should ask), confirm (the reading shown to be
 * checked first, and how often "对" then gives a wrong figure), asked (a question instead of a figure), none (no
 * calculation: the guidance answers instead, no figure), wrong (a figure shown that is not the expected one). Reports the dev and the frozen held-out half; lists misses of the dev half only.
 *
 *   npm run eval:calc [-- --misses]
 */
import path from 'node:path';
import { makeCalculate } from '../src/answer/calculation/index.js';
import { afterConfirm, batchOf, CALC_TODAY, judge, loadCalcSet, type Outcome } from './lib/calc-eval.js';

async function main(): Promise<void> {
  const showMisses = process.argv.includes('--misses');
  const calculate = makeCalculate(path.resolve('knowledge'), () => CALC_TODAY);
  const set = loadCalcSet();
  const rows = await Promise.all(
    set.map(async (q) => {
      const c = await calculate(q.question);
      const outcome = judge(q, c);
      return { q, c, outcome, confirmed: outcome === 'confirm' ? await afterConfirm(calculate, q) : undefined };
    }),
  );
  const line = (name: string, rs: typeof rows) => {
    const n = rs.length || 1;
    const share = (o: Outcome) => (rs.filter((r) => r.outcome === o).length / n).toFixed(3);
    // After "对": of the confirmations, the share whose figure is then wrong (what a check by the user must catch).
    const confirms = rs.filter((r) => r.outcome === 'confirm');
    const wrongAfter = confirms.length ? (confirms.filter((r) => r.confirmed === 'wrong').length / confirms.length).toFixed(2) : '  - ';
    return `${name.padEnd(16)} ${String(rs.length).padStart(4)} | ${share('right')}  ${share('confirm')}  ${share('asked')}  ${share('none')}  ${share('wrong')} | ${wrongAfter}`;
  };
  console.log('set              n    | right  confirm asked  none   wrong | wrong after 对');
  for (const split of ['dev', 'heldout'] as const) console.log(line(split, rows.filter((r) => r.q.split === split)));
  for (const batch of [...new Set(set.map((q) => batchOf(q.id)))].sort()) {
    for (const split of ['dev', 'heldout'] as const) console.log(line(`${split} batch ${batch}`, rows.filter((r) => r.q.split === split && batchOf(r.q.id) === batch)));
  }
  console.log('');
  for (const split of ['dev', 'heldout'] as const) {
    for (const calc of [...new Set(set.map((q) => q.calc))]) console.log(line(`${split} ${calc}`, rows.filter((r) => r.q.split === split && r.q.calc === calc)));
    console.log('');
  }
  if (showMisses) {
    console.log('\nDev misses (held-out misses are never printed):');
    for (const r of rows.filter((x) => x.q.split === 'dev' && x.outcome !== 'right')) {
      const got = r.c?.ask ? `ask ${r.c.ask.slot}` : r.c ? r.c.results.map((x) => `${x.figure.label}=${x.figure.value}${x.figure.unit}`).join(' | ') || r.c.explain.join(' ').slice(0, 60) : 'none';
      console.log(`${r.outcome.padEnd(5)} ${r.q.id} [${r.q.calc}] ${r.q.question}\n      expected ${JSON.stringify(r.q.expect)} got ${got}\n      read ${r.c?.reading.join('；') ?? ''}`);
    }
  }
}

await main();
