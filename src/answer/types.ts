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
}

/** One earlier exchange of the conversation, most recent last. */
export interface Turn {
  question: string;
  answer?: Answer;
}
