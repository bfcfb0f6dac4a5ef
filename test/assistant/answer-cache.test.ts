import { describe, expect, it } from 'vitest';
import type { Answer, Turn } from '../../src/answer/types.js';
import { CachedAnswerer } from '../../src/assistant/answer-cache.js';

function fake() {
  let calls = 0;
  return {
    get calls() {
      return calls;
    },
    async answer(message: string, history: Turn[]): Promise<Answer> {
      calls++;
      return { text: `${history.at(-1)?.question ?? ''}|${message}`, citations: [], figures: [], risks: [], confidence: 1, handoff: { needed: false }, source: 'card' };
    },
  };
}

describe('CachedAnswerer', () => {
  it('reuses an answer for the same question read in the same context, and expires it', async () => {
    let now = 0;
    const inner = fake();
    const c = new CachedAnswerer(inner, { ttlMs: 1000, now: () => now });
    await c.answer('试用期最长多久？', []);
    await c.answer(' 试用期最长多久？ ', []);
    expect(inner.calls).toBe(1);
    // A follow-up leaning on the previous question is a different question.
    await c.answer('那三年呢？', [{ question: '试用期最长多久？' }]);
    await c.answer('那三年呢？', [{ question: '加班费怎么算？' }]);
    expect(inner.calls).toBe(3);
    now = 2000;
    await c.answer('试用期最长多久？', []);
    expect(inner.calls).toBe(4);
  });

  it('forgets everything when the knowledge base is rebuilt', async () => {
    const inner = fake();
    const c = new CachedAnswerer(inner);
    await c.answer('试用期最长多久？', []);
    c.clear();
    await c.answer('试用期最长多久？', []);
    expect(inner.calls).toBe(2);
  });
});
