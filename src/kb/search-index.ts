import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Bm25 } from './bm25.js';
import type { Embedder } from './embedder.js';
import type { Knowledge } from './knowledge.js';
import { LatentSemantics } from './latent-semantics.js';
import { tokenize } from './tokenizer.js';
import type { Article, GuideCard } from './types.js';
import { VectorIndex } from './vector-index.js';

/** Bump when the way documents are indexed changes, so old indexes on disk are rebuilt. */
export const INDEX_FORMAT = 'kb-index-v5';

/** The searchable form of the knowledge base: three BM25 indexes, the embedder's vectors and a latent space. */
export interface SearchIndex {
  /** Plain BM25 over the article text alone: the baseline the evaluation compares against. */
  baseline: Bm25;
  /** BM25 over articles expanded with their headings and the questions of the cards citing them. */
  articles: Bm25;
  /** BM25 over the guidance cards' units (see cardUnits). */
  cards: Bm25;
  /** Vectors of the expanded articles (labels 0..A-1) followed by the card units (labels A..). */
  vectors: VectorIndex;
  /** Latent semantic space learned from the cards and articles (see latent-semantics.ts). */
  latent: LatentSemantics;
  /** Vectors of the everyday questions written per article (see askedUnits). */
  askedVectors: VectorIndex;
  /** Latent vectors of the articles (labels = article numbers in the knowledge) and of whole cards. */
  latentArticles: VectorIndex;
  latentCards: VectorIndex;
}

const LATENT_FIT_ARTICLES = 4000;
const LATENT_GRAPH = { M: 8, efConstruction: 40 };

/** A whole card as one document: its everyday questions and legal answer side by side. */
function cardDocument(c: GuideCard): string {
  return [c.title, ...c.questions, c.answer].join('\n');
}

/** Text an article is found by: what it says, where it sits, and how people ask about it. */
export function articleDocument(a: Article, citingCards: GuideCard[], askedQuestions: string[] = []): string {
  const asked = citingCards.flatMap((c) => [c.title, ...c.questions]);
  return [a.law, ...a.headings, a.text, ...asked, ...askedQuestions].join('\n');
}

/** The everyday questions written for each article (knowledge/asked/), by law#article. */
export function askedByArticle(k: Knowledge): Map<string, string[]> {
  return new Map(k.asked.map((a) => [`${a.law}#${a.article}`, a.questions]));
}

/**
 * Cards are matched question by question, like an FAQ: each of a card's questions, its title and its
 * answer is a unit of its own, and a card ranks by its best unit.
 */
export function cardUnits(cards: GuideCard[]): Array<{ card: number; text: string; asked: boolean }> {
  return cards.flatMap((c, card) => [
    ...[c.title, ...c.questions].map((text) => ({ card, text, asked: true })),
    { card, text: c.answer, asked: false },
  ]);
}

/**
 * Each question of knowledge/asked/ is a unit of its own pointing to its article, matched like a card's
 * questions: an article ranks by the question closest to the user's.
 */
export function askedUnits(k: Knowledge): Array<{ article: number; text: string }> {
  const index = new Map(k.articles.map((a, i) => [`${a.law}#${a.number}`, i]));
  return k.asked.flatMap((a) => a.questions.map((text) => ({ article: index.get(`${a.law}#${a.article}`)!, text })));
}

/** Cards citing each article among their first two citations (later ones are side remarks). */
export function cardsByArticle(k: Knowledge): Map<string, GuideCard[]> {
  const m = new Map<string, GuideCard[]>();
  for (const c of k.cards) {
    for (const cite of c.cites.slice(0, 2)) {
      const key = `${cite.law}#${cite.article}`;
      m.set(key, [...(m.get(key) ?? []), c]);
    }
  }
  return m;
}

