/** Runs in a worker thread (see build-in-worker.ts): builds, or checks, the index for the given configuration. */
import { parentPort, workerData } from 'node:worker_threads';
import { openKnowledgeBase } from './index.js';

try {
  const { built } = await openKnowledgeBase(workerData.config);
  parentPort!.postMessage({ ok: true, built });
} catch (err) {
  parentPort!.postMessage({ ok: false, error: (err as Error).message, name: (err as Error).name });
}
