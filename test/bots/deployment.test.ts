import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SHIPPED_DATA_DIR } from '../helpers/shipped.js';
import { setupSuite } from '../ledger/backends.js';
import { freePort, waitForPort } from '../../scripts/lib/cluster.js';

/**
 * `npm start` as deployed: listen address (HOST), a TLS-terminating proxy trusted with TRUST_PROXY
 * (Secure cookies from X-Forwarded-Proto), security headers on the pages, /healthz. A real child process,
 * and a real nginx terminating TLS in front of it (Debian's nginx-light, which .ci/run installs, as it does
 * Chromium for the browser tests).
 */

const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p));


function node(file: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.resolve(file), ...args], { env: { ...process.env, LOG_LEVEL: 'silent', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

function waitFor(child: ChildProcess, text: string, output: () => string, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for "${text}":\n${output().slice(-2000)}`)), ms);
    const check = () => {
      if (output().includes(text)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', check);
    child.stderr?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before "${text}":\n${output().slice(-2000)}`));
    });
    check();
  });
}


/** An https request that accepts the test's self-signed certificate. */
function httpsRequest(url: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method: opts.method ?? 'GET', headers: opts.headers, rejectUnauthorized: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

function cookiesOf(setCookie: string[] | string | undefined): Map<string, { value: string; line: string }> {
  const lines = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  return new Map(lines.map((line) => {
    const [pair] = line.split(';');
    const i = pair!.indexOf('=');
    return [pair!.slice(0, i), { value: pair!.slice(i + 1), line }];
  }));
}

describe('npm start as deployed', () => {
  let dir: string;
  let env: Record<string, string>;
  let server: ChildProcess | undefined;
  let nginx: ChildProcess | undefined;
  let out = '';
  let base: string;

  setupSuite(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'deployment-'));
    const dataDir = path.join(dir, 'data');
    await cp(path.join(SHIPPED_DATA_DIR, 'index'), path.join(dataDir, 'index'), { recursive: true });
    const port = await freePort();
    env = { DATA_DIR: dataDir, DATABASE_URL: '', PORT: String(port), HOST: '127.0.0.1', TRUST_PROXY: '1', TELEGRAM_BOT_TOKEN: '', WECHATY_PUPPET: '', npm_lifecycle_event: '' };
    base = `http://127.0.0.1:${port}`;
    const admin = await node('scripts/create-admin.ts', ['--name', 'admin', '--password', 'Admin-pass-2025'], env);
    if (admin.code !== 0) throw new Error(`create-admin failed: ${admin.out}`);
    server = spawn(process.execPath, ['--import', 'tsx', path.resolve('src/main.ts')], { env: { ...process.env, LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    server.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    // Waits for the start-up line, or fails at once if the process exits. The bound is only for a hang:
    // on a loaded 2-core machine tsx, PGlite and the index took more than the 120 s of the hook timeout.
    await waitFor(server, '用工指导助手已启动', () => out, 280_000);
  }, 300_000);

  afterAll(async () => {
    nginx?.kill('SIGTERM');
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((r) => server!.once('exit', r));
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('listens on HOST only (127.0.0.1 here, the default), and says where', async () => {
    expect(out).toMatch(/"host":"127\.0\.0\.1"/);
    expect(out).toContain(`用工指导助手已启动：${base}/`);
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    // Another interface of this machine, if it has one: nothing listens there.
    const other = Object.values(os.networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal);
    if (other) {
      const refused = await new Promise<string>((resolve) => {
        const s = net.connect(Number(env.PORT), other.address, () => (s.destroy(), resolve('connected')));
        s.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
      });
      expect(refused).toBe('ECONNREFUSED');
    }
  });

  it('sends CSP, X-Frame-Options and nosniff on / and /search, and reports each dependency at /healthz', async () => {
    for (const p of ['/', '/search', '/office/login']) {
      const res = await fetch(base + p);
      expect(res.headers.get('content-security-policy'), p).toMatch(/frame-ancestors 'none'/);
      expect(res.headers.get('x-frame-options'), p).toBe('DENY');
      expect(res.headers.get('x-content-type-options'), p).toBe('nosniff');
    }
    const health = (await (await fetch(`${base}/healthz`)).json()) as Record<string, any>;
    expect(health).toMatchObject({ ok: true, database: { ok: true, kind: 'pglite' }, searchIndex: { ok: true }, channels: { web: true, telegram: false, wechat: false } });
  });

  it('with TRUST_PROXY, marks the console cookies Secure when X-Forwarded-Proto says https', async () => {
    const viaTls = await fetch(`${base}/office/login`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(viaTls.headers.getSetCookie().join('\n')).toMatch(/office_login_csrf=[^;]+;.*Secure/);
    const plain = await fetch(`${base}/office/login`);
    expect(plain.headers.getSetCookie().join('\n')).not.toMatch(/Secure/);
  });

  it('behind a real nginx terminating TLS: signs in with Secure cookies over https', { timeout: 60_000 }, async () => {
    if (!NGINX) throw new Error('nginx is not installed: apt-get install -y nginx-light (.ci/run does this)');
    const tls = await freePort();
    const conf = path.join(dir, 'nginx.conf');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-days', '1',
      '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
    const temp = (name: string) => `${name}_temp_path ${path.join(dir, name)};`;
    await writeFile(conf, `${process.getuid?.() === 0 ? 'user root;' : ''}
worker_processes 1;
pid ${path.join(dir, 'nginx.pid')};
error_log ${path.join(dir, 'nginx-error.log')};
events { worker_connections 64; }
http {
  access_log off;
  ${temp('client_body')} ${temp('proxy')} ${temp('fastcgi')} ${temp('uwsgi')} ${temp('scgi')}
  server {
    listen 127.0.0.1:${tls} ssl;
    ssl_certificate ${path.join(dir, 'cert.pem')};
    ssl_certificate_key ${path.join(dir, 'key.pem')};
    location / {
      proxy_pass ${base};
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_buffering off;
    }
  }
}
`);
    nginx = spawn(NGINX, ['-p', dir, '-c', conf, '-g', 'daemon off;'], { stdio: 'ignore' });
    await waitForPort(tls);
    const origin = `https://127.0.0.1:${tls}`;

    const page = await httpsRequest(`${origin}/office/login`);
    expect(page.status).toBe(200);
    expect(page.headers['x-frame-options']).toBe('DENY');
    const loginCookies = cookiesOf(page.headers['set-cookie']);
    const csrfCookie = loginCookies.get('office_login_csrf')!;
    expect(csrfCookie.line).toMatch(/;\s*Secure/i);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const signIn = await httpsRequest(`${origin}/office/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `office_login_csrf=${csrfCookie.value}` },
      body: new URLSearchParams({ _csrf: csrf, username: 'admin', password: 'Admin-pass-2025', next: '/office' }).toString(),
    });
    expect(signIn.status).toBe(303);
    const session = cookiesOf(signIn.headers['set-cookie']).get('office_session')!;
    expect(session.line).toMatch(/;\s*Secure/i);
    expect(session.line).toMatch(/HttpOnly/i);
    const home = await httpsRequest(`${origin}/office`, { headers: { cookie: `office_session=${session.value}` } });
    expect(home.status).toBe(200);
    expect(home.body).toContain('概览');
  });
});
