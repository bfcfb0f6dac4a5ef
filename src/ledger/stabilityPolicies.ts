import { z } from 'zod';
import type { Db } from './db.js';
import { idSchema, parseInput, text, translateConstraintError } from './validate.js';

/** 已享受的稳岗政策: a job-stability policy an enterprise received in a given year. */
export interface StabilityPolicy {
  id: number;
  enterpriseId: number;
  policy: string;
  year: number;
  amountYuan: number | null;
  note: string;
  createdAt: Date;
}

/** Names used by the plan and the city's notices; other names are allowed (policies change yearly). */
export const KNOWN_POLICIES = ['稳岗返还', '社会保险费阶段性减免', '技能提升补贴', '税收优惠', '一次性扩岗补助'] as const;

const LABELS: Record<string, string> = { enterpriseId: '企业', policy: '政策名称', year: '享受年度', amountYuan: '金额', note: '备注' };

const input = z.strictObject({
  enterpriseId: idSchema,
  policy: text(50),
  year: z.number().int().min(2000).max(2100),
  amountYuan: z.number().min(0).max(1e11).multipleOf(0.01).nullable().optional(),
  note: z.string().max(500).default(''),
});

const COLUMNS = `id, enterprise_id AS "enterpriseId", policy, year, amount_yuan AS "amountYuan", note, created_at AS "createdAt"`;

export function stabilityPoliciesRepo(db: Db) {
  return {
    async add(data: z.input<typeof input>): Promise<StabilityPolicy> {
      const p = parseInput(input, data, '稳岗政策', LABELS);
      try {
        const rows = await db.query<StabilityPolicy>(
          `INSERT INTO stability_policies (enterprise_id, policy, year, amount_yuan, note) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
          [p.enterpriseId, p.policy, p.year, p.amountYuan ?? null, p.note],
        );
        return rows[0]!;
      } catch (err) {
        throw translateConstraintError(err, '稳岗政策', { stability_policies_enterprise_id_fkey: { field: 'enterpriseId', message: '企业不存在' } });
      }
    },

    async listByEnterprise(enterpriseId: number): Promise<StabilityPolicy[]> {
      return db.query<StabilityPolicy>(`SELECT ${COLUMNS} FROM stability_policies WHERE enterprise_id = $1 ORDER BY year, id`, [enterpriseId]);
    },
  };
}

export type StabilityPoliciesRepo = ReturnType<typeof stabilityPoliciesRepo>;
