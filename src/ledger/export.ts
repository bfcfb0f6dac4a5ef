import ExcelJS from 'exceljs';
import { LEDGER_COLUMNS, type LedgerRow } from './report.js';

/** The ledger as files the office opens in Excel / WPS: xlsx, or CSV (UTF-8 with BOM, RFC 4180). */

export type ExportFormat = 'xlsx' | 'csv';

const WIDTHS: Partial<Record<(typeof LEDGER_COLUMNS)[number], number>> = {
  企业名称: 30, 所属行业: 22, 已享受的稳岗政策: 40, 跟踪指导: 60, 裁员情况: 40, 统一社会信用代码: 22, 标签: 20, 备注: 30,
};
const WRAPPED = new Set(['已享受的稳岗政策', '跟踪指导', '裁员情况', '备注']);

export async function ledgerXlsx(rows: LedgerRow[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '用工指导助手';
  wb.created = new Date();
  const ws = wb.addWorksheet('服务指导台账', { views: [{ state: 'frozen', ySplit: 1, xSplit: 1 }] });
  ws.columns = LEDGER_COLUMNS.map((header) => ({
    header,
    key: header,
    width: WIDTHS[header] ?? Math.max(10, header.length * 2 + 2),
    style: WRAPPED.has(header) ? { alignment: { wrapText: true, vertical: 'top' } } : { alignment: { vertical: 'top' } },
  }));
  ws.getRow(1).font = { bold: true };
  for (const row of rows) ws.addRow(row);
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: LEDGER_COLUMNS.length } };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** RFC 4180: quote fields holding a comma, quote, CR or LF; double inner quotes. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  let s = String(value);
  // A leading = + - @ would make Excel evaluate the cell as a formula (CSV injection).
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function ledgerCsv(rows: LedgerRow[]): Buffer {
  const lines = [LEDGER_COLUMNS.map(csvField).join(',')];
  for (const row of rows) lines.push(LEDGER_COLUMNS.map((c) => csvField(row[c])).join(','));
  // The BOM is what makes Excel read the file as UTF-8 rather than the local code page.
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8')]);
}

export async function ledgerFile(rows: LedgerRow[], format: ExportFormat): Promise<Buffer> {
  return format === 'xlsx' ? ledgerXlsx(rows) : ledgerCsv(rows);
}
