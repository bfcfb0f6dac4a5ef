import os from 'node:os';
import type { Logger } from 'pino';
import type { Ledger } from '../ledger/index.js';
import { Dispatcher, type DispatcherOptions, type OutreachSender } from './dispatcher.js';
import { loadReminderRules, type ReminderRule } from './reminders/rules.js';
import { ReminderSchedule } from './reminders/schedule.js';

/**
 * Outreach inside a long-running process (npm start): an outbox dispatcher for the channels this
 * process can send on, and the reminder schedule: the rules run once at start-up, again when the
 * date in China changes, and for an enterprise whose facts the ledger announces as changed (written
 * through it in this process).
 * Safe next to other processes doing the same (outreach-worker, a second app): rate slots and
 * reminder firings are decided in the database.
 */
export interface OutreachServiceOptions {
  ledger: Ledger;
  knowledgeDir: string;
  /** Reminder rules; knowledge/reminders.yaml when absent. */
  rules?: ReminderRule[];
  /** Worker name for the outbox; unique per process (host and pid) by default. */
  worker?: string;
  /** The clock of the reminder schedule (tests). */
  now?: () => Date;
  /** How often the schedule checks whether the date has changed (default 10 minutes). */
  checkEveryMs?: number;
  /** Fact changes within this window are evaluated together (default 1 s). */
  debounceMs?: number;
  /** Dispatcher tuning (limits, idleMs …). */
  dispatcher?: Omit<DispatcherOptions, 'ledger' | 'senders' | 'worker' | 'log'>;
  log?: Logger;
}

export class OutreachService {
  readonly schedule: ReminderSchedule;
  private dispatcher: Dispatcher | null = null;
  private running: Promise<void> | null = null;
  private readonly unsubscribe: () => void;

  constructor(private readonly o: OutreachServiceOptions) {
    const rules = o.rules ?? loadReminderRules(o.knowledgeDir);
    this.schedule = new ReminderSchedule(o.ledger, rules, {
      ...(o.now ? { now: o.now } : {}),
      ...(o.checkEveryMs ? { checkEveryMs: o.checkEveryMs } : {}),
      ...(o.debounceMs !== undefined ? { debounceMs: o.debounceMs } : {}),
      ...(o.log ? { log: o.log } : {}),
    });
    // Subscribed from construction on, as before: a fact written before start() is evaluated too.
    this.unsubscribe = o.ledger.facts.on((id) => this.schedule.factsChanged(id));
  }

  /** Start the reminder schedule (its first run is now) and a dispatcher for these senders. */
  start(senders: OutreachSender[]): void {
    this.schedule.start();
    if (senders.length === 0 || this.dispatcher) return;
    this.dispatcher = new Dispatcher({
      ...this.o.dispatcher,
      ledger: this.o.ledger,
      senders,
      worker: this.o.worker ?? `app:${os.hostname()}:${process.pid}`,
      ...(this.o.log ? { log: this.o.log } : {}),
    });
    this.running = this.dispatcher.start().catch((err: unknown) => this.o.log?.error({ err }, 'outbox dispatcher stopped on an error'));
    this.o.log?.info({ channels: senders.map((s) => s.channel) }, 'outbox dispatcher started');
  }

  get stats() {
    return this.dispatcher?.stats;
  }

  /** Stop the schedule (waiting for a run in progress), finish the sends in hand, release the rest. */
  async stop(): Promise<void> {
    this.unsubscribe();
    await this.schedule.stop();
    await this.dispatcher?.stop();
    await this.running;
  }
}
