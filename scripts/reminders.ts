/**
 * Evaluate the risk-reminder rules (knowledge/reminders.yaml) for today and queue what is due; the
 * outbox workers send it. Run it daily (cron), or keep ReminderSchedule running inside the app.
 *
 *   npm run reminders -- [--today YYYY-MM-DD] [--dry-run]
 */
import { installCliErrorHandlers } from '../src/cli-fatal.js';
import { loadConfig } from '../src/config.js';
import { openLedger } from '../src/ledger/index.js';
import { chinaDate } from '../src/clock.js';
import { dueReminders } from '../src/outreach/reminders/evaluate.js';
import { loadReminderRules } from '../src/outreach/reminders/rules.js';
import { runReminders } from '../src/outreach/reminders/run.js';
import { cliArgs } from './lib/args.js';

installCliErrorHandlers();
const { values } = cliArgs({ today: { type: 'string' }, 'dry-run': { type: 'boolean' }, schema: { type: 'string' } }, 'npm run reminders -- [--today YYYY-MM-DD] [--dry-run]');
const config = loadConfig();
const rules = loadReminderRules(config.knowledgeDir);
const today = values.today ?? chinaDate();
const ledger = await openLedger(config, { ...(values.schema ? { schema: values.schema } : {}), applicationName: 'reminders' });
try {
  if (values['dry-run']) {
    const enterprises = await ledger.enterprises.list({ limit: 10_000 });
    const facts = await Promise.all(
      enterprises.map(async (enterprise) => ({
        enterprise,
        events: await ledger.enterpriseEvents.listByEnterprise(enterprise.id),
        layoffs: await ledger.layoffs.listByEnterprise(enterprise.id),
      })),
    );
    const due = dueReminders(rules, facts, today);
    process.stdout.write(`${today} 应提醒 ${due.length} 条（试算，未记录、未发送；其中本期已发过的不会再发）\n`);
    for (const d of due) process.stdout.write(`  ${d.vars['企业']} · ${d.rule.title}（${d.period}）\n`);
  } else {
    const r = await runReminders(ledger, rules, { today });
    process.stdout.write(`${today}：应提醒 ${r.due} 条，新排入发送队列 ${r.fired.length} 条，本期已提醒过 ${r.alreadyFired} 条，企业尚无联系人 ${r.noContact} 条\n`);
  }
} finally {
  await ledger.close();
}
