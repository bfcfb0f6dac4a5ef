import type { Logger } from 'pino';
import type { Ledger, Staff } from '../ledger/index.js';
import type { ConsultationSearchRepo } from '../ledger/consultationSearch.js';
import type { DashboardRepo } from '../ledger/dashboard.js';
import type { GuideDraftsRepo } from '../ledger/guideDrafts.js';
import type { HandoffQueueRepo } from '../ledger/handoffQueue.js';
import type { KnowledgeGapsRepo } from '../ledger/knowledgeGaps.js';
import type { ReviewsRepo } from '../ledger/reviews.js';
import type { SessionsRepo } from '../ledger/sessions.js';
import type { KnowledgeDeps } from './knowledge/deps.js';
import type { KnowledgeJob } from './knowledge/job.js';

/** What officeApp needs from the outside. */
export interface OfficeDeps {
  ledger: Ledger;
  /** Where the app is mounted; links and redirects use it. Default '/office'. */
  basePath?: string;
  /** Mark cookies Secure: true, false, or 'auto' (when the request arrived over https, default). */
  secureCookies?: boolean | 'auto';
  /** Honour X-Forwarded-Proto when deciding 'auto' (set when behind a TLS-terminating proxy). */
  trustProxy?: boolean;
  /** Session lifetime in hours (default 8). */
  sessionHours?: number;
  log?: Logger;
  /** The knowledge page (upload and rebuild); absent = the page says it is not configured. */
  knowledge?: KnowledgeDeps;
  /** Replying to handed-off users from the consultation page; absent = the page says it is not configured. */
  handoff?: OfficeHandoff;
  /** The broadcast composer (notices to enterprises); absent = the page says it is not configured. */
  outreach?: OutreachDeps;
  /** The console's clock: hand-off waiting times, and today's date in forms and file names (injected in tests). */
  now?: () => Date;
}

/**
 * Reaching the user of a handed-off consultation in their chat (Assistant.replyToHandoff / closeHandoff).
 * `staff` names who did it for the audit (office:username), `staffId` is the office account. Rejects with
 * an Error whose message is for the staff member (not in hand-off, user's chat unknown, send failed).
 */
export interface OfficeHandoff {
  reply(consultationId: number, text: string, staff: string, staffId?: number): Promise<void>;
  close(consultationId: number, staff: string, staffId?: number): Promise<void>;
}

export interface OutreachDeps {
  /** knowledge/: the policies a notice may link to. */
  knowledgeDir: string;
  /** Today's date in China, YYYY-MM-DD (injected in tests). */
  today?: () => string;
}

/** The deps with defaults filled in and the console's own repositories bound to the ledger's database. */
export interface Office {
  ledger: Ledger;
  base: string;
  /** The dashboard's address: base itself ('/office'), or '/' when mounted at the root. */
  home: string;
  secureCookies: boolean | 'auto';
  trustProxy: boolean;
  sessionMs: number;
  log: Logger | undefined;
  sessions: SessionsRepo;
  reviews: ReviewsRepo;
  search: ConsultationSearchRepo;
  dashboard: DashboardRepo;
  knowledge: KnowledgeDeps | undefined;
  handoff: OfficeHandoff | undefined;
  outreach: OutreachDeps | undefined;
  knowledgeJob: KnowledgeJob;
  drafts: GuideDraftsRepo;
  queue: HandoffQueueRepo;
  gaps: KnowledgeGapsRepo;
  now: () => Date;
  /** Today's date in China by `now`, 'YYYY-MM-DD': the default of the console's date fields. */
  today: () => string;
}

export type OfficeEnv = {
  Variables: {
    staff: Staff;
    csrf: string;
    tokenHash: string;
  };
};
