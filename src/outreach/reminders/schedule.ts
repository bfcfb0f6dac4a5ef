import type { Logger } from 'pino';
import type { Ledger } from '../../ledger/index.js';
import { chinaDate } from '../../clock.js';
import { runReminders } from './run.js';
import type { ReminderRule } from './rules.js';

/**
 * Runs the rules once a day (the first check after the date in China changes) and, debounced, for
 * an enterprise whose facts changed (call factsChanged after a hire, layoff or headcount is recorded).
 * Safe to run in several processes: the firing's unique key decides who queues it.
 */
export class ReminderSchedule {
  private lastDay: string | null = null;
  private timer: NodeJS.Timeout | null = null;
  private pending = new Set<number>();
  private debounce: NodeJS.Timeout | null = null;
  private stopped = false;
  /** Runs in progress, so that stop() can wait for them (the ledger may close right after). */
  private readonly runs = new Set<Promise<unknown>>();

  constructor(
    private readonly ledger: Ledger,
    private readonly rules: ReminderRule[],
    private readonly opts: { now?: () => Date; checkEveryMs?: number; debounceMs?: number; log?: Logger } = {},
  ) {}

  private today(): string {
    return chinaDate(this.opts.now?.());
  }

  private track(p: Promise<unknown>): void {
    this.runs.add(p);
    void p.finally(() => this.runs.delete(p));
  }

  /** Check now, then every checkEveryMs (default 10 minutes) whether a new day has begun. */
  start(): void {
    this.stopped = false;
    const tick = () => {
      const today = this.today();
      if (today === this.lastDay || this.stopped) return;
      this.lastDay = today;
      this.track(
        runReminders(this.ledger, this.rules, { today, ...(this.opts.log ? { log: this.opts.log } : {}) }).catch((err) => {
          this.lastDay = null; // try again on the next tick
          this.opts.log?.error({ err }, 'daily reminder run failed');
        }),
      );
    };
    tick();
    this.timer = setInterval(tick, this.opts.checkEveryMs ?? 600_000);
    this.timer.unref();
  }

  factsChanged(enterpriseId: number): void {
    if (this.stopped) return;
    this.pending.add(enterpriseId);
    if (this.debounce) return;
    this.debounce = setTimeout(() => {
      this.debounce = null;
      const ids = [...this.pending];
      this.pending.clear();
      this.track(
        runReminders(this.ledger, this.rules, { today: this.today(), enterpriseIds: ids, ...(this.opts.log ? { log: this.opts.log } : {}) }).catch((err) =>
          this.opts.log?.error({ err, ids }, 'reminder run after a change failed'),
        ),
      );
    }, this.opts.debounceMs ?? 1000);
  }

  /** No more runs; resolves when the runs in progress have finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = null;
    this.pending.clear();
    await Promise.allSettled([...this.runs]);
  }
}
