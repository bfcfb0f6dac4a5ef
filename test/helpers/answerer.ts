import { Answerer } from '../../src/answer/answerer.js';
import { shippedRetriever } from './kb.js';

let shared: Promise<Answerer> | undefined;

/** The offline answerer over the shipped knowledge base (no LLM configured). */
export function offlineAnswerer(): Promise<Answerer> {
  shared ??= shippedRetriever().then((r) => new Answerer(r));
  return shared;
}
