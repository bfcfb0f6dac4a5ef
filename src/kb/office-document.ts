import YAML from 'yaml';
import { parseLawFile } from './law-parser.js';
import { KnowledgeParseError } from './parse-error.js';
import type { LawDocument } from './types.js';

const STARTS_PARAGRAPH = /^(第[一二三四五六七八九十百千零〇两\d]+[编章节条]|[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、|#)/;
/** Characters that end a sentence: a line ending in one closes its paragraph. */
const ENDS_SENTENCE = new Set('。；：！？”」）)');

export interface OfficeMeta {
  title?: string;
  issuer?: string;
  docNumber?: string;
  version: string;
  source: string;
}

/**
 * Turn an office document into a knowledge law file. A Markdown file with YAML front matter is taken
 * as it is; plain text (from .txt, .docx or .pdf) gets front matter built from `meta`, its first line
 * as the title, and lines broken by page layout joined back into paragraphs. Errors name the line of
 * the original text.
 */
export function toKnowledgeMarkdown(text: string, file: string, meta: OfficeMeta): { markdown: string; doc: LawDocument } {
  if (/^\uFEFF?---\s*\n/.test(text)) return { markdown: text, doc: parseLawFile(text, file) };
  const src = text.replace(/\r\n?/g, '\n').split('\n');
  // Lines are collected per paragraph and joined once: testing the end of an ever-growing string with a
  // regex flattens it each time, which made a 3,000-page PDF take minutes (quadratic in its length).
  const open: Array<{ parts: string[]; line: number; ends: boolean }> = [];
  src.forEach((raw, i) => {
    const line = raw.replace(/[\s\u3000]+$/g, '').replace(/^[\s\u3000]+/, '');
    if (!line) return;
    const last = open[open.length - 1];
    const ends = ENDS_SENTENCE.has(line[line.length - 1]!);
    if (last && !STARTS_PARAGRAPH.test(line) && !last.ends) {
      last.parts.push(line);
      last.ends = ends;
    } else open.push({ parts: [line], line: i + 1, ends });
  });
  const paragraphs = open.map((p) => ({ text: p.parts.join(''), line: p.line }));
  const title = meta.title ?? paragraphs.shift()?.text;
  if (!title) throw new KnowledgeParseError(file, 1, '文件是空的');
  const sections = !paragraphs.some((p) => /^第[一二三四五六七八九十百千零〇两\d]+条/.test(p.text));
  const count = paragraphs.filter((p) => (sections ? /^[一二三四五六七八九十]+、/ : /^第[一二三四五六七八九十百千零〇两\d]+条/).test(p.text)).length;
  const fm = {
    title,
    kind: '地方文件',
    issuer: meta.issuer ?? '（未注明）',
    ...(meta.docNumber ? { doc_number: meta.docNumber } : {}),
    version: meta.version,
    source: meta.source,
    article_count: Math.max(count, 1),
    unverified: [],
    units: sections ? 'sections' : 'articles',
  };
  const header = `---\n${YAML.stringify(fm)}---\n\n# ${title}\n\n`;
  // Article lines need a space after 第X条 for the parser; PDFs often lose it.
  const body = paragraphs.map((p) => p.text.replace(/^(第[一二三四五六七八九十百千零〇两\d]+条)(?=[^\s\u3000])/, '$1　'));
  const markdown = header + body.join('\n\n') + '\n';
  const headerLines = header.split('\n').length - 1;
  try {
    return { markdown, doc: parseLawFile(markdown, file) };
  } catch (e) {
    if (e instanceof KnowledgeParseError && e.line && e.line > headerLines) {
      // Generated line → paragraph index (one paragraph + one blank line each) → original line.
      const p = paragraphs[Math.floor((e.line - headerLines - 1) / 2)];
      throw new KnowledgeParseError(file, p?.line, e.reason);
    }
    throw e;
  }
}
