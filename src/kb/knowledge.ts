import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { parseAskedFile, type AskedQuestions } from './asked.js';
import { parseGuideFile } from './guides.js';
import { parseLawFile } from './law-parser.js';
import { parseLexicon, type Lexicon } from './lexicon.js';
import { KnowledgeParseError } from './parse-error.js';
import type { Article, GuideCard, LawDocument } from './types.js';

/** Everything the retriever indexes, read from the knowledge folder. */
export interface Knowledge {
  dir: string;
  laws: LawDocument[];
  articles: Article[];
  cards: GuideCard[];
  /** Everyday questions per article (knowledge/asked/), one entry per article. */
  asked: AskedQuestions[];
  lexicon: Lexicon;
  /** Alternative names people use for a document (劳动合同法实施条例 ← 实施条例). */
  aliases: Map<string, string>;
  /** Hash of every indexed file: the index is rebuilt when it changes. */
  fingerprint: string;
}

/** Folders (relative to the knowledge dir) whose Markdown files are statutes or office documents. */
export const LAW_DIRS = ['laws', 'local'];

function listFiles(dir: string, ext: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith(ext) && statSync(path.join(dir, f)).isFile())
    .sort()
    .map((f) => path.join(dir, f));
}

/** The files that make up the index, in a stable order. */
export function knowledgeFiles(dir: string): string[] {
  return [
    ...LAW_DIRS.flatMap((d) => listFiles(path.join(dir, d), '.md')),
    ...listFiles(path.join(dir, 'guides'), '.yaml'),
    ...listFiles(path.join(dir, 'asked'), '.yaml'),
    ...['lexicon.yaml', 'data/law-aliases.yaml'].map((f) => path.join(dir, f)).filter((f) => existsSync(f)),
  ];
}

export function fingerprintFiles(dir: string, files: string[], salt: string): string {
  const h = createHash('sha256').update(salt);
  for (const f of files) h.update(path.relative(dir, f)).update('\0').update(readFileSync(f)).update('\0');
  return h.digest('hex').slice(0, 16);
}

function loadAliases(dir: string, laws: LawDocument[]): Map<string, string> {
  const aliases = new Map<string, string>();
  const bare = (l: LawDocument) => l.meta.law.replace(/（[一二三四五六七八九十]+）$/, '');
  for (const l of laws) {
    aliases.set(l.meta.law, l.meta.law);
    aliases.set(l.meta.title, l.meta.law);
    // The bare name without a trailing （一）, unless a （二） shares it: then the bare name says neither.
    if (laws.filter((x) => bare(x) === bare(l)).length === 1) aliases.set(bare(l), l.meta.law);
  }
  const file = path.join(dir, 'data/law-aliases.yaml');
  if (existsSync(file)) {
    const raw = YAML.parse(readFileSync(file, 'utf8')) as Record<string, string[]> | null;
    for (const [law, names] of Object.entries(raw ?? {})) {
      if (!laws.some((l) => l.meta.law === law)) throw new KnowledgeParseError(file, undefined, `别名表中的“${law}”不是已收录的法规`);
      for (const n of names) aliases.set(n, law);
    }
  }
  return aliases;
}

/**
 * Read and check the whole knowledge folder. Throws KnowledgeParseError on the first bad file;
 * a card citing an article that does not exist is an error too, since it would mislead users.
 */
export function loadKnowledge(dir: string, salt = ''): Knowledge {
  const files = knowledgeFiles(dir);
  const rel = (f: string) => path.relative(dir, f);
  const laws = files
    .filter((f) => f.endsWith('.md'))
    .map((f) => parseLawFile(readFileSync(f, 'utf8'), rel(f)));
  const seen = new Map<string, string>();
  for (const l of laws) {
    const other = seen.get(l.meta.law);
    if (other) throw new KnowledgeParseError(l.meta.file, 2, `与 ${other} 重名：${l.meta.law}`);
    seen.set(l.meta.law, l.meta.file);
  }
  const byLaw = new Map(laws.map((l) => [l.meta.law, l]));
  const cards = files.filter((f) => f.includes(`${path.sep}guides${path.sep}`)).flatMap((f) => parseGuideFile(readFileSync(f, 'utf8'), rel(f)));
  const ids = new Set<string>();
  for (const c of cards) {
    if (ids.has(c.id)) throw new KnowledgeParseError(c.file, undefined, `指导卡片 id 重复：${c.id}`);
    ids.add(c.id);
    for (const cite of c.cites) {
      const law = byLaw.get(cite.law);
      if (!law) throw new KnowledgeParseError(c.file, undefined, `卡片 ${c.id} 引用了未收录的法规“${cite.law}”`);
      if (!law.articles.some((a) => a.number === cite.article)) {
        const what = law.meta.excerpt ? `本库只收录了该法的节录（${law.meta.excerpt.join('、')}）` : `共${law.articles.length}条`;
        throw new KnowledgeParseError(c.file, undefined, `卡片 ${c.id} 引用的${cite.law}第${cite.article}条不存在（${what}）`);
      }
    }
  }
  const asked = new Map<string, AskedQuestions>();
  for (const f of files.filter((x) => x.includes(`${path.sep}asked${path.sep}`))) {
    for (const a of parseAskedFile(readFileSync(f, 'utf8'), rel(f))) {
      const law = byLaw.get(a.law);
      if (!law) throw new KnowledgeParseError(rel(f), undefined, `问法文件中的“${a.law}”不是已收录的法规`);
      if (!law.articles.some((x) => x.number === a.article)) throw new KnowledgeParseError(rel(f), undefined, `${a.law}第${a.article}条不存在`);
      const key = `${a.law}#${a.article}`;
      const had = asked.get(key);
      asked.set(key, had ? { ...had, questions: [...had.questions, ...a.questions] } : a);
    }
  }
  const lexFile = path.join(dir, 'lexicon.yaml');
  const lexicon = existsSync(lexFile) ? parseLexicon(readFileSync(lexFile, 'utf8'), 'lexicon.yaml') : { entries: [] };
  return {
    dir,
    laws,
    articles: laws.flatMap((l) => l.articles),
    cards,
    asked: [...asked.values()],
    lexicon,
    aliases: loadAliases(dir, laws),
    fingerprint: fingerprintFiles(dir, files, salt),
  };
}

