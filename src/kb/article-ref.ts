import { parseChineseNumber } from './numerals.js';
import { normalize } from './tokenizer.js';

export interface ArticleRef {
  law: string;
  article: number;
}

/** Quotation marks, spaces and the joining words people put between a name and 第X条 (劳动法的第44条, 法里). */
const FILLER = /[《》<>\s的中里]/g;

// "第" may be dropped right after a law's name (劳动合同法47条).
const REF = /(第)?([一二三四五六七八九十百零〇两\d]+)条/g;

/**
 * Articles a question names outright: "劳动合同法第十条", "《劳动法》第44条", "实施条例第十八条",
 * and "劳动合同法第十条和第八十二条" (the second inherits the law named before it).
 * `aliases` maps every name of a document to its citation name.
 */
export function findArticleRefs(text: string, aliases: Map<string, string>): ArticleRef[] {
  const t = normalize(text);
  // The text before an article number is compared with these marks taken out; so are the names,
  // or a full title with 的 in it (…适用法律问题的解释（一）) would never match.
  const bare = (x: string) => x.replace(FILLER, '');
  const names = [...aliases.entries()]
    .map(([alias, law]) => ({ alias: bare(normalize(alias)), law }))
    .filter((a) => a.alias.length >= 2)
    .sort((a, b) => b.alias.length - a.alias.length);
  const refs: ArticleRef[] = [];
  let lastLaw: string | undefined;
  let lastEnd = 0;
  for (const m of t.matchAll(REF)) {
    const n = parseChineseNumber(m[2]!);
    if (!n) continue;
    const before = bare(t.slice(Math.max(0, m.index - 60), m.index));
    const named = names.find((a) => before.endsWith(a.alias));
    if (!m[1] && !named) continue;
    // A bare "第X条" only inherits the law if nothing but joining words stand between them.
    const between = t.slice(lastEnd, m.index);
    const law = named?.law ?? (lastLaw && /^[\s、,，和及与或以至到还有第款项()（）一二三四五六七八九十\d]*$/.test(between) ? lastLaw : undefined);
    if (law) {
      if (!refs.some((r) => r.law === law && r.article === n)) refs.push({ law, article: n });
      lastLaw = law;
      lastEnd = m.index + m[0].length;
    }
  }
  return refs;
}
