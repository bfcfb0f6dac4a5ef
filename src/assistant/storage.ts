import type { Logger } from 'pino';
import type { z } from 'zod';
import type { ChatStateRepo } from '../ledger/index.js';

/**
 * Where the engine keeps what it must remember between messages, modelled on grammY's StorageAdapter:
 * read, write and delete by key. Every process behind a balancer sees the same values.
 */
export interface StorageAdapter<T> {
  read(key: string): Promise<T | undefined>;
  write(key: string, value: T): Promise<void>;
  delete(key: string): Promise<void>;
}

/**
 * One scope of the ledger's shared chat state, typed at the boundary: what is read is parsed with
 * `schema` (a value written by another version of the code, or changed by hand, that does not parse is
 * treated as absent, and logged without its content), what is written is what `schema` accepts.
 */
export function ledgerStorage<T>(
  state: ChatStateRepo,
  scope: string,
  schema: z.ZodType<T>,
  opts: { ttlMs: number; log?: Logger },
): StorageAdapter<T> {
  return {
    async read(key) {
      const raw = await state.read(scope, key);
      if (raw === undefined) return undefined;
      const parsed = schema.safeParse(raw);
      if (parsed.success) return parsed.data;
      opts.log?.warn({ scope, issues: parsed.error.issues.map((i) => i.path.join('.')) }, 'stored chat state does not parse: ignored');
      return undefined;
    },
    write: (key, value) => state.write(scope, key, value, opts.ttlMs),
    delete: (key) => state.delete(scope, key),
  };
}
