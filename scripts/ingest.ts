/**
 * npm run ingest -- <file|dir> [--issuer 洛阳市人社局] [--doc-number 洛人社〔2024〕1号] [--version 2024-05-01]
 * Adds the office's own documents (.md .txt .docx .pdf) to knowledge/local/ and rebuilds the index.
 * Every file is checked before anything is written: one malformed file stops the whole run with its
 * file and line, and the existing knowledge and index stay as they were.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chinaDate } from '../src/clock.js';
import { loadConfig } from '../src/config.js';
import { KnowledgeParseError, openKnowledgeBase } from '../src/kb/index.js';
import { extractText, INGESTIBLE } from '../src/kb/extract-text.js';
import { toKnowledgeMarkdown } from '../src/kb/office-document.js';
import { cliArgs } from './lib/args.js';

const usage = 'npm run ingest -- <文件或文件夹> [--issuer 发文机关] [--doc-number 文号] [--version YYYY-MM-DD] [--title 标题]';
const { values, positionals } = cliArgs(
  { issuer: { type: 'string' }, 'doc-number': { type: 'string' }, version: { type: 'string' }, title: { type: 'string' } },
  usage,
);
const fail = (msg: string): never => {
  process.stderr.write(`${msg}\n`);
  process.exit(1);
};
if (!positionals.length) fail(`请指定要导入的文件或文件夹。\n用法：${usage}`);
if (values.version && !/^\d{4}-\d{2}-\d{2}$/.test(values.version)) fail('--version 应为 YYYY-MM-DD 格式的日期');

const files = positionals.flatMap((p) => {
  if (!existsSync(p)) return fail(`找不到文件：${p}`);
  if (!statSync(p).isDirectory()) return [p];
  return readdirSync(p, { recursive: true, encoding: 'utf8' }).map((f) => path.join(p, f)).filter((f) => INGESTIBLE.includes(path.extname(f).toLowerCase())).sort();
});
if (!files.length) fail(`没有可导入的文件（支持 ${INGESTIBLE.join(' ')}）`);

const config = loadConfig();
const localDir = path.join(config.knowledgeDir, 'local');
const prepared: Array<{ target: string; markdown: string; label: string }> = [];
const errors: string[] = [];
for (const f of files) {
  try {
    const version = values.version ?? chinaDate(statSync(f).mtime);
    const { markdown, doc } = toKnowledgeMarkdown(await extractText(f), f, {
      title: values.title,
      issuer: values.issuer,
      docNumber: values['doc-number'],
      version,
      source: `办公室导入：${path.basename(f)}`,
    });
    prepared.push({ target: path.join(localDir, `${doc.meta.law.replace(/[\\/:*?"<>|]/g, '_')}.md`), markdown, label: `${doc.meta.title}（${doc.articles.length} 条）` });
  } catch (e) {
    errors.push(e instanceof KnowledgeParseError ? e.message : `${f}: ${(e as Error).message}`);
  }
}
if (errors.length) fail(`导入已取消，知识库未作任何改动。以下文件有误：\n${errors.map((e) => `  ${e}`).join('\n')}`);

mkdirSync(localDir, { recursive: true });
const previous = prepared.map((p) => (existsSync(p.target) ? readFileSync(p.target, 'utf8') : undefined));
prepared.forEach((p) => writeFileSync(p.target, p.markdown));
try {
  const { retriever } = await openKnowledgeBase(config);
  process.stdout.write(`已导入 ${prepared.length} 个文件：\n${prepared.map((p) => `  ${p.label} → ${path.relative(process.cwd(), p.target)}`).join('\n')}\n索引已更新：共 ${retriever.knowledge.articles.length} 条。\n`);
} catch (e) {
  // Put the knowledge folder back exactly as it was; the old index was never touched.
  prepared.forEach((p, i) => (previous[i] === undefined ? rmSync(p.target, { force: true }) : writeFileSync(p.target, previous[i]!)));
  fail(`导入已撤销：${e instanceof KnowledgeParseError ? e.message : (e as Error).message}`);
}
