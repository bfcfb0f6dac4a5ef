import os from 'node:os';
import type { Logger } from 'pino';
import type { Ledger, Repositories } from '../ledger/index.js';
import { Dispatcher, type DispatcherOptions, type OutreachSender } from './dispatcher.js';
import { loadReminderRules, type ReminderRule } from './reminders/rules.js';
import { ReminderSchedule } from './reminders/schedule.js';

/**
 * Outreach inside a long-running process (npm start): an outbox dispatcher for the channels this
 * process can send on, and the reminder schedule: the rules run once at start-up, again when the
 * date in China changes, and for an enterprise whose facts were just written through `ledger`.
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

/** Repository writes that change what reminder rules read, and the enterprise each concerns. */
const FACT_WRITES: Record<string, Record<string, (args: unknown[], result: unknown) => unknown>> = {
  enterprises: {
    create: (_a, r) => (r as { id: number }).id,
    ensure: (_a, r) => (r as { enterprise: { id: number } }).enterprise.id,
    update: (a) => a[0],
    recordHeadcount: (a) => (a[0] as { enterpriseId: number }).enterpriseId,
  },
  layoffs: { add: (_a, r) => (r as { enterpriseId: number }).enterpriseId },
  enterpriseEvents: { add: (_a, r) => (r as { enterpriseId: number }).enterpriseId },
  // A first chat contact lets a reminder that had no one to go to go now.
  contacts: { upsert: (_a, r) => (r as { enterpriseId: number | null }).enterpriseId, link: (_a, r) => (r as { enterpriseId: number | null }).enterpriseId },
  // A contact linked to a registered enterprise by a 绑定码 or by approval in the console (issue 14).
  bindCodes: { redeem: (_a, r) => ((r as { ok: boolean }).ok ? (r as { contact: { enterpriseId: number | null } }).contact.enterpriseId : undefined) },
  linkRequests: { decide: (_a, r) => ((r as { status?: string } | undefined)?.status === 'approved' ? (r as { enterpriseId: number }).enterpriseId : undefined) },
};

function watchRepos<T extends Partial<Repositories>>(repos: T, changed: (enterpriseId: number) => void): T {
  const wrapped = new Map<PropertyKey, unknown>();
  return new Proxy(repos, {
    get(target, prop, receiver) {
      const repo = Reflect.get(target, prop, receiver) as Record<string, unknown> | undefined;
      const writes = typeof prop === 'string' ? FACT_WRITES[prop] : undefined;
      if (!writes || !repo) return repo;
      if (!wrapped.has(prop)) {
        wrapped.set(
          prop,
          new Proxy(repo, {
            get(r, name, rr) {
              const fn = Reflect.get(r, name, rr) as unknown;
              const pick = typeof name === 'string' ? writes[name] : undefined;
              if (!pick || typeof fn !== 'function') return fn;
              return async (...args: unknown[]) => {
                const result = (await (fn as (...a: unknown[]) => Promise<unknown>).apply(r, args)) as unknown;
                const id = pick(args, result);
                if (typeof id === 'number') changed(id);
                return result;
              };
            },
          }),
        );
      }
      return wrapped.get(prop);
    },
  });
}

/**
 * The ledger as seen by code that writes facts (chat onboarding, the office console): the same ledger,
 * but a write of an enterprise's facts calls `changed(enterpriseId)` once it is committed (after the
 * transaction, for writes inside one).
 */
export function watchFacts(ledger: Ledger, changed: (enterpriseId: number) => void): Ledger {
  const outer = watchRepos(ledger, changed);
  return new Proxy(outer, {
    get(target, prop, receiver) {
      if (prop !== 'transaction') return Reflect.get(target, prop, receiver);
      return async <T>(fn: (repos: Repositories) => Promise<T>): Promise<T> => {
        const touched = new Set<number>();
        const out = await ledger.transaction((tx) => fn(watchRepos(tx, (id) => touched.add(id))));
        for (const id of touched) changed(id);
        return out;
      };
    },
  });
}

export class OutreachService {
  /** Hand this ledger to the code that writes enterprise facts, so reminders follow the changes. */
  readonly ledger: Ledger;
  readonly schedule: ReminderSchedule;
  private dispatcher: Dispatcher | null = null;
  private running: Promise<void> | null = null;

  constructor(private readonly o: OutreachServiceOptions) {
    const rules = o.rules ?? loadReminderRules(o.knowledgeDir);
    this.schedule = new ReminderSchedule(o.ledger, rules, {
      ...(o.now ? { now: o.now } : {}),
      ...(o.checkEveryMs ? { checkEveryMs: o.checkEveryMs } : {}),
      ...(o.debounceMs !== undefined ? { debounceMs: o.debounceMs } : {}),
      ...(o.log ? { log: o.log } : {}),
    });
    this.ledger = watchFacts(o.ledger, (id) => this.schedule.factsChanged(id));
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
    await this.schedule.stop();
    await this.dispatcher?.stop();
    await this.running;
  }
}
