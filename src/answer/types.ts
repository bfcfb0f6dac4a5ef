/** What the answer layer hands to the conversation engine. */

export interface Citation {
  law: string;
  article: number;
  /** 第四十七条 */
  label: string;
  /** The decisive sentence(s) quoted exactly from the article text. */
  quote: string;
  /** The statute file marks this article's wording as not yet confirmed. */
  unverified: boolean;
  /** When the article, or part of it, is amended or repealed: what happened, in plain Chinese. */
  status?: string;
}

export interface Figure {
  label: string;
  value: number;
  /** 元, 天, 个月, 小时 … */
  unit: string;
  /** How it was computed, in plain Chinese (e.g. "8000元 × 3.5个月"). */
  basis?: string;
}

export interface Handoff {
  needed: boolean;
  /** Why a person should take over, in plain Chinese. */
  reason?: string;
}

export interface Answer {
  text: string;
  citations: Citation[];
  figures: Figure[];
  risks: string[];
  /** 0..1: how sure the answer layer is that this answers the question. */
  confidence: number;
  handoff: Handoff;
  /** One clarifying question when the answer depends on a fact the user has not given. */
  clarify?: string;
  /** Where the answer came from. */
  source: 'card' | 'articles' | 'calculator' | 'llm' | 'none';
  /**
   * The answer layer is not sure it answers the question: the reply says so, gives leads and offers a
   * person, and the office sees it as a knowledge gap.
   */
  unsure?: boolean;
  /** The evidence the confidence was computed from (see confidence.ts). */
  signals?: Signals;
  /** When the answer is a calculation: what was computed, or the fact it is waiting for. */
  calculation?: AnswerCalculation;
}

/** A calculation in an answer; `ask` set means the next message is read as the missing fact. */
export interface AnswerCalculation {
  kinds: string[];
  /** The result of each calculation made. */
  results: Figure[];
  /** The message the facts were read from. */
  message: string;
  ask?: { slot: string; kind: string };
}

/** What the confidence model reads; each 0..1 unless said otherwise. */
export interface Signals {
  /** Best cosine between the question and one of the answering card's questions. */
  similarity: number;
  /** Cosine + relative BM25 of the card's best unit (0..2). */
  match: number;
  /** How high the article search ranks the card's own articles (0..1.5). */
  agreement: number;
  /** Share of the question's rarity-weighted words that the card's material speaks to. */
  coverage: number;
  /** How far the answering card leads the next one, relative to its own score. */
  margin: number;
  /** The answer rests on a card (1) or only on articles found (0). */
  card: number;
  /** log10 of the question's length in characters. */
  length: number;
  /** Share of the other top cards that cite the answering card's first article: agreement on the topic. */
  consensus: number;
  /** How much more of the question another top card covers (0 when none covers more). */
  rival: number;
  /** How far the best article leads the second in the fused search (0..1). */
  hitGap: number;
}

/** One earlier exchange of the conversation, most recent last. */
export interface Turn {
  question: string;
  answer?: Answer;
}
