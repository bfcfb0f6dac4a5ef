import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp } from 'node:fs/promises';
import path from 'node:path';
import { freePort, runNode } from './cluster.js';

/** `npm start` as a benchmark's child: its address, and how to stop it. */
export interface BenchProduct {
  base: string;
  stop(): Promise<void>;
}

/**
 * `npm start` on embedded defaults (PGlite in `root`/data, no channels, no LLM) on a free port, with an admin
 * account `bench`/`password`, once /healthz answers. An index already built for the shipped knowledge (same
 * files, same fingerprint) is copied in, which saves the first build. `env` adds to or overrides the defaults.
 */
export async function startBenchProduct(root: string, opts: { password: string; env?: NodeJS.ProcessEnv; startupMs?: number }): Promise<BenchProduct> {
  const dataDir = path.join(root, 'data');
  for (const built of [path.resolve('data/index'), path.resolve('node_modules/.cache/yg-test-data/index')]) {
    if (existsSync(built)) {
      await cp(built, path.join(dataDir, 'index'), { recursive: true });
      break;
    }
  }
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env, DATABASE_URL: '', DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn',
    TELEGRAM_BOT_TOKEN: '', WECHATY_PUPPET: '', OPENAI_API_KEY: '', ...opts.env,
  };
  const admin = await runNode('scripts/create-admin.ts', ['--name', 'bench', '--password', opts.password], env);
  if (admin.code !== 0) throw new Error(`create-admin failed: ${admin.out}`);
  const server: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.resolve('src/main.ts')], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const stop = async () => {
    if (server.exitCode !== null) return;
    server.kill('SIGTERM');
    await new Promise((r) => {
      const t = setTimeout(() => (server.kill('SIGKILL'), r(undefined)), 5_000);
      server.once('exit', () => (clearTimeout(t), r(undefined)));
    });
  };
  let serverErr = '';
  server.stderr!.on('data', (d: Buffer) => (serverErr = (serverErr + d.toString()).slice(-4000)));
  const until = performance.now() + (opts.startupMs ?? 90_000);
  for (;;) {
    if (server.exitCode !== null) throw new Error(`the server exited: ${serverErr}`);
    if (await fetch(`${base}/healthz`).then((r) => r.ok, () => false)) return { base, stop };
    if (performance.now() > until) {
      await stop();
      throw new Error(`the server did not start within ${(opts.startupMs ?? 90_000) / 1000} s`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
