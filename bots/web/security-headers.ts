import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';

// Security headers for every response of the product's web server.

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

