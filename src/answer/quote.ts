import { tokenize } from '../kb/tokenizer.js';

/** An article this short is quoted whole: every sentence of it is part of the rule. */
const WHOLE_ARTICLE_CHARS = 220;

/**
 * The part of an article that decides the question, quoted exactly. A short article is quoted whole.
 * A long one is split into its 款 (a 款 keeps its 项 items, which mean nothing alone) and the 款 sharing
 * most words with the question wins — the guidance card's wording counts less and only breaks ties,
 * and remaining ties go to the earlier 款, where the main rule usually stands.
 */
export function decisiveQuote(articleText: string, question: string, guidance = '', maxChars = 240): string {
  const whole = articleText.replace(/\n/g, '');
  if (whole.length <= WHOLE_ARTICLE_CHARS) return whole;
  const paragraphs: string[] = [];
  for (const line of articleText.split('\n')) {
    if (/^[（(][一二三四五六七八九十]+[）)]/.test(line) && paragraphs.length) paragraphs[paragraphs.length - 1] += line;
    else paragraphs.push(line);
  }
  const asked = new Set(tokenize(question));
  const guided = new Set(tokenize(guidance));
  let best = paragraphs[0] ?? whole;
  let bestScore = -1;
  for (const p of paragraphs) {
    let score = 0;
    for (const t of new Set(tokenize(p))) if (t.length > 1) score += t.length * ((asked.has(t) ? 2 : 0) + (guided.has(t) ? 0.5 : 0));
    if (score > bestScore) [best, bestScore] = [p, score];
  }
  return best.length > maxChars ? `${best.slice(0, maxChars)}……` : best;
}
