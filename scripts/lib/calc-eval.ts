/**
 * The calculation evaluation set (test/eval/calc/questions*.jsonl, README beside them) and how one
 * calculation fares against a question: shared by `npm run eval:calc` and the regression test on its dev half.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Calculation } from '../../src/answer/calculation/index.js';
import { REPLY_MARK } from '../../src/answer/calculation/facts.js';
import { CONFIRMED } from '../../src/answer/calculation/slots.js';
import { readJsonl } from './eval-sets.js';

/** Batches written apart from the calculators, each split by its ids: questions.jsonl is batch a. */
const DIR = 'test/eval/calc';
/** "Today" of the set (its README). */
export const CALC_TODAY = new Date('2026-12-03T04:00:00Z');

const record = z.object({
  id: z.string(),
  calc: z.string(),
  question: z.string(),
  expect: z.union([z.literal('ask'), z.array(z.object({ value: z.number(), unit: z.string() })).min(1)]),
  split: z.enum(['dev', 'heldout']),
});
export type CalcQuestion = z.infer<typeof record>;
/**
 * confirm: the reading is shown to be checked before the figure (many numbers left unused); `afterConfirm` is
 * how the figure fares once the user answers "对" without correcting anything.
 */
export type Outcome = 'right' | 'confirm' | 'asked' | 'none' | 'wrong';

export function loadCalcSet(dir = DIR): CalcQuestion[] {
  const files = readdirSync(dir).filter((f) => /^questions(-[a-z])?\.jsonl$/.test(f)).sort();
  return files.flatMap((f) => readJsonl(path.join(dir, f), record));
}

/** The batch a question belongs to, from its id ("d-sev-1" → d; batch a's ids have no letter). */
export const batchOf = (id: string) => /^([b-z])-/.exec(id)?.[1] ?? 'a';

const unitOf = (u: string) => u.replace(/\/.*$/, '').trim();

/**
 * right: every expected figure shown, or asked when it should ask; asked: a question instead of a figure;
 * none: no calculation (the guidance answers instead); wrong: a figure shown that is not the expected one.
 */
export function judge(q: CalcQuestion, c: Calculation | undefined): Outcome {
  if (!c || (!c.results.length && !c.ask)) return q.expect === 'ask' ? 'right' : 'none';
  if (c.ask?.slot === 'confirm') return 'confirm';
  if (c.ask) return q.expect === 'ask' ? 'right' : 'asked';
  if (q.expect === 'ask') return 'wrong';
  const shown = c.figures;
  const all = q.expect.every((e) => shown.some((f) => unitOf(f.unit) === unitOf(e.unit) && Math.abs(f.value - e.value) <= 0.011 + 1e-9));
  return all ? 'right' : 'wrong';
}

/** The calculation once the user has answered the confirmation with "对" (as the chat would join it). */
export async function afterConfirm(calculate: (m: string) => Promise<Calculation | undefined>, q: CalcQuestion): Promise<Outcome> {
  const c = await calculate(q.question);
  if (c?.ask?.slot !== 'confirm') return judge(q, c);
  return judge(q, await calculate(`${c.message}${REPLY_MARK}${CONFIRMED}`));
}
