import type { Logger } from 'pino';
import { isUnavailableError, type Db } from './db.js';
import { insertConsultations, type ConsultationKind, type ConsultationRow, type RecordResult } from './consultations.js';
import type { Spool } from './spool.js';

/**
 * How a consultation sits in the spool: dates as ISO text, a version for future formats. knowledgeGap
 * is absent from lines written before migration 006 (read as false), kind from lines written before
 * migration 008 (read as a question), hence optional.
 */
export interface SpooledConsultation {
  v: 1;
  row: Omit<ConsultationRow, 'askedAt' | 'knowledgeGap' | 'kind'> & { askedAt: string; knowledgeGap?: boolean; kind?: ConsultationKind };
}

/** A spooled line back into the row it was made from. */
export function fromSpool(record: SpooledConsultation): ConsultationRow {
  return { ...record.row, askedAt: new Date(record.row.askedAt), knowledgeGap: record.row.knowledgeGap === true, kind: record.row.kind ?? 'question' };
}

export interface RecorderOptions {
  /** Waits between attempts before giving up and spooling; length = number of retries. */
  retryDelaysMs?: number[];
  /** How soon to try replaying after something was spooled, and the cap of the replay backoff. */
  replayDelayMs?: number;
  maxReplayDelayMs?: number;
  /** Concurrent INSERT statements at most; more callers are batched behind them. */
  maxConcurrentWrites?: number;
  /** Rows per coalesced INSERT at most. */
  maxBatch?: number;
  log?: Logger;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Waiting {
  row: ConsultationRow;
  resolve: (r: RecordResult) => void;
  reject: (err: unknown) => void;
}

function spooledResult(row: ConsultationRow): RecordResult {
  return { status: 'spooled', idempotencyKey: row.idempotencyKey };
}

/**
 * Writes consultations so that none is lost: retry a few times with backoff while the database is
 * unreachable, then append to the local spool and replay it, in order, once the database is back.
 * While anything is waiting in the spool, new records queue behind it, so the stored order matches
 * the order they were written in.
 */
export class ConsultationRecorder {
  private readonly retryDelays: number[];
  private readonly replayDelay: number;
  private readonly maxReplayDelay: number;
  private timer: NodeJS.Timeout | null = null;
  private background: Promise<void> | null = null;
  private lastAttempt = 0;
  private draining = false;
  private held: Waiting[] = [];
  private nextReplayDelay: number;
  private closed = false;
  private queue: Waiting[] = [];
  private inFlight = 0;
  private readonly maxInFlight: number;
  private readonly maxBatch: number;

  constructor(
    private readonly db: Db,
    private readonly spool: Spool<SpooledConsultation>,
    private readonly opts: RecorderOptions = {},
  ) {
    this.retryDelays = opts.retryDelaysMs ?? [50, 200, 800];
    this.replayDelay = opts.replayDelayMs ?? 1000;
    this.maxReplayDelay = opts.maxReplayDelayMs ?? 30_000;
    this.nextReplayDelay = this.replayDelay;
    this.maxInFlight = opts.maxConcurrentWrites ?? 4;
    this.maxBatch = opts.maxBatch ?? 500;
  }

  get spooled(): number {
    return this.spool.pending;
  }

  /**
   * Record one consultation. Calls that arrive while earlier writes are in flight are coalesced into
   * one multi-row INSERT (group commit): each caller still gets its own answer, and only after the
   * statement that carried its row committed. With no load a write goes out at once, alone.
   */
  record = (row: ConsultationRow): Promise<RecordResult> => {
    if (this.spool.pending > 0 && !this.draining) return this.toSpool([row]).then(() => spooledResult(row));
    return new Promise<RecordResult>((resolve, reject) => {
      if (this.spool.pending > 0) {
        this.held.push({ row, resolve, reject });
        return;
      }
      this.queue.push({ row, resolve, reject });
      this.pump();
    });
  };