export async function buildSearchIndex(k: Knowledge, embedder: Embedder): Promise<SearchIndex> {
  const byArticle = cardsByArticle(k);
  const asked = askedByArticle(k);
  const articleDocs = k.articles.map((a) => articleDocument(a, byArticle.get(`${a.law}#${a.number}`) ?? [], asked.get(`${a.law}#${a.number}`)));
  const cardDocs = cardUnits(k.cards).map((u) => u.text);
  const askedDocs = askedUnits(k).map((u) => u.text);
  embedder.fit?.([...articleDocs, ...cardDocs]);
  const vectors = await embedder.embedDocuments([...articleDocs, ...cardDocs]);
  const askedVectors = await embedder.embedDocuments(askedDocs);
  const dim = vectors[0]?.length ?? 1;
  // Articles are segmented once: the baseline indexes their text, the latent space adds where they sit.
  const textTokens = k.articles.map((a) => tokenize(a.text));
  const placeTokens = new Map<string, string[]>();
  const plainTokens = k.articles.map((a, i) => {
    const place = [a.law, ...a.headings].join('\n');
    if (!placeTokens.has(place)) placeTokens.set(place, tokenize(place));
    return [...placeTokens.get(place)!, ...textTokens[i]!];
  });
  const cardTokens = k.cards.map((c) => tokenize(cardDocument(c)));
  // An article's text beside the everyday questions written for it: the latent space learns that they say the same thing.
  const askedTokens = k.articles.map((a, i) => {
    const q = asked.get(`${a.law}#${a.number}`);
    return q ? [...plainTokens[i]!, ...tokenize(q.join('\n'))] : plainTokens[i]!;
  });
  // The cards carry the everyday ↔ legal co-occurrences; a few thousand articles are enough for the
  // rest, and bound the fitting time however large the base grows (every article is still projected).
  const step = Math.ceil(plainTokens.length / LATENT_FIT_ARTICLES);
  const latent = LatentSemantics.fit([...cardTokens, ...askedTokens.filter((_, i) => i % step === 0)]);
  return {
    baseline: Bm25.build(textTokens),
    articles: Bm25.build(articleDocs.map(tokenize)),
    cards: Bm25.build(cardDocs.map(tokenize)),
    vectors: VectorIndex.build(vectors, dim),
    askedVectors: VectorIndex.build(askedVectors, dim),
    latent,
    // One signal among five: a sparser graph builds 50,000 articles about five times faster.
    latentArticles: VectorIndex.build(askedTokens.map((t) => latent.projectTokens(t)), latent.rank, LATENT_GRAPH),
    latentCards: VectorIndex.build(cardTokens.map((t) => latent.projectTokens(t)), latent.rank, LATENT_GRAPH),
  };
}

interface Manifest {
  format: string;
  fingerprint: string;
  embedder: string;
  dim: number;
  articles: number;
  cards: number;
  builtAt: string;
}

function saveBinary(dir: string, name: string, { header, buffers }: { header: object; buffers: ArrayBufferView[] }): void {
  const lengths = buffers.map((b) => b.byteLength);
  writeFileSync(path.join(dir, `${name}.json`), JSON.stringify({ ...header, lengths }));
  writeFileSync(path.join(dir, `${name}.bin`), Buffer.concat(buffers.map((b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength))));
}

function loadBinary<H>(dir: string, name: string): { header: H; buffers: ArrayBuffer[] } {
  const header = JSON.parse(readFileSync(path.join(dir, `${name}.json`), 'utf8')) as H & { lengths: number[] };
  const bin = readFileSync(path.join(dir, `${name}.bin`));
  let at = 0;
  const buffers = header.lengths.map((len) => {
    const copy = new ArrayBuffer(len); // typed arrays need aligned, owned memory
    new Uint8Array(copy).set(bin.subarray(at, at + len));
    at += len;
    return copy;
  });
  return { header, buffers };
}

const saveBm25 = (dir: string, name: string, bm: Bm25) => saveBinary(dir, name, bm.serialize());
function loadBm25(dir: string, name: string): Bm25 {
  const { header, buffers } = loadBinary<{ terms: string[] }>(dir, name);
  return Bm25.deserialize(header, buffers);
}

