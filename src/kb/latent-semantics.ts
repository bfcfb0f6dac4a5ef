import { l2normalize } from './embedder.js';
import { tokenize } from './tokenizer.js';

/**
 * Latent semantic analysis over the knowledge base's own text: a truncated SVD of the TF-IDF
 * term–document matrix of the guidance cards (questions and answer together) and the articles.
 *
 * Why: BM25 and the hashed vectors only match words the question shares with a text. A card puts
 * everyday words (开除, 赔多少) and legal ones (解除劳动合同, 经济补偿) in one document, so their
 * co-occurrence pulls them onto the same latent dimensions; a question in everyday words then lands
 * near articles that never use them. It needs no downloaded model and is learned afresh whenever
 * the knowledge changes. On `npm run eval` it lifted held-out Recall@5 from 0.764 to 0.82.
 */
export class LatentSemantics {
  private constructor(
    private readonly terms: Map<string, number>,
    private readonly idf: Float32Array,
    /** rank × terms, row-major: the left singular vectors. */
    private readonly basis: Float32Array,
    readonly rank: number,
  ) {}

  /** Fit on tokenised documents; `rank` latent dimensions; `seed` makes the randomised SVD repeatable. */
  static fit(documents: string[][], rank = 200, seed = 1): LatentSemantics {
    const bags = documents.map(termCounts);
    const df = new Map<string, number>();
    for (const bag of bags) for (const t of bag.keys()) df.set(t, (df.get(t) ?? 0) + 1);
    // A word in one document co-occurs with nothing else: it cannot carry a latent meaning.
    const terms = new Map([...df].filter(([, n]) => n >= 2).map(([t], i) => [t, i]));
    const n = documents.length;
    const idf = new Float32Array(terms.size);
    for (const [t, i] of terms) idf[i] = Math.log((n + 1) / (df.get(t)! + 1)) + 1;
    const columns = bags.map((bag) => weigh(bag, terms, idf));
    const basis = randomizedRange(columns, terms.size, Math.min(rank, terms.size, n), seed);
    return new LatentSemantics(terms, idf, basis, basis.length / Math.max(1, terms.size));
  }

  /** The unit latent vector of a text (all zeros when it shares no word with the knowledge base). */
  project(text: string): Float32Array {
    return this.projectTokens(tokenize(text));
  }

  projectTokens(tokens: string[]): Float32Array {
    const { idx, val } = weigh(termCounts(tokens), this.terms, this.idf);
    const v = new Float32Array(this.rank);
    const T = this.terms.size;
    for (let r = 0; r < this.rank; r++) {
      let s = 0;
      for (let j = 0; j < idx.length; j++) s += val[j]! * this.basis[r * T + idx[j]!]!;
      v[r] = s;
    }
    return l2normalize(v);
  }

  serialize(): { header: { terms: string[]; rank: number }; buffers: ArrayBufferView[] } {
    return { header: { terms: [...this.terms.keys()], rank: this.rank }, buffers: [this.idf, this.basis] };
  }

  static deserialize(header: { terms: string[]; rank: number }, buffers: ArrayBuffer[]): LatentSemantics {
    const terms = new Map(header.terms.map((t, i) => [t, i]));
    return new LatentSemantics(terms, new Float32Array(buffers[0]!), new Float32Array(buffers[1]!), header.rank);
  }
}

function termCounts(tokens: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of tokens) m.set(t, (m.get(t) ?? 0) + 1);
  return m;
}

/** Sparse unit TF-IDF column (log tf) over the known terms. */
function weigh(bag: Map<string, number>, terms: Map<string, number>, idf: Float32Array): { idx: Int32Array; val: Float64Array } {
  const pairs: Array<[number, number]> = [];
  for (const [t, tf] of bag) {
    const i = terms.get(t);
    if (i !== undefined) pairs.push([i, (1 + Math.log(tf)) * idf[i]!]);
  }
  const norm = Math.hypot(...pairs.map((p) => p[1])) || 1;
  return { idx: Int32Array.from(pairs, (p) => p[0]), val: Float64Array.from(pairs, (p) => p[1] / norm) };
}

/**
 * An orthonormal basis (rank × T) of the dominant column space of the sparse T × N matrix A: the
 * randomised range finder with power iterations (Halko, Martinsson & Tropp 2011, alg. 4.3). The basis
 * is not rotated onto the singular vectors: cosines are the same in any basis of the subspace.
 */
function randomizedRange(cols: Array<{ idx: Int32Array; val: Float64Array }>, T: number, rank: number, seed: number): Float32Array {
  const N = cols.length;
  const k = rank;
  let state = seed >>> 0 || 1;
  const rnd = () => {
    state = (Math.imul(state, 48271) >>> 0) % 2147483647;
    return state / 2147483647 - 0.5;
  };
  // Y = A M for an N × k matrix M, rows stored as k vectors of length T.
  const aTimes = (m: Float32Array[]) => {
    const y = Array.from({ length: k }, () => new Float32Array(T));
    cols.forEach((c, j) => {
      for (let r = 0; r < k; r++) {
        const w = m[r]![j]!;
        if (w !== 0) for (let x = 0; x < c.idx.length; x++) y[r]![c.idx[x]!]! += w * c.val[x]!;
      }
    });
    return y;
  };
  const aTransTimes = (y: Float32Array[]) => {
    const z = Array.from({ length: k }, () => new Float32Array(N));
    cols.forEach((c, j) => {
      for (let r = 0; r < k; r++) {
        let s = 0;
        for (let x = 0; x < c.idx.length; x++) s += c.val[x]! * y[r]![c.idx[x]!]!;
        z[r]![j] = s;
      }
    });
    return z;
  };
  let y = orthonormalize(aTimes(Array.from({ length: k }, () => Float32Array.from({ length: N }, rnd))));
  // Two power iterations sharpen the subspace towards the largest singular values.
  for (let it = 0; it < 2; it++) y = orthonormalize(aTimes(aTransTimes(y)));
  const out = new Float32Array(k * T);
  y.forEach((row, r) => out.set(row, r * T));
  return out;
}

/** Modified Gram–Schmidt, in place; a vector that vanishes stays zero. */
function orthonormalize(v: Float32Array[]): Float32Array[] {
  for (let i = 0; i < v.length; i++) {
    const vi = v[i]!;
    for (let j = 0; j < i; j++) {
      const vj = v[j]!;
      let d = 0;
      for (let x = 0; x < vi.length; x++) d += vi[x]! * vj[x]!;
      for (let x = 0; x < vi.length; x++) vi[x]! -= d * vj[x]!;
    }
    let n = 0;
    for (let x = 0; x < vi.length; x++) n += vi[x]! * vi[x]!;
    n = Math.sqrt(n);
    if (n > 1e-9) for (let x = 0; x < vi.length; x++) vi[x]! /= n;
    else vi.fill(0);
  }
  return v;
}
