import { openKnowledgeBase, type Retriever } from '../../src/kb/index.js';
import { LocalHashEmbedder } from '../../src/kb/local-embedder.js';
import { SHIPPED_DATA_DIR, SHIPPED_KNOWLEDGE_DIR } from './shipped.js';

let shared: Promise<Retriever> | undefined;

/** The shipped knowledge base, over the index test/global-setup.ts built once for the whole run. */
export function shippedRetriever(): Promise<Retriever> {
  shared ??= openKnowledgeBase({ knowledgeDir: SHIPPED_KNOWLEDGE_DIR, dataDir: SHIPPED_DATA_DIR }, new LocalHashEmbedder()).then((r) => r.retriever);
  return shared;
}
