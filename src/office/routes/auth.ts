import { Hono, type Context } from 'hono';
import type { Office, OfficeEnv } from '../context.js';
import { clearOfficeCookie, LOGIN_CSRF_COOKIE, readCookie, SESSION_COOKIE, setOfficeCookie } from '../cookies.js';
import { verifyPassword } from '../password.js';
import { hashToken, newToken, sameToken } from '../tokens.js';
import { loginPage } from '../views/login.js';

export const MAX_FAILED_ATTEMPTS = 5;
export const LOCK_MS = 15 * 60_000;

/** Only paths inside the console, so the sign-in page cannot be used to bounce people elsewhere. */
function safeNext(office: Office, next: unknown): string {
  const n = typeof next === 'string' ? next : '';
  const inside = n === office.home || n.startsWith(`${office.base}/`);
  // A control character (a line break) in a Location header is a 500, or a header injected.
  return inside && !n.startsWith('//') && !n.includes('\\') && !n.includes('/login') && !/[\u0000-\u001f\u007f]/.test(n) ? n : office.home;
}

/** Failed sign-ins under names no account has, in this process (bounded: the oldest names go first). */
class AttemptCounter {
  private readonly names = new Map<string, { count: number; until?: number }>();

  /** Count one attempt; the time the name is locked until, when it is. */
  attempt(name: string, max: number, lockMs: number): Date | undefined {
    const now = Date.now();
    const e = this.names.get(name);
    if (e?.until && e.until > now) return new Date(e.until);
    const count = e?.until ? 1 : (e?.count ?? 0) + 1;
    const until = count >= max ? now + lockMs : undefined;
    this.names.delete(name);
    this.names.set(name, { count, ...(until ? { until } : {}) });
    if (this.names.size > 10_000) this.names.delete(this.names.keys().next().value!);
    return until ? new Date(until) : undefined;
  }
}

function lockedMessage(until: Date): string {
  const minutes = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 60_000));
  return `密码错误次数过多，账户已锁定，请${minutes}分钟后再试或联系管理员。`;
}

/**
 * Sign-in and sign-out. The sign-in form is protected by a double-submit token (cookie + field), since
 * there is no session yet; wrong passwords are counted and the 5th locks the account for 15 minutes.
 */
export function authRoutes(office: Office): Hono<OfficeEnv> {
  const app = new Hono<OfficeEnv>();
  const unknownNames = new AttemptCounter();
  const { ledger } = office;

  const showLogin = (c: Context<OfficeEnv>, status: 200 | 401 | 403 | 423, opts: { next: string; username?: string; error?: string }) => {
    const csrf = newToken();
    setOfficeCookie(office, c, LOGIN_CSRF_COOKIE, csrf, 3600);
    return c.html(loginPage(office, { csrf, ...opts }), status);
  };

  app.get('/login', (c) => showLogin(c, 200, { next: safeNext(office, c.req.query('next')) }));

  app.post('/login', async (c) => {
    const body = await c.req.parseBody();
    const next = safeNext(office, body.next);
    const username = typeof body.username === 'string' ? body.username.trim().toLowerCase() : '';
    const password = typeof body.password === 'string' ? body.password : '';
    if (!sameToken(typeof body._csrf === 'string' ? body._csrf : undefined, readCookie(c, LOGIN_CSRF_COOKIE))) {
      return showLogin(c, 403, { next, username, error: '登录页面已过期，请重新输入。' });
    }
    const account = username ? await ledger.staff.findForLogin(username) : undefined;
    const locked = (until: Date) => showLogin(c, 423, { next, username, error: lockedMessage(until) });
    if (!account) {
      // An unknown name is counted and locked like an account, so a 423 tells nothing about who exists.
      const until = unknownNames.attempt(username || '(空)', MAX_FAILED_ATTEMPTS, LOCK_MS);
      await verifyPassword(password, undefined); // same work, same time
      return until ? locked(until) : showLogin(c, 401, { next, username, error: '用户名或密码不正确。' });
    }
    // The attempt is counted before the password is checked: parallel guesses cannot outrun the lock.
    const slot = await ledger.staff.reserveLoginAttempt(account.username, MAX_FAILED_ATTEMPTS, LOCK_MS);
    if (!slot) {
      await ledger.audit.append({ staffId: account.id, action: 'staff.login_locked', targetType: 'staff', targetId: account.id });
      const now = await ledger.staff.findForLogin(account.username);
      return locked(now?.lockedUntil ?? new Date(Date.now() + LOCK_MS));
    }
    const ok = await verifyPassword(password, account.passwordHash);
    if (!account.active || !ok) {
      await ledger.audit.append({ staffId: account.id, action: 'staff.login_failed', targetType: 'staff', targetId: account.id, detail: { failedAttempts: slot.failedAttempts } });
      if (slot.failedAttempts >= MAX_FAILED_ATTEMPTS) {
        office.log?.warn({ staffId: account.id }, 'office account locked after repeated failed sign-ins');
        return locked(new Date(Date.now() + LOCK_MS));
      }
      return showLogin(c, 401, { next, username, error: '用户名或密码不正确。' });
    }
    await ledger.staff.recordSuccessfulLogin(account.id);
    await office.sessions.deleteExpired();
    const token = newToken();
    await office.sessions.create({
      tokenHash: hashToken(token),
      staffId: account.id,
      csrfToken: newToken(),
      expiresAt: new Date(Date.now() + office.sessionMs),
      userAgent: c.req.header('user-agent') ?? '',
    });
    await ledger.audit.append({ staffId: account.id, action: 'staff.login', targetType: 'staff', targetId: account.id });
    clearOfficeCookie(office, c, LOGIN_CSRF_COOKIE);
    setOfficeCookie(office, c, SESSION_COOKIE, token, Math.floor(office.sessionMs / 1000));
    return c.redirect(next, 303);
  });

  return app;
}

/** Sign-out runs behind the session and CSRF checks. */
export function logoutRoute(office: Office): Hono<OfficeEnv> {
  const app = new Hono<OfficeEnv>();
  app.post('/logout', async (c) => {
    await office.sessions.delete(c.get('tokenHash'));
    await office.ledger.audit.append({ staffId: c.get('staff').id, action: 'staff.logout', targetType: 'staff', targetId: c.get('staff').id });
    clearOfficeCookie(office, c, SESSION_COOKIE);
    return c.redirect(`${office.base}/login`, 303);
  });
  return app;
}
