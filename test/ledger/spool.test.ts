import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Spool } from '../../src/ledger/spool.js';
import { BACKENDS, enterpriseInput, openTestLedger, type TestLedger } from './backends.js';

/** A pid that belonged to a process which has since exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((r) => child.once('exit', r));
  return child.pid!;
}

function segmentName(pid: number, seq: number, stamp = Date.now()): string {
  return `consultations-${String(stamp).padStart(15, '0')}-${pid}-${String(seq).padStart(6, '0')}.jsonl`;
}

function spooled(key: string, extra: Record<string, unknown> = {}) {
  return {
    v: 1,
    row: {
      idempotencyKey: key, channel: 'web', contactId: null, enterpriseId: null, askedAt: '2025-05-01T08:00:00.000Z',
      question: `问题 ${key}`, answer: null, citations: [], confidence: null, latencyMs: null, handoffState: 'none', ...extra,
    },
  };
}

describe('Spool (files)', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'spool-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('appends concurrently as JSON lines and replays them in order, then removes the files', async () => {
    const spool = await Spool.open<{ n: number }>(dir);
    await Promise.all(Array.from({ length: 200 }, (_, n) => spool.append({ n })));
    expect(spool.pending).toBe(200);
    const files = (await readdir(dir)).filter((f) => f.endsWith('.jsonl'));
    expect(files).toHaveLength(1);
    const lines = (await readFile(path.join(dir, files[0]!), 'utf8')).trim().split('\n');
    expect(lines.map((l) => JSON.parse(l).n)).toEqual(Array.from({ length: 200 }, (_, n) => n));

    const seen: number[] = [];
    expect(await spool.replay(async (records) => void seen.push(...records.map((r) => r.n)))).toBe(200);
    expect(seen).toEqual(Array.from({ length: 200 }, (_, n) => n));
    expect(spool.pending).toBe(0);
    expect((await readdir(dir)).filter((f) => f.endsWith('.jsonl'))).toEqual([]);
  });

  it('keeps a segment when applying it fails, and hands it over again next time', async () => {
    const spool = await Spool.open<{ n: number }>(dir);
    await spool.append({ n: 1 });
    await expect(spool.replay(async () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
    expect(spool.pending).toBe(1);
    await spool.append({ n: 2 }); // goes to a new segment, replayed after the older one
    const seen: number[] = [];
    await spool.replay(async (records) => void seen.push(...records.map((r) => r.n)));
    expect(seen).toEqual([1, 2]);
    expect(spool.pending).toBe(0);
  });

  it('puts appends made during a replay into a new segment', async () => {
    const spool = await Spool.open<{ n: number }>(dir);
    await spool.append({ n: 1 });
    const seen: number[][] = [];
    await spool.replay(async (records) => {
      seen.push(records.map((r) => r.n));
      await spool.append({ n: 2 });
    });
    expect(seen).toEqual([[1]]);
    expect(spool.pending).toBe(1);
    await spool.replay(async (records) => void seen.push(records.map((r) => r.n)));
    expect(seen).toEqual([[1], [2]]);
  });

  it('loses nothing when appends keep arriving while replays run', async () => {
    // A segment being created while a replay lists the folder must not be taken for a sealed one:
    // replaying (and deleting) it half-written used to lose the records appended to it.
    const spool = await Spool.open<{ n: number }>(dir);
    const applied: number[] = [];
    const apply = async (records: { n: number }[]) => void applied.push(...records.map((r) => r.n));
    const total = 400;
    for (let n = 0; n < total; n++) {
      // The append lands just as the replay seals the open segment and lists the folder.
      const replaying = spool.replay(apply);
      await Promise.all([replaying, spool.append({ n })]);
    }
    for (let passes = 0; spool.pending > 0 && passes < 10; passes++) await spool.replay(apply);
    expect(spool.pending).toBe(0);
    expect(applied).toEqual(Array.from({ length: total }, (_, n) => n)); // each once, in order
    expect((await readdir(dir)).filter((f) => f.endsWith('.jsonl'))).toEqual([]);
  });

  it('counts what an earlier run left, skips segments of live processes, and sets torn lines aside', async () => {
    const dead = await deadPid();
    await writeFile(path.join(dir, segmentName(dead, 1, 1000)), '{"n":1}\n{"n":2}\n{"n":');
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      await writeFile(path.join(dir, segmentName(sleeper.pid!, 1, 2000)), '{"n":3}\n');
      const spool = await Spool.open<{ n: number }>(dir);
      expect(spool.pending).toBe(3); // the torn third line counts until it is read
      const seen: number[] = [];
      await spool.replay(async (records) => void seen.push(...records.map((r) => r.n)));
      expect(seen).toEqual([1, 2]); // the live process's segment is its own business
      const rejected = (await readFile(path.join(dir, 'rejected', 'consultations.jsonl'), 'utf8')).trim().split('\n');
      expect(rejected).toHaveLength(1);
      expect(JSON.parse(rejected[0]!)).toMatchObject({ record: '{"n":', reason: expect.stringContaining('unparsable spool line') });

      sleeper.kill();
      await new Promise((r) => sleeper.once('exit', r));
      await spool.replay(async (records) => void seen.push(...records.map((r) => r.n)));
      expect(seen).toEqual([1, 2, 3]);
    } finally {
      sleeper.kill();
    }
  });
});

describe.each(BACKENDS)('spool replay into the ledger after a crash (%s)', (kind) => {
  let t: TestLedger;
  let spoolDir: string;
  afterAll(async () => {
    await t?.cleanup();
    await rm(spoolDir, { recursive: true, force: true });
  });

  it('replays a crashed process\'s spool exactly once, in order, setting refused rows aside', async () => {
    spoolDir = await mkdtemp(path.join(os.tmpdir(), 'spool-crash-'));
    const pid = await deadPid();
    // As left by a process that died: the second segment repeats a line (it had been re-spooled after a
    // replay committed but before the file was removed), one row points at a missing enterprise, and
    // the last line was torn by the crash.
    const older = [spooled('crash-0'), spooled('crash-1'), spooled('crash-2')];
    const newer = [spooled('crash-2'), spooled('crash-3'), spooled('crash-bad', { enterpriseId: 987_654 }), spooled('crash-4')];
    await writeFile(path.join(spoolDir, segmentName(pid, 1, 1000)), older.map((r) => JSON.stringify(r)).join('\n') + '\n');
    await writeFile(path.join(spoolDir, segmentName(pid, 2, 2000)), newer.map((r) => JSON.stringify(r)).join('\n') + '\n{"v":1,"row":{"idempo');

    t = await openTestLedger(kind, { spoolDir, recorder: { replayDelayMs: 60_000 } });
    expect(t.ledger.spooled).toBe(8);
    await t.ledger.enterprises.create(enterpriseInput(1));
    expect(await t.ledger.replaySpool()).toBe(7);
    expect(t.ledger.spooled).toBe(0);
    expect(await t.ledger.replaySpool()).toBe(0);

    const rows = await t.ledger.db.query<{ key: string }>(
      `SELECT idempotency_key AS key FROM consultations WHERE idempotency_key LIKE 'crash-%' ORDER BY id`,
    );
    expect(rows.map((r) => r.key)).toEqual(['crash-0', 'crash-1', 'crash-2', 'crash-3', 'crash-4']);
    expect(await t.ledger.consultations.getByKey('crash-3')).toMatchObject({ question: '问题 crash-3', askedAt: new Date('2025-05-01T08:00:00.000Z') });

    const rejected = (await readFile(path.join(spoolDir, 'rejected', 'consultations.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(rejected).toHaveLength(2);
    expect(rejected.some((r) => r.record?.row?.idempotencyKey === 'crash-bad')).toBe(true);
    expect(rejected.some((r) => String(r.reason).includes('unparsable'))).toBe(true);
    expect((await readdir(spoolDir)).filter((f) => f.endsWith('.jsonl'))).toEqual([]);
  });
});
