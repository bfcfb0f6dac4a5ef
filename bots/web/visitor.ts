import { createHash, randomBytes } from 'node:crypto';
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';

/**
 * Who a web chat visitor is. The server issues a random secret in an HttpOnly cookie (the page's
 * scripts never see it, other sites' requests never carry it); the engine, the ledger and the inbox
 * know the visitor only by a chat id derived from the secret one way. So nothing stored or shown to
 * staff (contacts, consultation keys, feedback buttons) can be turned back into the secret that reads
 * the visitor's inbox or speaks as the visitor, and a client can no longer pick its own identity.
 */
export const VISITOR_COOKIE = 'yg_chat';
const SECRET = /^[A-Za-z0-9_-]{43}$/;
const YEAR_S = 365 * 86_400;

export function visitorChatId(secret: string): string {
  return `v${createHash('sha256').update(`web-visitor:${secret}`).digest('hex').slice(0, 32)}`;
}

function secretOf(c: Context): string | undefined {
  const v = getCookie(c, VISITOR_COOKIE);
  return v && SECRET.test(v) ? v : undefined;
}

/** Over https directly, or through a proxy trusted (TRUST_PROXY) to say so in X-Forwarded-Proto. */
function overHttps(c: Context, trustProxy: boolean): boolean {
  return new URL(c.req.url).protocol === 'https:' || (trustProxy && c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https');
}

/** The chat id of the visitor of this request, if it carries a valid secret. */
export function knownVisitor(c: Context): string | undefined {
  const secret = secretOf(c);
  return secret ? visitorChatId(secret) : undefined;
}

/** The chat id of the visitor of this request; a first visit gets a fresh secret cookie. */
export function visitor(c: Context, trustProxy = false): string {
  let secret = secretOf(c);
  if (!secret) {
    secret = randomBytes(32).toString('base64url');
    setCookie(c, VISITOR_COOKIE, secret, { httpOnly: true, sameSite: 'Strict', path: '/api/chat', maxAge: YEAR_S, secure: overHttps(c, trustProxy) });
  }
  return visitorChatId(secret);
}
