import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { z } from 'zod';
import { dayNumber } from '../../clock.js';

/** Reminder rules, kept as data in knowledge/reminders.yaml so the office can edit them. */
// YAML 1.2 (the yaml package's default) reads 2026-03-01 as a string; the clock's arithmetic needs a real day.
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD').refine((d) => !Number.isNaN(dayNumber(d)), '日期不存在');
const monthDay = z.string().regex(/^\d{2}-\d{2}$/, '应为 MM-DD');
const dayRange = z.tuple([z.number().int().min(0), z.number().int().min(0)]);

const trigger = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('event'),
    event: z.string().min(1),
    when: z.record(z.string(), z.unknown()).default({}),
    days: dayRange,
    unless_event: z.string().min(1).optional(),
    deadline_days: z.number().int().min(0).optional(),
    deadline_months: z.number().int().min(0).optional(),
  }),
  z.object({ kind: z.literal('probation_over_limit'), days: dayRange }),
  z.object({ kind: z.literal('headcount_drop'), percent: z.number().min(1).max(100) }),
  z.object({ kind: z.literal('layoff_art41') }),
  z.object({ kind: z.literal('calendar'), from: monthDay, to: monthDay }),
  z.object({ kind: z.literal('window'), opens: isoDate, closes: isoDate, days_after_open: z.number().int().min(0), days_before_close: z.number().int().min(0) }),
  z.object({ kind: z.literal('registered'), days: dayRange }),
]);

const audience = z.strictObject({
  industry: z.array(z.string().regex(/^[A-T]$/)).optional(),
  district: z.array(z.string()).optional(),
  headcount_min: z.number().int().min(0).optional(),
  headcount_max: z.number().int().min(0).optional(),
  watchlist: z.boolean().optional(),
  cultivated: z.boolean().optional(),
  tag: z.array(z.string()).optional(),
});

const rule = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,63}$/, '规则编号应为小写英文、数字和连字符'),
  topic: z.string().min(1).max(50),
  title: z.string().min(1).max(200),
  message: z.string().min(1),
  cites: z.array(z.strictObject({ law: z.string().min(1), article: z.string().regex(/^第[一二三四五六七八九十百零]+条$/, '应写成“第X条”') })).min(1),
  trigger,
  period: z.enum(['once', 'year', 'month']),
  audience: audience.optional(),
  enabled: z.boolean().default(true),
});

export type ReminderRule = z.infer<typeof rule>;
export type RuleAudience = z.infer<typeof audience>;

/**
 * Read and check the rules: the YAML shape, unique ids, and that every cited article exists in
 * knowledge/laws (a wrong article number weighs as much as a crash). Throws with file and rule.
 */
export function loadReminderRules(knowledgeDir: string, file = 'reminders.yaml'): ReminderRule[] {
  const full = path.join(knowledgeDir, file);
  const raw = YAML.parse(readFileSync(full, 'utf8')) as unknown;
  const parsed = z.array(rule).safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new Error(`${file}：第 ${Number(i.path[0]) + 1} 条规则的 ${i.path.slice(1).join('.') || '(整体)'} 有误：${i.message}`);
  }
  const seen = new Set<string>();
  for (const r of parsed.data) {
    if (seen.has(r.id)) throw new Error(`${file}：规则编号 ${r.id} 重复`);
    seen.add(r.id);
    for (const c of r.cites) {
      const law = path.join(knowledgeDir, 'laws', `${c.law}.md`);
      if (!existsSync(law)) throw new Error(`${file}：规则 ${r.id} 引用的《${c.law}》不在 knowledge/laws 中`);
      const text = readFileSync(law, 'utf8');
      if (!new RegExp(`^${c.article}[\\s　]`, 'm').test(text)) throw new Error(`${file}：规则 ${r.id} 引用的《${c.law}》${c.article}不存在`);
    }
  }
  return parsed.data;
}
