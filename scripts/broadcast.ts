/**
 * Send a notice to the enterprises that match a filter (the outbox workers do the sending).
 *
 *   npm run broadcast -- --notice FILE.md --where "industry=H;district=洛龙区" [--dry-run] [--staff 用户名]
 *
 * --dry-run prints how many would receive it and a sample, and sends nothing.
 */
import { readFileSync } from 'node:fs';
import { installCliErrorHandlers } from '../src/cli-fatal.js';
import { loadConfig } from '../src/config.js';
import { openLedger } from '../src/ledger/index.js';
import { AUDIENCE_KEYS } from '../src/outreach/audienceQuery.js';
import { broadcast } from '../src/outreach/broadcast.js';
import { OutreachError } from '../src/outreach/errors.js';
import { parseNoticeFile } from '../src/outreach/noticeFile.js';
import { cliArgs } from './lib/args.js';

installCliErrorHandlers();
const USAGE = `npm run broadcast -- --notice 通知.md --where "industry=H;district=洛龙区" [--dry-run] [--staff 用户名] [--sample 5]
  条件键：${Object.entries(AUDIENCE_KEYS).map(([k, v]) => `${k}=${v}`).join('；')}`;
const { values } = cliArgs(
  { notice: { type: 'string' }, where: { type: 'string', default: '' }, 'dry-run': { type: 'boolean' }, staff: { type: 'string' }, sample: { type: 'string' }, schema: { type: 'string' } },
  USAGE,
);
if (!values.notice) {
  process.stderr.write(`缺少 --notice\n用法：${USAGE}\n`);
  process.exit(2);
}

const config = loadConfig();
const ledger = await openLedger(config, { ...(values.schema ? { schema: values.schema } : {}), applicationName: 'broadcast' });
try {
  let staffId: number | null = null;
  if (values.staff) {
    const s = await ledger.staff.findForLogin(values.staff);
    if (!s) throw new OutreachError(`工作人员“${values.staff}”不存在`);
    staffId = s.id;
  }
  const draft = parseNoticeFile(readFileSync(values.notice, 'utf8'), values.notice);
  const r = await broadcast(ledger, config.knowledgeDir, {
    draft, where: values.where, dryRun: values['dry-run'] ?? false, staffId, via: 'cli', sampleSize: values.sample ? Number(values.sample) : 5,
  });
  const lines = [
    r.dryRun ? `【试发】符合条件的接收人：${r.count} 人（未发送）` : `已排入发送队列：${r.queued} 人（通知编号 ${r.noticeId}），由发送进程按频率限制陆续发出`,
    '样例：',
    ...r.sample.map((s) => `  ${s.enterpriseName ?? '（未关联企业）'} ${s.district ?? ''} · ${s.displayName || s.externalId}（${s.channel}）`),
    '', '消息内容：', r.preview,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
} catch (err) {
  if (err instanceof OutreachError || (err as Error).name === 'LedgerValidationError') {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exitCode = 1;
  } else throw err;
} finally {
  await ledger.close();
}
