import type { Context, MiddlewareHandler } from 'hono';
import type { StaffRole } from '../ledger/index.js';
import type { Office, OfficeEnv } from './context.js';
import { readCookie, SESSION_COOKIE } from './cookies.js';
import { hasRole } from './roles.js';
import { hashToken, sameToken } from './tokens.js';
import { errorPage } from './views/layout.js';

function wantsJson(c: Context): boolean {
  return c.req.path.includes('/api/') || (c.req.header('accept') ?? '').startsWith('application/json');
}

/** Every page and API needs a live session: pages redirect to the sign-in page, the API answers 401. */
export function requireSession(office: Office): MiddlewareHandler<OfficeEnv> {
  return async (c, next) => {
    const token = readCookie(c, SESSION_COOKIE);
    const found = token ? await office.sessions.find(hashToken(token)) : undefined;
    if (!found) {
      if (wantsJson(c)) return c.json({ error: '请先登录' }, 401);
      const here = c.req.method === 'GET' ? c.req.path + new URL(c.req.url).search : office.home;
      return c.redirect(`${office.base}/login?next=${encodeURIComponent(here)}`, 303);
    }
    c.set('staff', found.staff);
    c.set('csrf', found.session.csrfToken);
    c.set('tokenHash', found.session.tokenHash);
    await next();
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Synchroniser token: every state-changing request carries the session's CSRF token, in the
 * X-CSRF-Token header (API) or the _csrf form field (pages). Without it: 403.
 */
export function requireCsrf(office: Office): MiddlewareHandler<OfficeEnv> {
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    let sent = c.req.header('x-csrf-token');
    if (!sent) {
      const type = c.req.header('content-type') ?? '';
      if (type.startsWith('application/x-www-form-urlencoded') || type.startsWith('multipart/form-data')) {
        const body = await c.req.parseBody();
        sent = typeof body._csrf === 'string' ? body._csrf : undefined;
      }
    }
    if (!sameToken(sent, c.get('csrf'))) {
      office.log?.warn({ path: c.req.path, staffId: c.get('staff').id }, 'office request without a valid CSRF token');
      if (wantsJson(c)) return c.json({ error: '安全校验失败，请刷新页面后重试' }, 403);
      return c.html(errorPage(office, '安全校验失败', '页面已过期或请求来源不明，请刷新页面后重试。'), 403);
    }
    await next();
  };
}

export function requireRole(office: Office, role: StaffRole): MiddlewareHandler<OfficeEnv> {
  return async (c, next) => {
    if (!hasRole(c.get('staff').role, role)) {
      if (wantsJson(c)) return c.json({ error: '您的角色没有这项权限' }, 403);
      return c.html(errorPage(office, '没有权限', '您的角色没有这项权限，如需办理请联系管理员。'), 403);
    }
    await next();
  };
}
