/**
 * A reference to the live search index that can be replaced while answers are being served: a rebuild
 * builds a whole new index first and only then swaps the reference, so a question in flight finishes on
 * the old index and the next one uses the new. Concurrent rebuilds are serialised.
 */
export class RetrieverSwap<R extends { knowledge: { articles: unknown[] } }> {
  #current: R;
  #building: Promise<unknown> = Promise.resolve();

  constructor(initial: R, private readonly build: () => Promise<R>) {
    this.#current = initial;
  }

  get current(): R {
    return this.#current;
  }

  rebuild(): Promise<{ articles: number }> {
    const next = this.#building.then(async () => {
      const fresh = await this.build();
      this.#current = fresh;
      return { articles: fresh.knowledge.articles.length };
    });
    this.#building = next.catch(() => undefined);
    return next;
  }
}
