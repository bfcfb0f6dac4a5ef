import type { Db } from './db.js';
import type { Staff } from './staff.js';

/** Office console sign-in sessions (migration 003). Callers pass the token's hash, never the token. */
export interface StaffSession {
  tokenHash: string;
  staffId: number;
  csrfToken: string;
  expiresAt: Date;
}

const STAFF_COLUMNS = `s.id, s.username, s.display_name AS "displayName", s.role, s.phone, s.failed_attempts AS "failedAttempts",
  s.locked_until AS "lockedUntil", s.active, s.created_at AS "createdAt"`;

export function sessionsRepo(db: Db) {
  return {
    async create(session: StaffSession & { userAgent?: string }): Promise<void> {
      await db.query(
        `INSERT INTO staff_sessions (token_hash, staff_id, csrf_token, expires_at, user_agent) VALUES ($1, $2, $3, $4, $5)`,
        [session.tokenHash, session.staffId, session.csrfToken, session.expiresAt, (session.userAgent ?? '').slice(0, 300)],
      );
    },

    /** The live session and its (active) account, or undefined when unknown, expired or the account is disabled. */
    async find(tokenHash: string): Promise<{ session: StaffSession; staff: Staff } | undefined> {
      const rows = await db.query<Staff & { csrfToken: string; expiresAt: Date }>(
        `SELECT ${STAFF_COLUMNS}, x.csrf_token AS "csrfToken", x.expires_at AS "expiresAt"
         FROM staff_sessions x JOIN staff s ON s.id = x.staff_id
         WHERE x.token_hash = $1 AND x.expires_at > now() AND s.active`,
        [tokenHash],
      );
      const r = rows[0];
      if (!r) return undefined;
      const { csrfToken, expiresAt, ...staff } = r;
      return { session: { tokenHash, staffId: staff.id, csrfToken, expiresAt }, staff };
    },

    async delete(tokenHash: string): Promise<void> {
      await db.query(`DELETE FROM staff_sessions WHERE token_hash = $1`, [tokenHash]);
    },

    /** Sign an account out everywhere (its password was reset), except the session doing it. */
    async deleteForStaff(staffId: number, keepTokenHash = ''): Promise<number> {
      return (await db.query(`DELETE FROM staff_sessions WHERE staff_id = $1 AND token_hash <> $2 RETURNING 1`, [staffId, keepTokenHash])).length;
    },

    async deleteExpired(): Promise<number> {
      return (await db.query(`DELETE FROM staff_sessions WHERE expires_at <= now() RETURNING 1`)).length;
    },
  };
}

export type SessionsRepo = ReturnType<typeof sessionsRepo>;
