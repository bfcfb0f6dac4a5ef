/**
 * Export the service ledger (服务指导台账).
 *
 *   npm run export -- --format xlsx|csv [--out FILE] [--district 涧西区]
 *
 * Default file: <DATA_DIR>/exports/服务指导台账-<date>.<format>. CSV is UTF-8 with BOM (Excel opens it
 * correctly), RFC 4180 quoting.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { cliArgs } from './lib/args.js';
import { installCliErrorHandlers } from '../src/cli-fatal.js';
import { loadConfig } from '../src/config.js';
import { ledgerFile, openLedger, type ExportFormat } from '../src/ledger/index.js';
import { chinaDate } from '../src/clock.js';

installCliErrorHandlers();
const { values } = cliArgs(
  { format: { type: 'string', default: 'xlsx' }, out: { type: 'string' }, district: { type: 'string' } },
  'npm run export -- --format xlsx|csv [--out 文件] [--district 区县]',
);
if (values.format !== 'xlsx' && values.format !== 'csv') {
  console.error(`--format 只能是 xlsx 或 csv，收到的是“${values.format}”`);
  process.exit(2);
}
const format: ExportFormat = values.format;
const config = loadConfig();
const out = path.resolve(values.out ?? path.join(config.dataDir, 'exports', `服务指导台账-${chinaDate()}.${format}`));

const ledger = await openLedger(config);
try {
  const rows = await ledger.report(values.district ? { district: values.district } : {});
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, await ledgerFile(rows, format));
  await ledger.audit.append({ action: 'ledger.export', targetType: 'ledger', detail: { format, rows: rows.length, file: out } });
  console.log(`已导出 ${rows.length} 家企业的服务指导台账：${out}`);
} finally {
  await ledger.close();
}
