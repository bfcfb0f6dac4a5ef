/**
 * npm run eval:merge-outside -- PART.jsonl…: add outside-material questions to
 * test/eval/outside/questions.jsonl. Each record keeps its wording, gold and source; its half is frozen
 * from its id alone (sha256, so adding records never moves an old one): "dev" may be read while tuning,
 * "heldout" never. Exact and near duplicates (same text after dropping punctuation and spaces) of a
 * question already in either evaluation set are skipped and reported on stderr.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';

const OUT = 'test/eval/outside/questions.jsonl';
const record = z.object({
  id: z.string().regex(/^o[a-z]-\d{3}$/),
  question: z.string().min(4),
  gold: z.array(z.object({ law: z.string().min(2), article: z.number().int().positive() })).min(1).max(4),
  source: z.string().min(4),
  source_kind: z.string(),
  topic: z.string(),
  asker: z.enum(['employer', 'worker', 'unknown']),
  note: z.string().optional(),
});
export const frozenSplit = (id: string) => (createHash('sha256').update(id).digest()[0]! % 2 ? 'heldout' : 'dev');
const key = (q: string) => q.normalize('NFKC').replace(/[\s\p{P}\p{S}]/gu, '');

const read = (f: string) => (existsSync(f) ? readFileSync(f, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Record<string, unknown>) : []);
const kept = read(OUT);
const seen = new Set([...kept, ...read('test/eval/questions.jsonl')].map((r) => key(String(r.question))));
const ids = new Set(kept.map((r) => r.id));
let added = 0;
for (const file of process.argv.slice(2)) {
  read(file).forEach((raw, i) => {
    const p = record.safeParse(raw);
    if (!p.success) return void process.stderr.write(`${file}:${i + 1}: ${p.error.issues[0]!.path.join('.')} ${p.error.issues[0]!.message}\n`);
    if (ids.has(p.data.id)) return;
    if (seen.has(key(p.data.question))) return void process.stderr.write(`${file}:${i + 1}: duplicate question, skipped (${p.data.id})\n`);
    seen.add(key(p.data.question));
    ids.add(p.data.id);
    kept.push({ ...p.data, split: frozenSplit(p.data.id) });
    added++;
  });
}
writeFileSync(OUT, kept.map((r) => JSON.stringify(r)).join('\n') + '\n');
const held = kept.filter((r) => r.split === 'heldout').length;
process.stdout.write(`${OUT}: ${kept.length} questions (${kept.length - held} dev, ${held} held-out), ${added} added\n`);
