/**
 * npm run eval: retrieval quality on test/eval/questions.jsonl, BM25-only baseline vs the hybrid.
 * Recall@k = share of a question's gold articles found in the top k, averaged; Hit@k = share of
 * questions with at least one gold article in the top k; MRR@10 = mean reciprocal rank of the first gold.
 * Answer = share of questions whose offline answer (what a user reads without an LLM) cites a gold article.
 * Questions with an odd number are the "dev" half (used when tuning), even ones the held-out "test" half.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { Answerer } from '../src/answer/answerer.js';
import { makeCalculate } from '../src/answer/calculate.js';
import { loadConfig } from '../src/config.js';
import { openKnowledgeBase } from '../src/kb/index.js';
import { cliArgs } from './lib/args.js';

const { values } = cliArgs(
  { file: { type: 'string', default: 'test/eval/questions.jsonl' }, misses: { type: 'string' }, json: { type: 'boolean', default: false } },
  'npm run eval -- [--file questions.jsonl] [--misses dev|test|all] [--json]',
);
const question = z.object({
  id: z.string(),
  question: z.string(),
  gold: z.array(z.object({ law: z.string(), article: z.number().int() })).min(1),
  style: z.string().default('?'),
});
const questions = readFileSync(values.file!, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l, i) => {
    const p = question.safeParse(JSON.parse(l));
    if (!p.success) throw new Error(`${values.file}:${i + 1}: ${p.error.issues[0]!.message}`);
    return p.data;
  });

const config = loadConfig();
const { retriever } = await openKnowledgeBase(config);
const split = (id: string) => (Number(id.replace(/\D/g, '')) % 2 ? 'dev' : 'test');

interface Row { id: string; split: string; style: string; recall: number[]; hit: number[]; rr: number; answer: number }
const K = [1, 5, 10];
function score(gold: Array<{ law: string; article: number }>, ranked: Array<{ law: string; article: number }>): Omit<Row, 'id' | 'split' | 'style' | 'answer'> {
  const keys = ranked.map((h) => `${h.law}#${h.article}`);
  const g = gold.map((x) => `${x.law}#${x.article}`);
  const first = keys.findIndex((k) => g.includes(k));
  return {
    recall: K.map((k) => g.filter((x) => keys.slice(0, k).includes(x)).length / g.length),
    hit: K.map((k) => (first >= 0 && first < k ? 1 : 0)),
    rr: first >= 0 && first < 10 ? 1 / (first + 1) : 0,
  };
}

// As npm start answers without an LLM: retrieval, calculators, the offline composer.
const answerer = new Answerer(retriever, { calculate: makeCalculate(config.knowledgeDir) });
const rows: Record<'bm25' | 'hybrid', Row[]> = { bm25: [], hybrid: [] };
const misses: string[] = [];
for (const q of questions) {
  const base = retriever.baseline(q.question, 10);
  const { hits } = await retriever.search(q.question, { k: 10 });
  const meta = { id: q.id, split: split(q.id), style: q.style };
  rows.bm25.push({ ...meta, ...score(q.gold, base), answer: 0 });
  const cited = (await answerer.answer(q.question)).citations;
  const answer = cited.some((c) => q.gold.some((g) => g.law === c.law && g.article === c.article)) ? 1 : 0;
  const h = { ...meta, ...score(q.gold, hits), answer };
  rows.hybrid.push(h);
  if (values.misses && (values.misses === 'all' || values.misses === meta.split) && (h.recall[1]! < 1 || !answer)) {
    misses.push(
      `${q.id} [${q.style}] ${q.question}\n   gold: ${q.gold.map((g) => `${g.law}${g.article}`).join(' ')}\n   got:  ${hits.slice(0, 5).map((x) => `${x.law}${x.article}`).join(' ')}` +
        `\n   answer cites: ${cited.map((c) => `${c.law}${c.article}`).join(' ') || '(none)'}`,
    );
  }
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
function metrics(rs: Row[]) {
  return {
    n: rs.length,
    'Recall@1': mean(rs.map((r) => r.recall[0]!)),
    'Recall@5': mean(rs.map((r) => r.recall[1]!)),
    'Recall@10': mean(rs.map((r) => r.recall[2]!)),
    'Hit@5': mean(rs.map((r) => r.hit[1]!)),
    'MRR@10': mean(rs.map((r) => r.rr)),
    Answer: mean(rs.map((r) => r.answer)),
  };
}
const groups: Array<[string, (r: Row) => boolean]> = [
  ['all', () => true],
  ['dev', (r) => r.split === 'dev'],
  ['test', (r) => r.split === 'test'],
  ...[...new Set(questions.map((q) => q.style))].sort().map((s): [string, (r: Row) => boolean] => [`style=${s}`, (r) => r.style === s]),
];
const report = groups.map(([name, f]) => ({ group: name, bm25: metrics(rows.bm25.filter(f)), hybrid: metrics(rows.hybrid.filter(f)) }));
if (values.json) {
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
} else {
  const f = (x: number) => x.toFixed(3);
  const lines = [`${questions.length} questions, ${retriever.knowledge.articles.length} articles, ${retriever.knowledge.cards.length} cards`, ''];
  lines.push('group          n    | BM25 R@1  R@5   R@10  Hit@5 MRR@10 | hybrid R@1  R@5   R@10  Hit@5 MRR@10 | Answer');
  for (const r of report) {
    const m = (x: ReturnType<typeof metrics>) => `${f(x['Recall@1'])} ${f(x['Recall@5'])} ${f(x['Recall@10'])} ${f(x['Hit@5'])} ${f(x['MRR@10'])}`;
    lines.push(`${r.group.padEnd(14)} ${String(r.bm25.n).padStart(4)} |      ${m(r.bm25)} |        ${m(r.hybrid)} | ${f(r.hybrid.Answer)}`);
  }
  if (misses.length) lines.push('', `hybrid misses (Recall@5 < 1, or the answer cites no gold article), ${misses.length}:`, ...misses);
  process.stdout.write(`${lines.join('\n')}\n`);
}
