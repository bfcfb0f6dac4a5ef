/**
 * Okapi BM25 over an inverted index kept in typed arrays, so 50,000 documents search in a few
 * milliseconds and the index saves to one binary file.
 */
export interface Bm25Data {
  terms: string[];
  /** offsets[t]..offsets[t+1] index the postings of term t in docs/tfs. */
  offsets: Int32Array;
  docs: Int32Array;
  tfs: Float32Array;
  docLen: Float32Array;
}

const K1 = 1.2;
const B = 0.75;

export class Bm25 {
  private readonly termIds: Map<string, number>;
  private readonly avgdl: number;
  private readonly idf: Float32Array;

  constructor(readonly data: Bm25Data) {
    this.termIds = new Map(data.terms.map((t, i) => [t, i]));
    const n = data.docLen.length;
    this.avgdl = n ? data.docLen.reduce((a, b) => a + b, 0) / n : 1;
    this.idf = new Float32Array(data.terms.length);
    for (let t = 0; t < data.terms.length; t++) {
      const df = data.offsets[t + 1]! - data.offsets[t]!;
      this.idf[t] = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    }
  }

  /** How rare a term is in this collection; undefined for a term no document has. */
  idfOf(term: string): number | undefined {
    const t = this.termIds.get(term);
    return t === undefined ? undefined : this.idf[t];
  }

  /** The idf of a term that occurs in a single document: what an unknown word is worth. */
  get maxIdf(): number {
    const n = this.data.docLen.length;
    return Math.log(1 + (n - 0.5) / 1.5);
  }

  /** Build from already tokenized documents; a token may repeat to weigh more. */
  static build(docs: string[][]): Bm25 {
    const termIds = new Map<string, number>();
    const postings: Array<Map<number, number>> = [];
    const docLen = new Float32Array(docs.length);
    docs.forEach((tokens, d) => {
      docLen[d] = tokens.length;
      for (const tok of tokens) {
        let id = termIds.get(tok);
        if (id === undefined) {
          id = postings.length;
          termIds.set(tok, id);
          postings.push(new Map());
        }
        const p = postings[id]!;
        p.set(d, (p.get(d) ?? 0) + 1);
      }
    });
    const offsets = new Int32Array(postings.length + 1);
    let total = 0;
    postings.forEach((p, t) => {
      offsets[t] = total;
      total += p.size;
    });
    offsets[postings.length] = total;
    const docIds = new Int32Array(total);
    const tfs = new Float32Array(total);
    postings.forEach((p, t) => {
      let i = offsets[t]!;
      for (const [d, tf] of p) {
        docIds[i] = d;
        tfs[i++] = tf;
      }
    });
    return new Bm25({ terms: [...termIds.keys()], offsets, docs: docIds, tfs, docLen });
  }

  get size(): number {
    return this.data.docLen.length;
  }

  /** Top k documents for weighted query terms, best first. */
  search(query: Map<string, number>, k: number): Array<{ doc: number; score: number }> {
    const scores = new Map<number, number>();
    const { offsets, docs, tfs, docLen } = this.data;
    for (const [term, weight] of query) {
      const t = this.termIds.get(term);
      if (t === undefined) continue;
      const idf = this.idf[t]! * weight;
      for (let i = offsets[t]!; i < offsets[t + 1]!; i++) {
        const d = docs[i]!;
        const tf = tfs[i]!;
        const s = (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * docLen[d]!) / this.avgdl));
        scores.set(d, (scores.get(d) ?? 0) + s);
      }
    }
    return topK(scores, k);
  }

  serialize(): { header: { terms: string[] }; buffers: ArrayBufferView[] } {
    const { terms, offsets, docs, tfs, docLen } = this.data;
    return { header: { terms }, buffers: [offsets, docs, tfs, docLen] };
  }

  static deserialize(header: { terms: string[] }, buffers: ArrayBuffer[]): Bm25 {
    const [offsets, docs, tfs, docLen] = buffers;
    return new Bm25({
      terms: header.terms,
      offsets: new Int32Array(offsets!),
      docs: new Int32Array(docs!),
      tfs: new Float32Array(tfs!),
      docLen: new Float32Array(docLen!),
    });
  }
}

/** The k highest entries of a score map, best first (partial selection keeps it O(n log k)). */
export function topK(scores: Map<number, number>, k: number): Array<{ doc: number; score: number }> {
  const out: Array<{ doc: number; score: number }> = [];
  for (const [doc, score] of scores) {
    if (out.length < k) {
      out.push({ doc, score });
      if (out.length === k) out.sort((a, b) => b.score - a.score);
    } else if (score > out[k - 1]!.score) {
      let i = k - 1;
      while (i > 0 && out[i - 1]!.score < score) {
        out[i] = out[i - 1]!;
        i--;
      }
      out[i] = { doc, score };
    }
  }
  if (out.length < k) out.sort((a, b) => b.score - a.score);
  return out;
}

/** Count tokens into the weighted-term map BM25 takes. */
export function termWeights(tokens: string[], weight = 1, into = new Map<string, number>()): Map<string, number> {
  for (const t of tokens) into.set(t, Math.max(into.get(t) ?? 0, weight));
  return into;
}
