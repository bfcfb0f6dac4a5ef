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
/** A text's features as parallel arrays: 32-bit feature hash, term frequency. */
interface Features {
  hash: Uint32Array;
  tf: Float32Array;
}

export class LocalHashEmbedder implements Embedder {
  readonly id: string;
  /** IDF by feature hash (32-bit collisions among a few hundred thousand features are negligible). */
  private idf = new Map<number, number>();
  private defaultIdf = 1;
  /** Features computed by fit(), reused by the embedDocuments() call that follows it. */
  private fitted = new Map<string, Features>();

  constructor(
    readonly dim = 1024,
    private readonly bigramWeight = 0.6,
    private readonly pinyinWeight = 0.4,
  ) {
    this.id = `local-hash-v3-${dim}`;
  }

  private features(text: string): Features {
    const f = new Map<number, number>();
    const put = (key: string, w: number) => {
      const h = fnv1a(key);
      f.set(h, (f.get(h) ?? 0) + w);
    };
    for (const w of tokenize(text)) put(`w:${w}`, 1);
    for (const g of charBigrams(text)) put(`c:${g}`, this.bigramWeight);
    for (const g of pinyinBigrams(text)) put(`p:${g}`, this.pinyinWeight);
    return { hash: Uint32Array.from(f.keys()), tf: Float32Array.from(f.values()) };
  }

  fit(documents: string[]): void {
    const df = new Map<number, number>();
    this.fitted = new Map();
    for (const d of documents) {
      const f = this.features(d);
      this.fitted.set(d, f);
      for (const h of f.hash) df.set(h, (df.get(h) ?? 0) + 1);
    }
    const n = documents.length;
    this.idf = new Map([...df].map(([k, v]) => [k, Math.log((n + 1) / (v + 1)) + 1]));
    this.defaultIdf = Math.log(n + 1) + 1;
  }

  private embed({ hash, tf }: Features): Float32Array {
    const v = new Float32Array(this.dim);
    for (let i = 0; i < hash.length; i++) {
      const h = hash[i]!;
      const sign = h & 0x80000000 ? -1 : 1;
      v[h % this.dim]! += sign * (1 + Math.log(tf[i]!)) * (this.idf.get(h) ?? this.defaultIdf);
    }
    return l2normalize(v);
  }

  async embedDocuments(texts: string[]): Promise<Float32Array[]> {
    const out = texts.map((t) => this.embed(this.fitted.get(t) ?? this.features(t)));
    this.fitted = new Map();
    return out;
  }

  async embedQuery(text: string): Promise<Float32Array> {
    return this.embed(this.features(text));
  }

  state(): unknown {
    return { idf: [...this.idf], defaultIdf: this.defaultIdf };
  }

  restore(state: unknown): void {
    const s = state as { idf: Array<[number, number]>; defaultIdf: number };
    this.idf = new Map(s.idf);
    this.defaultIdf = s.defaultIdf;
  }
}
