import type { Logger } from 'pino';
import type { Ledger } from '../../ledger/index.js';
import { todayInChina } from '../../ledger/validate.js';
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

  constructor(
    private readonly ledger: Ledger,
    private readonly rules: ReminderRule[],
    private readonly opts: { now?: () => Date; checkEveryMs?: number; debounceMs?: number; log?: Logger } = {},
  ) {}

  private today(): string {
    return todayInChina(this.opts.now?.() ?? new Date());
  }

  /** Check now, then every checkEveryMs (default 10 minutes) whether a new day has begun. */
  start(): void {
    const tick = () => {
      const today = this.today();
      if (today === this.lastDay) return;
      this.lastDay = today;
      runReminders(this.ledger, this.rules, { today, ...(this.opts.log ? { log: this.opts.log } : {}) }).catch((err) => {
        this.lastDay = null; // try again on the next tick
        this.opts.log?.error({ err }, 'daily reminder run failed');
      });
    };
    tick();
    this.timer = setInterval(tick, this.opts.checkEveryMs ?? 600_000);
    this.timer.unref();
  }

  factsChanged(enterpriseId: number): void {
    this.pending.add(enterpriseId);
    if (this.debounce) return;
    this.debounce = setTimeout(() => {
      this.debounce = null;
      const ids = [...this.pending];
      this.pending.clear();
      runReminders(this.ledger, this.rules, { today: this.today(), enterpriseIds: ids, ...(this.opts.log ? { log: this.opts.log } : {}) }).catch((err) =>
        this.opts.log?.error({ err, ids }, 'reminder run after a change failed'),
      );
    }, this.opts.debounceMs ?? 1000);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.debounce) clearTimeout(this.debounce);
  }
}
