import { REPLY_MARK } from './calculation/facts.js';
import { replyAsFact, type Slot } from './calculation/slots.js';
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

/**
 * How a message is read in its conversation: `question` for retrieval, `calculation` for the calculators.
 * The reply to a calculation's question ("7000", "今年", "2") completes the message that question was
 * asked about; anything else is a question of its own, read with the one before when it leans on it.
 */
export function inContext(message: string, history: Turn[]): { question: string; calculation: string } {
  const waiting = history[history.length - 1]?.answer?.calculation;
  const fact = waiting?.ask && replyAsFact(waiting.ask.slot as Slot, message, waiting.message);
  if (fact) return { question: waiting.message, calculation: `${waiting.message}${REPLY_MARK}${fact}` };
  const question = contextualQuestion(message, history);
  // "那试用期呢" after a severance question asks about another rule; "要是干了五年呢" or "如果是违法解除呢"
  // changes a fact of the same calculation, and only then are the earlier numbers carried over.
  if (question !== message && !CHANGES_FACTS.test(message)) return { question, calculation: message };
  return { question, calculation: question };
}

/** A follow-up that states a number or a ground of termination changes the facts of a calculation. */
const CHANGES_FACTS = /\d|[一二两三四五六七八九十半]|违法|无故|理由|辞职|协商|裁员|到期|违纪|不胜任|补休|调休|没签|难产|双胞胎/;