  private pump(): void {
    while (this.inFlight < this.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.inFlight++;
      void this.writeBatch(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async writeBatch(batch: Waiting[]): Promise<void> {
    const rows = batch.map((w) => w.row);
    for (let attempt = 0; ; attempt++) {
      try {
        const inserted = await insertConsultations(this.db, rows);
        const missing = rows.filter((r) => !inserted.has(r.idempotencyKey)).map((r) => r.idempotencyKey);
        const existing = missing.length
          ? new Map(
              (await this.db.query<{ id: number; k: string }>(
                'SELECT id, idempotency_key AS k FROM consultations WHERE idempotency_key = ANY($1::text[])',
                [missing],
              )).map((r) => [r.k, r.id]),
            )
          : new Map<string, number>();
        for (const w of batch) {
          const key = w.row.idempotencyKey;
          const id = inserted.get(key);
          // Seen twice in one batch: the first copy is new, the second a duplicate of it.
          if (id !== undefined) {
            w.resolve({ status: 'stored', id, idempotencyKey: key, duplicate: false });
            inserted.delete(key);
            existing.set(key, id);
          } else {
            w.resolve({ status: 'stored', id: existing.get(key)!, idempotencyKey: key, duplicate: true });
          }
        }
        return;
      } catch (err) {
        if (!isUnavailableError(err)) {
          // Bad data in one row must not sink the others: write them one by one.
          if (batch.length === 1) batch[0]!.reject(err);
          else for (const w of batch) await this.writeBatch([w]);
          return;
        }
        const delay = this.retryDelays[attempt];
        if (delay === undefined) {
          this.opts.log?.warn({ err, rows: rows.length }, 'database unreachable, spooling consultations');
          break;
        }
        await sleep(delay * (0.75 + Math.random() * 0.5));
      }
    }
    try {
      await this.toSpool(rows);
      for (const w of batch) w.resolve(spooledResult(w.row));
    } catch (err) {
      for (const w of batch) w.reject(err);
    }
  }

  private async toSpool(rows: ConsultationRow[]): Promise<void> {
    await Promise.all(rows.map((row) => this.spool.append({ v: 1, row: { ...row, askedAt: row.askedAt.toISOString() } })));
    this.afterSpooled();
  }

  /**
   * Replay everything spooled. Each segment is inserted in one transaction (ON CONFLICT DO NOTHING on
   * the idempotency key) and removed only after commit. Rows the database refuses as bad data are set
   * aside in spool/rejected/ rather than blocking the rest. Throws if the database is still unreachable.
   */
  async replay(): Promise<number> {
    let total = 0;
    let reachable = false;
    try {
      // Appends that arrive while a replay runs land in a new segment: loop until the spool is empty.
      let pass: number;
      do {
        pass = await this.spool.replay(async (records) => {
          const rows = records.map(fromSpool);
          try {
            await this.db.transaction((tx) => insertConsultations(tx, rows));
          } catch (err) {
            if (isUnavailableError(err)) throw err;
            await this.insertOneByOne(rows, records);
          }
          // The database answers: hold new writes in memory until the spool is empty, so that a
          // steady stream of writes cannot keep the spool from ever draining.
          this.draining = true;
        });
        total += pass;
        // A pass that found nothing to apply ends the loop: what is pending then is left to the
        // background replay rather than spun on.
      } while (pass > 0 && this.spool.pending > 0 && !this.closed);
      reachable = true;
    } finally {
      this.draining = false;
      this.releaseHeld(reachable);
    }
    if (total > 0) this.opts.log?.info({ replayed: total }, 'spooled consultations replayed');
    return total;
  }

  /** Writes held during a drain go to the database first in line, or to the spool if it went away again. */
  private releaseHeld(reachable: boolean): void {
    const held = this.held.splice(0);
    if (held.length === 0) return;
    if (reachable) {
      this.queue.unshift(...held);
      this.pump();
      return;
    }
    this.toSpool(held.map((w) => w.row)).then(
      () => held.forEach((w) => w.resolve(spooledResult(w.row))),
      (err) => held.forEach((w) => w.reject(err)),
    );
  }

  private async insertOneByOne(rows: ConsultationRow[], records: SpooledConsultation[]): Promise<void> {
    for (let i = 0; i < rows.length; i++) {
      try {
        await insertConsultations(this.db, [rows[i]!]);
      } catch (err) {
        if (isUnavailableError(err)) throw err;
        this.opts.log?.error({ err, idempotencyKey: rows[i]!.idempotencyKey }, 'spooled consultation refused by the database');
        await this.spool.reject(records[i], (err as Error).message);
      }
    }
  }

  /** One background replay at a time; the outcome sets the delay before the next try. */
  private attemptReplay(): void {
    if (this.closed || this.background) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.lastAttempt = Date.now();
    this.background = this.replay()
      .then(
        () => {
          this.nextReplayDelay = this.replayDelay;
        },
        (err) => {
          this.nextReplayDelay = Math.min(this.nextReplayDelay * 2, this.maxReplayDelay);
          if (!isUnavailableError(err)) this.opts.log?.error({ err }, 'spool replay failed');
        },
      )
      .finally(() => {
        this.background = null;
        if (this.spool.pending > 0) this.schedule();
      });
  }

  /** Background replay with backoff while the database stays away. */
  private schedule(): void {
    if (this.timer || this.closed || this.background) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.attemptReplay();
    }, this.nextReplayDelay);
    this.timer.unref();
  }

  /**
   * After a spooled write: the backoff applies while nothing is written, but a steady stream of
   * writes probes the database every replayDelayMs, so the spool drains soon after it comes back.
   */
  private afterSpooled(): void {
    if (Date.now() - this.lastAttempt >= this.replayDelay) this.attemptReplay();
    else this.schedule();
  }

  /** Start replaying what an earlier run left behind. */
  start(): void {
    if (this.spool.pending > 0) this.schedule();
  }

  async close(): Promise<void> {
    // Let writes already accepted finish (or reach the spool) before the database goes.
    while (this.inFlight > 0 || this.queue.length > 0 || this.held.length > 0) await sleep(5);
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.background;
    await this.spool.close();
  }
}
