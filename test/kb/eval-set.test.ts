import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalize } from '../../src/kb/tokenizer.js';
import { shippedRetriever } from '../helpers/kb.js';

interface Q { id: string; question: string; gold: Array<{ law: string; article: number }> }
const questions: Q[] = readFileSync('test/eval/questions.jsonl', 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Q);

describe('retrieval evaluation set', () => {
  it('has 200+ questions whose gold articles all exist', async () => {
    const r = await shippedRetriever();
    expect(questions.length).toBeGreaterThanOrEqual(200);
    for (const q of questions) for (const g of q.gold) expect(r.article(g.law, g.article), `${q.id} ${g.law}${g.article}`).toBeDefined();
  });

  it('shares no question with the guidance cards (the cards must not be tuned to the test)', async () => {
    const r = await shippedRetriever();
    const asked = new Set(r.knowledge.cards.flatMap((c) => c.questions.map((x) => normalize(x).replace(/[\s？?。！!，,]/g, ''))));
    const leaked = questions.filter((q) => asked.has(normalize(q.question).replace(/[\s？?。！!，,]/g, '')));
    expect(leaked.map((q) => q.id)).toEqual([]);
  });

  it('the hybrid finds clearly more gold articles in its top 5 than plain BM25', async () => {
    const r = await shippedRetriever();
    let base = 0;
    let hybrid = 0;
    for (const q of questions) {
      const gold = q.gold.map((g) => `${g.law}#${g.article}`);
      const recall = (hits: Array<{ law: string; article: number }>) => gold.filter((g) => hits.slice(0, 5).some((h) => `${h.law}#${h.article}` === g)).length / gold.length;
      base += recall(r.baseline(q.question, 5));
      hybrid += recall((await r.search(q.question, { k: 5 })).hits);
    }
    base /= questions.length;
    hybrid /= questions.length;
    // Floors well below the measured figures (npm run eval), so only a real regression fails.
    expect(hybrid).toBeGreaterThan(base + 0.2);
    expect(hybrid).toBeGreaterThan(0.65);
  });
});
