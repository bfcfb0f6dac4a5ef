import { z } from 'zod';
import { normalize } from './tokenizer.js';
import { parseYaml } from './yaml.js';

// Numbers are words too here (996, 12333): YAML reads them as numbers, the office means text.
const word = z.union([z.string(), z.number()]).transform(String).pipe(z.string().min(1));
const schema = z.object({
  entries: z.array(z.object({ everyday: z.array(word).min(1), legal: z.array(word).min(1) })),
});

export interface Lexicon {
  /** Every everyday phrase (normalised) and the legal terms it stands for. */
  entries: Array<{ everyday: string; legal: string[] }>;
}

export function parseLexicon(source: string, path: string): Lexicon {
  const entries = parseYaml(source, path, schema).entries.flatMap((e) => e.everyday.map((w) => ({ everyday: normalize(w), legal: e.legal })));
  // Longest phrases first so "不签合同" wins over "合同".
  entries.sort((a, b) => b.everyday.length - a.everyday.length);
  return { entries };
}

/**
 * The legal terms implied by everyday words in the text (each once). Longer phrases claim their
 * characters first, so a phrase found only inside a longer one (小时工 in 八小时工作制) does not count.
 */
export function expandTerms(lexicon: Lexicon, text: string): string[] {
  const t = normalize(text);
  const claimed = new Uint8Array(t.length);
  const out = new Set<string>();
  for (const e of lexicon.entries) {
    let free = false;
    for (let i = t.indexOf(e.everyday); i >= 0; i = t.indexOf(e.everyday, i + 1)) {
      if (claimed.subarray(i, i + e.everyday.length).every((c) => c === 0)) {
        free = true;
        claimed.fill(1, i, i + e.everyday.length);
      }
    }
    if (free) e.legal.forEach((l) => out.add(l));
  }
  return [...out];
}
