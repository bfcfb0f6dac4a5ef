/**
 * Several `npm start` processes on one PostgreSQL schema behind a real nginx (round-robin, no
 * stickiness), as an operator would scale out. Shared by the scale-out test and its benchmark.
 *
 * Each process gets its own DATA_DIR (its spool must be its own) with a copy of an already built
 * search index, so none of them spends its start-up building one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';

export const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

export async function waitForPort(port: number, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => (s.destroy(), resolve(true)));
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`port ${port} did not open`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A PostgreSQL URL whose connections work in `schema` (the pg driver passes `options` to the server). */
export function urlWithSchema(databaseUrl: string, schema: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name: ${schema}`);
  const u = new URL(databaseUrl);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

/** Run one of the project's TypeScript files to completion (create-admin and the like). */
export function runNode(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.resolve(file), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

export interface AppProcess {
  readonly name: string;
  readonly port: number;
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything it wrote (pino lines), the last 200 KB. */
  output(): string;
}

export interface Cluster {
  /** nginx in front of every process. */
  readonly url: string;
  readonly apps: AppProcess[];
  /** The environment the processes were started with (for scripts run against the same database). */
  readonly env: NodeJS.ProcessEnv;
  /** SIGKILL one process: no shutdown, its connections simply drop. */
  kill(app: AppProcess): Promise<void>;
  stop(): Promise<void>;
}

export interface ClusterOptions {
  /** How many `src/main.ts` processes. */
  processes: number;
  /** PostgreSQL URL already carrying its schema (urlWithSchema). */
  databaseUrl: string;
  /** A temporary folder of the caller's: data folders, nginx config and logs go there. */
  root: string;
  /** A built search index to copy into each process's DATA_DIR (optional; otherwise each builds one). */
  indexDir?: string;
  /** Extra environment for every process (TELEGRAM_*, STAFF_IDS, limits …); `PORT` is set per process. */
  env?: Record<string, string>;
  /** Per process extra environment, by index (the TELEGRAM_WEBHOOK_URL is shared, so rarely needed). */
  envOf?: (i: number) => Record<string, string>;
  /** Without nginx: only the processes (the benchmark's one-process baseline goes straight to it). */
  proxy?: boolean;
  startTimeoutMs?: number;
}

/** Until the process answers /healthz (at any log level), or exits. */
async function waitForReady(app: AppProcess, ms: number): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    if (app.child.exitCode !== null || app.child.signalCode !== null) {
      throw new Error(`${app.name} exited with ${app.child.exitCode ?? app.child.signalCode} before it was ready:\n${app.output().slice(-3000)}`);
    }
    const up = await fetch(`${app.url}/healthz`).then((r) => r.ok, () => false);
    if (up) return;
    if (Date.now() > until) throw new Error(`${app.name} was not ready within ${ms} ms:\n${app.output().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function nginxConf(root: string, listen: number, ports: number[]): string {
  const temp = (name: string) => `${name}_temp_path ${path.join(root, name)};`;
  return `${process.getuid?.() === 0 ? 'user root;' : ''}
worker_processes 1;
pid ${path.join(root, 'nginx.pid')};
error_log ${path.join(root, 'nginx-error.log')} warn;
events { worker_connections 1024; }
http {
  access_log off;
  ${temp('client_body')} ${temp('proxy')} ${temp('fastcgi')} ${temp('uwsgi')} ${temp('scgi')}
  # Round-robin, no stickiness: each request may reach any process.
  upstream app {
${ports.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=5s;`).join('\n')}
  }
  server {
    listen 127.0.0.1:${listen};
    client_max_body_size 1m;
    location / {
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      # Server-Sent Events and the streamed chat answers must not wait in a buffer.
      proxy_buffering off;
      proxy_read_timeout 120s;
      # A process that refuses the connection (killed) is skipped for the next one.
      proxy_next_upstream error timeout http_502;
    }
  }
}
`;
}

export async function startCluster(opts: ClusterOptions): Promise<Cluster> {
  const apps: AppProcess[] = [];
  let nginx: ChildProcess | undefined;
  const baseEnv: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: opts.databaseUrl, HOST: '127.0.0.1', TRUST_PROXY: '1', LOG_LEVEL: 'info',
    TELEGRAM_BOT_TOKEN: '', TELEGRAM_WEBHOOK_URL: '', WECHATY_PUPPET: '', OPENAI_API_KEY: '', npm_lifecycle_event: '',
    ...opts.env,
  };
  const stop = async () => {
    nginx?.kill('SIGTERM');
    await Promise.all(apps.map(async (a) => {
      if (a.child.exitCode !== null || a.child.signalCode !== null) return;
      a.child.kill('SIGTERM');
      await new Promise((r) => {
        const t = setTimeout(() => (a.child.kill('SIGKILL'), r(undefined)), 8_000);
        a.child.once('exit', () => (clearTimeout(t), r(undefined)));
      });
    }));
  };
  try {
    for (let i = 0; i < opts.processes; i++) {
      const dataDir = path.join(opts.root, `app${i + 1}`, 'data');
      await mkdir(dataDir, { recursive: true });
      if (opts.indexDir && existsSync(opts.indexDir)) await cp(opts.indexDir, path.join(dataDir, 'index'), { recursive: true });
      const port = await freePort();
      const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('src/main.ts')], {
        env: { ...baseEnv, ...opts.envOf?.(i), DATA_DIR: dataDir, PORT: String(port) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      const keep = (d: Buffer) => (out = (out + d.toString()).slice(-200_000));
      child.stdout!.on('data', keep);
      child.stderr!.on('data', keep);
      apps.push({ name: `app${i + 1}`, port, url: `http://127.0.0.1:${port}`, child, output: () => out });
    }
    // Started together, as a deployment would: the migrations' advisory lock lets one apply them.
    await Promise.all(apps.map((a) => waitForReady(a, opts.startTimeoutMs ?? 120_000)));
    let url = apps[0]!.url;
    if (opts.proxy !== false) {
      if (!NGINX) throw new Error('nginx is not installed: apt-get install -y nginx-light (.ci/run does this)');
      const listen = await freePort();
      const conf = path.join(opts.root, 'nginx.conf');
      await writeFile(conf, nginxConf(opts.root, listen, apps.map((a) => a.port)));
      nginx = spawn(NGINX, ['-p', opts.root, '-c', conf, '-g', 'daemon off;'], { stdio: 'ignore' });
      await waitForPort(listen);
      url = `http://127.0.0.1:${listen}`;
    }
    return {
      url, apps, env: baseEnv, stop,
      async kill(app) {
        if (app.child.exitCode !== null || app.child.signalCode !== null) return;
        const gone = new Promise((r) => app.child.once('exit', r));
        app.child.kill('SIGKILL');
        await gone;
      },
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
