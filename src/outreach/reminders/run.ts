import type { Logger } from 'pino';
import type { Enterprise, Ledger } from '../../ledger/index.js';
import { addDays, chinaDate } from '../../clock.js';
import { dueReminders, fillMessage, type DueReminder, type EnterpriseFacts } from './evaluate.js';
import type { ReminderRule } from './rules.js';

export interface ReminderRunResult {
  due: number;
  /** Reminders recorded and queued in this run. */
  fired: { enterpriseId: number; ruleId: string; period: string; noticeId: number | null; recipients: number }[];
  /** Already sent in this period (the unique key held). */
  alreadyFired: number;
  /** Enterprises with no chat contact yet: not recorded, so the reminder can still go once one is added. */
  noContact: number;
}

async function loadFacts(ledger: Ledger, today: string, enterpriseIds?: number[]): Promise<EnterpriseFacts[]> {
  let enterprises: Enterprise[] = [];
  if (enterpriseIds) {
    for (const id of enterpriseIds) {
      const e = await ledger.enterprises.get(id);
      if (e) enterprises.push(e);
    }
  } else {
    for (let offset = 0; ; offset += 10_000) {
      const page = await ledger.enterprises.list({ limit: 10_000, offset });
      enterprises = enterprises.concat(page);
      if (page.length < 10_000) break;
    }
  }
  const wanted = new Set(enterprises.map((e) => e.id));
  const events = (await ledger.enterpriseEvents.all()).filter((ev) => wanted.has(ev.enterpriseId));
  const layoffs = (await ledger.layoffs.listSince(addDays(today, -400))).filter((l) => wanted.has(l.enterpriseId));
  return enterprises.map((enterprise) => ({
    enterprise,
    events: events.filter((ev) => ev.enterpriseId === enterprise.id),
    layoffs: layoffs.filter((l) => l.enterpriseId === enterprise.id),
  }));
}

function reminderBody(d: DueReminder): string {
  const basis = d.rule.cites.map((c) => `《${c.law}》${c.article}`).join('；');
  return `${fillMessage(d.rule.message, d.vars)}\n\n依据：${basis}`;
}

/**
 * Evaluate the rules for `today` (all enterprises, or the ones whose facts just changed) and queue
 * what is due. Each (enterprise, rule, period) is recorded in the same transaction as its notice
 * and outbox rows, so a reminder is queued once or not at all, however many processes run this.
 */
export async function runReminders(
  ledger: Ledger,
  rules: ReminderRule[],
  opts: { today?: string; enterpriseIds?: number[]; log?: Logger } = {},
): Promise<ReminderRunResult> {
  const today = opts.today ?? chinaDate();
  const facts = await loadFacts(ledger, today, opts.enterpriseIds);
  const due = dueReminders(rules, facts, today);
  const result: ReminderRunResult = { due: due.length, fired: [], alreadyFired: 0, noContact: 0 };
  for (const d of due) {
    const contacts = await ledger.contacts.listByEnterprise(d.enterpriseId);
    if (contacts.length === 0) {
      result.noContact++;
      continue;
    }
    const outcome = await ledger.transaction(async (tx) => {
      const firingId = await tx.reminderFirings.claim(d.enterpriseId, d.rule.id, d.period);
      if (firingId === null) return null;
      // Contacts who muted this topic are skipped; the firing is still recorded (they chose silence).
      const recipients = await tx.audiences.list({ enterpriseIds: [d.enterpriseId], excludeMutedTopic: d.rule.topic }, today);
      let noticeId: number | null = null;
      if (recipients.length) {
        const notice = await tx.notices.create({ title: d.rule.title, body: reminderBody(d), topic: d.rule.topic, kind: 'reminder' });
        noticeId = notice.id;
        await tx.outbox.enqueue({ noticeId, recipients: recipients.map((r) => ({ contactId: r.contactId, channel: r.channel })) });
        await tx.reminderFirings.attachNotice(firingId, noticeId);
      }
      await tx.audit.append({
        action: 'reminder.fire', targetType: 'enterprise', targetId: d.enterpriseId,
        detail: { rule: d.rule.id, title: d.rule.title, period: d.period, noticeId, recipients: recipients.length, today },
      });
      return { noticeId, recipients: recipients.length };
    });
    if (outcome === null) result.alreadyFired++;
    else result.fired.push({ enterpriseId: d.enterpriseId, ruleId: d.rule.id, period: d.period, ...outcome });
  }
  if (result.fired.length) opts.log?.info({ fired: result.fired.length, today }, 'reminders queued');
  return result;
}
