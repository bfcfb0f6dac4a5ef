/** The shapes the knowledge base hands to the rest of the product. */

export const LAW_KINDS = ['法律', '行政法规', '部门规章', '司法解释', '规范性文件', '地方性法规', '地方政府规章', '地方文件'] as const;
export type LawKind = (typeof LAW_KINDS)[number];

/**
 * How a document's citable units are printed: 第X条 articles, 一、 sections, （一） items numbered through
 * the whole document, or 1. points.
 */
export type LawUnits = 'articles' | 'sections' | 'items' | 'points';

/** An article, or some of its 款, that is no longer simply in force. */
export interface ArticleStatus {
  /** superseded: never formally repealed, but a later or higher rule now governs instead. */
  state: 'amended' | 'repealed' | 'superseded';
  /** 1-based 款 numbers; absent when the whole article is meant. */
  paragraphs?: number[];
  date: string;
  /** The provision that amended or repealed it, as a citation (最高人民法院关于…（二）第二十一条). */
  by: string;
  note?: string;
}

export interface LawMeta {
  /** Official title, e.g. 中华人民共和国劳动合同法. */
  title: string;
  /** Title without 中华人民共和国: the name used in citations and file names. */
  law: string;
  kind: LawKind;
  issuer: string;
  docNumber?: string;
  adopted?: string;
  amended: string[];
  effective?: string;
  version: string;
  source: string;
  articleCount: number;
  unverified: number[];
  units: LawUnits;
  /** For a file holding only some articles: their numbers (articleCount stays the official total). */
  excerpt?: number[];
  /** Which parts an excerpt holds and why. */
  excerptNote?: string;
  /** Why the unverified articles could not be confirmed. */
  unverifiedNote?: string;
  /** Path of the file it was read from, relative to the knowledge folder. */
  file: string;
}

export interface Paragraph {
  /** The 款's own sentence(s), then its 项 items, each as printed. */
  text: string;
  items: string[];
}

export interface Article {
  law: string;
  number: number;
  /** 第四十七条, or 二、 for a section of a notice. */
  label: string;
  /** 编/章/节 headings above it, outermost first. */
  headings: string[];
  paragraphs: Paragraph[];
  /** The full article text as printed (款 separated by newlines), without the label. */
  text: string;
  /** Line in the source file where the article starts (1-based). */
  line: number;
  unverified: boolean;
  /** Amendments or repeals of this article or some of its 款; empty when it is in force as printed. */
  status: ArticleStatus[];
}

export interface LawDocument {
  meta: LawMeta;
  preamble: string;
  articles: Article[];
}

export interface CardCitation {
  law: string;
  article: number;
}

export interface GuideCard {
  id: string;
  topic: string;
  title: string;
  questions: string[];
  answer: string;
  cites: CardCitation[];
  risk?: string;
  needs?: string[];
  file: string;
}

export interface SearchHit {
  law: string;
  title: string;
  article: number;
  label: string;
  text: string;
  score: number;
  headings: string[];
  unverified: boolean;
  /** Amendments or repeals of this article or some of its 款 (empty: in force as printed). */
  status: ArticleStatus[];
  /** The 款 as printed, each with its 项 joined in (for quoting only what is in force). */
  paragraphs: string[];
  /** Guidance cards that cite this article, best-matching first. */
  cards: Array<{ id: string; title: string }>;
  /** Why it ranked: "direct" when the question named it. */
  via: Array<'direct' | 'bm25' | 'vector' | 'latent' | 'card' | 'asked'>;
}
