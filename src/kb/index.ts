import path from 'node:path';
import type { Config } from '../config.js';
import type { Embedder } from './embedder.js';
import { loadKnowledge } from './knowledge.js';
import { LocalHashEmbedder } from './local-embedder.js';
import { OpenAIEmbedder } from './openai-embedder.js';
import { Retriever } from './retriever.js';
import { INDEX_FORMAT, loadOrBuildIndex } from './search-index.js';
import { addWords } from './tokenizer.js';

export type { Article, ArticleStatus, GuideCard, LawDocument, LawMeta, SearchHit } from './types.js';
export type { SearchResult, CardMatch } from './retriever.js';
export { Retriever } from './retriever.js';
export { currentRetriever, type RetrieverRef } from './live.js';
export { KnowledgeParseError } from './parse-error.js';

/** The embedder the configuration asks for: OpenAI-compatible when a model is named, local otherwise. */
export function embedderFor(config: Config): Embedder {
  if (config.OPENAI_API_KEY && config.OPENAI_EMBEDDING_MODEL) {
    return new OpenAIEmbedder({ model: config.OPENAI_EMBEDDING_MODEL, apiKey: config.OPENAI_API_KEY, baseURL: config.OPENAI_BASE_URL });
  }
  return new LocalHashEmbedder();
}

/**
 * Read the knowledge folder and open its search index, building it only when the files changed.
 * Throws KnowledgeParseError (file and line) when a knowledge file is malformed.
 */
export async function openKnowledgeBase(
  config: Pick<Config, 'knowledgeDir' | 'dataDir'> & Partial<Config>,
  embedder: Embedder = embedderFor(config as Config),
): Promise<{ retriever: Retriever; built: boolean; indexDir: string }> {
  const knowledge = loadKnowledge(config.knowledgeDir, INDEX_FORMAT);
  // Legal terms and lexicon phrases stay whole when segmented, in documents and questions alike.
  addWords(knowledge.lexicon.entries.flatMap((e) => [e.everyday, ...e.legal]));
  const { index, built, dir } = await loadOrBuildIndex(path.join(config.dataDir, 'index'), knowledge, embedder);
  return { retriever: new Retriever(knowledge, index, embedder), built, indexDir: dir };
}
