import { mkdir, open, readdir, readFile, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

/**
 * Append-only local spool: JSON lines in segment files, used when the database cannot be reached.
 *
 * - A record counts as written once its line is fsync'ed; lines queued together share one write + fsync.
 * - replay() first seals the open segment (new appends start a new one), then hands each sealed segment,
 *   oldest first, to `apply`; the file is deleted only after `apply` resolved, i.e. after the database
 *   committed it. A crash in between leaves the file, and the next replay applies it again — the
 *   consumer's idempotency key turns that into "exactly once".
 * - Segment names carry time, pid and sequence, so several processes may share a folder: a process
 *   replays its own segments and those of processes that are no longer running.
 */

interface Pending {
  line: string;
  resolve: () => void;
  reject: (err: Error) => void;
}

const NAME = /^(?<prefix>.+)-(?<stamp>\d{15})-(?<pid>\d+)-(?<seq>\d{6})\.jsonl$/;

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function syncDir(dir: string): Promise<void> {
  const h = await open(dir, 'r');
  try {
    await h.sync();
  } catch {
    // Some file systems refuse fsync on directories; the file's own fsync still stands.
  } finally {
    await h.close();
  }
}

export class Spool<T> {
  private current: { name: string; handle: FileHandle } | null = null;
  private seq = 0;
  private queue: Pending[] = [];
  private chain: Promise<void> = Promise.resolve();
  private readonly linesByFile = new Map<string, number>();
  private replaying: Promise<number> | null = null;

  private constructor(
    readonly dir: string,
    private readonly prefix: string,
  ) {}

  static async open<T>(dir: string, prefix = 'consultations'): Promise<Spool<T>> {
    await mkdir(path.join(dir, 'rejected'), { recursive: true });
    const spool = new Spool<T>(dir, prefix);
    for (const file of await spool.replayableFiles()) {
      const text = await readFile(path.join(dir, file), 'utf8');
      spool.linesByFile.set(file, text.split('\n').filter((l) => l.trim()).length);
    }
    return spool;
  }

  /** Records written to the spool and not yet replayed. */
  get pending(): number {
    let n = 0;
    for (const c of this.linesByFile.values()) n += c;
    return n;
  }

  /** Resolves once the record is on disk (fsync'ed). */
  append(record: T): Promise<void> {
    const line = `${JSON.stringify(record)}\n`;
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ line, resolve, reject });
      if (this.queue.length === 1) void this.inChain(() => this.flush());
    });
  }

  private async flush(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    try {
      if (!this.current) {
        const name = `${this.prefix}-${String(Date.now()).padStart(15, '0')}-${process.pid}-${String(++this.seq).padStart(6, '0')}.jsonl`;
        const handle = await open(path.join(this.dir, name), 'a');
        await syncDir(this.dir);
        this.current = { name, handle };
        this.linesByFile.set(name, 0);
      }
      await this.current.handle.write(batch.map((p) => p.line).join(''));
      await this.current.handle.datasync();
      this.linesByFile.set(this.current.name, (this.linesByFile.get(this.current.name) ?? 0) + batch.length);
      for (const p of batch) p.resolve();
    } catch (err) {
      for (const p of batch) p.reject(err as Error);
    }
  }

  /** Close the open segment so it can be replayed; later appends go to a new segment. */
  private seal(): Promise<void> {
    return this.inChain(() => this.closeCurrent());
  }

  /**
   * Run `step` after every flush and seal queued so far, and before any queued later. A step that
   * fails does not stop the ones after it.
   */
  private inChain<R>(step: () => Promise<R>): Promise<R> {
    const result = this.chain.then(step);
    this.chain = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  private async closeCurrent(): Promise<void> {
    if (!this.current) return;
    await this.current.handle.close();
    if (this.linesByFile.get(this.current.name) === 0) {
      this.linesByFile.delete(this.current.name);
      await unlink(path.join(this.dir, this.current.name)).catch(() => {});
    }
    this.current = null;
  }

  private async replayableFiles(): Promise<string[]> {
    const files = (await readdir(this.dir)).filter((f) => {
      const m = NAME.exec(f);
      if (!m || m.groups!.prefix !== this.prefix || f === this.current?.name) return false;
      const pid = Number(m.groups!.pid);
      return pid === process.pid || !processAlive(pid);
    });
    return files.sort(); // zero-padded time first: oldest first
  }

  /**
   * Hand every sealed segment to `apply` in order; delete each after `apply` resolves. Stops at the
   * first failure (the file stays for next time). Lines that do not parse (a write torn by a crash)
   * go to rejected/. Concurrent calls share one run. Returns the number of records applied.
   */
  replay(apply: (records: T[]) => Promise<void>): Promise<number> {
    if (this.replaying) return this.replaying;
    this.replaying = (async () => {
      // Sealing and listing are one step of the chain: a flush queued meanwhile may already have
      // created its new segment on disk, which must not be taken for a sealed one (replaying and
      // deleting it half-written lost the records appended to it next).
      const files = await this.inChain(async () => {
        await this.closeCurrent();
        return this.replayableFiles();
      });
      let applied = 0;
      for (const file of files) {
        const full = path.join(this.dir, file);
        const records: T[] = [];
        for (const line of (await readFile(full, 'utf8')).split('\n')) {
          if (!line.trim()) continue;
          try {
            records.push(JSON.parse(line) as T);
          } catch (err) {
            await this.reject(line, `unparsable spool line in ${file}: ${(err as Error).message}`);
          }
        }
        if (records.length > 0) await apply(records);
        await unlink(full);
        this.linesByFile.delete(file);
        applied += records.length;
      }
      if (applied > 0) await syncDir(this.dir);
      return applied;
    })().finally(() => {
      this.replaying = null;
    });
    return this.replaying;
  }

  /** Keep a record the database refused (bad data, not an outage) for a person to look at. */
  async reject(record: unknown, reason: string): Promise<void> {
    const line = JSON.stringify({ at: new Date().toISOString(), reason, record });
    // On disk before the segment that held it is deleted.
    const h = await open(path.join(this.dir, 'rejected', `${this.prefix}.jsonl`), 'a');
    try {
      await h.write(`${line}\n`);
      await h.datasync();
    } finally {
      await h.close();
    }
  }

  /** Flush and close the open segment (the data stays for the next start). */
  async close(): Promise<void> {
    await this.seal();
  }
}
