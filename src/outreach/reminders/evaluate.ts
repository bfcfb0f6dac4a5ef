import type { Enterprise, EnterpriseEvent, Layoff } from '../../ledger/index.js';
import { requiresArticle41Report } from '../../ledger/index.js';
import { addDays, addMonths, daysBetween } from '../../clock.js';
import type { ReminderRule, RuleAudience } from './rules.js';

/**
 * Which rules are due for which enterprises on `today`: a pure function of the facts, so a test can
 * step the clock day by day. Each due reminder carries its period key; the caller records
 * (enterprise, rule, period) once and never fires it again.
 */
export interface EnterpriseFacts {
  enterprise: Enterprise;
  events: EnterpriseEvent[];
  layoffs: Layoff[];
}

export interface DueReminder {
  enterpriseId: number;
  rule: ReminderRule;
  period: string;
  vars: Record<string, string>;
}

function inAudience(e: Enterprise, a: RuleAudience | undefined): boolean {
  if (!a) return true;
  if (a.industry && !a.industry.includes(e.industry)) return false;
  if (a.district && !a.district.includes(e.district)) return false;
  if (a.headcount_min !== undefined && (e.headcountCurrent ?? 0) < a.headcount_min) return false;
  if (a.headcount_max !== undefined && (e.headcountCurrent ?? 0) > a.headcount_max) return false;
  if (a.watchlist !== undefined && e.watchListed !== a.watchlist) return false;
  if (a.cultivated !== undefined && e.harmonyCultivated !== a.cultivated) return false;
  if (a.tag && !a.tag.some((t) => e.tags.includes(t))) return false;
  return true;
}

const within = (d: number, [from, to]: [number, number]) => d >= from && d <= to;

/** 劳动合同法第十九条: the longest probation a contract of this length may set, in months. */
export function probationLimitMonths(contractMonths: number | null): number {
  if (contractMonths === null) return 6; // open-ended
  if (contractMonths < 3) return 0;
  if (contractMonths < 12) return 1;
  if (contractMonths < 36) return 2;
  return 6;
}

/** The trigger's own occurrences on `today`: a key ('once' periods use it) and the message values. */
function occurrences(rule: ReminderRule, f: EnterpriseFacts, today: string): { key: string; vars: Record<string, string> }[] {
  const t = rule.trigger;
  const e = f.enterprise;
  switch (t.kind) {
    case 'event':
      return f.events
        .filter((ev) => ev.kind === t.event && Object.entries(t.when).every(([k, v]) => ev.detail[k] === v))
        .filter((ev) => within(daysBetween(ev.date, today), t.days))
        .filter((ev) => !t.unless_event || !f.events.some((o) => o.kind === t.unless_event && o.date >= ev.date))
        .map((ev) => {
          const deadline = t.deadline_months !== undefined ? addMonths(ev.date, t.deadline_months) : t.deadline_days !== undefined ? addDays(ev.date, t.deadline_days) : '';
          return { key: `event:${ev.id}`, vars: { 日期: ev.date, 截止日期: deadline } };
        });
    case 'probation_over_limit':
      return f.events
        .filter((ev) => ev.kind === 'probation_start' && within(daysBetween(ev.date, today), t.days))
        .filter((ev) => {
          const contract = typeof ev.detail.contract_months === 'number' ? ev.detail.contract_months : null;
          const probation = Number(ev.detail.probation_months ?? 0);
          return probation > probationLimitMonths(contract);
        })
        .map((ev) => ({ key: `event:${ev.id}`, vars: { 日期: ev.date } }));
    case 'headcount_drop': {
      const last = e.headcountLastYearEnd;
      const now = e.headcountCurrent;
      if (!last || now === null || (last - now) * 100 < t.percent * last) return [];
      return [{ key: `headcount:${e.headcountAsOf ?? today}`, vars: { 比例: String(Math.round(((last - now) / last) * 100)), 人数: String(last - now) } }];
    }
    case 'layoff_art41':
      return f.layoffs
        .filter((l) => !l.reportedArt41 && within(daysBetween(l.date, today), [0, 60]))
        .filter((l) => requiresArticle41Report(l.count, e.headcountLastYearEnd ?? (e.headcountCurrent !== null ? e.headcountCurrent + l.count : null)))
        .map((l) => ({ key: `layoff:${l.id}`, vars: { 日期: l.date, 人数: String(l.count) } }));
    case 'calendar': {
      const md = today.slice(5);
      return md >= t.from && md <= t.to ? [{ key: `calendar:${today.slice(0, 4)}`, vars: {} }] : [];
    }
    case 'window': {
      const out: { key: string; vars: Record<string, string> }[] = [];
      const vars = { 日期: t.opens, 截止日期: t.closes };
      if (today >= t.opens && today <= addDays(t.opens, t.days_after_open)) out.push({ key: `open:${t.opens}`, vars });
      if (today >= addDays(t.closes, -t.days_before_close) && today <= t.closes) out.push({ key: `close:${t.closes}`, vars });
      return out;
    }
    case 'registered':
      return e.registeredOn && within(daysBetween(e.registeredOn, today), t.days) ? [{ key: `registered:${e.registeredOn}`, vars: { 日期: e.registeredOn } }] : [];
  }
}

export function dueReminders(rules: ReminderRule[], facts: EnterpriseFacts[], today: string): DueReminder[] {
  const out: DueReminder[] = [];
  for (const rule of rules) {
    if (!rule.enabled) continue;
    for (const f of facts) {
      if (!inAudience(f.enterprise, rule.audience)) continue;
      for (const o of occurrences(rule, f, today)) {
        const period = rule.period === 'once' ? o.key : rule.period === 'year' ? today.slice(0, 4) : today.slice(0, 7);
        out.push({ enterpriseId: f.enterprise.id, rule, period, vars: { 企业: f.enterprise.name, ...o.vars } });
      }
    }
  }
  // Two occurrences in one period (two layoffs in a year under a yearly rule) are one reminder.
  const seen = new Set<string>();
  return out.filter((d) => {
    const k = `${d.enterpriseId}|${d.rule.id}|${d.period}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function fillMessage(template: string, vars: Record<string, string>): string {
  return template.replace(/\{([^{}]+)\}/g, (m, k: string) => vars[k] ?? m);
}
