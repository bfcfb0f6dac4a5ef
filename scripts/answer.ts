/**
 * npm run --silent answer -- --jsonl < questions.jsonl
 * Reads {"id","question"} lines; writes one line each: the `ask --json` answer object plus "id", in
 * input order. Nothing else goes to stdout; a malformed input line is reported on stderr and skipped.
 */
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { openAnswerer } from '../src/answer/index.js';
import { loadConfig } from '../src/config.js';
import { cliArgs } from './lib/args.js';

const { values } = cliArgs({ jsonl: { type: 'boolean', default: false } }, 'npm run --silent answer -- --jsonl < questions.jsonl');
if (!values.jsonl) {
  process.stderr.write('请加 --jsonl，并从标准输入提供每行一个 {"id","question"} 的 JSON，例如：npm run --silent answer -- --jsonl < questions.jsonl\n');
  process.exit(2);
}
const line = z.object({ id: z.union([z.string(), z.number()]), question: z.string() });
const { answerer } = await openAnswerer(loadConfig());

let bad = 0;
let n = 0;
for await (const raw of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  n++;
  if (!raw.trim()) continue;
  let parsed;
  try {
    parsed = line.safeParse(JSON.parse(raw));
  } catch {
    parsed = undefined;
  }
  if (!parsed?.success) {
    bad++;
    process.stderr.write(`第${n}行不是 {"id","question"} 格式的 JSON，已跳过\n`);
    continue;
  }
  const answer = await answerer.answer(parsed.data.question);
  process.stdout.write(`${JSON.stringify({ id: parsed.data.id, ...answer })}\n`);
}
process.exitCode = bad ? 1 : 0;
