import { CHINA_TIME_ZONE, chinaDate } from '../clock.js';
import type { Db } from './db.js';

/** Figures for the office console's dashboard; every date is a calendar day in the bureau's time zone. */
export interface DashboardFigures {
  /** Questions per day (consultations of kind 'question'; onboarding, buttons, commands are not counted). */
  perDay: { day: string; n: number }[];
  topTopics: { topic: string; n: number }[];
  /** Questions in the period. */
  total: number;
  /** Hand-offs asked for in the period (by a 人工 request or a sensitive question), not counting those the user withdrew. */
  /** "人工" typed as a message of its own (kind handoff): with the questions, what the hand-off rate is out of. */
  requests: number;
  handedOff: number;
  /** Hand-offs the user withdrew (取消 while waiting). */
  withdrawn: number;
  helpful: number;
  unhelpful: number;
  /** Plan targets (see targetDefinitions in src/office for the wording shown to staff). */
  newEnterprisesServed: number;
  largeOrStrugglingServed: number;
  cultivatedThisYear: number;
}

/** Consultations are instants; SQL turns each into its day in China to count it. */
const TZ = `'${CHINA_TIME_ZONE}'`;

/** An enterprise counts as served once it has a question or a follow-up on record. */
const SERVED = `(EXISTS (SELECT 1 FROM consultations c WHERE c.enterprise_id = e.id AND c.kind = 'question')
  OR EXISTS (SELECT 1 FROM follow_ups f WHERE f.enterprise_id = e.id))`;

export function dashboardRepo(db: Db) {
  return {
    async figures(options: { days?: number; now?: Date } = {}): Promise<DashboardFigures> {
      const days = options.days ?? 30;
      const now = options.now ?? new Date();
      const today = chinaDate(now);
      const perDay = await db.query<{ day: string; n: number }>(
        `SELECT to_char(d, 'YYYY-MM-DD') AS day, coalesce(x.n, 0)::int AS n
         FROM generate_series($1::date - ($2::int - 1), $1::date, interval '1 day') d
         LEFT JOIN (SELECT (asked_at AT TIME ZONE ${TZ})::date AS day, count(*) AS n FROM consultations WHERE kind = 'question' GROUP BY 1) x ON x.day = d::date
         ORDER BY d`,
        [today, days],
      );
      const topTopics = await db.query<{ topic: string; n: number }>(
        `SELECT t.title AS topic, count(*)::int AS n
         FROM consultations c, jsonb_array_elements(c.citations) el, LATERAL (SELECT el->>'title' AS title) t
         WHERE c.kind = 'question' AND c.asked_at >= $1::timestamptz - ($2::int * interval '1 day') AND t.title IS NOT NULL AND t.title <> ''
         GROUP BY t.title ORDER BY n DESC, topic LIMIT 8`,
        [now, days],
      );
      const totals = (
        await db.query<{ total: number; requests: number; handedOff: number; withdrawn: number; helpful: number; unhelpful: number }>(
          `SELECT count(*) FILTER (WHERE kind = 'question')::int AS total,
             count(*) FILTER (WHERE kind = 'handoff')::int AS requests,
             count(*) FILTER (WHERE handoff_state IN ('requested', 'claimed', 'resolved'))::int AS "handedOff",
             count(*) FILTER (WHERE handoff_state = 'withdrawn')::int AS withdrawn,
             count(*) FILTER (WHERE feedback = 'helpful')::int AS helpful, count(*) FILTER (WHERE feedback = 'unhelpful')::int AS unhelpful
           FROM consultations WHERE asked_at >= $1::timestamptz - ($2::int * interval '1 day')`,
          [now, days],
        )
      )[0]!;
      const targets = (
        await db.query<{ newEnterprisesServed: number; largeOrStrugglingServed: number; cultivatedThisYear: number }>(
          `SELECT
             count(*) FILTER (WHERE ('新注册企业' = ANY (e.tags) AND ${SERVED})
               OR EXISTS (SELECT 1 FROM consultations c WHERE c.enterprise_id = e.id AND c.kind = 'question' AND (c.asked_at AT TIME ZONE ${TZ})::date <= e.registered_on + 365)
               OR EXISTS (SELECT 1 FROM follow_ups f WHERE f.enterprise_id = e.id AND f.on_date <= e.registered_on + 365))::int AS "newEnterprisesServed",
             count(*) FILTER (WHERE (e.size_class = 'large' OR e.watch_listed OR '困难企业' = ANY (e.tags)
               OR EXISTS (SELECT 1 FROM layoffs l WHERE l.enterprise_id = e.id)) AND ${SERVED})::int AS "largeOrStrugglingServed",
             count(*) FILTER (WHERE e.harmony_cultivated AND (
               EXISTS (SELECT 1 FROM follow_ups f WHERE f.enterprise_id = e.id AND extract(year FROM f.on_date) = $1::int)
               OR EXISTS (SELECT 1 FROM consultations c WHERE c.enterprise_id = e.id AND c.kind = 'question'
                 AND extract(year FROM c.asked_at AT TIME ZONE ${TZ}) = $1::int)))::int AS "cultivatedThisYear"
           FROM enterprises e`,
          [Number(today.slice(0, 4))],
        )
      )[0]!;
      return { perDay, topTopics, ...totals, ...targets };
    },
  };
}

export type DashboardRepo = ReturnType<typeof dashboardRepo>;
