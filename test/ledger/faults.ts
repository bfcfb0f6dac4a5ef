import net from 'node:net';
import type { Db } from '../../src/ledger/db.js';

/**
 * Fault injection for the outage tests: a TCP proxy in front of PostgreSQL that can be cut and
 * restored, and a Db wrapper that makes the embedded PGlite behave like an unreachable server.
 */

export class TcpProxy {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  get isOpen(): boolean {
    return this.server !== null;
  }

  async open(): Promise<void> {
    if (this.server) return;
    const server = net.createServer((client) => {
      const upstream = net.connect(this.targetPort, this.targetHost);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve()); // same port again after a cut
    });
    this.port = (server.address() as net.AddressInfo).port;
    this.server = server;
  }

  /** Stop accepting (new connections are refused) and drop every open connection. */
  async cut(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    await closed;
  }
}

function unavailable(message = 'connect ECONNREFUSED 127.0.0.1:5432'): Error {
  return Object.assign(new Error(message), { code: 'ECONNREFUSED' });
}

/**
 * Wraps a Db: while `down`, every call fails as if the server were unreachable; `loseResponses(n)`
 * makes the next n calls run and commit but then fail as if the connection dropped before the answer
 * arrived — the case only an idempotency key can make exactly-once.
 */
export class FlakyDb implements Db {
  down = false;
  private lose = 0;
  failures = 0;

  constructor(private readonly inner: Db) {}

  get kind() {
    return this.inner.kind;
  }

  loseResponses(n: number): void {
    this.lose += n;
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    if (this.down) {
      this.failures++;
      throw unavailable();
    }
    const result = await fn();
    if (this.lose > 0) {
      this.lose--;
      this.failures++;
      throw new Error('Connection terminated unexpectedly');
    }
    return result;
  }

  query<T>(sql: string, params?: readonly unknown[]): Promise<T[]> {
    return this.call(() => this.inner.query<T>(sql, params));
  }

  exec(sql: string): Promise<void> {
    return this.call(() => this.inner.exec(sql));
  }

  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    return this.call(() => this.inner.transaction(fn));
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
