/**
 * A rebuild of the whole index runs in a worker thread: the process keeps answering meanwhile (on the
 * main thread it stopped every request, /healthz included, for as long as the build took), and an error
 * in a knowledge file comes back with its file and line.
 */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openKnowledgeBaseInWorker } from '../../src/kb/build-in-worker.js';
import { SHIPPED_KNOWLEDGE_DIR as KNOWLEDGE_DIR } from '../helpers/shipped.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function copy(): Promise<{ knowledgeDir: string; dataDir: string }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'kb-worker-'));
  dirs.push(root);
  const knowledgeDir = path.join(root, 'knowledge');
  for (const entry of ['laws', 'guides', 'data', 'policies', 'lexicon.yaml', 'reminders.yaml']) await cp(path.join(KNOWLEDGE_DIR, entry), path.join(knowledgeDir, entry), { recursive: true });
  return { knowledgeDir, dataDir: path.join(root, 'data') };
}

describe('index build in a worker thread', () => {
  it('builds the whole shipped index while the event loop keeps running', { timeout: 120_000 }, async () => {
    const config = await copy();
    let longest = 0;
    let last = performance.now();
    const tick = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
    }, 20);
    try {
      const { retriever, built } = await openKnowledgeBaseInWorker(config);
      expect(built).toBe(false); // the worker built it; this thread only loaded it
      expect(retriever.knowledge.articles.length).toBeGreaterThan(1000);
      expect((await retriever.search('试用期最长多久')).hits.length).toBeGreaterThan(0);
    } finally {
      clearInterval(tick);
    }
    // Built on this thread the loop stood still for the whole build (about 10 s here); now only for the
    // load that follows it, well under a second on an idle machine (3 s allows for a busy one).
    expect(longest).toBeLessThan(3000);
  });

  it('reports a malformed knowledge file with its name', { timeout: 60_000 }, async () => {
    const config = await copy();
    await writeFile(path.join(config.knowledgeDir, 'laws', '坏文件.md'), '---\ntitle: [\n---\n');
    await expect(openKnowledgeBaseInWorker(config)).rejects.toThrow(/坏文件\.md/);
  });
});
