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

/** The legal terms implied by everyday words in the text (each once). */
export function expandTerms(lexicon: Lexicon, text: string): string[] {
  const t = normalize(text);
  const out = new Set<string>();
  for (const e of lexicon.entries) if (t.includes(e.everyday)) e.legal.forEach((l) => out.add(l));
  return [...out];
}
