import { l2normalize, type Embedder } from './embedder.js';
import { charBigrams, pinyinBigrams, tokenize } from './tokenizer.js';

/** 32-bit FNV-1a: cheap, stable across runs and platforms. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * The default embedder: needs no model download. Words (jieba) and character bigrams are
 * TF-IDF weighted and folded into a fixed number of dimensions with the signed hashing trick.
 * Bigrams make it forgiving of typos and unknown words where BM25 over whole words finds nothing
 * (使用期 still shares 用期 with 试用期), and pinyin bigrams catch homophone slips of pinyin input
 * (双背工资 sounds like 双倍工资); IDF learned from the knowledge base keeps frequent legal
 * boilerplate from dominating.
 */
export class LocalHashEmbedder implements Embedder {
  readonly id: string;
  private idf = new Map<string, number>();
  private defaultIdf = 1;

  constructor(
    readonly dim = 1024,
    private readonly bigramWeight = 0.6,
    private readonly pinyinWeight = 0.4,
  ) {
    this.id = `local-hash-v2-${dim}`;
  }

  private features(text: string): Map<string, number> {
    const f = new Map<string, number>();
    for (const w of tokenize(text)) f.set(`w:${w}`, (f.get(`w:${w}`) ?? 0) + 1);
    for (const g of charBigrams(text)) f.set(`c:${g}`, (f.get(`c:${g}`) ?? 0) + this.bigramWeight);
    for (const g of pinyinBigrams(text)) f.set(`p:${g}`, (f.get(`p:${g}`) ?? 0) + this.pinyinWeight);
    return f;
  }

  fit(documents: string[]): void {
    const df = new Map<string, number>();
    for (const d of documents) for (const k of this.features(d).keys()) df.set(k, (df.get(k) ?? 0) + 1);
    const n = documents.length;
    this.idf = new Map([...df].map(([k, v]) => [k, Math.log((n + 1) / (v + 1)) + 1]));
    this.defaultIdf = Math.log(n + 1) + 1;
  }

  private embed(text: string): Float32Array {
    const v = new Float32Array(this.dim);
    for (const [k, tf] of this.features(text)) {
      const h = fnv1a(k);
      const sign = h & 0x80000000 ? -1 : 1;
      v[h % this.dim]! += sign * (1 + Math.log(tf)) * (this.idf.get(k) ?? this.defaultIdf);
    }
    return l2normalize(v);
  }

  async embedDocuments(texts: string[]): Promise<Float32Array[]> {
    return texts.map((t) => this.embed(t));
  }

  async embedQuery(text: string): Promise<Float32Array> {
    return this.embed(text);
  }

  state(): unknown {
    return { idf: [...this.idf], defaultIdf: this.defaultIdf };
  }

  restore(state: unknown): void {
    const s = state as { idf: Array<[string, number]>; defaultIdf: number };
    this.idf = new Map(s.idf);
    this.defaultIdf = s.defaultIdf;
  }
}
