import { z } from 'zod';
import { articleLabel, parseChineseNumber } from './numerals.js';
import { KnowledgeParseError } from './parse-error.js';
import type { Article, LawDocument, LawMeta, Paragraph } from './types.js';
import { parseYaml } from './yaml.js';

const NUM = '[一二三四五六七八九十百千零〇两0-9０-９]+';
const HEADING = new RegExp(`^#{0,6}\\s*(第${NUM}[编章节])[\\s　]*(.*)$`);
const ARTICLE = new RegExp(`^(第(${NUM})条)[\\s　]+(.*)$`);
const SECTION = /^([一二三四五六七八九十]+)、(.*)$/;
const ITEM = /^[（(][一二三四五六七八九十]+[）)]/;
const ANNEX = /^#{1,6}\s*(附录|附件|附表|附)/;

const date = z.union([z.string(), z.date()]).transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))
  .pipe(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD'));

const frontMatter = z.object({
  title: z.string().min(2),
  kind: z.enum(['法律', '行政法规', '部门规章', '司法解释', '规范性文件', '地方文件']),
  issuer: z.string().min(1),
  doc_number: z.string().min(1).nullish(),
  adopted: date.nullish(),
  amended: z.array(date).nullish(),
  effective: date.nullish(),
  version: date,
  source: z.string().min(1),
  article_count: z.number().int().positive(),
  unverified: z.union([z.array(z.number().int().positive()), z.literal('all')]).nullish(),
  units: z.enum(['articles', 'sections']).default('articles'),
});

/** The citation name of a document: its official title without the 中华人民共和国 prefix. */
export const lawName = (title: string): string => title.replace(/^中华人民共和国/, '');

/** Split "---\nyaml\n---\nbody" into its parts; the body keeps its line offset for error messages. */
function splitFrontMatter(source: string, file: string): { yaml: string; body: string[]; offset: number } {
  const lines = source.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines[0]?.trim() !== '---') throw new KnowledgeParseError(file, 1, '文件应以 YAML 头（---）开始，写明标题、版本日期等信息');
  const end = lines.findIndex((l, i) => i > 0 && l.trim() === '---');
  if (end < 0) throw new KnowledgeParseError(file, 1, 'YAML 头没有结束行（---）');
  return { yaml: lines.slice(1, end).join('\n'), body: lines.slice(end + 1), offset: end + 1 };
}


interface Draft {
  number: number;
  label: string;
  headings: string[];
  lines: string[];
  line: number;
}

function toParagraphs(lines: string[]): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  for (const l of lines) {
    const last = paragraphs[paragraphs.length - 1];
    if (ITEM.test(l) && last) last.items.push(l);
    else paragraphs.push({ text: l, items: [] });
  }
  return paragraphs;
}

/**
 * Parse a law file (YAML front matter + Markdown body) into articles with their 编/章/节 headings,
 * 款 (paragraphs) and 项 (items). Throws KnowledgeParseError naming the line on any inconsistency:
 * numbering gaps or repeats, a count that differs from article_count, text outside any article.
 */
export function parseLawFile(source: string, file: string): LawDocument {
  const { yaml, body, offset } = splitFrontMatter(source, file);
  const fm = parseYaml(yaml, file, frontMatter, 1);
  const law = lawName(fm.title);
  const sections = fm.units === 'sections';
  const drafts: Draft[] = [];
  const preamble: string[] = [];
  let headings: { 编?: string; 章?: string; 节?: string } = {};
  let inAnnex = false;

  body.forEach((rawLine, i) => {
    const line = rawLine.trim();
    const lineNo = offset + i + 1;
    if (!line || inAnnex) return;
    if (ANNEX.test(line)) {
      inAnnex = true;
      return;
    }
    if (/^#+\s/.test(line) && !HEADING.test(line)) return; // the title or another non-structural heading
    const h = sections ? null : HEADING.exec(line);
    if (h) {
      const label = `${h[1]}${h[2] ? `　${h[2]}` : ''}`;
      const level = h[1]!.slice(-1) as '编' | '章' | '节';
      if (level === '编') headings = { 编: label };
      else if (level === '章') headings = { 编: headings.编, 章: label };
      else headings = { ...headings, 节: label };
      return;
    }
    const a = sections ? SECTION.exec(line) : ARTICLE.exec(line);
    if (a) {
      const n = parseChineseNumber(sections ? a[1]! : a[2]!);
      if (n === undefined) throw new KnowledgeParseError(file, lineNo, `无法识别条号“${a[1]}”`);
      const expected = drafts.length + 1;
      if (n !== expected) {
        const what = sections ? `第${expected}部分` : articleLabel(expected);
        throw new KnowledgeParseError(file, lineNo, `条号不连续：这里应为${what}，实际为“${a[1]}”`);
      }
      const text = sections ? line : a[3]!;
      drafts.push({
        number: n,
        label: sections ? `${a[1]}、` : a[1]!,
        headings: [headings.编, headings.章, headings.节].filter((x): x is string => !!x),
        lines: [text],
        line: lineNo,
      });
      return;
    }
    const current = drafts[drafts.length - 1];
    if (current) current.lines.push(line);
    else preamble.push(line);
  });

  if (drafts.length === 0) throw new KnowledgeParseError(file, offset + 1, sections ? '没有找到“一、”这样的条目' : '没有找到任何“第X条”');
  if (drafts.length !== fm.article_count) {
    throw new KnowledgeParseError(file, 2, `article_count 写的是 ${fm.article_count}，正文实有 ${drafts.length} 条`);
  }
  const unverifiedAll = fm.unverified === 'all';
  const unverified: number[] = fm.unverified === 'all' || !fm.unverified ? (unverifiedAll ? drafts.map((d) => d.number) : []) : fm.unverified;
  const bad = unverified.find((n) => n > drafts.length);
  if (bad) throw new KnowledgeParseError(file, 2, `unverified 中的第${bad}条不存在`);

  const meta: LawMeta = {
    title: fm.title,
    law,
    kind: fm.kind,
    issuer: fm.issuer,
    docNumber: fm.doc_number ?? undefined,
    adopted: fm.adopted ?? undefined,
    amended: fm.amended ?? [],
    effective: fm.effective ?? undefined,
    version: fm.version,
    source: fm.source,
    articleCount: fm.article_count,
    unverified,
    units: fm.units,
    file,
  };
  const articles: Article[] = drafts.map((d) => {
    // For a section the label (二、) is part of the printed first line; strip it from the text.
    const lines = sections ? [d.lines[0]!.replace(SECTION, '$2'), ...d.lines.slice(1)] : d.lines;
    return {
      law,
      number: d.number,
      label: d.label,
      headings: d.headings,
      paragraphs: toParagraphs(lines),
      text: lines.join('\n'),
      line: d.line,
      unverified: unverified.includes(d.number),
    };
  });
  return { meta, preamble: preamble.join('\n'), articles };
}
