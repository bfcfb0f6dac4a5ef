import type { Turn } from './types.js';

/** Short questions that lean on the one before: "那试用期呢？", "如果是违法解除呢", "要是三年呢". */
const LEANS_ON_CONTEXT = /^(那|那么|那如果|如果|要是|假如|换成|还有|另外|再问|那要是)|呢[？?]?$/;

/**
 * The question as retrieval should see it: a follow-up is read together with the previous question,
 * so "那试用期呢？" after a question about 经济补偿 keeps its subject.
 */
export function contextualQuestion(question: string, history: Turn[]): string {
  const last = history[history.length - 1];
  if (!last) return question;
  const q = question.trim();
  // The follow-up's own words say what changed, so they count twice against the one question behind them.
  if (q.length <= 24 && LEANS_ON_CONTEXT.test(q)) return `${last.question} ${q} ${q}`;
  return question;
}
