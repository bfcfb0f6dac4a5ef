import type { Config } from '../config.js';
import { openKnowledgeBase } from './index.js';
import { startTsWorker } from './ts-worker.js';

type KbConfig = Parameters<typeof openKnowledgeBase>[0];

/**
 * Open the knowledge base with the index built in a worker thread: a full rebuild is seconds of CPU that,
 * on the main thread, held up every request (/healthz, chat, the console) until it ended. The worker
 * writes the index to the data folder; this thread then loads it, which takes well under a second.
 * An error in the knowledge files comes back with its message (file and line) unchanged.
 */
export async function openKnowledgeBaseInWorker(config: KbConfig & Partial<Config>): ReturnType<typeof openKnowledgeBase> {
  await buildInWorker(config);
  return openKnowledgeBase(config);
}

function buildInWorker(config: KbConfig & Partial<Config>): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = startTsWorker(new URL('./build-worker.ts', import.meta.url), { workerData: { config: JSON.parse(JSON.stringify(config)) as unknown } });
    let settled = false;
    worker.once('message', (m: { ok: boolean; error?: string; name?: string }) => {
      settled = true;
      if (m.ok) resolve();
      else reject(Object.assign(new Error(m.error), { name: m.name ?? 'Error' }));
      void worker.terminate();
    });
    worker.once('error', (err) => {
      settled = true;
      reject(err);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`index build worker exited with code ${code}`));
    });
  });
}
