/** npm run check-law -- FILE...: parse statute files as the knowledge base does and print what was read. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseLawFile } from '../src/kb/law-parser.js';
import { KnowledgeParseError } from '../src/kb/parse-error.js';

let failed = false;
for (const file of process.argv.slice(2)) {
  try {
    const doc = parseLawFile(readFileSync(file, 'utf8'), path.relative('knowledge', file));
    const { meta } = doc;
    process.stdout.write(`${file}\n  ${meta.title}（${meta.kind}，${meta.docNumber ?? '无文号'}，版本 ${meta.version}）\n`);
    process.stdout.write(`  ${doc.articles.length} 条（官方共 ${meta.articleCount} 条${meta.excerpt ? '，本文件为节录' : ''}）：${doc.articles.map((a) => a.label).join(' ')}\n`);
    if (meta.unverified.length) process.stdout.write(`  待核实：${meta.unverified.join('、')}\n`);
    for (const a of doc.articles) for (const s of a.status) process.stdout.write(`  ${a.label} ${s.paragraphs ? `第${s.paragraphs.join('、')}款` : '全条'} ${s.state}（${s.date}，${s.by}）\n`);
    const ascii = doc.articles.filter((a) => /[\p{Script=Han}][:;,()]|[:;,()][\p{Script=Han}]/u.test(a.text));
    if (ascii.length) process.stdout.write(`  半角标点：${ascii.map((a) => a.label).join(' ')}\n`);
  } catch (e) {
    failed = true;
    process.stdout.write(`${file}\n  错误：${e instanceof KnowledgeParseError ? e.message : String(e)}\n`);
  }
}
process.exit(failed ? 1 : 0);
