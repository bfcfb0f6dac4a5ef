/** Turns texts into unit vectors for the vector index. */
export interface Embedder {
  /** Identifies the model; part of the index fingerprint so a change of embedder rebuilds the index. */
  readonly id: string;
  /** Learn corpus statistics before documents are embedded (a no-op for hosted models). */
  fit?(documents: string[]): void;
  embedDocuments(texts: string[]): Promise<Float32Array[]>;
  embedQuery(text: string): Promise<Float32Array>;
  /** State to persist with the index (e.g. learned weights), restored with restore(). */
  state?(): unknown;
  restore?(state: unknown): void;
}

export function l2normalize(v: Float32Array): Float32Array {
  let n = 0;
  for (const x of v) n += x * x;
  n = Math.sqrt(n);
  if (n > 0) for (let i = 0; i < v.length; i++) v[i]! /= n;
  return v;
}
