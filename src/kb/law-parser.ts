import { z } from 'zod';
import { articleLabel, parseChineseNumber } from './numerals.js';
import { KnowledgeParseError } from './parse-error.js';
import { LAW_KINDS, type Article, type ArticleStatus, type LawDocument, type LawMeta, type LawUnits, type Paragraph } from './types.js';
import { parseYaml } from './yaml.js';

const NUM = '[一二三四五六七八九十百千零〇两0-9０-９]+';
const HEADING = new RegExp(`^#{0,6}\\s*(第${NUM}[编章节])[\\s　]*(.*)$`);
const ARTICLE = new RegExp(`^(第(${NUM})条)[\\s　]+(.*)$`);
const CN = '[一二三四五六七八九十百]+';
const SECTION = new RegExp(`^(${CN})、(.*)$`);
const ITEM = /^[（(][一二三四五六七八九十]+[）)]/;
const ITEM_UNIT = new RegExp(`^[（(](${CN})[）)][\\s　]*(.*)$`);
const POINT = /^([0-9０-９]+)[.．、][\s　]*(.*)$/;
/** A section title above items or points: "## 一、规范用工，明确劳动者权益保障责任". */
const SECTION_HEADING = new RegExp(`^#{1,6}\\s*(${CN}、.*)$`);

/** Where a unit starts, how to read its number, and how it is labelled, for each way of printing units. */
const UNIT_STYLES: Record<LawUnits, { start: RegExp; label: (m: RegExpExecArray, n: number) => string; whole: string }> = {
  articles: { start: ARTICLE, label: (m) => m[1]!, whole: '第X条' },
  sections: { start: SECTION, label: (m) => `${m[1]}、`, whole: '“一、”这样的条目' },
  items: { start: ITEM_UNIT, label: (m) => `（${m[1]}）`, whole: '“（一）”这样的条目' },
  // 309号-style points are cited as articles (《意见》第75条), so they are labelled so.
  points: { start: POINT, label: (_m, n) => articleLabel(n), whole: '“1．”这样的条目' },
};
const ANNEX = /^#{1,6}\s*(附录|附件|附表|附)/;

