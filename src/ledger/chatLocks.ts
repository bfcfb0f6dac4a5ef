import type pg from 'pg';
import type { Logger } from 'pino';
import { isUnavailableError, PgDb, type Db } from './db.js';

/**
 * Messages of one chat handled one at a time, in arrival order, whichever process they reach.
 *
 * Within a process a promise chain per chat orders them (and keeps a process to one lock connection per
 * chat). Across processes on PostgreSQL, the handler holds a session-level advisory lock on the chat
 * while it runs, on a connection of a pool of its own: the handler's queries go through the main pool,
 * so held locks can never starve them. A process that dies (even by SIGKILL) loses its connections and
 * with them its locks, so the next message of that chat goes on at once in another process. The
 * embedded PGlite is one process's (DATA_DIR lock), so there the chain is all that is needed.
 */
export interface ChatLocks {
  run<T>(chat: string, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** First key of the two-key advisory lock: says "a chat" (the migrations use 730512). */
const CHAT_LOCK_SPACE = 731_015;
/** Connections holding (or waiting for) chat locks at once in one process; more chats queue for one. */
const LOCK_CONNECTIONS = 20;
/** Longest a message waits for its chat's lock before it is handled without it (a hung holder). */
const LOCK_WAIT_MS = 30_000;

class InProcessChains {
  private readonly chains = new Map<string, Promise<unknown>>();

  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.chains.get(key) ?? Promise.resolve();
    const run = prev.then(fn);
    const tail = run.catch(() => undefined);
    this.chains.set(key, tail);
    void tail.then(() => {
      if (this.chains.get(key) === tail) this.chains.delete(key);
    });
    return run;
  }
}

class LocalChatLocks implements ChatLocks {
  private readonly chains = new InProcessChains();
  run<T>(chat: string, fn: () => Promise<T>): Promise<T> {
    return this.chains.run(chat, fn);
  }
  async close(): Promise<void> {}
}

class AdvisoryChatLocks implements ChatLocks {
  private readonly chains = new InProcessChains();
  private pool: pg.Pool | undefined;

  constructor(private readonly db: PgDb, private readonly log?: Logger) {}

  run<T>(chat: string, fn: () => Promise<T>): Promise<T> {
    return this.chains.run(chat, () => this.locked(chat, fn));
  }

  private async locked<T>(chat: string, fn: () => Promise<T>): Promise<T> {
    // Made on first use: a process that never handles a chat message opens no lock connections.
    this.pool ??= this.db.dedicatedPool(LOCK_CONNECTIONS, {
      application_name: `${this.db.connection.application_name ?? 'yonggong'}:locks`, statement_timeout: LOCK_WAIT_MS,
      // Waiting for a free lock connection is waiting for the lock, not a sign that the database is away.
      connectionTimeoutMillis: LOCK_WAIT_MS,
    });
    let client: pg.PoolClient | undefined;
    try {
      client = await this.pool.connect();
      // The schema is part of the key: processes on other schemas of the same database never wait on these.
      await client.query(`SELECT pg_advisory_lock($1, hashtext(current_schema() || ':' || $2))`, [CHAT_LOCK_SPACE, chat]);
    } catch (err) {
      client?.release(err as Error);
      const timedOut = (err as { code?: string }).code === '57014';
      if (!timedOut && !isUnavailableError(err)) throw err;
      // The database is away (consultations are spooled meanwhile) or a holder hangs: answering matters
      // more than the order across processes, which the in-process chain still keeps here.
      this.log?.warn({ err, timedOut }, 'chat lock not taken: message handled with in-process ordering only');
      return fn();
    }
    try {
      return await fn();
    } finally {
      try {
        await client.query(`SELECT pg_advisory_unlock($1, hashtext(current_schema() || ':' || $2))`, [CHAT_LOCK_SPACE, chat]);
        client.release();
      } catch (err) {
        // A lost connection has released its locks already; it is discarded, not reused.
        client.release(err as Error);
      }
    }
  }

  async close(): Promise<void> {
    await this.pool?.end();
  }
}

/** Advisory locks on PostgreSQL; in-process ordering alone on the embedded database (or a test double). */
export function chatLocks(db: Db, log?: Logger): ChatLocks {
  return db instanceof PgDb ? new AdvisoryChatLocks(db, log) : new LocalChatLocks();
}
