import { z } from 'zod';
import { CONTACT_ROLES, type ContactRole } from './contacts.js';
import type { Db } from './db.js';
import { idSchema, parseInput, type Channel } from './validate.js';

/**
 * A chat contact's request to be linked to an enterprise that is already registered, for staff to
 * approve or reject in the console. The contact is linked (and so gets the enterprise's notices and
 * reminders) only by the approval, in the same statement that records it.
 */
export type LinkRequestStatus = 'pending' | 'approved' | 'rejected';

/** What the console shows of a request: the contact's name and channel, never its chat id. */
export interface LinkRequest {
  id: number;
  contactId: number;
  contactName: string;
  channel: Channel;
  role: ContactRole;
  enterpriseId: number;
  enterpriseName: string;
  status: LinkRequestStatus;
  requestedAt: Date;
  decidedBy: number | null;
  decidedByName: string | null;
  decidedAt: Date | null;
}

const LABELS: Record<string, string> = { contactId: '联系人', enterpriseId: '企业', role: '角色', id: '申请编号', staffId: '工作人员', decision: '审核结果' };
const roleSchema = z.enum(Object.keys(CONTACT_ROLES) as [ContactRole, ...ContactRole[]]);
const requestInput = z.strictObject({ contactId: idSchema, enterpriseId: idSchema, role: roleSchema });
const decideInput = z.strictObject({ id: idSchema, staffId: idSchema, decision: z.enum(['approved', 'rejected']) });

const SELECT = `SELECT r.id, r.contact_id AS "contactId", ct.display_name AS "contactName", ct.channel, r.role,
    r.enterprise_id AS "enterpriseId", e.name AS "enterpriseName", r.status, r.requested_at AS "requestedAt",
    r.decided_by AS "decidedBy", s.display_name AS "decidedByName", r.decided_at AS "decidedAt"
  FROM contact_link_requests r
  JOIN contacts ct ON ct.id = r.contact_id
  JOIN enterprises e ON e.id = r.enterprise_id
  LEFT JOIN staff s ON s.id = r.decided_by`;

/** Open link requests one enterprise may have at a time. */
export const MAX_PENDING_PER_ENTERPRISE = 20;

export function linkRequestsRepo(db: Db) {
  const get = async (id: number): Promise<LinkRequest | undefined> => (await db.query<LinkRequest>(`${SELECT} WHERE r.id = $1`, [id]))[0];

  return {
    get,

    /**
     * Ask to be linked; asking again while a request is open returns that request (created: false). An
     * enterprise with MAX_PENDING_PER_ENTERPRISE open requests takes no more (full): every new web visitor is
     * a new contact, so requests are otherwise free to make in bulk.
     */
    async request(input: z.input<typeof requestInput>): Promise<{ request: LinkRequest; created: boolean } | { full: true }> {
      const r = parseInput(requestInput, input, '关联申请', LABELS);
      const rows = await db.query<{ id: number }>(
        `INSERT INTO contact_link_requests (contact_id, enterprise_id, role)
         SELECT $1, $2, $3
         WHERE (SELECT count(*) FROM contact_link_requests WHERE enterprise_id = $2 AND status = 'pending' AND contact_id <> $1) < $4
         ON CONFLICT (contact_id, enterprise_id) WHERE status = 'pending' DO NOTHING RETURNING id`,
        [r.contactId, r.enterpriseId, r.role, MAX_PENDING_PER_ENTERPRISE],
      );
      if (rows[0]) return { request: (await get(rows[0].id))!, created: true };
      const open = await db.query<{ id: number }>(
        `SELECT id FROM contact_link_requests WHERE contact_id = $1 AND enterprise_id = $2 AND status = 'pending'`,
        [r.contactId, r.enterpriseId],
      );
      return open[0] ? { request: (await get(open[0].id))!, created: false } : { full: true };
    },

    /**
     * Open requests, oldest first (all enterprises, or one). A request whose contact got linked to that
     * enterprise meanwhile (by a 绑定码) is left out: there is nothing left to decide.
     */
    async listPending(enterpriseId?: number): Promise<LinkRequest[]> {
      return db.query<LinkRequest>(
        `${SELECT} WHERE r.status = 'pending' AND ct.enterprise_id IS DISTINCT FROM r.enterprise_id
           AND ($1::bigint IS NULL OR r.enterprise_id = $1::bigint)
         ORDER BY r.requested_at, r.id LIMIT 500`,
        [enterpriseId ?? null],
      );
    },

    /**
     * Approve (linking the contact, in the same statement) or reject an open request. Undefined when
     * it is not open any more (decided by someone else meanwhile) or does not exist.
     */
    async decide(input: z.input<typeof decideInput>): Promise<LinkRequest | undefined> {
      const d = parseInput(decideInput, input, '关联申请', LABELS);
      const rows = await db.query<{ id: number }>(
        `WITH decided AS (
           UPDATE contact_link_requests SET status = $2, decided_by = $3, decided_at = now()
           WHERE id = $1 AND status = 'pending'
           RETURNING id, contact_id, enterprise_id, role),
         linked AS (
           UPDATE contacts c SET enterprise_id = decided.enterprise_id, role = decided.role, updated_at = now()
           FROM decided WHERE $2 = 'approved' AND c.id = decided.contact_id
           RETURNING c.id)
         SELECT decided.id FROM decided`,
        [d.id, d.decision, d.staffId],
      );
      return rows[0] ? get(rows[0].id) : undefined;
    },
  };
}

export type LinkRequestsRepo = ReturnType<typeof linkRequestsRepo>;
