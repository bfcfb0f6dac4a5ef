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

export async function startEmulator(): Promise<Emulator> {
  const port = await freePort();
  // storeTimeout in seconds: keep every message for the whole test.
  const server = new TelegramServer({ port, host: '127.0.0.1', storeTimeout: 3600 });
  await server.start();
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
  decide: (n: number, url: string) => Decision = () => 'pass';
  private readonly held: Held[] = [];
  private server!: http.Server;
  private count = 0;
  url = '';

  constructor(private readonly target: string) {}

  async start(): Promise<this> {
    const port = await freePort();
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => void this.handle(req, Buffer.concat(chunks), res));
    });
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

  private async forward(h: Held): Promise<void> {
    // Like a real proxy, an upstream failure (the emulator resetting a connection under load, or
    // stopping while a long poll is open) becomes a 502 for the bot, never an unhandled rejection.
    let status = 502;
    let text = JSON.stringify({ ok: false, error_code: 502, description: 'Bad Gateway' });
    try {
      const r = await fetch(this.target + h.url, {
        method: 'POST',
        headers: { 'content-type': String(h.headers['content-type'] ?? 'application/json') },
        body: new Uint8Array(h.body),
      });
      status = r.status;
      text = await r.text();
    } catch {
      // keep the 502
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

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}
