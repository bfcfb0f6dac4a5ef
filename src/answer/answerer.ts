import { currentRetriever, type Retriever, type RetrieverRef } from '../kb/index.js';
import type { Calculate } from './calculation/index.js';
import { composeOffline, type ComposeOptions } from './compose.js';
import { inContext } from './follow-up.js';
import { detectHandoff } from './handoff.js';
import { toSimplified } from './simplified.js';
import type { LlmAnswerer } from './llm-answerer.js';
import type { Answer, Turn } from './types.js';

/** Longer messages are cut to this many characters for retrieval: the rest adds noise, not meaning. */
export const MAX_QUESTION_CHARS = 2000;

export type { Calculate } from './calculation/index.js';

export interface AnswerOptions {
  /** Receives the answer text as it is generated (LLM mode only). */
  onToken?: (token: string) => void;
  signal?: AbortSignal;
}

/**
 * Question → answer: follow-ups read with the previous question, sensitive matters and requests for a
 * person flagged, retrieval, calculators, the offline composer, and — when configured — the LLM, whose
 * answer is checked against what was retrieved and falls back to the offline one.
 */
export class Answerer {
  constructor(
    private readonly source: RetrieverRef,
    private readonly options: { llm?: LlmAnswerer; calculate?: Calculate; compose?: ComposeOptions } = {},
  ) {}

  private get retriever(): Retriever {
    return currentRetriever(this.source);
  }

  async answer(message: string, history: Turn[] = [], opts: AnswerOptions = {}): Promise<Answer> {
    const trimmed = toSimplified(message.trim().slice(0, MAX_QUESTION_CHARS));
    if (!trimmed) {
      return {
        text: '请直接输入您想咨询的用工问题，例如“试用期最长可以约定多久？”',
        citations: [], figures: [], risks: [], confidence: 0, handoff: { needed: false }, source: 'none',
      };
    }
    const { question, calculation: calcMessage } = inContext(trimmed, history);
    const handoff = detectHandoff(trimmed);
    const search = await this.retriever.search(question, { k: 10 });
    const calculation = await this.options.calculate?.(calcMessage);
    const offline = composeOffline({ question, search, calculation, handoff }, (law, n) => this.retriever.hit(law, n), this.options.compose);
    // Where the offline layer is not sure, the model would only sound sure: say so instead.
    // A calculation is deterministic: its text and figures must agree, so the model does not rewrite it.
    if (!this.options.llm || offline.source === 'none' || offline.source === 'calculator' || offline.unsure || handoff?.needed) return offline;
    return this.options.llm.answer({ question: trimmed, hits: search.hits, history, offline, ...opts });
  }
}
