import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PgliteDb } from '../../src/ledger/db.js';
import { DatabaseInUseError } from '../../src/ledger/lock.js';
import { runFile } from '../helpers/cli.js';
import { SHIPPED_DATA_DIR } from '../helpers/shipped.js';
import { setupSuite } from './backends.js';

/**
 * The embedded database is one process's: with `npm start` running on PGlite, every other command that
 * opens the ledger stops at once with one Chinese line saying what to do. Real child processes.
 */

const run = (file: string, args: string[], env: Record<string, string>, input = '') => runFile(file, args, { env, input });

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** `npm start` as a child; resolves once it says it is listening. */
async function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.resolve('src/main.ts')], {
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out.slice(-2000)}`)), 90_000);
    const check = () => {
      if (out.includes('用工指导助手已启动')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out.slice(-2000)}`));
    });
  });
  return { child, output: () => out };
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
}

describe('the embedded database is one process’s', () => {
  let dataDir: string;
  let server: { child: ChildProcess; output: () => string } | undefined;
  let env: Record<string, string>;

  setupSuite(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'embedded-lock-'));
    // The shipped index, built once by the global setup: the server starts in seconds.
    await cp(path.join(SHIPPED_DATA_DIR, 'index'), path.join(dataDir, 'index'), { recursive: true });
    env = { DATA_DIR: dataDir, DATABASE_URL: '', npm_lifecycle_event: '', PORT: String(await freePort()), HOST: '127.0.0.1', TELEGRAM_BOT_TOKEN: '', WECHATY_PUPPET: '' };
  });

  afterAll(async () => {
    if (server && server.child.exitCode === null) {
      server.child.kill('SIGKILL');
      await exited(server.child);
    }
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('refuses create-admin, chat, export, seed-demo and a second server beside a running server, in one Chinese line each', { timeout: 240_000 }, async () => {
    server = await startServer(env);
    const commands: Array<[string, string[], string]> = [
      ['scripts/create-admin.ts', ['--name', 'admin', '--password', 'Admin-pass-2025'], ''],
      ['bots/console/chat.ts', [], '试用期最长可以约定多久？\n退出\n'],
      ['scripts/export.ts', ['--format', 'csv', '--out', path.join(dataDir, 'x.csv')], ''],
      ['scripts/seed-demo.ts', [], ''],
      ['src/main.ts', [], ''], // a second npm start
    ];
    const runs = await Promise.all(commands.map(([file, args, input]) => run(file, args, env, input)));
    for (const [i, r] of runs.entries()) {
      const what = commands[i]![0];
      expect(r.code, `${what}: ${r.stdout}${r.stderr}`).toBe(1);
      expect(r.stderr, what).toMatch(/内置数据库（.*）正被另一个进程使用（npm start|main\.ts/);
      expect(r.stderr, what).toMatch(/请先停止该进程.*DATABASE_URL/s);
      expect(r.stderr.trim().split('\n'), what).toHaveLength(1);
      // Nothing else: no stack, no library source, no success line.
      expect(r.stdout.length + r.stderr.length, what).toBeLessThan(2000);
      expect(r.stdout, what).not.toMatch(/已创建|已导出|演示数据|助手：试用期/);
    }
    expect(existsSync(path.join(dataDir, 'pglite.lock'))).toBe(true);
    // The server still serves, unharmed.
    const health = await fetch(`http://127.0.0.1:${env.PORT}/healthz`);
    expect(health.status).toBe(200);
  });

  it('after the server is killed (no clean exit), the stale lock is taken over and the account is created', { timeout: 120_000 }, async () => {
    server!.child.kill('SIGKILL');
    await exited(server!.child);
    expect(existsSync(path.join(dataDir, 'pglite.lock'))).toBe(true); // left behind by the crash
    const r = await run('scripts/create-admin.ts', ['--name', 'admin', '--password', 'Admin-pass-2025'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/已创建管理员账户 admin/);
    // A command that ends normally leaves no lock behind.
    expect(existsSync(path.join(dataDir, 'pglite.lock'))).toBe(false);
  });
});

describe('the lock file', () => {
  it('refuses a second open of one folder in the same process, and takes over a lock whose process is gone', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'embedded-lock-unit-'));
    try {
      const folder = path.join(dir, 'pglite');
      const a = await PgliteDb.open(folder);
      await expect(PgliteDb.open(folder)).rejects.toBeInstanceOf(DatabaseInUseError);
      await a.close();
      // A process that has exited: its pid is free, so its lock is stale.
      const gone = spawn(process.execPath, ['-e', '0']);
      await exited(gone);
      await writeFile(`${folder}.lock`, JSON.stringify({ pid: gone.pid, startTicks: null, since: new Date().toISOString(), command: 'npm start' }));
      const b = await PgliteDb.open(folder);
      expect((await b.query<{ n: number }>('SELECT 1 AS n'))[0]!.n).toBe(1);
      await b.close();
      expect(existsSync(`${folder}.lock`)).toBe(false);
      // pid reused by another process (here: this one) with another start time: stale as well.
      await writeFile(`${folder}.lock`, JSON.stringify({ pid: process.pid, startTicks: 1, since: new Date().toISOString(), command: 'npm start' }));
      const c = await PgliteDb.open(folder);
      await c.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
