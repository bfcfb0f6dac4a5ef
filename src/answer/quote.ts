import { tokenize } from '../kb/tokenizer.js';

/**
 * The sentence(s) of an article that decide the question, quoted exactly: the article is split into
 * sentences (。；and line ends), each scored by the words it shares with the question and the guidance
 * given; a sentence ending in "：" brings its items along, since it means nothing without them.
 */
export function decisiveQuote(articleText: string, context: string, maxChars = 160): string {
  const lines = articleText.split('\n');
  const units: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/[：:]$/.test(line)) {
      const items: string[] = [];
      while (i + 1 < lines.length && /^[（(][一二三四五六七八九十]+[）)]/.test(lines[i + 1]!)) items.push(lines[++i]!);
      units.push([line, ...items].join(''));
    } else {
      units.push(...(line.match(/[^。；]+[。；]?/g) ?? [line]));
    }
  }
  const want = new Set(tokenize(context));
  let best = units[0] ?? articleText;
  let bestScore = -1;
  for (const u of units) {
    const toks = new Set(tokenize(u));
    let score = 0;
    for (const t of toks) if (want.has(t)) score += t.length;
    if (score > bestScore) {
      best = u;
      bestScore = score;
    }
  }
  const quote = best.trim();
  return quote.length > maxChars ? `${quote.slice(0, maxChars)}……` : quote;
}
