/**
 * npm run fit-confidence: fit the confidence model (src/answer/confidence.ts) on the dev halves of the
 * evaluation sets, never their held-out halves. Label: the answer, given as if sure, cites a gold article.
 * Prints the weights to paste and, per threshold, what share of dev questions would be flagged unsure and
 * how many confident answers would still be wrong, then the threshold it recommends.
 */
import { writeFileSync } from 'node:fs';
import { Answerer } from '../src/answer/answerer.js';
import { makeCalculate } from '../src/answer/calculation/index.js';
import { confidenceOf, CONFIDENCE_MODEL } from '../src/answer/confidence.js';
import type { Signals } from '../src/answer/types.js';
import { loadConfig } from '../src/config.js';
import { openKnowledgeBase } from '../src/kb/index.js';
import { cliArgs } from './lib/args.js';
import { EVAL_FILES, loadEvalSet } from './lib/eval-sets.js';

const { values } = cliArgs(
  { 'max-confident-miss': { type: 'string', default: '0.05' }, dump: { type: 'string' } },
  'npm run fit-confidence -- [--max-confident-miss 0.05] [--dump rows.json]',
);
const target = Number(values['max-confident-miss']);

const dev = EVAL_FILES.flatMap(loadEvalSet).filter((q) => q.split === 'dev');

const config = loadConfig();
const { retriever } = await openKnowledgeBase(config);
const answerer = new Answerer(retriever, { calculate: makeCalculate(config.knowledgeDir), compose: { neverUnsure: true } });
const KEYS = Object.keys(CONFIDENCE_MODEL.weights) as Array<keyof Signals>;
const rows: Array<{ x: number[]; y: number; s: Signals }> = [];
let others = 0;
let othersRight = 0;
for (const q of dev) {
  const a = await answerer.answer(q.question);
  const y = a.citations.some((c) => q.gold.some((g) => g.law === c.law && g.article === c.article)) ? 1 : 0;
  if (a.signals && !a.handoff.needed) rows.push({ x: KEYS.map((k) => a.signals![k]), y, s: a.signals });
  else {
    others++;
    othersRight += y;
  }
}

if (values.dump) writeFileSync(values.dump, JSON.stringify(rows.map((r) => ({ ...r.s, y: r.y }))));

// Logistic regression by gradient descent with a little L2, features standardised for the fit.
const d = KEYS.length;
const mu = KEYS.map((_k, j) => rows.reduce((s, r) => s + r.x[j]!, 0) / rows.length);
const sd = KEYS.map((_k, j) => Math.sqrt(rows.reduce((s, r) => s + (r.x[j]! - mu[j]!) ** 2, 0) / rows.length) || 1);
const z = rows.map((r) => r.x.map((v, j) => (v - mu[j]!) / sd[j]!));
let w = new Array<number>(d).fill(0);
let b = 0;
for (let it = 0; it < 5000; it++) {
  const gw = new Array<number>(d).fill(0);
  let gb = 0;
  z.forEach((x, i) => {
    const p = 1 / (1 + Math.exp(-(b + x.reduce((s, v, j) => s + v * w[j]!, 0))));
    const e = p - rows[i]!.y;
    gb += e;
    x.forEach((v, j) => (gw[j]! += e * v));
  });
  w = w.map((v, j) => v - 0.1 * (gw[j]! / rows.length + 0.01 * v));
  b -= 0.1 * (gb / rows.length);
}
// Back to raw feature scale.
const weights = Object.fromEntries(KEYS.map((k, j) => [k, Math.round((w[j]! / sd[j]!) * 1000) / 1000])) as Record<keyof Signals, number>;
const bias = Math.round((b - KEYS.reduce((s, _k, j) => s + (w[j]! * mu[j]!) / sd[j]!, 0)) * 1000) / 1000;
const model = { bias, weights };

const n = dev.length;
process.stdout.write(`dev questions: ${n} (${rows.length} answered from a card or articles, right ${rows.filter((r) => r.y).length}; ${others} other, right ${othersRight})\n`);
process.stdout.write(`model: ${JSON.stringify(model)}\n\nthreshold  unsure  answer-precision  confident-miss(of all dev)\n`);
let pick: number | undefined;
for (let t = 0.2; t <= 0.9001; t += 0.05) {
  const sure = rows.filter((r) => confidenceOf(r.s, model) >= t);
  const miss = sure.filter((r) => !r.y).length / n;
  const unsure = (rows.length - sure.length) / n;
  process.stdout.write(`${t.toFixed(2)}       ${unsure.toFixed(3)}   ${(sure.filter((r) => r.y).length / Math.max(1, sure.length)).toFixed(3)}             ${miss.toFixed(3)}\n`);
  if (pick === undefined && miss <= target) pick = Math.round(t * 100) / 100;
}
process.stdout.write(`\nsmallest threshold with confident misses ≤ ${target}: ${pick ?? 'none'}\n`);
