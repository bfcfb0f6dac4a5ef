import type { AddressInfo } from 'node:net';
import type { ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebInbox } from '../../bots/web/inbox.js';
import { startWeb, webApp } from '../../bots/web/server.js';
import { SharedRateLimit, type Assistant } from '../../src/assistant/index.js';
import { openTestAssistant } from '../helpers/assistant.js';
import { shippedRetriever } from '../helpers/kb.js';
import type { TestLedger } from '../ledger/backends.js';

/**
 * POST /api/chat is limited per client address as well as per contact: the contact is an id the client
 * picks (a new one per request gets round the per-contact limit). The address is the socket's; the
 * X-Forwarded-For header counts only when the app is told a trusted proxy is in front.
 */
let assistant: Assistant;
let test: TestLedger;
const servers: ServerType[] = [];

beforeAll(async () => {
  ({ assistant, test } = await openTestAssistant());
});
afterAll(async () => {
  for (const s of servers) s.close();
  await test?.cleanup();
});

/** A server on the suite's ledger; `scope` apart from the others' unless they stand for one deployment. */
async function serve(trustProxy: boolean, scope = `address-${servers.length}`): Promise<string> {
  const app = webApp({
    retriever: await shippedRetriever(), chat: { assistant, inbox: new WebInbox(test.ledger), ledger: test.ledger },
    addressLimit: new SharedRateLimit(test.ledger.rateLimits, 3, scope), trustProxy,
  });
  const server = await startWeb(app, 0, '127.0.0.1');
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

let n = 0;
/** Each request as a brand-new visitor (fresh session id, no cookie), as a script getting round the per-contact limit would. */
function post(base: string, headers: Record<string, string> = {}): Promise<Response> {
  const id = `addrlimit${String(++n).padStart(6, '0')}`;
  return fetch(`${base}/api/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ sessionId: id, messageId: id, text: '/help' }),
  });
}

describe('per-address limit on the web chat', () => {
  it('refuses the fourth message a minute from one address, in Chinese, whatever X-Forwarded-For says', async () => {
    const base = await serve(false);
    for (let i = 0; i < 3; i++) {
      const ok = await post(base);
      expect(ok.status).toBe(200);
      await ok.text();
    }
    const refused = await post(base);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('60');
    expect(((await refused.json()) as { error: string }).error).toMatch(/太频繁.*请.*分钟后再试/);
    // Not behind a trusted proxy: the header is the client's to write and changes nothing.
    const spoofed = await post(base, { 'x-forwarded-for': '203.0.113.77' });
    expect(spoofed.status).toBe(429);
    await spoofed.text();
    // Other routes are not limited.
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('behind a trusted proxy, counts the address the proxy saw (the last X-Forwarded-For entry)', async () => {
    const base = await serve(true);
    for (let i = 0; i < 3; i++) {
      const r = await post(base, { 'x-forwarded-for': '203.0.113.1' });
      expect(r.status).toBe(200);
      await r.text();
    }
    expect((await post(base, { 'x-forwarded-for': '203.0.113.1' })).status).toBe(429);
    // A client cannot get round it by writing its own entry in front: the proxy appends the real one.
    expect((await post(base, { 'x-forwarded-for': '198.51.100.7, 203.0.113.1' })).status).toBe(429);
    const other = await post(base, { 'x-forwarded-for': '203.0.113.2' });
    expect(other.status).toBe(200);
    await other.text();
  });

  it('counts one address across every process of a deployment (a balancer spreads its requests over them)', async () => {
    const [a, b] = [await serve(true, 'address-shared'), await serve(true, 'address-shared')];
    const from = { 'x-forwarded-for': '203.0.113.9' };
    for (const base of [a, b, a]) {
      const r = await post(base, from);
      expect(r.status).toBe(200);
      await r.text();
    }
    expect((await post(b, from)).status).toBe(429);
    expect((await post(a, from)).status).toBe(429);
  });
});
