/**
 * npm run bench:answer — p50/p95 of question → full offline answer (retrieval, calculators, composer)
 * on the shipped knowledge base, over the evaluation questions and a set with numbers for the calculators.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Answerer } from '../../src/answer/answerer.js';
import { makeCalculate } from '../../src/answer/calculation/index.js';
import { openKnowledgeBase } from '../../src/kb/index.js';

const knowledgeDir = path.resolve('knowledge');
const { retriever } = await openKnowledgeBase({ knowledgeDir, dataDir: mkdtempSync(path.join(os.tmpdir(), 'bench-answer-')) });
const answerer = new Answerer(retriever, { calculate: makeCalculate(knowledgeDir) });
const questions = [
  ...readFileSync('test/eval/questions.jsonl', 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { question: string }).question),
  '干了三年半，月薪8000，被辞退要赔多少',
  '入职8个月了一直没签合同，月薪6000，能要多少双倍工资',
  '月薪8700，这个月周末加班了16个小时，加班费多少',
  '签了三年合同，试用期约定了8个月，合法吗',
];
for (const q of questions.slice(0, 20)) await answerer.answer(q); // warm up
const times: number[] = [];
for (const q of questions) {
  const t = performance.now();
  await answerer.answer(q);
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!.toFixed(2);
console.log(`offline answer on ${os.cpus().length} cores, Node ${process.version}: ${times.length} questions, p50 ${pct(50)} ms, p95 ${pct(95)} ms, max ${times[times.length - 1]!.toFixed(2)} ms`);
