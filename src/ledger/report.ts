import { chinaDate } from '../clock.js';
import type { Db } from './db.js';
import { SIZE_CLASSES, type Enterprise } from './enterprises.js';
import { requiresArticle41Report } from './layoffs.js';
import { industryName, type Lists } from './lists.js';

/**
 * The service ledger (服务指导台账) as one row of display values per enterprise, in the plan's column
 * order first, then the rest. Both export formats are written from these rows.
 */
export const LEDGER_COLUMNS = [
  '企业名称', '所属行业', '上年底职工数量', '目前职工数量', '已享受的稳岗政策', '跟踪指导', '裁员情况',
  '统一社会信用代码', '所属区县', '注册日期', '规模', '重点监测', '和谐同行培育', '联系协调员', '咨询次数',
  '最近咨询', '下次跟踪日期', '标签', '备注',
] as const;
export type LedgerColumn = (typeof LEDGER_COLUMNS)[number];
export type LedgerRow = Record<LedgerColumn, string | number | null>;

/** An enterprise as the report query returns it: the record's own fields plus its consultation summary. */
type EnterpriseFacts = Omit<Enterprise, 'coordinatorId' | 'headcountAsOf' | 'createdAt' | 'updatedAt'> & {
  coordinator: string | null;
  consultations: number;
  lastConsultation: Date | null;
};

const yuan = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

function groupBy<T extends { enterpriseId: number }>(rows: T[]): Map<number, T[]> {
  const m = new Map<number, T[]>();
  for (const r of rows) {
    const list = m.get(r.enterpriseId);
    if (list) list.push(r);
    else m.set(r.enterpriseId, [r]);
  }
  return m;
}

export async function ledgerRows(db: Db, lists: Lists, filter: { district?: string } = {}): Promise<LedgerRow[]> {
  const enterprises = await db.query<EnterpriseFacts>(
    `SELECT e.id, e.name, e.uscc, e.industry, e.district, e.registered_on AS "registeredOn",
       e.headcount_last_year_end AS "headcountLastYearEnd", e.headcount_current AS "headcountCurrent",
       e.size_class AS "sizeClass", e.tags, e.watch_listed AS "watchListed", e.harmony_cultivated AS "harmonyCultivated",
       s.display_name AS coordinator, e.note,
       coalesce(c.n, 0)::int AS consultations, c.last AS "lastConsultation"
     FROM enterprises e
     LEFT JOIN staff s ON s.id = e.coordinator_id
     LEFT JOIN (SELECT enterprise_id, count(*) AS n, max(asked_at) AS last FROM consultations WHERE kind = 'question' GROUP BY enterprise_id) c
       ON c.enterprise_id = e.id
     WHERE ($1::text IS NULL OR e.district = $1)
     ORDER BY e.id`,
    [filter.district ?? null],
  );
  const policies = groupBy(
    await db.query<{ enterpriseId: number; policy: string; year: number; amountYuan: number | null }>(
      `SELECT enterprise_id AS "enterpriseId", policy, year, amount_yuan AS "amountYuan" FROM stability_policies ORDER BY year, id`,
    ),
  );
  const followUps = groupBy(
    await db.query<{ enterpriseId: number; date: string; staffName: string; content: string; nextDate: string | null }>(
      `SELECT enterprise_id AS "enterpriseId", on_date AS "date", staff_name AS "staffName", content, next_date AS "nextDate"
       FROM follow_ups ORDER BY on_date, id`,
    ),
  );
  const layoffs = groupBy(
    await db.query<{ enterpriseId: number; date: string; count: number; reason: string; reportedArt41: boolean }>(
      `SELECT enterprise_id AS "enterpriseId", on_date AS "date", count, reason, reported_art41 AS "reportedArt41"
       FROM layoffs ORDER BY on_date, id`,
    ),
  );

  // The office's own district order (the YAML list), then name.
  const districtOrder = new Map(lists.districts.map((d, i) => [d.name, i]));
  const rank = (d: string) => districtOrder.get(d) ?? Number.MAX_SAFE_INTEGER;
  enterprises.sort((a, b) => rank(a.district) - rank(b.district) || a.name.localeCompare(b.name, 'zh-CN'));

  return enterprises.map((e) => {
    const fu = followUps.get(e.id) ?? [];
    const headcountBefore = (l: { count: number }) => e.headcountLastYearEnd ?? (e.headcountCurrent !== null ? e.headcountCurrent + l.count : null);
    return {
      企业名称: e.name,
      所属行业: industryName(lists, e.industry),
      上年底职工数量: e.headcountLastYearEnd,
      目前职工数量: e.headcountCurrent,
      已享受的稳岗政策: (policies.get(e.id) ?? [])
        .map((p) => `${p.year} ${p.policy}${p.amountYuan !== null ? ` ${yuan.format(p.amountYuan)}元` : ''}`)
        .join('；'),
      跟踪指导: fu.map((f) => `${f.date} ${f.staffName}：${f.content}${f.nextDate ? `（下次跟踪 ${f.nextDate}）` : ''}`).join('\n'),
      裁员情况: (layoffs.get(e.id) ?? [])
        .map((l) => {
          const needed = requiresArticle41Report(l.count, headcountBefore(l));
          const report = l.reportedArt41 ? '已按第四十一条报告' : needed ? '应按第四十一条报告，未报告' : '未达第四十一条报告标准';
          return `${l.date} 裁员${l.count}人，原因：${l.reason}；${report}`;
        })
        .join('\n') || '无',
      统一社会信用代码: e.uscc,
      所属区县: e.district,
      注册日期: e.registeredOn,
      规模: e.sizeClass ? SIZE_CLASSES[e.sizeClass] : null,
      重点监测: e.watchListed ? '是' : '否',
      和谐同行培育: e.harmonyCultivated ? '是' : '否',
      联系协调员: e.coordinator,
      咨询次数: e.consultations,
      最近咨询: e.lastConsultation ? chinaDate(e.lastConsultation) : null,
      下次跟踪日期: fu.at(-1)?.nextDate ?? null,
      标签: e.tags.join('、'),
      备注: e.note,
    };
  });
}
