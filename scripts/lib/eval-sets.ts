import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';

/** The evaluation sets, team's first; the outside set only where it exists. */
export const EVAL_FILES = ['test/eval/questions.jsonl', 'test/eval/outside/questions.jsonl'].filter((f) => existsSync(f));

const record = z.object({
  id: z.string(),
  question: z.string(),
  gold: z.array(z.object({ law: z.string(), article: z.number().int() })).min(1),
  style: z.string().default('?'),
  split: z.enum(['dev', 'heldout']).optional(),
});
export type EvalQuestion = Omit<z.infer<typeof record>, 'split'> & { split: 'dev' | 'test' | 'heldout' };

/**
 * One evaluation set. The outside set carries its frozen half in `split`; in the team's set odd ids were
 * looked at while tuning (dev), even ones not (test).
 */
export function loadEvalSet(file: string): EvalQuestion[] {
  return readJsonl(file, record).map((q) => ({ ...q, split: q.split ?? (Number(q.id.replace(/\D/g, '')) % 2 ? 'dev' : 'test') }));
}

/** The records of a JSON-lines file, each checked by `schema`; a bad line stops with its file and line number. */
export function readJsonl<S extends z.ZodType>(file: string, schema: S): Array<z.infer<S>> {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((l, i) => ({ l, i }))
    .filter(({ l }) => l.trim())
    .map(({ l, i }) => {
      const p = schema.safeParse(JSON.parse(l));
      if (!p.success) throw new Error(`${file}:${i + 1}: ${p.error.issues[0]!.message}`);
      return p.data;
    });
}