function loadLatent(dir: string): Pick<SearchIndex, 'latent' | 'latentArticles' | 'latentCards'> {
  const { header, buffers } = loadBinary<{ terms: string[]; rank: number }>(dir, 'latent');
  const latent = LatentSemantics.deserialize(header, buffers);
  return {
    latent,
    latentArticles: VectorIndex.load(path.join(dir, 'latent-articles.hnsw'), latent.rank),
    latentCards: VectorIndex.load(path.join(dir, 'latent-cards.hnsw'), latent.rank),
  };
}

/**
 * Load the index for this knowledge fingerprint from `root`, or build and save it. Writing goes to a
 * temporary folder renamed into place, so a crash or a concurrent reader never sees half an index.
 */
export async function loadOrBuildIndex(
  root: string,
  k: Knowledge,
  embedder: Embedder,
): Promise<{ index: SearchIndex; built: boolean; dir: string }> {
  const dir = path.join(root, `${k.fingerprint}-${embedder.id.replace(/[^\w.-]/g, '_')}`);
  const manifestFile = path.join(dir, 'manifest.json');
  if (existsSync(manifestFile)) {
    try {
      const m = JSON.parse(readFileSync(manifestFile, 'utf8')) as Manifest;
      if (m.format === INDEX_FORMAT && m.fingerprint === k.fingerprint && m.embedder === embedder.id) {
        const state = path.join(dir, 'embedder.json');
        if (existsSync(state)) embedder.restore?.(JSON.parse(readFileSync(state, 'utf8')));
        const index = {
          baseline: loadBm25(dir, 'baseline'),
          articles: loadBm25(dir, 'articles'),
          cards: loadBm25(dir, 'cards'),
          vectors: VectorIndex.load(path.join(dir, 'vectors.hnsw'), m.dim),
          askedVectors: VectorIndex.load(path.join(dir, 'asked-vectors.hnsw'), m.dim),
          ...loadLatent(dir),
        };
        return { index, built: false, dir };
      }
    } catch {
      // A damaged index is rebuilt below rather than trusted.
    }
  }
  const index = await buildSearchIndex(k, embedder);
  mkdirSync(root, { recursive: true });
  const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  mkdirSync(tmp, { recursive: true });
  saveBm25(tmp, 'baseline', index.baseline);
  saveBm25(tmp, 'articles', index.articles);
  saveBm25(tmp, 'cards', index.cards);
  index.vectors.save(path.join(tmp, 'vectors.hnsw'));
  index.askedVectors.save(path.join(tmp, 'asked-vectors.hnsw'));
  saveBinary(tmp, 'latent', index.latent.serialize());
  index.latentArticles.save(path.join(tmp, 'latent-articles.hnsw'));
  index.latentCards.save(path.join(tmp, 'latent-cards.hnsw'));
  const st = embedder.state?.();
  if (st !== undefined) writeFileSync(path.join(tmp, 'embedder.json'), JSON.stringify(st));
  const manifest: Manifest = {
    format: INDEX_FORMAT,
    fingerprint: k.fingerprint,
    embedder: embedder.id,
    dim: index.vectors.dim,
    articles: k.articles.length,
    cards: k.cards.length,
    builtAt: new Date().toISOString(),
  };
  writeFileSync(path.join(tmp, 'manifest.json'), JSON.stringify(manifest, null, 2));
  rmSync(dir, { recursive: true, force: true });
  try {
    renameSync(tmp, dir);
  } catch {
    rmSync(tmp, { recursive: true, force: true }); // another process won the race with the same content
  }
  // Indexes of older knowledge are dead weight.
  for (const old of readdirSync(root)) {
    if (path.join(root, old) !== dir && !old.includes('.tmp-')) rmSync(path.join(root, old), { recursive: true, force: true });
  }
  return { index, built: true, dir };
}