const date = z.union([z.string(), z.date()]).transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v))
  .pipe(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD'));

const frontMatter = z.object({
  title: z.string().min(2),
  kind: z.enum(LAW_KINDS),
  issuer: z.string().min(1),
  doc_number: z.string().min(1).nullish(),
  adopted: date.nullish(),
  amended: z.array(date).nullish(),
  effective: date.nullish(),
  version: date,
  source: z.string().min(1),
  article_count: z.number().int().positive(),
  unverified: z.union([z.array(z.number().int().positive()), z.literal('all')]).nullish(),
  unverified_note: z.string().nullish(),
  units: z.enum(['articles', 'sections', 'items', 'points']).default('articles'),
  excerpt: z.array(z.number().int().positive()).min(1).nullish(),
  excerpt_note: z.string().nullish(),
  status: z
    .array(
      z.object({
        article: z.number().int().positive(),
        paragraphs: z.array(z.number().int().positive()).min(1).nullish(),
        state: z.enum(['amended', 'repealed', 'superseded']),
        date,
        by: z.string().min(2),
        note: z.string().nullish(),
      }),
    )
    .nullish(),
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
  const style = UNIT_STYLES[fm.units];
  const articleUnits = fm.units === 'articles';
  const numbers = fm.excerpt ?? undefined;
  if (numbers && numbers.some((n, i) => i > 0 && n <= numbers[i - 1]!)) throw new KnowledgeParseError(file, 2, 'excerpt 中的条号应从小到大、不重复');
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
    if (!articleUnits && fm.units !== 'sections') {
      const s = SECTION_HEADING.exec(line);
      if (s) {
        headings = { 章: s[1] };
        return;
      }
    }
    if (/^#+\s/.test(line) && !HEADING.test(line)) return; // the title or another non-structural heading
    const h = articleUnits ? HEADING.exec(line) : null;
    if (h) {
      const label = `${h[1]}${h[2] ? `　${h[2]}` : ''}`;
      const level = h[1]!.slice(-1) as '编' | '章' | '节';
      if (level === '编') headings = { 编: label };
      else if (level === '章') headings = { 编: headings.编, 章: label };
      else headings = { ...headings, 节: label };
      return;
    }
    const a = style.start.exec(line);
    if (a) {
      const printed = articleUnits ? a[2]! : a[1]!;
      const n = parseChineseNumber(printed);
      if (n === undefined) throw new KnowledgeParseError(file, lineNo, `无法识别条号“${printed}”`);
      const expected = numbers ? numbers[drafts.length] : drafts.length + 1;
      if (n !== expected) {
        const what = expected === undefined ? '没有下一条（excerpt 已列完）' : `这里应为${articleUnits || fm.units === 'points' ? articleLabel(expected) : `第${expected}部分`}`;
        throw new KnowledgeParseError(file, lineNo, `条号不连续：${what}，实际为“${a[0].slice(0, 12)}”`);
      }
      drafts.push({
        number: n,
        label: style.label(a, n),
        headings: [headings.编, headings.章, headings.节].filter((x): x is string => !!x),
        lines: [articleUnits ? a[3]! : a[2]!],
        line: lineNo,
      });
      return;
    }
    const current = drafts[drafts.length - 1];
    if (current) current.lines.push(line);
    else preamble.push(line);
  });

  if (drafts.length === 0) throw new KnowledgeParseError(file, offset + 1, `没有找到任何${style.whole}`);
  const expectedCount = numbers ? numbers.length : fm.article_count;
  if (drafts.length !== expectedCount) {
    throw new KnowledgeParseError(
      file,
      2,
      numbers ? `excerpt 列了 ${numbers.length} 条，正文实有 ${drafts.length} 条` : `article_count 写的是 ${fm.article_count}，正文实有 ${drafts.length} 条`,
    );
  }
  if (numbers && numbers[numbers.length - 1]! > fm.article_count) throw new KnowledgeParseError(file, 2, `excerpt 中的条号超出 article_count（${fm.article_count}）`);
  const present = new Set(drafts.map((d) => d.number));
  const unverified: number[] = fm.unverified === 'all' ? drafts.map((d) => d.number) : (fm.unverified ?? []);
  const bad = unverified.find((n) => !present.has(n));
  if (bad) throw new KnowledgeParseError(file, 2, `unverified 中的第${bad}条不存在`);
  const status = new Map<number, ArticleStatus[]>();
  for (const s of fm.status ?? []) {
    const d = drafts.find((x) => x.number === s.article);
    if (!d) throw new KnowledgeParseError(file, 2, `status 中的第${s.article}条不存在`);
    const paragraphs = toParagraphs(d.lines).length;
    const badPara = s.paragraphs?.find((p) => p > paragraphs);
    if (badPara) throw new KnowledgeParseError(file, 2, `status：第${s.article}条只有${paragraphs}款，没有第${badPara}款`);
    const entry: ArticleStatus = { state: s.state, date: s.date, by: s.by, ...(s.paragraphs ? { paragraphs: s.paragraphs } : {}), ...(s.note ? { note: s.note } : {}) };
    status.set(s.article, [...(status.get(s.article) ?? []), entry]);
  }

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
    ...(numbers ? { excerpt: numbers } : {}),
    ...(fm.excerpt_note ? { excerptNote: fm.excerpt_note } : {}),
    ...(fm.unverified_note ? { unverifiedNote: fm.unverified_note } : {}),
    file,
  };
  const articles: Article[] = drafts.map((d) => {
    const lines = d.lines;
    return {
      law,
      number: d.number,
      label: d.label,
      headings: d.headings,
      paragraphs: toParagraphs(lines),
      text: lines.join('\n'),
      line: d.line,
      unverified: unverified.includes(d.number),
      status: status.get(d.number) ?? [],
    };
  });
  return { meta, preamble: preamble.join('\n'), articles };
}
