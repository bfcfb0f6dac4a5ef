import { readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chinaDateTime } from '../clock.js';

/**
 * One process at a time on the embedded database. PGlite has no server in front of its files: a
 * second process opening the same folder writes beside the first one's cached pages, so what it writes
 * is never seen by the first (or damages the files). The process that opens the folder holds
 * `<folder>.lock` (DATA_DIR/pglite.lock) with its pid and start time; another process refuses at once.
 * A lock whose pid is gone, or now belongs to another process (pid reused: other start time), is stale
 * and taken over.
 */

export interface LockHolder {
  pid: number;
  /** Process start in clock ticks since boot (Linux /proc/<pid>/stat field 22); null where unknown. */
  startTicks: number | null;
  /** When the lock was taken (ISO). */
  since: string;
  /** What the holder was started as, for the message ("npm start", "npm run chat" …). */
  command: string;
  host: string;
}

export class DatabaseInUseError extends Error {
  override name = 'DatabaseInUseError';
  constructor(
    readonly lockFile: string,
    readonly holder: LockHolder,
  ) {
    const since = new Date(holder.since);
    const when = Number.isNaN(since.getTime()) ? '' : `，自 ${chinaDateTime(since)} 起`;
    super(
      `内置数据库（${path.dirname(lockFile)}）正被另一个进程使用（${holder.command}，进程号 ${holder.pid}${when}）。` +
        '内置数据库同一时间只能由一个进程打开：请先停止该进程（如正在运行的 npm start）再运行本命令；' +
        '或设置 DATABASE_URL 改用 PostgreSQL，服务和各命令即可同时使用同一个数据库。',
    );
  }
}

/** Start time of a process in clock ticks since boot, or null where /proc is not there. */
export function processStartTicks(pid: number | 'self'): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 2 (comm) is in parentheses and may contain spaces: count fields after the last ')'.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(rest[19]); // field 22 overall
    return Number.isFinite(ticks) ? ticks : null;
  } catch {
    return null;
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Is the process that wrote this lock still the one running under its pid? */
export function holderAlive(h: LockHolder): boolean {
  // Written on another machine (a shared folder): its pid says nothing here, so assume it is running.
  if (h.host && h.host !== os.hostname()) return true;
  // Our own pid on a lock we do not hold: left by an earlier process that had this pid (a container's pid 1).
  if (h.pid === process.pid) return false;
  if (!Number.isInteger(h.pid) || h.pid <= 0 || !pidAlive(h.pid)) return false;
  if (h.startTicks === null) return true;
  const now = processStartTicks(h.pid);
  return now === null || now === h.startTicks;
}

function commandName(): string {
  const event = process.env.npm_lifecycle_event;
  if (event) return event === 'start' ? 'npm start' : `npm run ${event}`;
  const script = process.argv[1];
  return script ? path.basename(script) : 'node';
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const h = JSON.parse(text) as Partial<LockHolder>;
    if (typeof h.pid !== 'number') return undefined;
    return { pid: h.pid, startTicks: typeof h.startTicks === 'number' ? h.startTicks : null, since: String(h.since ?? ''), command: String(h.command ?? '未知命令'), host: String(h.host ?? '') };
  } catch {
    return undefined;
  }
}

export interface DirLock {
  readonly file: string;
  release(): void;
}

/** Held in this process, by file: a second open of the same folder in one process is refused too. */
const held = new Map<string, string>();
let exitHook = false;

/**
 * Take `file` for this process or throw DatabaseInUseError naming the holder. Released by release(),
 * and in any case when the process exits normally; after a crash the next opener finds it stale.
 */
export function acquireLock(lockFile: string): DirLock {
  const file = path.resolve(lockFile);
  const me: LockHolder = {
    pid: process.pid,
    startTicks: processStartTicks('self'),
    since: new Date().toISOString(),
    command: commandName(),
    host: os.hostname(),
  };
  const text = `${JSON.stringify(me)}\n`;
  if (held.has(file)) throw new DatabaseInUseError(file, parseHolder(held.get(file)!) ?? me);
  for (let attempt = 0; attempt < 20; attempt++) {
    try {
      writeFileSync(file, text, { flag: 'wx', mode: 0o644 });
      held.set(file, text);
      if (!exitHook) {
        exitHook = true;
        process.once('exit', () => {
          for (const [f, t] of held) removeIfOurs(f, t);
        });
      }
      return {
        file,
        release() {
          const t = held.get(file);
          if (t !== text) return;
          held.delete(file);
          removeIfOurs(file, text);
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    let current: string;
    try {
      current = readFileSync(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue; // released meanwhile: try again
      throw err;
    }
    const holder = parseHolder(current);
    if (!holder) {
      // Another opener has created the file and not yet written it; a file left empty by a crash is old.
      let age = 0;
      try {
        age = Date.now() - statSync(file).mtimeMs;
      } catch {
        continue;
      }
      if (age < 2_000) {
        sleepSync(50);
        continue;
      }
    } else if (holderAlive(holder)) {
      throw new DatabaseInUseError(file, holder);
    }
    // Stale: its process is gone. Remove it only if it is still the stale one we read.
    removeIfOurs(file, current);
  }
  throw new Error(`无法取得内置数据库的锁文件 ${file}`);
}

function removeIfOurs(file: string, text: string): void {
  try {
    if (readFileSync(file, 'utf8') === text) unlinkSync(file);
  } catch {
    // Already gone.
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
