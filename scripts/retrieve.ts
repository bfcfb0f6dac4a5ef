/**
 * npm run --silent retrieve -- --k 10 < questions.jsonl
 * Reads {"id","question"} lines; writes {"id","hits":[{"law","article","score","text"}]} lines, best first.
 * Nothing else goes to stdout; problems with an input line are reported on stderr.
 */
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { loadConfig } from '../src/config.js';
import { openKnowledgeBase } from '../src/kb/index.js';
import { cliArgs } from './lib/args.js';

const { values } = cliArgs({ k: { type: 'string', default: '10' } }, 'npm run --silent retrieve -- --k 10 < questions.jsonl');
const k = Number(values.k);
if (!Number.isInteger(k) || k < 1 || k > 100) {
  process.stderr.write('--k 应为 1 到 100 之间的整数\n');
  process.exit(2);
}
const line = z.object({ id: z.union([z.string(), z.number()]), question: z.string() });
const { retriever } = await openKnowledgeBase(loadConfig());

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
  const { hits } = await retriever.search(parsed.data.question, { k });
  const out = hits.map((h) => ({ law: h.law, article: h.article, score: h.score, text: h.text }));
  process.stdout.write(`${JSON.stringify({ id: parsed.data.id, hits: out })}\n`);
}
process.exitCode = bad ? 1 : 0;
