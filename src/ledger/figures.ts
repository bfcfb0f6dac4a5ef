import { chinaDate, chinaDayStart } from '../clock.js';
import type { Db } from './db.js';

/** Today's counts for staff in chat: "today" is the calendar day in China (UTC+8), whatever the server's zone. */
export interface TodayFigures {
  day: string;
  /** Questions asked today (onboarding steps, buttons and commands are not counted). */
  consultations: number;
  openHandoffs: number;
  newEnterprises: number;
  newContacts: number;
}

export function figuresRepo(db: Db) {
  return {
    async today(now: Date = new Date()): Promise<TodayFigures> {
      const day = chinaDate(now);
      const start = chinaDayStart(day);
      const rows = await db.query<Omit<TodayFigures, 'day'>>(
        `SELECT
           (SELECT count(*)::int FROM consultations WHERE asked_at >= $1 AND kind = 'question') AS consultations,
           (SELECT count(*)::int FROM consultations WHERE handoff_state IN ('requested', 'claimed')) AS "openHandoffs",
           (SELECT count(*)::int FROM enterprises WHERE created_at >= $1) AS "newEnterprises",
           (SELECT count(*)::int FROM contacts WHERE created_at >= $1) AS "newContacts"`,
        [start],
      );
      return { day, ...rows[0]! };
    },
  };
}
