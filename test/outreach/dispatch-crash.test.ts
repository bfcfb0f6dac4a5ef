import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { KNOWLEDGE_DIR, openTestLedger, setupSuite, TEST_DATABASE_URL, type TestLedger } from '../ledger/backends.js';
import { seedBroadcast } from './seed.js';
import { startEmulator, TelegramProxy, type Emulator } from './telegramHarness.js';

/**
 * Two real worker processes share one outbox on PostgreSQL and send 2,000 messages through
 * telegram-test-api. Worker A is frozen mid-send (its proxy holds its requests, so they have left the
 * process but have not been answered), then killed with SIGKILL, its held requests delivered, and
 * restarted under the same name. Every chat must have received exactly one message.
 */
const TOKEN = '555002:test-crash';
const N = 2000;

function startWorker(name: string, apiRoot: string, schema: string, dataDir: string): { child: ChildProcess; ready: Promise<void>; exited: Promise<number | null>; out: () => string } {
  // node itself with tsx as a loader (not the tsx CLI, which would put a wrapper process between
  // the test and the worker and make SIGKILL hit the wrapper only).
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'scripts/outreach-worker.ts', '--worker', name, '--schema', schema, '--per-second', '150', '--concurrency', '8', '--lease-ms', '20000', '--exit-when-idle'],
    {
      env: {
        ...process.env,
        DATABASE_URL: TEST_DATABASE_URL,
        DATA_DIR: dataDir,
        KNOWLEDGE_DIR,
        TELEGRAM_BOT_TOKEN: TOKEN,
        TELEGRAM_API_ROOT: apiRoot,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const ready = new Promise<void>((resolve, reject) => {
    const check = setInterval(() => {
      if (out.includes('ready')) {
        clearInterval(check);
        resolve();
      }
    }, 20);
    child.once('exit', (code) => {
      clearInterval(check);
      if (!out.includes('ready')) reject(new Error(`worker ${name} exited (${code}) before ready: ${err}`));
    });
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, ready, exited, out: () => out + err };
}

const until = async (cond: () => boolean | Promise<boolean>, ms: number, what: string) => {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('outbox with two worker processes, one killed with SIGKILL', () => {
  let t: TestLedger;
  let emu: Emulator;
  let proxyA: TelegramProxy;
  let proxyB: TelegramProxy;
  const children: ChildProcess[] = [];

  setupSuite(async () => {
    t = await openTestLedger('postgres');
    emu = await startEmulator();
    proxyA = await new TelegramProxy(emu.url).start();
    proxyB = await new TelegramProxy(emu.url).start();
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await proxyA?.stop();
    await proxyB?.stop();
    await emu?.stop();
    await t?.cleanup();
  });

  it('every recipient gets exactly one message', { timeout: 90_000 }, async () => {
    const { noticeId, chatIds } = await seedBroadcast(t.ledger, N);
    const schema = t.schema!;

    const a = startWorker('wA', proxyA.url, schema, t.dataDir);
    const b = startWorker('wB', proxyB.url, schema, t.dataDir);
    children.push(a.child, b.child);
    await Promise.all([a.ready, b.ready]);

    // Mid-run: once A has sent 300, hold everything A sends, let it settle into waiting for answers, kill it.
    await until(() => proxyA.forwarded >= 300, 40_000, 'worker A to send 300');
    proxyA.decide = () => 'hold';
    await until(() => proxyA.heldCount > 0, 5_000, 'a held request');
    await new Promise((r) => setTimeout(r, 500));
    a.child.kill('SIGKILL');
    await a.exited;
    const inFlight = await proxyA.releaseHeld(); // those requests had left A: Telegram receives them
    expect(inFlight).toBeGreaterThan(0);

    const sentByAFirst = proxyA.forwarded;
    expect(sentByAFirst).toBeLessThan(N);
    proxyA.decide = () => 'pass';
    const a2 = startWorker('wA', proxyA.url, schema, t.dataDir);
    children.push(a2.child);
    await a2.ready;

    const [codeA2, codeB] = await Promise.all([a2.exited, b.exited]);
    expect(codeA2, a2.out()).toBe(0);
    expect(codeB, b.out()).toBe(0);

    const counts = emu.countsByChat();
    const notOnce = chatIds.filter((c) => counts.get(c) !== 1);
    expect(notOnce).toEqual([]);
    expect(counts.size).toBe(N);

    // The rows that were in flight when A died are 'unknown' (not resent), and they were delivered.
    const stats = await t.ledger.outbox.stats(noticeId);
    expect(stats.unknown).toBe(inFlight);
    expect(stats.sent + stats.unknown).toBe(N);
    expect(stats.pending + stats.claimed + stats.sending + stats.failed).toBe(0);
    // Both workers did real work, and A's second life too.
    expect(proxyB.forwarded).toBeGreaterThan(100);
    expect(proxyA.forwarded).toBeGreaterThan(sentByAFirst);
  });
});
