import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { secureHeaders } from 'hono/secure-headers';
import { RateLimiter } from '../../src/assistant/rate-limit.js';

/**
 * Security headers for every response of the product's web server, the client address behind a proxy,
 * and the per-address limit of the web chat.
 */

/** 'sha256-…' sources for each inline <script> or <style> of the pages: the CSP allows exactly those. */
export function inlineHashes(pages: string[], tag: 'script' | 'style'): string[] {
  const re = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g');
  const out = new Set<string>();
  for (const page of pages) {
    for (const m of page.matchAll(re)) out.add(`'sha256-${createHash('sha256').update(m[1]!, 'utf8').digest('base64')}'`);
  }
  return [...out];
}

/**
 * CSP, X-Frame-Options, nosniff and the rest on every response. `pages` are the self-contained pages
 * (chat, search) whose inline script and style the CSP allows by hash: no 'unsafe-inline', no framing by
 * any origin. Headers a sub-app set itself (the office console's own CSP) are kept.
 */
export function securityHeaders(pages: string[]): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'", ...inlineHashes(pages, 'script')],
      styleSrc: ["'self'", ...inlineHashes(pages, 'style')],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      formAction: ["'self'"],
      frameAncestors: ["'none'"],
    },
    xFrameOptions: 'DENY',
    referrerPolicy: 'same-origin',
    // HSTS belongs to the TLS proxy, which knows the host names it serves; sent over plain http it means nothing.
    strictTransportSecurity: false,
    overwrite: false,
  });
}

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

/** At most `perMinute` requests a minute from one client address; 429 with a Chinese message beyond. */
export function addressLimit(opts: { perMinute: number; trustProxy: boolean }): MiddlewareHandler {
  const limiter = new RateLimiter(opts.perMinute);
  return async (c, next) => {
    if (!limiter.allow(addressKey(clientAddress(c, opts.trustProxy)))) {
      c.header('Retry-After', '60');
      return c.json({ error: '您所在网络发送的消息太频繁了，请一分钟后再试。' }, 429);
    }
    await next();
  };
}
