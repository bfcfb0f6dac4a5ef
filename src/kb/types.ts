/** The shapes the knowledge base hands to the rest of the product. */

export type LawKind = '法律' | '行政法规' | '部门规章' | '司法解释' | '规范性文件' | '地方文件';

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
  units: 'articles' | 'sections';
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
  /** Guidance cards that cite this article, best-matching first. */
  cards: Array<{ id: string; title: string }>;
  /** Why it ranked: "direct" when the question named it. */
  via: Array<'direct' | 'bm25' | 'vector' | 'latent' | 'card'>;
}
