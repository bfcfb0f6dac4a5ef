import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openKnowledgeBase, type Retriever } from '../../src/kb/index.js';
import { LocalHashEmbedder } from '../../src/kb/local-embedder.js';

let shared: Promise<Retriever> | undefined;

/** The shipped knowledge base, indexed once per test file into a temporary data folder. */
export function shippedRetriever(): Promise<Retriever> {
  shared ??= openKnowledgeBase(
    { knowledgeDir: path.resolve('knowledge'), dataDir: mkdtempSync(path.join(os.tmpdir(), 'kb-test-')) },
    new LocalHashEmbedder(),
  ).then((r) => r.retriever);
  return shared;
}
