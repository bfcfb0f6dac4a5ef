import type { Db } from './db.js';

/** Reminder rule × enterprise × period, recorded once: the unique key stops a second firing. */
export function reminderFiringsRepo(db: Db) {
  return {
    /** Claim the firing; false when this enterprise already had this rule in this period. */
    async claim(enterpriseId: number, ruleId: string, period: string): Promise<number | null> {
      const rows = await db.query<{ id: number }>(
        `INSERT INTO reminder_firings (enterprise_id, rule_id, period) VALUES ($1, $2, $3)
         ON CONFLICT (enterprise_id, rule_id, period) DO NOTHING RETURNING id`,
        [enterpriseId, ruleId, period],
      );
      return rows[0]?.id ?? null;
    },

    async attachNotice(firingId: number, noticeId: number): Promise<void> {
      await db.query(`UPDATE reminder_firings SET notice_id = $2 WHERE id = $1`, [firingId, noticeId]);
    },

    async list(enterpriseId?: number): Promise<{ enterpriseId: number; ruleId: string; period: string; noticeId: number | null }[]> {
      return db.query(
        `SELECT enterprise_id AS "enterpriseId", rule_id AS "ruleId", period, notice_id AS "noticeId" FROM reminder_firings
         WHERE ($1::bigint IS NULL OR enterprise_id = $1) ORDER BY id`,
        [enterpriseId ?? null],
      );
    },
  };
}

export type ReminderFiringsRepo = ReturnType<typeof reminderFiringsRepo>;
