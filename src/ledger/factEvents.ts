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
  const report = <T>(result: T, id: number | null | undefined): T => {
    if (typeof id === 'number') changed(id);
    return result;
  };
  return {
    ...r,
    enterprises: {
      ...r.enterprises,
      create: async (input) => {
        const e = await r.enterprises.create(input);
        return report(e, e.id);
      },
      ensure: async (input) => {
        const out = await r.enterprises.ensure(input);
        return report(out, out.enterprise.id);
      },
      update: async (id, patch) => report(await r.enterprises.update(id, patch), id),
      recordHeadcount: async (input) => report(await r.enterprises.recordHeadcount(input), input.enterpriseId),
    },
    layoffs: {
      ...r.layoffs,
      add: async (data) => {
        const l = await r.layoffs.add(data);
        return report(l, l.enterpriseId);
      },
    },
    enterpriseEvents: {
      ...r.enterpriseEvents,
      add: async (e) => {
        const ev = await r.enterpriseEvents.add(e);
        return report(ev, ev.enterpriseId);
      },
    },
    // A first chat contact lets a reminder that had no one to go to go now.
    contacts: {
      ...r.contacts,
      upsert: async (input) => {
        const c = await r.contacts.upsert(input);
        return report(c, c.enterpriseId);
      },
      link: async (input) => {
        const c = await r.contacts.link(input);
        return report(c, c.enterpriseId);
      },
    },
    // A contact linked to a registered enterprise by a 绑定码 or by approval in the console.
    bindCodes: {
      ...r.bindCodes,
      redeem: async (input) => {
        const out = await r.bindCodes.redeem(input);
        return report(out, out.ok ? out.contact.enterpriseId : undefined);
      },
    },
    linkRequests: {
      ...r.linkRequests,
      decide: async (input) => {
        const d = await r.linkRequests.decide(input);
        return report(d, d?.status === 'approved' ? d.enterpriseId : undefined);
      },
    },
  };
}
