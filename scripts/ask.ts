/** npm run ask -- "问题": the best-matching articles for a question, readable. */
import { loadConfig } from '../src/config.js';
import { openKnowledgeBase } from '../src/kb/index.js';
import { cliArgs } from './lib/args.js';

const { values, positionals } = cliArgs({ k: { type: 'string', default: '5' }, json: { type: 'boolean', default: false } }, 'npm run ask -- [--k 5] [--json] "问题"');
const question = positionals.join(' ').trim();
if (!question) {
  process.stderr.write('请在命令后写上要问的问题，例如：npm run ask -- "试用期最长多久"\n');
  process.exit(2);
}
const { retriever } = await openKnowledgeBase(loadConfig());
const result = await retriever.search(question, { k: Number(values.k) || 5 });
if (values.json) {
  process.stdout.write(`${JSON.stringify(result.hits)}\n`);
} else {
  const out: string[] = [`问题：${question}`];
  if (result.expansions.length) out.push(`（按法律用语理解为：${result.expansions.join('、')}）`);
  if (result.cards[0]) out.push(`最接近的指导卡片：${result.cards[0].card.title}`);
  out.push('');
  result.hits.forEach((h, i) => {
    out.push(`${i + 1}. 《${h.title}》${h.label}${h.unverified ? '（条文待核实）' : ''}  [${h.score}]`);
    out.push(...h.text.split('\n').map((l) => `   ${l}`));
    out.push('');
  });
  process.stdout.write(out.join('\n'));
}
