import type { KnowledgeDeps } from './deps.js';
import type { PreparedDocument } from './prepare.js';
import { saveToKnowledge } from './save.js';

export interface KnowledgeJobState {
  running: { title: string; file: string; startedAt: Date } | null;
  last: { title: string; ok: boolean; message: string; at: Date } | null;
}

/**
 * Saving a document rebuilds the whole index, which takes minutes on a large knowledge base, so it
 * runs in the background: the page answers at once and shows progress, answers keep using the old
 * index until the new one is swapped in, and one save runs at a time.
 */
export class KnowledgeJob {
  #state: KnowledgeJobState = { running: null, last: null };
  #done: Promise<void> = Promise.resolve();

  get state(): KnowledgeJobState {
    return this.#state;
  }

  /** Resolves when the current save (if any) has finished. */
  idle(): Promise<void> {
    return this.#done;
  }

  /** Start saving p; false when another save is still running. */
  start(deps: KnowledgeDeps, p: PreparedDocument, onDone: (r: { ok: true; file: string; articles: number; replaced: boolean } | { ok: false; error: Error }) => Promise<void>): boolean {
    if (this.#state.running) return false;
    const title = p.doc.meta.title;
    this.#state = { ...this.#state, running: { title, file: `local/${p.target}`, startedAt: new Date() } };
    this.#done = saveToKnowledge(deps, p).then(
      async (r) => {
        this.#state = { running: null, last: { title, ok: true, message: `已加入知识库，索引共 ${r.articles} 条`, at: new Date() } };
        await onDone({ ok: true, ...r }).catch(() => undefined);
      },
      async (err: Error) => {
        this.#state = { running: null, last: { title, ok: false, message: `索引重建失败，文件已撤回：${err.message}`, at: new Date() } };
        await onDone({ ok: false, error: err }).catch(() => undefined);
      },
    );
    return true;
  }
}
