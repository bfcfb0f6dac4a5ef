import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { auditRepo } from './audit.js';
import { bindCodesRepo } from './bindCodes.js';
import { chatLocks, type ChatLocks } from './chatLocks.js';
import { chatStateRepo } from './chatState.js';
import { audiencesRepo } from './audiences.js';
import { enterpriseEventsRepo } from './enterpriseEvents.js';
import { announceFactWrites, FactEvents, type FactsChanged } from './factEvents.js';
import { reminderFiringsRepo } from './reminderFirings.js';
import { sendRateRepo } from './sendRate.js';
import { consultationsRepo, type ConsultationWrite } from './consultations.js';
import { contactsRepo } from './contacts.js';
import { PgDb, PgliteDb, type Db } from './db.js';
import { enterprisesRepo } from './enterprises.js';
import { figuresRepo } from './figures.js';
import { followUpsRepo } from './followUps.js';
import { layoffsRepo } from './layoffs.js';
import { linkRequestsRepo } from './linkRequests.js';
import { loadLists, type Lists } from './lists.js';
import { migrate } from './migrate.js';
import { noticesRepo } from './notices.js';
import { notifications, type Notifications } from './notifications.js';
import { outboxRepo } from './outbox.js';
import { rateLimitsRepo } from './rateLimits.js';
import { ConsultationRecorder, type RecorderOptions, type SpooledConsultation } from './recorder.js';
import { ledgerRows } from './report.js';
import { Spool } from './spool.js';
import { stabilityPoliciesRepo } from './stabilityPolicies.js';
import { staffRepo } from './staff.js';
import { subscriptionsRepo } from './subscriptions.js';
import { sweepExpired } from './sweep.js';
import { webMessagesRepo } from './webMessages.js';

export type { Db } from './db.js';
export { isUnavailableError } from './db.js';
export { LedgerNotFoundError, LedgerValidationError, type FieldIssue, type Channel, CHANNELS } from './validate.js';
export { checkUscc, normalizeUscc } from './uscc.js';
export { TOPICS } from './topics.js';
export { SIZE_CLASSES, type Enterprise, type EnterpriseInput, type EnterprisePatch, type SizeClass } from './enterprises.js';
export { CONTACT_ROLES, type Contact, type ContactRole } from './contacts.js';
export type { Citation, Consultation, ConsultationSummary, ConsultationInput, Feedback, HandoffState, RecordResult } from './consultations.js';
export { CONSULTATION_KINDS, HANDOFF_STATES, type ConsultationKind } from './consultations.js';
export type { FollowUp } from './followUps.js';
export { GAP_STATUSES, questionKey, type GapStatus, type KnowledgeGap } from './knowledgeGaps.js';
export { KNOWN_POLICIES, type StabilityPolicy } from './stabilityPolicies.js';
export { requiresArticle41Report, type Layoff } from './layoffs.js';
export type { Notice } from './notices.js';
export type { ClaimedMessage, Delivery, OutboxItem, OutboxStatus } from './outbox.js';
export type { AudienceFilter, Recipient } from './audiences.js';
export type { EnterpriseEvent } from './enterpriseEvents.js';
export { STAFF_ROLES, type Staff, type StaffRole } from './staff.js';
export type { Subscription } from './subscriptions.js';
export type { AuditEntry } from './audit.js';
export { BIND_CODE_DAYS, normalizeBindCode, type BindCode, type RedeemResult } from './bindCodes.js';
export type { LinkRequest, LinkRequestStatus } from './linkRequests.js';
export type { TodayFigures } from './figures.js';
export { industryName, type District, type Industry, type Lists } from './lists.js';
export { LEDGER_COLUMNS, type LedgerRow } from './report.js';
export { ledgerFile, type ExportFormat } from './export.js';
export type { ChatLocks } from './chatLocks.js';
export type { Notifications } from './notifications.js';
export type { ChatStateRepo } from './chatState.js';
export type { RateLimitsRepo } from './rateLimits.js';
export { WEB_MESSAGES_CHANNEL, type WebMessage, type WebMessagesRepo } from './webMessages.js';
export type { ChatExchange } from './consultations.js';
export type { FactsChanged, FactsChangedListener } from './factEvents.js';

/** Every repository, bound to one Db (the pool, or a transaction). */
export function repositories(db: Db, lists: Lists, writeConsultation?: ConsultationWrite) {
  return {
    enterprises: enterprisesRepo(db, lists),
    contacts: contactsRepo(db),
    bindCodes: bindCodesRepo(db),
    linkRequests: linkRequestsRepo(db),
    consultations: consultationsRepo(db, writeConsultation),
    followUps: followUpsRepo(db),
    stabilityPolicies: stabilityPoliciesRepo(db),
    layoffs: layoffsRepo(db),
    notices: noticesRepo(db),
    outbox: outboxRepo(db),
    staff: staffRepo(db),
    subscriptions: subscriptionsRepo(db),
    audit: auditRepo(db),
    audiences: audiencesRepo(db),
    enterpriseEvents: enterpriseEventsRepo(db),
    reminderFirings: reminderFiringsRepo(db),
    sendRate: sendRateRepo(db),
    figures: figuresRepo(db),
    chatState: chatStateRepo(db),
    rateLimits: rateLimitsRepo(db),
    webMessages: webMessagesRepo(db),
    report: (filter?: { district?: string }) => ledgerRows(db, lists, filter),
  };
}
export type Repositories = ReturnType<typeof repositories>;

