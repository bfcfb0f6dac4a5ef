import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { RateLimit } from '../../src/assistant/rate-limit.js';

// The client address behind a proxy, and the web chat's per-address limit.

/** IPv4-mapped IPv6 as IPv4; an IPv6 address as its /64 (one subscriber's usual allocation). */
export function addressKey(address: string): string {
  const a = address.trim().toLowerCase().replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (mapped) return mapped[1]!;
  if (!a.includes(':')) return a;
  const [head = '', tail = ''] = a.split('::');
  const h = head ? head.split(':') : [];
  const t = a.includes('::') ? (tail ? tail.split(':') : []) : [];
  const groups = a.includes('::') ? [...h, ...Array(Math.max(0, 8 - h.length - t.length)).fill('0'), ...t] : h;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

/**
 * The client's address: the socket's peer, or, when a trusted proxy is in front (TRUST_PROXY), the last
 * X-Forwarded-For entry, the one that proxy appended (entries before it are the client's to write).
 */
export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const last = c.req.header('x-forwarded-for')?.split(',').map((s) => s.trim()).filter(Boolean).at(-1);
    if (last) return last;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // no socket (app.request in tests)
  }
}

/**
 * At most the limit's number of requests a minute from one client address (counted in the ledger, so
 * across every process behind a balancer); 429 with a Chinese message beyond. The address is stored
 * only as a hash: the count needs to tell addresses apart, not to know them.
 */
export function addressLimit(opts: { limit: RateLimit; trustProxy: boolean }): MiddlewareHandler {
  return async (c, next) => {
    const key = createHash('sha256').update(addressKey(clientAddress(c, opts.trustProxy))).digest('hex').slice(0, 32);
    if (!(await opts.limit.allow(key))) {
      c.header('Retry-After', '60');
      return c.json({ error: '您所在网络发送的消息太频繁了，请一分钟后再试。' }, 429);
    }
    await next();
  };
}
