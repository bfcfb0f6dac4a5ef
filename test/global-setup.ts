import { openKnowledgeBase } from '../src/kb/index.js';
import { LocalHashEmbedder } from '../src/kb/local-embedder.js';
import { SHIPPED_DATA_DIR, SHIPPED_KNOWLEDGE_DIR } from './helpers/shipped.js';

/**
 * Build the shipped knowledge base's index once, before any test file runs: the suites that read it
 * (retrieval, answers, the command-line tools) then load it in a fraction of a second instead of each
 * building their own. The index folder is keyed by the knowledge's fingerprint, so a changed file
 * simply builds a new one.
 */
export default async function setup(): Promise<void> {
  await openKnowledgeBase({ knowledgeDir: SHIPPED_KNOWLEDGE_DIR, dataDir: SHIPPED_DATA_DIR }, new LocalHashEmbedder());
}
