import type { Logger } from 'pino';
import { isUnavailableError, type Db } from './db.js';
import { insertConsultation, insertConsultations, type ConsultationRow, type RecordResult } from './consultations.js';
import type { Spool } from './spool.js';

/** How a consultation sits in the spool: dates as ISO text, a version for future formats. */
interface SpooledConsultation {
  v: 1;
  row: Omit<ConsultationRow, 'askedAt'> & { askedAt: string };
}

export interface RecorderOptions {
  /** Waits between attempts before giving up and spooling; length = number of retries. */
  retryDelaysMs?: number[];
  /** How soon to try replaying after something was spooled, and the cap of the replay backoff. */
  replayDelayMs?: number;
  maxReplayDelayMs?: number;
  log?: Logger;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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
  private nextReplayDelay: number;
  private closed = false;

  constructor(
    private readonly db: Db,
    private readonly spool: Spool<SpooledConsultation>,
    private readonly opts: RecorderOptions = {},
  ) {
    this.retryDelays = opts.retryDelaysMs ?? [50, 200, 800];
    this.replayDelay = opts.replayDelayMs ?? 1000;
    this.maxReplayDelay = opts.maxReplayDelayMs ?? 30_000;
    this.nextReplayDelay = this.replayDelay;
  }

  get spooled(): number {
    return this.spool.pending;
  }

  record = async (row: ConsultationRow): Promise<RecordResult> => {
    if (this.spool.pending === 0) {
      for (let attempt = 0; ; attempt++) {
        try {
          return await insertConsultation(this.db, row);
        } catch (err) {
          if (!isUnavailableError(err)) throw err;
          const delay = this.retryDelays[attempt];
          if (delay === undefined) {
            this.opts.log?.warn({ err, idempotencyKey: row.idempotencyKey }, 'database unreachable, spooling consultation');
            break;
          }
          await sleep(delay * (0.75 + Math.random() * 0.5));
        }
      }
    }
    await this.spool.append({ v: 1, row: { ...row, askedAt: row.askedAt.toISOString() } });
    this.schedule();
    return { status: 'spooled', idempotencyKey: row.idempotencyKey };
  };

  /**
   * Replay everything spooled. Each segment is inserted in one transaction (ON CONFLICT DO NOTHING on
   * the idempotency key) and removed only after commit. Rows the database refuses as bad data are set
   * aside in spool/rejected/ rather than blocking the rest. Throws if the database is still unreachable.
   */
  async replay(): Promise<number> {
    let total = 0;
    // Appends that arrive while a replay runs land in a new segment: loop until the spool is empty.
    do {
      total += await this.spool.replay(async (records) => {
        const rows = records.map((r) => ({ ...r.row, askedAt: new Date(r.row.askedAt) }));
        try {
          await this.db.transaction((tx) => insertConsultations(tx, rows));
        } catch (err) {
          if (isUnavailableError(err)) throw err;
          await this.insertOneByOne(rows, records);
        }
      });
    } while (this.spool.pending > 0 && !this.closed);
    if (total > 0) this.opts.log?.info({ replayed: total }, 'spooled consultations replayed');
    return total;
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

  /** Background replay with backoff while the database stays away. */
  private schedule(): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.replay().then(
        () => {
          this.nextReplayDelay = this.replayDelay;
          if (this.spool.pending > 0) this.schedule();
        },
        (err) => {
          this.nextReplayDelay = Math.min(this.nextReplayDelay * 2, this.maxReplayDelay);
          if (!isUnavailableError(err)) this.opts.log?.error({ err }, 'spool replay failed');
          this.schedule();
        },
      );
    }, this.nextReplayDelay);
    this.timer.unref();
  }

  /** Start replaying what an earlier run left behind. */
  start(): void {
    if (this.spool.pending > 0) this.schedule();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.spool.close();
  }
}
