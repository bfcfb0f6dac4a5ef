import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import pg from 'pg';
import { acquireLock, type DirLock } from './lock.js';

/**
 * The one seam between the ledger and a database. Two implementations (PostgreSQL via `pg`, embedded
 * PGlite) return rows with the same JS types: int8/numeric → number, date → 'YYYY-MM-DD' string,
 * timestamptz → Date, json/jsonb → parsed value.
 */
export interface Db {
  readonly kind: 'postgres' | 'pglite';
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Several statements without parameters (migration files). */
  exec(sql: string): Promise<void>;
  /** Run fn in one transaction; nested calls join the outer transaction. */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const INT8 = 20;
const NUMERIC = 1700;
const DATE = 1082;

/** Serialize values the way both drivers accept them: objects (jsonb) as JSON text, arrays stay arrays. */
function prepareParams(params: readonly unknown[] | undefined): unknown[] {
  return (params ?? []).map((p) => {
    if (p === undefined) return null;
    if (p !== null && typeof p === 'object' && !Array.isArray(p) && !(p instanceof Date) && !Buffer.isBuffer(p)) {
      return JSON.stringify(p);
    }
    return p;
  });
}

// ---------- PostgreSQL ----------

const pgTypes = {
  getTypeParser(oid: number, format?: string): (value: string) => unknown {
    if (oid === INT8 || oid === NUMERIC) return (v: string) => Number(v);
    if (oid === DATE) return (v: string) => v;
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

export interface PgDbOptions {
  connectionString: string;
  /** Schema put first on every connection's search_path (tests use one schema per file). */
  schema?: string;
  max?: number;
  /** Shown in pg_stat_activity; tests use it to find (and terminate) this pool's backends. */
  applicationName?: string;
  connectionTimeoutMillis?: number;
  onError?: (err: Error) => void;
}

class PgTx implements Db {
  readonly kind = 'postgres' as const;
  constructor(private readonly client: pg.PoolClient) {}
  async query<T>(sql: string, params?: readonly unknown[]): Promise<T[]> {
    const r = await this.client.query(sql, prepareParams(params));
    return r.rows as T[];
  }
  async exec(sql: string): Promise<void> {
    await this.client.query(sql);
  }
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    return fn(this);
  }
  async close(): Promise<void> {}
}

export class PgDb implements Db {
  readonly kind = 'postgres' as const;
  readonly pool: pg.Pool;
  /** How this database's connections are made (same server, schema and types), for dedicated connections. */
  readonly connection: pg.ClientConfig;

  constructor(private readonly opts: PgDbOptions) {
    if (opts.schema && !/^[a-z_][a-z0-9_]*$/.test(opts.schema)) throw new Error(`invalid schema name: ${opts.schema}`);
    this.connection = {
      connectionString: opts.connectionString,
      connectionTimeoutMillis: opts.connectionTimeoutMillis ?? 5_000,
      application_name: opts.applicationName ?? 'yonggong-ledger',
      types: pgTypes,
      ...(opts.schema ? { options: `-c search_path=${opts.schema}` } : {}),
    };
    this.pool = new pg.Pool({ ...this.connection, max: opts.max ?? 10, idleTimeoutMillis: 30_000 });
    // Without a listener, a backend killed while its client sits idle would crash the process.
    this.pool.on('error', (err) => opts.onError?.(err));
  }

  /**
   * A pool of its own for connections held for a while (per-chat locks): those must never take the
   * connections the queries made while holding them are waiting for.
   */
  dedicatedPool(max: number, extra: Partial<pg.PoolConfig> = {}): pg.Pool {
    const pool = new pg.Pool({ ...this.connection, max, idleTimeoutMillis: 10_000, ...extra });
    pool.on('error', (err) => this.opts.onError?.(err));
    return pool;
  }

  async query<T>(sql: string, params?: readonly unknown[]): Promise<T[]> {
    const r = await this.pool.query(sql, prepareParams(params));
    return r.rows as T[];
  }

  async exec(sql: string): Promise<void> {
    await this.pool.query(sql);
  }

  async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await fn(new PgTx(client));
      await client.query('COMMIT');
      return result;
    } catch (err) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackErr) {
        // The connection itself is gone: tell the pool to discard it rather than reuse it.
        broken = rollbackErr as Error;
      }
      throw err;
    } finally {
      client.release(broken ?? undefined);
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

// ---------- PGlite ----------

class PgliteTx implements Db {
  readonly kind = 'pglite' as const;
  constructor(private readonly tx: { query: PGlite['query']; exec: PGlite['exec'] }) {}
  async query<T>(sql: string, params?: readonly unknown[]): Promise<T[]> {
    return (await this.tx.query<T>(sql, prepareParams(params))).rows;
  }
  async exec(sql: string): Promise<void> {
    await this.tx.exec(sql);
  }
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    return fn(this);
  }
  async close(): Promise<void> {}
}

export class PgliteDb implements Db {
  readonly kind = 'pglite' as const;
  private constructor(
    readonly pglite: PGlite,
    private readonly lock?: DirLock,
  ) {}

  /**
   * dataDir undefined = in memory. A folder is opened by one process at a time: this process takes
   * `<dataDir>.lock` first, and another process (or a second open here) gets DatabaseInUseError.
   */
  static async open(dataDir?: string): Promise<PgliteDb> {
    const parsers = {
      [pgliteTypes.INT8]: (v: string) => Number(v),
      [pgliteTypes.NUMERIC]: (v: string) => Number(v),
      [pgliteTypes.DATE]: (v: string) => v,
    };
    const lock = dataDir ? acquireLock(`${dataDir.replace(/[\\/]+$/, '')}.lock`) : undefined;
    try {
      const pglite = await PGlite.create(dataDir, { parsers });
      return new PgliteDb(pglite, lock);
    } catch (err) {
      lock?.release();
      throw err;
    }
  }

  async query<T>(sql: string, params?: readonly unknown[]): Promise<T[]> {
    return (await this.pglite.query<T>(sql, prepareParams(params))).rows;
  }

  async exec(sql: string): Promise<void> {
    await this.pglite.exec(sql);
  }

  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    return this.pglite.transaction((tx) => fn(new PgliteTx(tx)));
  }

  async close(): Promise<void> {
    try {
      if (!this.pglite.closed) await this.pglite.close();
    } finally {
      this.lock?.release();
    }
  }
}

// ---------- errors ----------

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
// 08xxx connection exceptions; 57P01–03 admin/crash shutdown and "cannot connect now"; 53300 too many connections.
const CONNECTION_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);

/**
 * True when the failure says "the database could not be reached", as opposed to "the database refused
 * this data". Only the first kind is worth retrying and spooling.
 */
export function isUnavailableError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const e = err as Error & { code?: string };
  if (typeof e.code === 'string') {
    if (CONNECTION_CODES.has(e.code) || CONNECTION_SQLSTATES.has(e.code) || e.code.startsWith('08')) return true;
  }
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed|terminating connection|PGlite is closed|database unavailable/i.test(
    e.message,
  );
}
