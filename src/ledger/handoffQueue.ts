import type { Db } from './db.js';
import type { HandoffState } from './consultations.js';

/** One open hand-off as the console's queue shows it. */
export interface QueuedHandoff {
  id: number;
  askedAt: Date;
  channel: string;
  handoffState: Extract<HandoffState, 'requested' | 'claimed'>;
  /** When the user started waiting for a person (the request; asked_at unless the state was set later). */
  waitingSince: Date;
  /** When a staff member claimed it (claimed only). */
  claimedAt: Date | null;
  claimedByName: string | null;
  question: string;
  /** The same contact's question before this one: a bare "人工" says little by itself. */
  previousQuestion: string | null;
  enterpriseId: number | null;
  enterpriseName: string | null;
  district: string | null;
  contactName: string | null;
}

/** A hand-off the user left before staff closed it (取消, 结束人工). */
export interface WithdrawnHandoff {
  id: number;
  askedAt: Date;
  withdrawnAt: Date;
  channel: string;
  question: string;
  previousQuestion: string | null;
  enterpriseId: number | null;
  enterpriseName: string | null;
  contactName: string | null;
}

export function handoffQueueRepo(db: Db) {
  return {
    /** Hand-offs withdrawn by their users since `since`, the latest first. */
    async withdrawn(since: Date, limit = 50): Promise<WithdrawnHandoff[]> {
      return db.query<WithdrawnHandoff>(
        `SELECT c.id, c.asked_at AS "askedAt", c.handoff_at AS "withdrawnAt", c.channel, c.question,
           (SELECT p.question FROM consultations p
             WHERE c.contact_id IS NOT NULL AND p.contact_id = c.contact_id AND p.id < c.id AND p.kind = 'question' ORDER BY p.id DESC LIMIT 1) AS "previousQuestion",
           c.enterprise_id AS "enterpriseId", e.name AS "enterpriseName", ct.display_name AS "contactName"
         FROM consultations c
         LEFT JOIN enterprises e ON e.id = c.enterprise_id
         LEFT JOIN contacts ct ON ct.id = c.contact_id
         WHERE c.handoff_state = 'withdrawn' AND c.handoff_at >= $1
         ORDER BY c.handoff_at DESC, c.id DESC
         LIMIT $2`,
        [since, limit],
      );
    },

    /**
     * Open hand-offs for the console's queue: unclaimed ones first, oldest first (the longest wait at the
     * top), then those being handled, oldest first.
     */
    async open(limit = 500): Promise<QueuedHandoff[]> {
      return db.query<QueuedHandoff>(
        `SELECT c.id, c.asked_at AS "askedAt", c.channel, c.handoff_state AS "handoffState",
           CASE WHEN c.handoff_state = 'requested' THEN coalesce(c.handoff_at, c.asked_at) ELSE c.asked_at END AS "waitingSince",
           CASE WHEN c.handoff_state = 'claimed' THEN c.handoff_at END AS "claimedAt",
           s.display_name AS "claimedByName", c.question,
           (SELECT p.question FROM consultations p
             WHERE c.contact_id IS NOT NULL AND p.contact_id = c.contact_id AND p.id < c.id ORDER BY p.id DESC LIMIT 1) AS "previousQuestion",
           c.enterprise_id AS "enterpriseId", e.name AS "enterpriseName", e.district, ct.display_name AS "contactName"
         FROM consultations c
         LEFT JOIN enterprises e ON e.id = c.enterprise_id
         LEFT JOIN contacts ct ON ct.id = c.contact_id
         LEFT JOIN staff s ON s.id = c.handoff_staff_id
         WHERE c.handoff_state IN ('requested', 'claimed')
         ORDER BY c.handoff_state = 'claimed', "waitingSince", c.id
         LIMIT $1`,
        [limit],
      );
    },
  };
}

export type HandoffQueueRepo = ReturnType<typeof handoffQueueRepo>;
