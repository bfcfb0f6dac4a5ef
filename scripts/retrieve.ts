/**
 * npm run --silent retrieve -- --k 10 < questions.jsonl
 * Reads {"id","question"} lines; writes {"id","hits":[{"law","article","score","text"}]} lines, best first.
 * Nothing else goes to stdout; problems with an input line are reported on stderr.
 */
import { loadConfig } from '../src/config.js';
import { openKnowledgeBase } from '../src/kb/index.js';
import { cliArgs } from './lib/args.js';
import { questionLines } from './lib/questions.js';

const { values } = cliArgs({ k: { type: 'string', default: '10' } }, 'npm run --silent retrieve -- --k 10 < questions.jsonl');
const k = Number(values.k);
if (!Number.isInteger(k) || k < 1 || k > 100) {
  process.stderr.write('--k 应为 1 到 100 之间的整数\n');
  process.exit(2);
}
const { retriever } = await openKnowledgeBase(loadConfig());

const batch = questionLines();
for await (const q of batch.lines) {
  const { hits } = await retriever.search(q.question, { k });
  const out = hits.map((h) => ({ law: h.law, article: h.article, score: h.score, text: h.text }));
  process.stdout.write(`${JSON.stringify({ id: q.id, hits: out })}\n`);
}
process.exitCode = batch.bad() ? 1 : 0;
