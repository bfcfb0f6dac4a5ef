import type { Db } from './db.js';
import type { Channel } from './validate.js';

/** Who a notice goes to: every filter given must hold (AND); absent filters do not narrow. */
export interface AudienceFilter {
  industry?: string[];
  district?: string[];
  headcountMin?: number;
  headcountMax?: number;
  /** Enterprises registered within this many days before `today`. */
  registeredWithinDays?: number;
  watchListed?: boolean;
  harmonyCultivated?: boolean;
  tag?: string[];
  /** Contacts subscribed (not muted) to this topic. */
  topic?: string;
  channel?: Channel[];
  /** Contacts who muted this topic are left out (the notice's own topic). */
  excludeMutedTopic?: string;
  /** Only these enterprises (reminders). */
  enterpriseIds?: number[];
}

export interface Recipient {
  contactId: number;
  channel: Channel;
  externalId: string;
  displayName: string;
  enterpriseId: number | null;
  enterpriseName: string | null;
  district: string | null;
}

function where(f: AudienceFilter, today: string): { sql: string; params: unknown[] } {
  const conds: string[] = [];
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const needsEnterprise =
    f.industry || f.district || f.headcountMin !== undefined || f.headcountMax !== undefined || f.registeredWithinDays !== undefined ||
    f.watchListed !== undefined || f.harmonyCultivated !== undefined || f.tag || f.enterpriseIds;
  if (needsEnterprise) conds.push('e.id IS NOT NULL');
  if (f.industry) conds.push(`e.industry = ANY(${p(f.industry)}::text[])`);
  if (f.district) conds.push(`e.district = ANY(${p(f.district)}::text[])`);
  if (f.headcountMin !== undefined) conds.push(`e.headcount_current >= ${p(f.headcountMin)}`);
  if (f.headcountMax !== undefined) conds.push(`e.headcount_current <= ${p(f.headcountMax)}`);
  if (f.registeredWithinDays !== undefined) {
    conds.push(`e.registered_on >= ${p(today)}::date - ${p(f.registeredWithinDays)}::int AND e.registered_on <= $${params.length - 1}::date`);
  }
  if (f.watchListed !== undefined) conds.push(`e.watch_listed = ${p(f.watchListed)}`);
  if (f.harmonyCultivated !== undefined) conds.push(`e.harmony_cultivated = ${p(f.harmonyCultivated)}`);
  if (f.tag) conds.push(`e.tags && ${p(f.tag)}::text[]`);
  if (f.enterpriseIds) conds.push(`e.id = ANY(${p(f.enterpriseIds)}::bigint[])`);
  if (f.channel) conds.push(`c.channel = ANY(${p(f.channel)}::text[])`);
  if (f.topic) conds.push(`EXISTS (SELECT 1 FROM subscriptions s WHERE s.contact_id = c.id AND s.topic = ${p(f.topic)} AND NOT s.muted)`);
  else if (!needsEnterprise) conds.push('(c.enterprise_id IS NOT NULL OR EXISTS (SELECT 1 FROM subscriptions s WHERE s.contact_id = c.id AND NOT s.muted))');
  if (f.excludeMutedTopic) {
    conds.push(`NOT EXISTS (SELECT 1 FROM subscriptions m WHERE m.contact_id = c.id AND m.topic = ${p(f.excludeMutedTopic)} AND m.muted)`);
  }
  return { sql: conds.length ? `WHERE ${conds.join(' AND ')}` : '', params };
}

const FROM = `FROM contacts c LEFT JOIN enterprises e ON e.id = c.enterprise_id`;

export function audiencesRepo(db: Db) {
  return {
    async count(f: AudienceFilter, today: string): Promise<number> {
      const w = where(f, today);
      return (await db.query<{ n: number }>(`SELECT count(*)::int AS n ${FROM} ${w.sql}`, w.params))[0]!.n;
    },

    /** Recipients in contact order; `limit` for a sample. */
    async list(f: AudienceFilter, today: string, limit = 1_000_000): Promise<Recipient[]> {
      const w = where(f, today);
      return db.query<Recipient>(
        `SELECT c.id AS "contactId", c.channel, c.external_id AS "externalId", c.display_name AS "displayName",
                e.id AS "enterpriseId", e.name AS "enterpriseName", e.district
         ${FROM} ${w.sql} ORDER BY c.id LIMIT ${Math.max(1, Math.floor(limit))}`,
        w.params,
      );
    },
  };
}

export type AudiencesRepo = ReturnType<typeof audiencesRepo>;
