import type { Repositories } from './index.js';

/** Called with the enterprise whose facts (what reminder rules read) were just written and committed. */
export type FactsChangedListener = (enterpriseId: number) => void;

/** The ledger's "facts changed" event, as its readers subscribe to it. */
export interface FactsChanged {
  /** Returns the function that unsubscribes. */
  on(listener: FactsChangedListener): () => void;
}

/**
 * A typed callback list. Listeners run synchronously after the commit and must not throw: the write
 * has already succeeded, and its caller should not see a listener's failure as its own.
 */
export class FactEvents implements FactsChanged {
  private readonly listeners = new Set<FactsChangedListener>();

  on(listener: FactsChangedListener): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  emit(enterpriseId: number): void {
    for (const l of this.listeners) l(enterpriseId);
  }
}

/**
 * The repositories, with every write of an enterprise's facts (enterprise rows, headcounts, layoffs,
 * hire and contract events, a contact joining an enterprise) reporting the enterprise to `changed`
 * once the write has returned. Listed here by the compiler-checked method, so a renamed method fails
 * to build instead of going quietly unwatched.
 */
export function announceFactWrites(r: Repositories, changed: FactsChangedListener): Repositories {
  /** `write`, then `changed` with the enterprise `enterpriseOf` finds in its result or arguments (none: no event). */
  const after =
    <A extends unknown[], R>(write: (...args: A) => Promise<R>, enterpriseOf: (result: R, ...args: A) => number | null | undefined) =>
    async (...args: A): Promise<R> => {
      const result = await write(...args);
      const id = enterpriseOf(result, ...args);
      if (typeof id === 'number') changed(id);
      return result;
    };
  return {
    ...r,
    enterprises: {
      ...r.enterprises,
      create: after(r.enterprises.create, (e) => e.id),
      ensure: after(r.enterprises.ensure, (out) => out.enterprise.id),
      update: after(r.enterprises.update, (_, id) => id),
      recordHeadcount: after(r.enterprises.recordHeadcount, (_, input) => input.enterpriseId),
    },
    layoffs: { ...r.layoffs, add: after(r.layoffs.add, (l) => l.enterpriseId) },
    enterpriseEvents: { ...r.enterpriseEvents, add: after(r.enterpriseEvents.add, (e) => e.enterpriseId) },
    // A first chat contact lets a reminder that had no one to go to go now.
    contacts: {
      ...r.contacts,
      upsert: after(r.contacts.upsert, (c) => c.enterpriseId),
      link: after(r.contacts.link, (c) => c.enterpriseId),
    },
    // A contact linked to a registered enterprise by a 绑定码 or by approval in the console.
    bindCodes: { ...r.bindCodes, redeem: after(r.bindCodes.redeem, (out) => (out.ok ? out.contact.enterpriseId : undefined)) },
    linkRequests: { ...r.linkRequests, decide: after(r.linkRequests.decide, (d) => (d?.status === 'approved' ? d.enterpriseId : undefined)) },
  };
}
