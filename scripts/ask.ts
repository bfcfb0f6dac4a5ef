/**
 * npm run ask -- "问题"            the full answer, then the best-matching articles
 * npm run --silent ask -- --json "问题"   one JSON object: text, citations, figures, handoff, …
 */
import { loadConfig } from '../src/config.js';
import { openAnswerer } from '../src/answer/index.js';
import { cliArgs } from './lib/args.js';

const { values, positionals } = cliArgs({ k: { type: 'string', default: '5' }, json: { type: 'boolean', default: false } }, 'npm run ask -- [--k 5] [--json] "问题"');
const question = positionals.join(' ').trim();
if (!question) {
  process.stderr.write('请在命令后写上要问的问题，例如：npm run ask -- "试用期最长多久"\n');
  process.exit(2);
}
const { answerer, retriever } = await openAnswerer(loadConfig());
const answer = await answerer.answer(question);
if (values.json) {
  process.stdout.write(`${JSON.stringify(answer)}\n`);
} else {
  const { hits, expansions } = await retriever.search(question, { k: Number(values.k) || 5 });
  const out = [`问：${question}`, '', answer.text, ''];
  out.push(`（把握程度 ${Math.round(answer.confidence * 100)}%${answer.handoff.needed ? `；需转人工：${answer.handoff.reason}` : ''}）`, '');
  out.push(`—— 检索到的条文${expansions.length ? `（按法律用语理解为：${expansions.join('、')}）` : ''} ——`);
  hits.forEach((h, i) => {
    out.push(`${i + 1}. 《${h.title}》${h.label}${h.unverified ? '（条文待核实）' : ''}  [${h.score}]`);
    out.push(...h.text.split('\n').map((l) => `   ${l}`));
  });
  process.stdout.write(`${out.join('\n')}\n`);
}