export interface Ledger extends Repositories {
  readonly db: Db;
  readonly lists: Lists;
  /** Consultations waiting in the local spool for the database. */
  readonly spooled: number;
  /** Per-chat ordering across every process on this database (advisory locks on PostgreSQL). */
  readonly chatLocks: ChatLocks;
  /** LISTEN/NOTIFY on this database (web messages announce themselves). */
  readonly notifications: Notifications;
  /**
   * Writes of an enterprise's facts through this ledger, announced once committed (after the
   * transaction, for writes inside one). Writes by another process are not seen here.
   */
  readonly facts: FactsChanged;
  /** Run fn in one transaction with repositories bound to it (consultations written there are not spooled). */
  transaction<T>(fn: (repos: Repositories) => Promise<T>): Promise<T>;
  /** Replay the spool now; throws if the database is still unreachable. Returns records replayed. */
  replaySpool(): Promise<number>;
  /** Blank chat text older than CHAT_RETENTION_DAYS (no-op when 0). Returns rows blanked. */
  applyRetention(now?: Date): Promise<number>;
  close(): Promise<void>;
}

export type LedgerConfig = Pick<Config, 'DATABASE_URL' | 'dataDir' | 'knowledgeDir' | 'CHAT_RETENTION_DAYS'>;

export interface OpenLedgerOptions {
  /** Use this database instead of the one the config names (tests, fault injection). */
  db?: Db;
  /** PostgreSQL schema to work in (put first on search_path); tests use one per file. */
  schema?: string;
  poolSize?: number;
  applicationName?: string;
  /** Districts/industries; read from knowledge/data/*.yaml when absent. */
  lists?: Lists;
  spoolDir?: string;
  recorder?: RecorderOptions;
  log?: Logger;
}

const DAY_MS = 86_400_000;
/** How often expired shared state (sessions, limits, web messages) is removed. */
const SWEEP_MS = 10 * 60_000;

/**
 * Open the ledger: PostgreSQL when DATABASE_URL is set, else PGlite in <dataDir>/pglite; apply
 * migrations; start replaying anything an earlier run left in <dataDir>/spool.
 */
export async function openLedger(config: LedgerConfig, options: OpenLedgerOptions = {}): Promise<Ledger> {
  const lists = options.lists ?? (await loadLists(config.knowledgeDir));
  const log = options.log;
  let db = options.db;
  if (!db) {
    if (config.DATABASE_URL) {
      db = new PgDb({
        connectionString: config.DATABASE_URL,
        ...(options.schema ? { schema: options.schema } : {}),
        ...(options.poolSize ? { max: options.poolSize } : {}),
        ...(options.applicationName ? { applicationName: options.applicationName } : {}),
        onError: (err) => log?.warn({ err }, 'idle database connection lost'),
      });
    } else {
      const dir = path.join(config.dataDir, 'pglite');
      await mkdir(dir, { recursive: true });
      db = await PgliteDb.open(dir);
    }
  }
  const theDb = db;
  try {
    const applied = await migrate(theDb);
    if (applied.length) log?.info({ applied, kind: theDb.kind }, 'ledger migrations applied');
  } catch (err) {
    await theDb.close();
    throw err;
  }

  const spool = await Spool.open<SpooledConsultation>(options.spoolDir ?? path.join(config.dataDir, 'spool'));
  const recorder = new ConsultationRecorder(theDb, spool, { ...(log ? { log } : {}), ...options.recorder });
  recorder.start();

  const facts = new FactEvents();
  const repos = announceFactWrites(repositories(theDb, lists, recorder.record), (id) => facts.emit(id));
  const retentionDays = config.CHAT_RETENTION_DAYS;
  const applyRetention = async (now = new Date()) => {
    if (retentionDays <= 0) return 0;
    // Messages sent to web visitors hold chat text too (staff replies): they go at the same age.
    await repos.webMessages.deleteOlderThan(retentionDays, now);
    return repos.consultations.blankTextOlderThan(retentionDays, now);
  };
  let retentionTimer: NodeJS.Timeout | null = null;
  if (retentionDays > 0) {
    const run = () =>
      applyRetention().then(
        (n) => n && log?.info({ blanked: n, retentionDays }, 'chat text past retention blanked'),
        (err) => log?.error({ err }, 'retention run failed'),
      );
    void run();
    retentionTimer = setInterval(run, DAY_MS);
    retentionTimer.unref();
  }

  const sweep = () =>
    sweepExpired(theDb).then(
      (n) => n && log?.debug({ removed: n }, 'expired chat state removed'),
      (err) => log?.warn({ err }, 'sweeping expired chat state failed'),
    );
  const sweepTimer = setInterval(sweep, SWEEP_MS);
  sweepTimer.unref();
  const locks = chatLocks(theDb, log);
  const listening = notifications(theDb, log);

  return {
    ...repos,
    db: theDb,
    lists,
    chatLocks: locks,
    notifications: listening,
    get spooled() {
      return recorder.spooled;
    },
    facts,
    async transaction(fn) {
      // Facts written inside are announced only once the transaction has committed, and once per enterprise.
      const touched = new Set<number>();
      const out = await theDb.transaction((tx) => fn(announceFactWrites(repositories(tx, lists), (id) => touched.add(id))));
      for (const id of touched) facts.emit(id);
      return out;
    },
    replaySpool: () => recorder.replay(),
    applyRetention,
    async close() {
      if (retentionTimer) clearInterval(retentionTimer);
      clearInterval(sweepTimer);
      await Promise.all([listening.close(), locks.close()]);
      await recorder.close();
      await theDb.close();
    },
  };
}
