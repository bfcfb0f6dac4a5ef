import { chinaDate } from '../clock.js';
import { inContext } from '../answer/follow-up.js';
import type { Answer, Turn } from '../answer/types.js';
import type { AnswerSource } from './engine.js';

/**
 * Memo for the *offline* answerer, whose answer is a pure function of the message as read in its
 * conversation (inContext: with the previous question, or as the reply to a calculation's question) and
 * the knowledge base: the same ten questions make most of a
 * help desk's traffic, and retrieval is the bulk of a message's CPU. Entries expire (calculators read
 * today's date; the office edits the knowledge) and the oldest go first. Never wrap the LLM answerer:
 * its answers stream and vary.
 */
export class CachedAnswerer implements AnswerSource {
  private readonly cache = new Map<string, { at: number; answer: Answer }>();

  constructor(
    private readonly inner: AnswerSource,
    private readonly opts: { max?: number; ttlMs?: number; now?: () => number } = {},
  ) {}

  /** Forget every answer: the knowledge base they came from was rebuilt. */
  clear(): void {
    this.cache.clear();
  }

  async answer(message: string, history: Turn[], o?: { onToken?: (token: string) => void }): Promise<Answer> {
    const trimmed = message.trim();
    const read = inContext(trimmed, history);
    const now = (this.opts.now ?? Date.now)();
    // The day is in the key: "今年", "至今" and pro-rating read China's date (src/clock.ts).
    const key = `${chinaDate(new Date(now))}\u0000${read.question}\u0000${read.calculation}\u0000${trimmed}`;
    const hit = this.cache.get(key);
    if (hit && now - hit.at < (this.opts.ttlMs ?? 10 * 60_000)) return hit.answer;
    const answer = await this.inner.answer(message, history, o);
    this.cache.delete(key);
    this.cache.set(key, { at: now, answer });
    if (this.cache.size > (this.opts.max ?? 5000)) this.cache.delete(this.cache.keys().next().value!);
    return answer;
  }
}
