/**
 * npm run eval: retrieval and answer quality on two evaluation sets.
 * - test/eval/questions.jsonl: written by the team, independently of the cards; odd ids are "dev", even "test".
 * - test/eval/outside/questions.jsonl: questions real people wrote, as found in outside material, each with
 *   its source; every record carries a frozen `split` ("dev" or "heldout"). Held-out misses are never
 *   printed: that half is read only as figures.
 * Recall@k = share of a question's gold articles in the top k, averaged; Hit@5 = share of questions with a
 * gold article in the top 5; MRR@10 = mean reciprocal rank of the first gold. Answer = share whose offline
 * answer (what a user reads without an LLM) cites a gold article. Unsure = share flagged "not sure" or handed
 * to a person; Precision = of the answers given as sure, the share citing gold; Confident miss = share of all
 * questions answered as sure without citing gold (the harmful case); Flagged = of the answers citing no gold,
 * the share that said they were not sure.
 */
import { Answerer } from '../src/answer/answerer.js';
import { makeCalculate } from '../src/answer/calculation/index.js';
import { loadConfig } from '../src/config.js';
import { openKnowledgeBase } from '../src/kb/index.js';
import { cliArgs } from './lib/args.js';
import { EVAL_FILES, loadEvalSet } from './lib/eval-sets.js';

const { values } = cliArgs(
  { file: { type: 'string', multiple: true }, misses: { type: 'string' }, json: { type: 'boolean', default: false } },
  'npm run eval -- [--file questions.jsonl …] [--misses dev|test|all] [--json]',
);
const FILES = values.file ?? EVAL_FILES;

const config = loadConfig();
const { retriever } = await openKnowledgeBase(config);
// As npm start answers without an LLM: retrieval, calculators, the offline composer.
const answerer = new Answerer(retriever, { calculate: makeCalculate(config.knowledgeDir) });

interface Row { split: string; style: string; recall: number[]; hit: number[]; rr: number; answer: number; unsure: number }
const K = [1, 5, 10];
function score(gold: Array<{ law: string; article: number }>, ranked: Array<{ law: string; article: number }>) {
  const keys = ranked.map((h) => `${h.law}#${h.article}`);
  const g = gold.map((x) => `${x.law}#${x.article}`);
  const first = keys.findIndex((k) => g.includes(k));
  return {
    recall: K.map((k) => g.filter((x) => keys.slice(0, k).includes(x)).length / g.length),
    hit: K.map((k) => (first >= 0 && first < k ? 1 : 0)),
    rr: first >= 0 && first < 10 ? 1 / (first + 1) : 0,
  };
}
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
function metrics(rs: Row[]) {
  const sure = rs.filter((r) => !r.unsure);
  const missed = rs.filter((r) => !r.answer);
  return {
    n: rs.length,
    'Recall@1': mean(rs.map((r) => r.recall[0]!)),
    'Recall@5': mean(rs.map((r) => r.recall[1]!)),
    'Recall@10': mean(rs.map((r) => r.recall[2]!)),
    'Hit@5': mean(rs.map((r) => r.hit[1]!)),
    'MRR@10': mean(rs.map((r) => r.rr)),
    Answer: mean(rs.map((r) => r.answer)),
    Unsure: mean(rs.map((r) => r.unsure)),
    Precision: mean(sure.map((r) => r.answer)),
    'Confident miss': rs.length ? sure.filter((r) => !r.answer).length / rs.length : 0,
    Flagged: mean(missed.map((r) => r.unsure)),
  };
}

const f = (x: number) => x.toFixed(3);
const report: unknown[] = [];
const out: string[] = [];
for (const file of FILES) {
  const questions = loadEvalSet(file);
  const outside = questions.some((q) => q.split === 'heldout');
  const rows: Record<'bm25' | 'hybrid', Row[]> = { bm25: [], hybrid: [] };
  const misses: string[] = [];
  for (const q of questions) {
    const base = retriever.baseline(q.question, 10);
    const { hits } = await retriever.search(q.question, { k: 10 });
    const meta = { split: q.split, style: q.style };
    rows.bm25.push({ ...meta, ...score(q.gold, base), answer: 0, unsure: 0 });
    const a = await answerer.answer(q.question);
    const answer = a.citations.some((c) => q.gold.some((g) => g.law === c.law && g.article === c.article)) ? 1 : 0;
    const unsure = a.unsure || a.handoff.needed ? 1 : 0;
    const h = { ...meta, ...score(q.gold, hits), answer, unsure };
    rows.hybrid.push(h);
    const wanted = values.misses === 'all' || values.misses === q.split;
    if (values.misses && wanted && q.split !== 'heldout' && (h.recall[1]! < 1 || !answer)) {
      misses.push(
        `${q.id} [${q.style}] ${q.question.slice(0, 200)}\n   gold: ${q.gold.map((g) => `${g.law}${g.article}`).join(' ')}\n   got:  ${hits.slice(0, 5).map((x) => `${x.law}${x.article}`).join(' ')}` +
          `\n   answer${unsure ? ' (unsure)' : ''} cites: ${a.citations.map((c) => `${c.law}${c.article}`).join(' ') || '(none)'}  confidence ${a.confidence}`,
      );
    }
  }
  const halves = outside ? ['dev', 'heldout'] : ['dev', 'test'];
  const groups: Array<[string, (r: Row) => boolean]> = [
    ['all', () => true],
    ...halves.map((s): [string, (r: Row) => boolean] => [s, (r) => r.split === s]),
    ...(outside ? [] : [...new Set(questions.map((q) => q.style))].sort().map((s): [string, (r: Row) => boolean] => [`style=${s}`, (r) => r.style === s])),
  ];
  const table = groups.map(([name, fn]) => ({ group: name, bm25: metrics(rows.bm25.filter(fn)), hybrid: metrics(rows.hybrid.filter(fn)) }));
  report.push({ file, table });
  out.push(`${file}: ${questions.length} questions; ${retriever.knowledge.articles.length} articles, ${retriever.knowledge.cards.length} cards`, '');
  out.push('group        n    | BM25 R@5 | hybrid R@1  R@5   R@10  Hit@5 MRR@10 | Answer Unsure Precision ConfMiss Flagged');
  for (const r of table) {
    const m = r.hybrid;
    out.push(
      `${r.group.padEnd(12)} ${String(m.n).padStart(4)} |    ${f(r.bm25['Recall@5'])} |        ${f(m['Recall@1'])} ${f(m['Recall@5'])} ${f(m['Recall@10'])} ${f(m['Hit@5'])} ${f(m['MRR@10'])} |` +
        `  ${f(m.Answer)}  ${f(m.Unsure)}     ${f(m.Precision)}    ${f(m['Confident miss'])}   ${f(m.Flagged)}`,
    );
  }
  if (misses.length) out.push('', `misses (Recall@5 < 1, or the answer cites no gold article), ${misses.length}:`, ...misses);
  out.push('');
}
process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : `${out.join('\n')}\n`);
