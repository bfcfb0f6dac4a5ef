/**
 * npm run --silent answer -- --jsonl < questions.jsonl
 * Reads {"id","question"} lines; writes one line each: the `ask --json` answer object plus "id", in
 * input order. Nothing else goes to stdout; a malformed input line is reported on stderr and skipped.
 */
import { openAnswerer } from '../src/answer/index.js';
import { loadConfig } from '../src/config.js';
import { cliArgs } from './lib/args.js';
import { questionLines } from './lib/questions.js';

const { values } = cliArgs({ jsonl: { type: 'boolean', default: false } }, 'npm run --silent answer -- --jsonl < questions.jsonl');
if (!values.jsonl) {
  process.stderr.write('请加 --jsonl，并从标准输入提供每行一个 {"id","question"} 的 JSON，例如：npm run --silent answer -- --jsonl < questions.jsonl\n');
  process.exit(2);
}
const { answerer } = await openAnswerer(loadConfig());

const batch = questionLines();
for await (const q of batch.lines) {
  const answer = await answerer.answer(q.question);
  process.stdout.write(`${JSON.stringify({ id: q.id, ...answer })}\n`);
}
process.exitCode = batch.bad() ? 1 : 0;
