import type { Db } from './db.js';

/** A dated fact about an enterprise that reminder rules read (first hire, contract signed, …). */
export interface EnterpriseEvent {
  id: number;
  enterpriseId: number;
  kind: string;
  date: string;
  detail: Record<string, unknown>;
}

const COLUMNS = `id, enterprise_id AS "enterpriseId", kind, on_date AS "date", detail`;

export function enterpriseEventsRepo(db: Db) {
  return {
    async add(e: { enterpriseId: number; kind: string; date: string; detail?: Record<string, unknown> }): Promise<EnterpriseEvent> {
      const rows = await db.query<EnterpriseEvent>(
        `INSERT INTO enterprise_events (enterprise_id, kind, on_date, detail) VALUES ($1, $2, $3, $4::jsonb) RETURNING ${COLUMNS}`,
        [e.enterpriseId, e.kind, e.date, JSON.stringify(e.detail ?? {})],
      );
      return rows[0]!;
    },

    async listByEnterprise(enterpriseId: number): Promise<EnterpriseEvent[]> {
      return db.query<EnterpriseEvent>(`SELECT ${COLUMNS} FROM enterprise_events WHERE enterprise_id = $1 ORDER BY on_date, id`, [enterpriseId]);
    },

    async all(): Promise<EnterpriseEvent[]> {
      return db.query<EnterpriseEvent>(`SELECT ${COLUMNS} FROM enterprise_events ORDER BY enterprise_id, on_date, id`);
    },
  };
}

export type EnterpriseEventsRepo = ReturnType<typeof enterpriseEventsRepo>;
