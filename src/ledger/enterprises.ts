import { z } from 'zod';
import type { Db } from './db.js';
import type { Lists } from './lists.js';
import { checkUscc } from './uscc.js';
import { chinaDate } from '../clock.js';
import { LedgerNotFoundError, idSchema, isoDate, parseInput, text, translateConstraintError } from './validate.js';

export const SIZE_CLASSES = { large: '大型', medium: '中型', small: '小型', micro: '微型' } as const;
export type SizeClass = keyof typeof SIZE_CLASSES;

export interface Enterprise {
  id: number;
  name: string;
  uscc: string;
  industry: string;
  district: string;
  registeredOn: string | null;
  headcountLastYearEnd: number | null;
  headcountCurrent: number | null;
  headcountAsOf: string | null;
  sizeClass: SizeClass | null;
  tags: string[];
  watchListed: boolean;
  harmonyCultivated: boolean;
  coordinatorId: number | null;
  note: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface HeadcountEntry {
  asOf: string;
  headcount: number;
  source: string;
}

export const ENTERPRISE_LABELS: Record<string, string> = {
  name: '企业名称',
  uscc: '统一社会信用代码',
  industry: '所属行业',
  district: '所属区县',
  registeredOn: '注册日期',
  headcountLastYearEnd: '上年底职工数量',
  headcountCurrent: '目前职工数量',
  headcountAsOf: '职工数量统计日期',
  sizeClass: '企业规模',
  tags: '标签',
  watchListed: '重点监测',
  harmonyCultivated: '和谐同行培育',
  coordinatorId: '联系协调员',
  note: '备注',
  enterpriseId: '企业',
  asOf: '统计日期',
  headcount: '职工数量',
  source: '来源',
};

const COLUMNS = `id, name, uscc, industry, district, registered_on AS "registeredOn",
  headcount_last_year_end AS "headcountLastYearEnd", headcount_current AS "headcountCurrent",
  headcount_as_of AS "headcountAsOf", size_class AS "sizeClass", tags, watch_listed AS "watchListed",
  harmony_cultivated AS "harmonyCultivated", coordinator_id AS "coordinatorId", note,
  created_at AS "createdAt", updated_at AS "updatedAt"`;

/** Field name → column, the whitelist that keeps dynamic UPDATEs parameterised. */
const COLUMN_OF = {
  name: 'name', uscc: 'uscc', industry: 'industry', district: 'district', registeredOn: 'registered_on',
  headcountLastYearEnd: 'headcount_last_year_end', sizeClass: 'size_class', tags: 'tags',
  watchListed: 'watch_listed', harmonyCultivated: 'harmony_cultivated', coordinatorId: 'coordinator_id', note: 'note',
} as const;

const headcount = z.number().int().min(0).max(1_000_000);

export const usccSchema = z.string({ error: '统一社会信用代码必须填写' }).transform((v, ctx) => {
  const r = checkUscc(v);
  if (!r.ok) {
    ctx.issues.push({ code: 'custom', message: r.message, input: v });
    return z.NEVER;
  }
  return r.code;
});

function schemas(lists: Lists) {
  const districtNames = lists.districts.map((d) => d.name);
  const industry = z.string().transform((v, ctx) => {
    // Accept the section letter (any case, full-width too) or the section's name.
    const s = v.trim().replace(/[\uFF21-\uFF3A\uFF41-\uFF5A]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
    const hit = lists.industries.find((i) => i.code === s.toUpperCase() || i.name === s);
    if (!hit) {
      ctx.issues.push({ code: 'custom', input: v, message: `“${v}”不是国民经济行业门类，应为 A–T 的门类字母或名称（如 C 或 制造业）` });
      return z.NEVER;
    }
    return hit.code;
  });
  const district = z
    .string()
    .trim()
    .refine((v) => districtNames.includes(v), { error: (iss) => `“${String(iss.input)}”不在区县名单中（${districtNames.join('、')}）` });
  const sizeClass = z.preprocess(
    (v) => (typeof v === 'string' ? (Object.entries(SIZE_CLASSES).find(([, label]) => label === v.trim())?.[0] ?? v) : v),
    z.enum(Object.keys(SIZE_CLASSES) as [SizeClass, ...SizeClass[]], { error: '应为 大型、中型、小型、微型 之一' }),
  );
  const fields = {
    name: text(200),
    uscc: usccSchema,
    industry,
    district,
    registeredOn: isoDate.nullable().optional(),
    headcountLastYearEnd: headcount.nullable().optional(),
    headcountCurrent: headcount.nullable().optional(),
    headcountAsOf: isoDate.optional(),
    sizeClass: sizeClass.nullable().optional(),
    tags: z.array(text(30)).max(20),
    watchListed: z.boolean(),
    harmonyCultivated: z.boolean(),
    coordinatorId: idSchema.nullable().optional(),
    note: z.string().max(2000),
  };
  const create = z.strictObject({
    ...fields,
    tags: fields.tags.default([]),
    watchListed: fields.watchListed.default(false),
    harmonyCultivated: fields.harmonyCultivated.default(false),
    note: fields.note.default(''),
  });
  const { headcountCurrent: _c, headcountAsOf: _a, ...patchable } = fields;
  const update = z.strictObject(patchable).partial();
  return { create, update };
}

export type EnterpriseInput = z.input<ReturnType<typeof schemas>['create']>;
export type EnterprisePatch = z.input<ReturnType<typeof schemas>['update']>;

const headcountInput = z.strictObject({
  enterpriseId: idSchema,
  asOf: isoDate,
  headcount,
  source: z.string().max(200).default(''),
});

function constraintIssues(uscc?: string) {
  return {
    enterprises_uscc_key: { field: 'uscc', message: `统一社会信用代码${uscc ?? ''}已登记，不能重复` },
    enterprises_coordinator_id_fkey: { field: 'coordinatorId', message: '联系协调员不存在' },
  };
}

export function enterprisesRepo(db: Db, lists: Lists) {
  const s = schemas(lists);

  async function get(id: number): Promise<Enterprise | undefined> {
    const rows = await db.query<Enterprise>(`SELECT ${COLUMNS} FROM enterprises WHERE id = $1`, [id]);
    return rows[0];
  }

  async function mustGet(id: number): Promise<Enterprise> {
    const e = await get(id);
    if (!e) throw new LedgerNotFoundError('企业', id);
    return e;
  }

  /** Record a dated headcount; the enterprise's current figure follows the most recent date. */
  async function recordHeadcount(input: z.input<typeof headcountInput>): Promise<void> {
    const h = parseInput(headcountInput, input, '职工数量', ENTERPRISE_LABELS);
    await db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO headcount_history (enterprise_id, as_of, headcount, source) VALUES ($1, $2, $3, $4)
         ON CONFLICT (enterprise_id, as_of) DO UPDATE SET headcount = EXCLUDED.headcount, source = EXCLUDED.source, recorded_at = now()`,
        [h.enterpriseId, h.asOf, h.headcount, h.source],
      );
      await tx.query(
        `UPDATE enterprises SET headcount_current = $2, headcount_as_of = $3, updated_at = now()
         WHERE id = $1 AND (headcount_as_of IS NULL OR headcount_as_of <= $3)`,
        [h.enterpriseId, h.headcount, h.asOf],
      );
    });
  }

  async function insert(tx: Db, e: z.output<typeof s.create>): Promise<Enterprise> {
    const rows = await tx.query<Enterprise>(
      `INSERT INTO enterprises (name, uscc, industry, district, registered_on, headcount_last_year_end, size_class,
         tags, watch_listed, harmony_cultivated, coordinator_id, note)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
      [e.name, e.uscc, e.industry, e.district, e.registeredOn ?? null, e.headcountLastYearEnd ?? null, e.sizeClass ?? null,
        e.tags, e.watchListed, e.harmonyCultivated, e.coordinatorId ?? null, e.note],
    );
    const id = rows[0]!.id;
    if (e.headcountCurrent !== undefined && e.headcountCurrent !== null) {
      await enterprisesRepo(tx, lists).recordHeadcount({
        enterpriseId: id, asOf: e.headcountAsOf ?? chinaDate(), headcount: e.headcountCurrent, source: '登记',
      });
    }
    return (await enterprisesRepo(tx, lists).get(id))!;
  }

  return {
    get,
    mustGet,
    recordHeadcount,

    async create(input: EnterpriseInput): Promise<Enterprise> {
      const e = parseInput(s.create, input, '企业信息', ENTERPRISE_LABELS);
      try {
        return await db.transaction((tx) => insert(tx, e));
      } catch (err) {
        throw translateConstraintError(err, '企业信息', constraintIssues(e.uscc));
      }
    },

    /** Insert, or return the existing record with the same USCC untouched (used by imports and the demo seed). */
    async ensure(input: EnterpriseInput): Promise<{ enterprise: Enterprise; created: boolean }> {
      const e = parseInput(s.create, input, '企业信息', ENTERPRISE_LABELS);
      return db.transaction(async (tx) => {
        const existing = await tx.query<Enterprise>(`SELECT ${COLUMNS} FROM enterprises WHERE uscc = $1 FOR UPDATE`, [e.uscc]);
        if (existing[0]) return { enterprise: existing[0], created: false };
        return { enterprise: await insert(tx, e), created: true };
      });
    },

    async update(id: number, patch: EnterprisePatch): Promise<Enterprise> {
      const p = parseInput(s.update, patch, '企业信息', ENTERPRISE_LABELS);
      const sets: string[] = [];
      const params: unknown[] = [id];
      for (const [field, column] of Object.entries(COLUMN_OF)) {
        const value = (p as Record<string, unknown>)[field];
        if (value === undefined) continue;
        params.push(value);
        sets.push(`${column} = $${params.length}`);
      }
      if (sets.length > 0) {
        try {
          await db.query(`UPDATE enterprises SET ${sets.join(', ')}, updated_at = now() WHERE id = $1`, params);
        } catch (err) {
          throw translateConstraintError(err, '企业信息', constraintIssues(p.uscc));
        }
      }
      return mustGet(id);
    },

    async getByUscc(uscc: string): Promise<Enterprise | undefined> {
      const r = checkUscc(uscc);
      if (!r.ok) return undefined;
      const rows = await db.query<Enterprise>(`SELECT ${COLUMNS} FROM enterprises WHERE uscc = $1`, [r.code]);
      return rows[0];
    },

    async list(filter: { district?: string; industry?: string; watchListed?: boolean; harmonyCultivated?: boolean; coordinatorId?: number; search?: string; limit?: number; offset?: number } = {}): Promise<Enterprise[]> {
      const where: string[] = [];
      const params: unknown[] = [];
      const add = (cond: (n: string) => string, value: unknown) => {
        params.push(value);
        where.push(cond(`$${params.length}`));
      };
      if (filter.district !== undefined) add((n) => `district = ${n}`, filter.district);
      if (filter.industry !== undefined) add((n) => `industry = ${n}`, filter.industry);
      if (filter.watchListed !== undefined) add((n) => `watch_listed = ${n}`, filter.watchListed);
      if (filter.harmonyCultivated !== undefined) add((n) => `harmony_cultivated = ${n}`, filter.harmonyCultivated);
      if (filter.coordinatorId !== undefined) add((n) => `coordinator_id = ${n}`, filter.coordinatorId);
      if (filter.search) add((n) => `(strpos(name, ${n}) > 0 OR uscc = upper(${n}))`, filter.search.trim());
      params.push(Math.min(filter.limit ?? 1000, 10_000), filter.offset ?? 0);
      return db.query<Enterprise>(
        `SELECT ${COLUMNS} FROM enterprises ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY id LIMIT $${params.length - 1} OFFSET $${params.length}`,
        params,
      );
    },

    async headcountHistory(enterpriseId: number): Promise<HeadcountEntry[]> {
      return db.query<HeadcountEntry>(
        `SELECT as_of AS "asOf", headcount, source FROM headcount_history WHERE enterprise_id = $1 ORDER BY as_of`,
        [enterpriseId],
      );
    },

    async count(): Promise<number> {
      return (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM enterprises'))[0]!.n;
    },
  };
}

export type EnterprisesRepo = ReturnType<typeof enterprisesRepo>;
