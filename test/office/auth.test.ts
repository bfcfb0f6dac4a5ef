import type { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from '../../src/office/password.js';
import type { TestLedger } from '../ledger/backends.js';
import { BACKENDS, setupSuite } from '../ledger/backends.js';
import { attemptSignIn, CookieJar, officeFixture, PASSWORDS, postForm, signIn } from './helpers.js';

describe.each(BACKENDS)('office console sign-in and authorization on %s', (kind) => {
  let t: TestLedger;
  let app: Hono;
  setupSuite(async () => {
    ({ t, app } = await officeFixture(kind));
  });
  afterAll(async () => t?.cleanup());

  it('hashes passwords with salted scrypt and verifies them', async () => {
    const a = await hashPassword('Correct-horse-1');
    const b = await hashPassword('Correct-horse-1');
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('Correct-horse-1', a)).toBe(true);
    expect(await verifyPassword('correct-horse-1', a)).toBe(false);
    expect(await verifyPassword('x', null)).toBe(false);
    expect(await verifyPassword('x', 'scrypt$garbage')).toBe(false);
  });

  it('serves no page or API without a session: pages redirect to sign-in, the API answers 401', async () => {
    for (const path of ['/office', '/office/consultations', '/office/consultations/1', '/office/enterprises', '/office/enterprises/1',
      '/office/enterprises/export.xlsx', '/office/knowledge', '/office/staff', '/office/audit', '/office/nowhere']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(303);
      expect(res.headers.get('location'), path).toMatch(/^\/office\/login\?next=/);
    }
    for (const path of ['/office/api/consultations', '/office/api/consultations/1', '/office/api/enterprises', '/office/api/dashboard', '/office/api/staff', '/office/api/audit']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(401);
      expect(await res.json()).toEqual({ error: '请先登录' });
    }
    const post = await app.request('/office/api/consultations/1/review', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(post.status).toBe(401);
    // A forged cookie is no session either.
    const forged = await app.request('/office/api/dashboard', { headers: { cookie: 'office_session=forged' } });
    expect(forged.status).toBe(401);
  });

  it('sets an HttpOnly, SameSite=Lax session cookie scoped to the console, Secure over https', async () => {
    const { res } = await attemptSignIn(app, 'admin', PASSWORDS.admin);
    expect(res.status).toBe(303);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('office_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\/office/);
    expect(cookie).not.toMatch(/Secure/);
    const loginPage = await app.request('/office/login');
    // Scripts only from our own origin (the composer's live count); no inline script, no other host.
    expect(loginPage.headers.get('content-security-policy')).toContain("script-src 'self';");
    expect(loginPage.headers.get('content-security-policy')).not.toMatch(/unsafe-inline|https?:/);
    expect(loginPage.headers.get('x-frame-options')).toBe('DENY');
    expect(loginPage.headers.get('cache-control')).toBe('no-store');
    const jar = new CookieJar();
    const page = await app.request('https://office.example/office/login');
    jar.store(page);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
    const secure = await app.request('https://office.example/office/login', {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header },
      body: new URLSearchParams({ _csrf: csrf, username: 'admin', password: PASSWORDS.admin }).toString(),
    });
    expect(secure.headers.getSetCookie().find((c) => c.startsWith('office_session='))).toMatch(/Secure/);
  });

  it('requires the CSRF token on every POST (403 without or with a wrong one)', async () => {
    const { jar, csrf } = await signIn(app, 'wanglei');
    const noToken = await postForm(app, '/office/consultations/1/review', jar, { verdict: 'right' });
    expect(noToken.status).toBe(403);
    const wrong = await postForm(app, '/office/consultations/1/review', jar, { verdict: 'right', _csrf: 'x'.repeat(43) });
    expect(wrong.status).toBe(403);
    const api = await app.request('/office/api/consultations/1/review', {
      method: 'POST', headers: { 'content-type': 'application/json', cookie: jar.header }, body: JSON.stringify({ verdict: 'right' }),
    });
    expect(api.status).toBe(403);
    const logout = await postForm(app, '/office/logout', jar, {});
    expect(logout.status).toBe(403);
    const ok = await app.request('/office/api/consultations/1/review', {
      method: 'POST', headers: { 'content-type': 'application/json', cookie: jar.header, 'x-csrf-token': csrf }, body: JSON.stringify({ verdict: 'right' }),
    });
    expect(ok.status).toBe(201);
    // The sign-in form has its own (double-submit) token.
    const login = await app.request('/office/login', {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: 'admin', password: PASSWORDS.admin }).toString(),
    });
    expect(login.status).toBe(403);
    expect(login.headers.getSetCookie().some((c) => c.startsWith('office_session='))).toBe(false);
  });

  it('lets a viewer read but not review, edit, add or administer (403)', async () => {
    const { jar, csrf } = await signIn(app, 'chenjing');
    expect((await app.request('/office/consultations', { headers: { cookie: jar.header } })).status).toBe(200);
    expect((await app.request('/office/enterprises/1', { headers: { cookie: jar.header } })).status).toBe(200);
    expect((await app.request('/office/api/dashboard', { headers: { cookie: jar.header } })).status).toBe(200);
    const before = await t.ledger.audit.list({ limit: 1000 });
    const attempts: [string, Record<string, string>][] = [
      ['/office/consultations/1/review', { verdict: 'wrong', correctedAnswer: '改' }],
      ['/office/consultations/1/handoff', { state: 'resolved' }],
      ['/office/enterprises/1', { name: '改名' }],
      ['/office/enterprises/1/follow-ups', { date: '2025-01-01', content: '走访' }],
      ['/office/enterprises/1/headcount', { asOf: '2025-01-01', headcount: '9' }],
      ['/office/enterprises/1/policies', { policy: '稳岗返还', year: '2025' }],
      ['/office/enterprises/1/layoffs', { date: '2025-01-01', count: '3', reason: '测试' }],
      ['/office/staff', { username: 'evil', displayName: '坏人', role: 'admin', password: 'Password-12345' }],
      ['/office/knowledge/save', { id: 'x' }],
      ['/office/enterprises', { name: '新公司', uscc: '91410300MA00000000', industry: 'C', district: '涧西区' }],
      ['/office/staff/1/password', { password: 'Hijack-pass-2025' }],
      ['/office/staff/1/active', { active: '0' }],
    ];
    for (const [path, fields] of attempts) {
      const res = await postForm(app, path, jar, { ...fields, _csrf: csrf });
      expect(res.status, path).toBe(403);
      expect(await res.text()).toContain('没有权限');
    }
    const api = await app.request('/office/api/consultations/1/review', {
      method: 'POST', headers: { 'content-type': 'application/json', cookie: jar.header, 'x-csrf-token': csrf }, body: JSON.stringify({ verdict: 'right' }),
    });
    expect(api.status).toBe(403);
    expect((await app.request('/office/staff', { headers: { cookie: jar.header } })).status).toBe(403);
    expect((await app.request('/office/audit', { headers: { cookie: jar.header } })).status).toBe(403);
    expect((await app.request('/office/api/audit', { headers: { cookie: jar.header } })).status).toBe(403);
    expect((await t.ledger.enterprises.get(1))!.name).not.toBe('改名');
    expect((await t.ledger.audit.list({ limit: 1000 })).length).toBe(before.length);
  });

  it('a coordinator can review and edit but not manage staff', async () => {
    const { jar, csrf } = await signIn(app, 'wanglei');
    const fu = await postForm(app, '/office/enterprises/2/follow-ups', jar, { _csrf: csrf, date: '2025-06-01', content: '电话回访，讲解试用期规定。' });
    expect(fu.status).toBe(303);
    expect((await t.ledger.followUps.listByEnterprise(2)).some((f) => f.content === '电话回访，讲解试用期规定。' && f.staffName === '王磊')).toBe(true);
    const bad = await postForm(app, '/office/enterprises/2/follow-ups', jar, { _csrf: csrf, date: '2025-02-30', content: '' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('跟踪指导有误');
    const staff = await postForm(app, '/office/staff', jar, { _csrf: csrf, username: 'x1', displayName: 'x', role: 'viewer', password: 'Password-12345' });
    expect(staff.status).toBe(403);
    const audit = await t.ledger.audit.list({ limit: 5 });
    expect(audit.some((a) => a.action === 'enterprise.follow_up' && a.targetId === '2')).toBe(true);
  });

  it('locks an account for 15 minutes after 5 failed sign-ins, even with the right password', async () => {
    for (let i = 1; i <= 4; i++) {
      const { res } = await attemptSignIn(app, 'liuxia', 'wrong-password-1');
      expect(res.status).toBe(401);
      expect(await res.text()).toContain('用户名或密码不正确');
    }
    const s = await t.ledger.staff.findForLogin('liuxia');
    await t.ledger.staff.setPasswordHash(s!.id, await hashPassword('Liuxia-pass-2025'));
    const fifth = await attemptSignIn(app, 'liuxia', 'wrong-password-1');
    expect(fifth.res.status).toBe(423);
    expect(await fifth.res.text()).toContain('账户已锁定');
    const locked = await t.ledger.staff.findForLogin('liuxia');
    expect(locked!.failedAttempts).toBe(5);
    const minutes = (locked!.lockedUntil!.getTime() - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(14);
    expect(minutes).toBeLessThanOrEqual(15.1);
    const right = await attemptSignIn(app, 'liuxia', 'Liuxia-pass-2025');
    expect(right.res.status).toBe(423);
    expect(right.res.headers.getSetCookie().some((c) => c.startsWith('office_session='))).toBe(false);
    // Once the lock has run out, the right password gets in and the count starts afresh.
    await t.ledger.db.query(`UPDATE staff SET locked_until = now() - interval '1 second' WHERE username = 'liuxia'`);
    const after = await attemptSignIn(app, 'liuxia', 'Liuxia-pass-2025');
    expect(after.res.status).toBe(303);
    expect((await t.ledger.staff.findForLogin('liuxia'))!.failedAttempts).toBe(0);
    const actions = (await t.ledger.audit.list({ limit: 20 })).map((a) => a.action);
    expect(actions).toContain('staff.login_failed');
    expect(actions).toContain('staff.login_locked');
  });

  it('unknown accounts get the same answers as a wrong password, the lock included (no enumeration)', async () => {
    const { res } = await attemptSignIn(app, 'nobody', 'whatever-123');
    expect(res.status).toBe(401);
    expect(await res.text()).toContain('用户名或密码不正确');
    for (let i = 2; i <= 4; i++) expect((await attemptSignIn(app, 'nobody', 'whatever-123')).res.status).toBe(401);
    const fifth = await attemptSignIn(app, 'nobody', 'whatever-123');
    expect(fifth.res.status).toBe(423);
    expect(await fifth.res.text()).toContain('账户已锁定');
  });

  it('30 parallel sign-ins check at most 5 passwords: the right one sent among them after 10 wrong ones is refused', async () => {
    const s = await t.ledger.staff.findForLogin('wanglei');
    await t.ledger.staff.recordSuccessfulLogin(s!.id);
    const tries = Array.from({ length: 30 }, (_, i) => attemptSignIn(app, 'wanglei', i === 10 ? PASSWORDS.wanglei : `wrong-${i}-password`));
    const results = await Promise.all(tries);
    const statuses = results.map((r) => r.res.status);
    // At most five get their password checked (401 or a sign-in); every other one is refused as locked.
    expect(statuses.filter((x) => x !== 423).length).toBeLessThanOrEqual(5);
    const failed = (await t.ledger.audit.list({ limit: 200 })).filter((a) => a.action === 'staff.login_failed' && a.targetId === String(s!.id));
    expect(failed.length).toBeLessThanOrEqual(5);
    await t.ledger.staff.recordSuccessfulLogin(s!.id);
  });

  it('offers the least role first and selected when an admin creates an account', async () => {
    const { jar } = await signIn(app, 'admin');
    const page = await (await app.request('/office/staff', { headers: { cookie: jar.header } })).text();
    const select = /<select name="role">([\s\S]*?)<\/select>/.exec(page)![1]!;
    expect([...select.matchAll(/value="(\w+)"/g)].map((m) => m[1])).toEqual(['viewer', 'coordinator', 'admin']);
    expect(select).toMatch(/<option value="viewer" selected>/);
  });

  it('a password reset signs the account out everywhere, but not the admin doing it', async () => {
    const coordinator = await signIn(app, 'wanglei');
    const cookie = coordinator.jar.header;
    expect((await app.request('/office/api/dashboard', { headers: { cookie } })).status).toBe(200);
    const admin = await signIn(app, 'admin');
    const staff = await t.ledger.staff.list();
    const id = staff.find((s) => s.username === 'wanglei')!.id;
    expect((await postForm(app, `/office/staff/${id}/password`, admin.jar, { _csrf: admin.csrf, password: PASSWORDS.wanglei })).status).toBe(303);
    expect((await app.request('/office/api/dashboard', { headers: { cookie } })).status).toBe(401);
    expect((await app.request('/office/api/dashboard', { headers: { cookie: admin.jar.header } })).status).toBe(200);
  });

  it('signs out: the session no longer works', async () => {
    const { jar, csrf } = await signIn(app, 'admin');
    const cookie = jar.header;
    expect((await app.request('/office/api/dashboard', { headers: { cookie } })).status).toBe(200);
    expect((await postForm(app, '/office/logout', jar, { _csrf: csrf })).status).toBe(303);
    expect((await app.request('/office/api/dashboard', { headers: { cookie } })).status).toBe(401);
  });

  it('does not redirect off the console after sign-in', async () => {
    const jar = new CookieJar();
    const page = await app.request('/office/login');
    jar.store(page);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
    const res = await postForm(app, '/office/login', jar, { _csrf: csrf, username: 'admin', password: PASSWORDS.admin, next: '//evil.example/' });
    expect(res.headers.get('location')).toBe('/office');
    // A line break in `next` used to turn a correct sign-in into a 500.
    const jar2 = new CookieJar();
    const page2 = await app.request('/office/login');
    jar2.store(page2);
    const csrf2 = /name="_csrf" value="([^"]+)"/.exec(await page2.text())![1]!;
    const broken = await postForm(app, '/office/login', jar2, { _csrf: csrf2, username: 'admin', password: PASSWORDS.admin, next: '/office/consultations\r\nSet-Cookie: x=1' });
    expect(broken.status).toBe(303);
    expect(broken.headers.get('location')).toBe('/office');
  });
});
