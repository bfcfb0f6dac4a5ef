/**
 * npm run bench:retrieval — search latency (p50/p95), index build time and peak memory, on the
 * shipped knowledge base and on a generated corpus of 50,000 articles. Each scenario runs in its own
 * process so that peak RSS belongs to it alone.
 *   --scenario shipped|generated   run one scenario in this process
 *   --articles N                   size of the generated corpus (default 50000)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadKnowledge, type Knowledge } from '../../src/kb/knowledge.js';
import { LocalHashEmbedder } from '../../src/kb/local-embedder.js';
import { Retriever } from '../../src/kb/retriever.js';
import { buildSearchIndex, INDEX_FORMAT, loadOrBuildIndex } from '../../src/kb/search-index.js';
import type { Article, LawDocument } from '../../src/kb/types.js';
import { articleLabel } from '../../src/kb/numerals.js';
import { cliArgs } from '../lib/args.js';

const { values } = cliArgs({ scenario: { type: 'string' }, articles: { type: 'string', default: '50000' } }, 'npm run bench:retrieval -- [--scenario shipped|generated] [--articles 50000]');

/** Deterministic PRNG so every run benchmarks the same generated corpus. */
function mulberry32(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 50,000 articles made of sentences of the real ones, in 500 documents, with the real cards on top. */
function generated(k: Knowledge, n: number): Knowledge {
  const rand = mulberry32(20261123);
  const sentences = k.articles.flatMap((a) => a.text.split(/(?<=[。；])/).filter((s) => s.length > 4));
  const perDoc = 100;
  const laws: LawDocument[] = [];
  for (let d = 0; d * perDoc < n; d++) {
    const law = `生成法规${d + 1}号`;
    const articles: Article[] = [];
    for (let i = 1; i <= Math.min(perDoc, n - d * perDoc); i++) {
      const parts = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => sentences[Math.floor(rand() * sentences.length)]!);
      const text = parts.join('');
      articles.push({ law, number: i, label: articleLabel(i), headings: [], paragraphs: [{ text, items: [] }], text, line: i, unverified: false, status: [] });
    }
    laws.push({ meta: { ...k.laws[0]!.meta, law, title: law, articleCount: articles.length, file: `${law}.md` }, preamble: '', articles });
  }
  // Keep the real documents too, so the cards' citations resolve.
  const all = [...k.laws, ...laws];
  return { ...k, laws: all, articles: all.flatMap((l) => l.articles), fingerprint: `generated-${n}` };
}

function questions(k: Knowledge): string[] {
  const file = path.resolve('test/eval/questions.jsonl');
  const qs = existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { question: string }).question) : [];
  return [...qs, ...k.cards.flatMap((c) => c.questions)].slice(0, 500);
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

async function run(scenario: string): Promise<void> {
  const base = loadKnowledge(path.resolve('knowledge'), INDEX_FORMAT);
  const k = scenario === 'generated' ? generated(base, Number(values.articles)) : base;
  const embedder = new LocalHashEmbedder();
  const t0 = performance.now();
  const index =
    scenario === 'generated'
      ? await buildSearchIndex(k, embedder)
      : (await loadOrBuildIndex(mkdtempSync(path.join(os.tmpdir(), 'bench-kb-')), k, embedder)).index;
  const buildMs = performance.now() - t0;
  const retriever = new Retriever(k, index, embedder);
  const qs = questions(k);
  for (const q of qs.slice(0, 20)) await retriever.search(q); // warm up the JIT
  const times: number[] = [];
  for (const q of qs) {
    const s = performance.now();
    await retriever.search(q, { k: 10 });
    times.push(performance.now() - s);
  }
  const peakMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(
    `${JSON.stringify({ scenario, articles: k.articles.length, cards: k.cards.length, queries: times.length, buildSeconds: +(buildMs / 1000).toFixed(2), p50ms: +pct(times, 50).toFixed(2), p95ms: +pct(times, 95).toFixed(2), peakRssMb: Math.round(peakMb) })}\n`,
  );
}

if (values.scenario) {
  await run(values.scenario);
} else {
  const self = fileURLToPath(import.meta.url);
  console.log(`retrieval benchmark on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), Node ${process.version}`);
  for (const scenario of ['shipped', 'generated']) {
    const out = execFileSync(process.execPath, ['--import', 'tsx', self, '--scenario', scenario, '--articles', values.articles!], { encoding: 'utf8', maxBuffer: 1 << 24 });
    const r = JSON.parse(out.trim().split('\n').pop()!) as Record<string, number | string>;
    console.log(
      `${String(r.scenario).padEnd(10)} ${String(r.articles).padStart(6)} articles: index build ${r.buildSeconds} s, search p50 ${r.p50ms} ms, p95 ${r.p95ms} ms over ${r.queries} queries, peak RSS ${r.peakRssMb} MB`,
    );
  }
}
