import type { KnowledgeDeps } from './deps.js';
import type { PreparedDocument } from './prepare.js';
import { saveToKnowledge } from './save.js';

export interface KnowledgeJobState {
  running: { title: string; file: string; startedAt: Date } | null;
  last: { title: string; ok: boolean; message: string; at: Date } | null;
}

/**
 * Changing knowledge/ (saving an uploaded document, approving a guidance card) rebuilds the whole
 * index, which takes minutes on a large knowledge base, so it runs in the background: the page answers
 * at once and shows progress, answers keep using the old index until the new one is swapped in, and
 * one change runs at a time.
 */
export class KnowledgeJob {
  #state: KnowledgeJobState = { running: null, last: null };
  #done: Promise<void> = Promise.resolve();

  get state(): KnowledgeJobState {
    return this.#state;
  }

  /** Resolves when the current change (if any) has finished. */
  idle(): Promise<void> {
    return this.#done;
  }

  /** Start saving p; false when another change is still running. */
  start(deps: KnowledgeDeps, p: PreparedDocument, onDone: (r: { ok: true; file: string; articles: number; replaced: boolean } | { ok: false; error: Error }) => Promise<void>): boolean {
    return this.run(p.doc.meta.title, `local/${p.target}`, () => saveToKnowledge(deps, p), onDone, {
      ok: (r) => `已加入知识库，索引共 ${r.articles} 条`,
      failed: (err) => `索引重建失败，文件已撤回：${err.message}`,
    });
  }

  /**
   * Run one change of knowledge/ that ends with a rebuild (`work` writes, rebuilds, and undoes its write
   * when the rebuild fails); false when another change is still running. `onDone` records the outcome.
   */
  run<R extends { articles: number }>(
    title: string,
    file: string,
    work: () => Promise<R>,
    onDone: (r: ({ ok: true } & R) | { ok: false; error: Error }) => Promise<void>,
    messages: { ok: (r: R) => string; failed: (err: Error) => string },
  ): boolean {
    if (this.#state.running) return false;
    this.#state = { ...this.#state, running: { title, file, startedAt: new Date() } };
    this.#done = work().then(
      async (r) => {
        // The outcome is recorded before the job is shown as finished, so "done" on the page means recorded.
        await onDone({ ok: true, ...r }).catch(() => undefined);
        this.#state = { running: null, last: { title, ok: true, message: messages.ok(r), at: new Date() } };
      },
      async (err: Error) => {
        await onDone({ ok: false, error: err }).catch(() => undefined);
        this.#state = { running: null, last: { title, ok: false, message: messages.failed(err), at: new Date() } };
      },
    );
    return true;
  }
}
