import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { WebInbox } from '../../bots/web/inbox.js';
import { webApp } from '../../bots/web/server.js';
import { addressKey } from '../../bots/web/address-limit.js';
import { officeApp } from '../../src/office/index.js';
import { openTestAssistant } from '../helpers/assistant.js';
import { shippedRetriever } from '../helpers/kb.js';
import { setupSuite, type TestLedger } from '../ledger/backends.js';
import { attemptSignIn, officeFixture, PASSWORDS, signIn } from '../office/helpers.js';

/** Every page of the product's web server says who may frame it, run scripts in it and sniff it. */
describe('security headers', () => {
  let app: Hono;
  let test: TestLedger;
  setupSuite(async () => {
    const opened = await openTestAssistant();
    test = opened.test;
    app = webApp({ retriever: await shippedRetriever(), chat: { assistant: opened.assistant, inbox: new WebInbox(test.ledger), ledger: test.ledger } });
    app.route('/office', officeApp({ ledger: test.ledger }));
  });
  afterAll(async () => {
    await test?.cleanup();
  });

  const csp = (res: Response) =>
    Object.fromEntries((res.headers.get('content-security-policy') ?? '').split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([k, ...v]) => [k!, v]));

  it('/ and /search: CSP allowing only their own inline script and style (by hash), no framing, nosniff', async () => {
    for (const path of ['/', '/search']) {
      const res = await app.request(path);
      const page = await res.text();
      expect(res.headers.get('x-frame-options'), path).toBe('DENY');
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      const policy = csp(res);
      expect(policy['frame-ancestors'], path).toEqual(["'none'"]);
      expect(policy['default-src'], path).toEqual(["'self'"]);
      expect(policy['object-src'], path).toEqual(["'none'"]);
      expect(res.headers.get('content-security-policy'), path).not.toMatch(/unsafe-inline|unsafe-eval/);
      // The page's own inline script and style are allowed, so the page still works under its policy.
      const scripts = [...page.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
      const styles = [...page.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
      expect(scripts.length, path).toBeGreaterThan(0);
      const hash = (s: string) => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;
      for (const s of scripts) expect(policy['script-src'], path).toContain(hash(s));
      for (const s of styles) expect(policy['style-src'], path).toContain(hash(s));
      expect(page, path).not.toMatch(/\son[a-z]+="/); // no inline event handlers (a hash does not cover them)
    }
  });

  it('JSON answers and the health check carry the headers too; the office console keeps its own policy', async () => {
    for (const path of ['/healthz', '/api/kb/search?q=%E8%AF%95%E7%94%A8%E6%9C%9F', '/api/chat/article?law=x&n=1']) {
      const res = await app.request(path);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(csp(res)['frame-ancestors'], path).toEqual(["'none'"]);
    }
    const login = await app.request('/office/login');
    expect(login.headers.get('content-security-policy')).toBe(
      "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    expect(login.headers.get('x-frame-options')).toBe('DENY');
  });

  it('reads client addresses as one key per IPv4 address and per IPv6 /64', () => {
    expect(addressKey('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(addressKey('203.0.113.9')).toBe('203.0.113.9');
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
  });
});

describe('office console behind a TLS proxy', () => {
  let t: TestLedger;
  let trusting: Hono;
  let direct: Hono;
  setupSuite(async () => {
    ({ t, app: trusting } = await officeFixture('pglite', { trustProxy: true }));
    direct = new Hono();
    direct.route('/office', officeApp({ ledger: t.ledger }));
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it('the dashboard’s charts use no inline style attribute (its own CSP, style-src self, blocks them)', async () => {
    const { jar } = await signIn(trusting, 'admin');
    const res = await trusting.request('/office', { headers: { cookie: jar.header } });
    const page = await res.text();
    expect(page).toContain('<svg');
    expect(csp(res)['style-src']).toEqual(["'self'"]);
    expect(page).not.toMatch(/<[a-z][^>]*\sstyle="/i);
  });

  function csp(res: Response): Record<string, string[]> {
    return Object.fromEntries((res.headers.get('content-security-policy') ?? '').split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([k, ...v]) => [k!, v]));
  }

  it('marks cookies Secure when the trusted proxy says https, and only then', async () => {
    const https = { 'x-forwarded-proto': 'https' };
    const page = await trusting.request('/office/login', { headers: https });
    expect(page.headers.getSetCookie().join('\n')).toMatch(/office_login_csrf=[^;]+;.*Secure/);
    const plain = await trusting.request('/office/login');
    expect(plain.headers.getSetCookie().join('\n')).not.toMatch(/Secure/);
    // Not trusted: the header is anyone's to send.
    const spoofed = await direct.request('/office/login', { headers: https });
    expect(spoofed.headers.getSetCookie().join('\n')).not.toMatch(/Secure/);
    const { res } = await attemptSignIn(trusting, 'admin', PASSWORDS.admin);
    expect(res.status).toBe(303);
  });
});
