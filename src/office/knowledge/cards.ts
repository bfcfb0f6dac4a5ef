import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { parseGuideFile } from '../../kb/guides.js';
import { lawName, parseLawFile } from '../../kb/law-parser.js';
import { parseChineseNumber } from '../../kb/numerals.js';
import { KnowledgeParseError } from '../../kb/parse-error.js';
import type { Citation } from '../../ledger/consultations.js';
import type { CardCite, GuideDraft } from '../../ledger/guideDrafts.js';

/**
 * Guidance cards approved in the console live in knowledge/guides/reviewed/<topic>.yaml, in the
 * format of knowledge/README.md (one file per topic, cards upserted by id), next to the shipped cards.
 */
export const REVIEWED_DIR = path.join('guides', 'reviewed');

export const cardIdFor = (draftId: number): string => `reviewed-${draftId}`;

export function cardFileFor(topic: string): string {
  const safe = topic.trim().replace(/[\\/:*?"<>|\x00-\x1f]/g, '_').replace(/^\.+/, '_').slice(0, 50) || '未分类';
  return path.join(REVIEWED_DIR, `${safe}.yaml`);
}

/** What a cited article is called in the console: 劳动合同法第19条. */
export const citeText = (c: CardCite): string => `${c.law}第${c.article}条`;

/**
 * Cited articles typed one per line: "劳动合同法第十九条", "《中华人民共和国劳动合同法》第19条",
 * "劳动合同法 19". Returns the articles and, for lines it cannot read, a message each.
 */
export function parseCiteLines(text: string): { cites: CardCite[]; errors: string[] } {
  const cites: CardCite[] = [];
  const errors: string[] = [];
  for (const raw of text.split(/[\n;；]+/)) {
    const line = raw.trim();
    if (!line) continue;
    const m = /^《?(.+?)》?\s*第?\s*([0-9０-９一二三四五六七八九十百零〇两]+)\s*条?$/.exec(line);
    const n = m ? parseChineseNumber(m[2]!) : undefined;
    const law = m ? lawName(m[1]!.replace(/[《》\s]/g, '')) : '';
    if (!m || !n || law.length < 2) {
      errors.push(`“${line}”不是条文的写法，请写成“劳动合同法第19条”`);
      continue;
    }
    if (!cites.some((c) => c.law === law && c.article === n)) cites.push({ law, article: n });
  }
  return { cites, errors };
}

/** The articles a consultation's answer cited, as card citations (the engine stores law and n; older rows only a title). */
export function citesFromConsultation(citations: Citation[]): CardCite[] {
  const out: CardCite[] = [];
  for (const c of citations) {
    let law = typeof c.law === 'string' ? c.law : undefined;
    let n = typeof c.n === 'number' ? c.n : undefined;
    if (!law || !n) {
      const parsed = parseCiteLines(`${c.title.replace(/第.+条$/, '')}${c.article ?? ''}`).cites[0];
      law = parsed?.law;
      n = parsed?.article;
    }
    if (law && n && !out.some((x) => x.law === law && x.article === n)) out.push({ law, article: n });
  }
  return out;
}

/** Why each cited article cannot be cited (its law is not in knowledge/laws or knowledge/local, or has no such article). */
export function checkCites(knowledgeDir: string, cites: CardCite[]): string[] {
  const problems: string[] = [];
  const numbers = new Map<string, number[] | undefined>();
  for (const c of cites) {
    if (!numbers.has(c.law)) {
      const file = ['laws', 'local'].map((d) => path.join(knowledgeDir, d, `${c.law}.md`)).find((f) => existsSync(f));
      let present: number[] | undefined;
      if (file) {
        try {
          present = parseLawFile(readFileSync(file, 'utf8'), path.relative(knowledgeDir, file)).articles.map((a) => a.number);
        } catch {
          present = undefined;
        }
      }
      numbers.set(c.law, present);
    }
    const present = numbers.get(c.law);
    if (present === undefined) problems.push(`知识库中没有《${c.law}》`);
    else if (!present.includes(c.article)) problems.push(`《${c.law}》没有第${c.article}条（本库收录${present.length}条）`);
  }
  return problems;
}

/** Topics of the cards already in knowledge/guides, for the topic field's suggestions. */
export function existingTopics(knowledgeDir: string): string[] {
  const dir = path.join(knowledgeDir, 'guides');
  if (!existsSync(dir)) return [];
  const topics = new Set<string>();
  for (const f of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    if (!f.endsWith('.yaml')) continue;
    try {
      const m = /^topic:\s*(.+)$/m.exec(readFileSync(path.join(dir, f), 'utf8'));
      if (m) topics.add(m[1]!.trim().replace(/^['"]|['"]$/g, ''));
    } catch {
      // a file being written right now: skip it
    }
  }
  return [...topics].sort((a, b) => a.localeCompare(b, 'zh-CN'));
}

const HEADER = '# 由工作台审定的指导卡片：工作人员更正答复后经管理员批准写入（格式见 knowledge/README.md）。\n';

interface CardYaml {
  id: string;
  title: string;
  questions: string[];
  answer: string;
  cites: CardCite[];
  [more: string]: unknown;
}

/**
 * The topic file with the draft's card added (or replaced, by id), checked by the same parser the
 * index uses. Throws CardError with a message for the admin when the card or the file is not valid.
 */
export function cardFileWith(existing: string | undefined, draft: GuideDraft, rel: string): { text: string; cardId: string } {
  const cardId = cardIdFor(draft.id);
  let cards: CardYaml[] = [];
  if (existing !== undefined) {
    let parsed: { cards?: CardYaml[] } | null;
    try {
      parsed = YAML.parse(existing) as { cards?: CardYaml[] } | null;
    } catch {
      throw new CardError(`knowledge/${rel} 无法解析，请先修正该文件`);
    }
    cards = Array.isArray(parsed?.cards) ? parsed.cards : [];
  }
  const card: CardYaml = {
    id: cardId,
    title: draft.title.trim(),
    questions: draft.questions.map((q) => q.trim()).filter(Boolean),
    answer: `${draft.answer.trim()}\n`,
    cites: draft.cites.map((c) => ({ law: c.law, article: c.article })),
  };
  const i = cards.findIndex((c) => c.id === cardId);
  if (i >= 0) cards[i] = card;
  else cards.push(card);
  const doc = new YAML.Document({ topic: draft.topic.trim(), cards });
  // Citations on one line each, as in the shipped cards: { law: 劳动合同法, article: 19 }.
  YAML.visit(doc, {
    Map(_key, node, ancestors) {
      const parent = ancestors[ancestors.length - 1];
      if (YAML.isSeq(parent) && node.has('law') && node.has('article')) node.flow = true;
    },
  });
  const text = HEADER + doc.toString({ lineWidth: 0, blockQuote: 'literal' });
  try {
    parseGuideFile(text, rel);
  } catch (err) {
    if (err instanceof KnowledgeParseError) throw new CardError(`卡片格式有误：${err.message}`);
    throw err;
  }
  return { text, cardId };
}

export class CardError extends Error {
  override name = 'CardError';
}
