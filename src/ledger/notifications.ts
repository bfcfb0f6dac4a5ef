import pg from 'pg';
import type { Logger } from 'pino';
import { PgDb, PgliteDb, type Db } from './db.js';

/**
 * PostgreSQL LISTEN/NOTIFY for the ledger's readers: a writer announces a row with pg_notify in the
 * statement that writes it, and every process listening on that database is told once it commits.
 *
 * On PostgreSQL one dedicated connection per process listens (a pooled one would lose its LISTEN when
 * returned); when it drops it is remade with backoff, and every listener is then called with
 * `undefined` ("something may have been missed, look again"). PGlite delivers notifications within its
 * own process. Callers poll while `live` is false: notifications only make them faster.
 */
export interface Notifications {
  /** Call fn with each payload sent on `channel`; the returned function stops it. */
  listen(channel: string, fn: (payload: string | undefined) => void): () => void;
  /** Notifications are arriving now. */
  readonly live: boolean;
  close(): Promise<void>;
}

type Listener = (payload: string | undefined) => void;

const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;

abstract class ListenerSet {
  protected readonly listeners = new Map<string, Set<Listener>>();

  protected add(channel: string, fn: Listener): { first: boolean; remove: () => boolean } {
    if (!CHANNEL.test(channel)) throw new Error(`invalid notification channel: ${channel}`);
    let set = this.listeners.get(channel);
    const first = !set;
    if (!set) this.listeners.set(channel, (set = new Set()));
    set.add(fn);
    return {
      first,
      remove: () => {
        set.delete(fn);
        if (set.size > 0) return false;
        this.listeners.delete(channel);
        return true;
      },
    };
  }

  protected deliver(channel: string, payload: string | undefined): void {
    for (const fn of this.listeners.get(channel) ?? []) fn(payload);
  }
}

class PgNotifications extends ListenerSet implements Notifications {
  private client: pg.Client | undefined;
  private connecting: Promise<void> | undefined;
  private retryMs = 500;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  live = false;

  constructor(private readonly db: PgDb, private readonly log?: Logger) {
    super();
  }

  listen(channel: string, fn: Listener): () => void {
    const { first, remove } = this.add(channel, fn);
    if (first) {
      if (this.client && this.live) void this.client.query(`LISTEN ${channel}`).catch((err) => this.lost(err));
      else this.connect();
    }
    return () => {
      if (remove() && this.client && this.live) void this.client.query(`UNLISTEN ${channel}`).catch(() => undefined);
    };
  }

  private connect(): void {
    if (this.connecting || this.closed || this.listeners.size === 0) return;
    this.connecting = (async () => {
      // Named after the pool's application_name, so an operator (or a test) can tell this connection apart.
      const client = new pg.Client({ ...this.db.connection, application_name: `${this.db.connection.application_name ?? 'yonggong'}:listen` });
      client.on('error', (err) => this.lost(err, client));
      client.on('end', () => this.lost(undefined, client));
      client.on('notification', (n) => this.deliver(n.channel, n.payload));
      try {
        await client.connect();
        // Channel names are checked identifiers (LISTEN takes no parameters).
        for (const channel of this.listeners.keys()) await client.query(`LISTEN ${channel}`);
        this.client = client;
        this.live = true;
        this.retryMs = 500;
        // Whatever was announced while nobody listened: every reader looks again.
        for (const channel of this.listeners.keys()) this.deliver(channel, undefined);
      } catch (err) {
        client.removeAllListeners('end');
        await client.end().catch(() => undefined);
        this.lost(err);
      }
    })().finally(() => (this.connecting = undefined));
  }

  private lost(err: unknown, client?: pg.Client): void {
    if (client && client !== this.client) return;
    if (this.live) this.log?.warn({ err }, 'notification connection lost: readers poll until it is back');
    this.live = false;
    this.client = undefined;
    if (this.closed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.connect();
    }, this.retryMs);
    this.timer.unref();
    this.retryMs = Math.min(this.retryMs * 2, 30_000);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.connecting;
    const client = this.client;
    this.client = undefined;
    this.live = false;
    if (client) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
    }
  }
}

class PgliteNotifications extends ListenerSet implements Notifications {
  private readonly stops = new Map<string, Promise<() => Promise<void>>>();
  readonly live = true;

  constructor(private readonly db: PgliteDb) {
    super();
  }

  listen(channel: string, fn: Listener): () => void {
    const { first, remove } = this.add(channel, fn);
    if (first) this.stops.set(channel, this.db.pglite.listen(channel, (payload) => this.deliver(channel, payload)));
    return () => {
      if (!remove()) return;
      const stop = this.stops.get(channel);
      this.stops.delete(channel);
      void stop?.then((s) => s()).catch(() => undefined);
    };
  }

  async close(): Promise<void> {
    const stops = [...this.stops.values()];
    this.stops.clear();
    this.listeners.clear();
    await Promise.all(stops.map((s) => s.then((f) => f()).catch(() => undefined)));
  }
}

/** A database this process cannot listen on (a test double): readers poll. */
class NoNotifications implements Notifications {
  readonly live = false;
  listen(): () => void {
    return () => {};
  }
  async close(): Promise<void> {}
}

export function notifications(db: Db, log?: Logger): Notifications {
  if (db instanceof PgDb) return new PgNotifications(db, log);
  if (db instanceof PgliteDb) return new PgliteNotifications(db);
  return new NoNotifications();
}
