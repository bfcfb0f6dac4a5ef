import type { Config } from '../config.js';
import { openKnowledgeBase, type Retriever } from '../kb/index.js';
import { Answerer } from './answerer.js';
import { llmFactReader, makeCalculate } from './calculation/index.js';
import { LlmAnswerer } from './llm-answerer.js';

export { Answerer } from './answerer.js';
export type { Answer, Citation, Figure, Handoff, Turn } from './types.js';

/** The knowledge base and an answerer over it: LLM mode when OPENAI_API_KEY is set, offline otherwise. */
export async function openAnswerer(
  config: Config,
  live?: { readonly current: Retriever },
): Promise<{ answerer: Answerer; retriever: Retriever }> {
  const retriever = live?.current ?? (await openKnowledgeBase(config)).retriever;
  const llm = LlmAnswerer.fromConfig(config, { aliases: retriever.knowledge.aliases });
  const readFacts = llmFactReader(config);
  const calculate = makeCalculate(config.knowledgeDir, undefined, readFacts ? { readFacts } : {});
  return { answerer: new Answerer(live ?? retriever, { llm, calculate }), retriever };
}
