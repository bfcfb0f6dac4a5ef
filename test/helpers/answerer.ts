import path from 'node:path';
import { Answerer } from '../../src/answer/answerer.js';
import { makeCalculate } from '../../src/answer/calculation/index.js';
import { shippedRetriever } from './kb.js';

let shared: Promise<Answerer> | undefined;

/** The offline answerer over the shipped knowledge base with the calculators (no LLM; today fixed at 2026-11-23). */
export function offlineAnswerer(): Promise<Answerer> {
  shared ??= shippedRetriever().then((r) => new Answerer(r, { calculate: makeCalculate(path.resolve('knowledge'), () => new Date('2026-11-23')) }));
  return shared;
}
