import http from 'node:http';
import net from 'node:net';
import { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface Emulator {
  url: string;
  server: TelegramServer;
  /** Messages the bot sent, per chat id, as the emulator stored them. */
  countsByChat(): Map<string, number>;
  stop(): Promise<void>;
}

/**
 * Node's HTTP server closes a keep-alive connection after 5 s without a request. A client that picks that
 * connection for its next request in the same turn of the event loop (likely when a loaded machine delays
 * both timers) has it reset under the request: `fetch failed`, `read ECONNRESET`, although nothing went
 * wrong. Real Telegram keeps connections far longer; the test servers never close an idle one: the client
 * closes its own when it no longer wants it, which cannot race with a request it is sending.
 */
export function keepIdleConnections(server: http.Server): void {
  server.keepAliveTimeout = 0;
}

export async function startEmulator(): Promise<Emulator> {
  const port = await freePort();
  // storeTimeout in seconds: keep every message for the whole test.
  const server = new TelegramServer({ port, host: '127.0.0.1', storeTimeout: 3600 });
  await server.start();
  // The package keeps its http.Server private.
  keepIdleConnections((server as unknown as { server: http.Server }).server);
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    countsByChat() {
      const m = new Map<string, number>();
      for (const u of server.storage.botMessages) {
        const chat = String(u.message.chat_id);
        m.set(chat, (m.get(chat) ?? 0) + 1);
      }
      return m;
    },
    stop: () => server.stop().then(() => undefined),
  };
}

type Decision = 'pass' | 'hold' | { status: 429; retryAfter: number };

interface Held {
  url: string;
  body: Buffer;
  headers: http.IncomingHttpHeaders;
  res: http.ServerResponse;
}

/**
 * A tiny HTTP proxy in front of the emulator that can answer 429 with retry_after, or hold requests
 * (received in full, not yet forwarded) to freeze a worker mid-send before it is killed.
 */
export class TelegramProxy {
  readonly log: { at: number; url: string; outcome: 'forwarded' | '429' | 'held' }[] = [];
  /**
   * Forwarded requests the emulator did not answer. Each got a 502, as from a real proxy (the bot's
   * auto-retry may resend it); stop() then fails, so a test cannot pass over a dropped request.
   */
  readonly upstreamFailures: { url: string; error: string }[] = [];
  decide: (n: number, url: string) => Decision = () => 'pass';
  private readonly held: Held[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private server!: http.Server;
  private stopping = false;
  private count = 0;
  url = '';

  constructor(private readonly target: string) {}

  async start(): Promise<this> {
    const port = await freePort();
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      // Once stop() has begun, nothing new is forwarded: the connection is dropped, as by a proxy going down.
      req.on('end', () => (this.stopping ? req.socket.destroy() : void this.handle(req, Buffer.concat(chunks), res)));
    });
    keepIdleConnections(this.server);
    await new Promise<void>((r) => this.server.listen(port, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${port}`;
    return this;
  }

  get forwarded(): number {
    return this.log.filter((l) => l.outcome === 'forwarded').length;
  }

  get heldCount(): number {
    return this.held.length;
  }

  private async handle(req: http.IncomingMessage, body: Buffer, res: http.ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    const d = this.decide(++this.count, url);
    if (d === 'hold') {
      this.log.push({ at: Date.now(), url, outcome: 'held' });
      this.held.push({ url, body, headers: req.headers, res });
      return;
    }
    if (d !== 'pass') {
      this.log.push({ at: Date.now(), url, outcome: '429' });
      res.writeHead(429, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: false, error_code: 429, description: `Too Many Requests: retry after ${d.retryAfter}`, parameters: { retry_after: d.retryAfter } }));
      return;
    }
    this.log.push({ at: Date.now(), url, outcome: 'forwarded' });
    await this.forward({ url, body, headers: req.headers, res });
  }

  /** Forward one request and answer the client with the emulator's answer; stop() waits for it. */
  private forward(h: Held): Promise<void> {
    const done = this.relay(h).finally(() => this.inFlight.delete(done));
    this.inFlight.add(done);
    return done;
  }

  private async relay(h: Held): Promise<void> {
    let status: number;
    let text: string;
    try {
      const r = await fetch(this.target + h.url, {
        method: 'POST',
        headers: { 'content-type': String(h.headers['content-type'] ?? 'application/json') },
        body: new Uint8Array(h.body),
      });
      status = r.status;
      text = await r.text();
    } catch (err) {
      const cause = (err as { cause?: { message?: string } }).cause?.message;
      this.upstreamFailures.push({ url: h.url, error: `${(err as Error).message}${cause ? `: ${cause}` : ''}` });
      status = 502;
      text = JSON.stringify({ ok: false, error_code: 502, description: 'Bad Gateway' });
    }
    if (!h.res.destroyed) {
      h.res.writeHead(status, { 'content-type': 'application/json' });
      h.res.end(text);
    }
  }

  /** Forward every held request to the emulator (their senders may be dead by now). */
  async releaseHeld(): Promise<number> {
    const all = this.held.splice(0);
    for (const h of all) await this.forward(h);
    return all.length;
  }

  /**
   * Take no more requests, let those already forwarded be answered, then close. The emulator may be
   * stopped right after: a request still on its way to it would be cut off there (an ECONNRESET the bot
   * never caused). Rejects if the emulator failed any forwarded request.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    const closed = new Promise<void>((r) => this.server.close(() => r()));
    this.server.closeIdleConnections();
    while (this.inFlight.size) await Promise.all(this.inFlight);
    this.server.closeAllConnections();
    await closed;
    if (this.upstreamFailures.length) {
      throw new Error(`the emulator failed ${this.upstreamFailures.length} forwarded request(s): ${this.upstreamFailures.map((f) => `${f.url} (${f.error})`).join('; ')}`);
    }
  }
}
