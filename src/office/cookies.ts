import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Office } from './context.js';

export const SESSION_COOKIE = 'office_session';
export const LOGIN_CSRF_COOKIE = 'office_login_csrf';

function isHttps(office: Office, c: Context): boolean {
  if (office.secureCookies !== 'auto') return office.secureCookies;
  if (office.trustProxy && c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() === 'https') return true;
  return new URL(c.req.url).protocol === 'https:';
}

export function setOfficeCookie(office: Office, c: Context, name: string, value: string, maxAgeSeconds: number): void {
  setCookie(c, name, value, {
    path: office.base || '/',
    httpOnly: true,
    sameSite: 'Lax',
    secure: isHttps(office, c),
    maxAge: maxAgeSeconds,
  });
}

export function readCookie(c: Context, name: string): string | undefined {
  return getCookie(c, name);
}

export function clearOfficeCookie(office: Office, c: Context, name: string): void {
  deleteCookie(c, name, { path: office.base || '/', secure: isHttps(office, c) });
}
