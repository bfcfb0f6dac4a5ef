import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../../scripts/seed-demo.js';
import { csvField, ledgerCsv, ledgerXlsx } from '../../src/ledger/export.js';
import { LEDGER_COLUMNS } from '../../src/ledger/index.js';
import { checkUscc } from '../../src/ledger/uscc.js';
import { BACKENDS, enterpriseInput, KNOWLEDGE_DIR, openTestLedger, type TestLedger, setupSuite } from './backends.js';

const HEAD = ['企业名称', '所属行业', '上年底职工数量', '目前职工数量', '已享受的稳岗政策', '跟踪指导', '裁员情况'];
const REST = ['统一社会信用代码', '所属区县', '注册日期', '规模', '重点监测', '和谐同行培育', '联系协调员', '咨询次数'];

/** A minimal RFC 4180 reader, to check the writer independently. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field), rows.push(row), (row = []), (field = ''), i++;
    } else field += c;
  }
  if (field || row.length) row.push(field), rows.push(row);
  return rows;
}

describe.each(BACKENDS)('ledger export and demo data on %s', (kind) => {
  let t: TestLedger;
  setupSuite(async () => {
    t = await openTestLedger(kind);
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  it('seeds a realistic demo ledger, idempotently', async () => {
    const first = await seedDemo(t.ledger);
    expect(first).toEqual({ enterprisesCreated: 40, enterprisesExisting: 0 });
    const counts = async () =>
      (await t.ledger.db.query<Record<string, number>>(
        `SELECT (SELECT count(*)::int FROM enterprises) AS e, (SELECT count(*)::int FROM contacts) AS c,
                (SELECT count(*)::int FROM consultations) AS q, (SELECT count(*)::int FROM follow_ups) AS f,
                (SELECT count(*)::int FROM stability_policies) AS p, (SELECT count(*)::int FROM layoffs) AS l,
                (SELECT count(*)::int FROM staff) AS s, (SELECT count(*)::int FROM notices) AS n,
                (SELECT count(DISTINCT district)::int FROM enterprises) AS districts,
                (SELECT count(DISTINCT industry)::int FROM enterprises) AS industries`,
      ))[0]!;
    const after1 = await counts();
    expect(after1.e).toBe(40);
    expect(after1.districts).toBe(14);
    expect(after1.industries).toBeGreaterThanOrEqual(10);
    expect(after1.q).toBeGreaterThan(40);
    expect(after1.f).toBeGreaterThanOrEqual(40);
    expect(after1.p).toBeGreaterThan(10);
    expect(after1.l).toBeGreaterThanOrEqual(1);
    expect(await seedDemo(t.ledger)).toEqual({ enterprisesCreated: 0, enterprisesExisting: 40 });
    expect(await counts()).toEqual(after1);
    for (const e of await t.ledger.enterprises.list()) expect(checkUscc(e.uscc).ok).toBe(true);
  });

  it('writes the xlsx with the 台账 columns in order and readable values', async () => {
    const e = await t.ledger.enterprises.create(enterpriseInput(900, { name: '洛阳导出样例有限公司', industry: 'H', headcountLastYearEnd: 30, headcountCurrent: 24 }));
    await t.ledger.stabilityPolicies.add({ enterpriseId: e.id, policy: '稳岗返还', year: 2024, amountYuan: 12000 });
    await t.ledger.stabilityPolicies.add({ enterpriseId: e.id, policy: '技能提升补贴', year: 2025, amountYuan: 1500 });
    await t.ledger.followUps.add({ enterpriseId: e.id, date: '2025-03-01', staffName: '王磊', content: '上门走访' });
    await t.ledger.followUps.add({ enterpriseId: e.id, date: '2025-04-01', staffName: '刘霞', content: '电话回访，提醒"按时"缴费, 并登记', nextDate: '2025-05-01' });
    await t.ledger.layoffs.add({ enterpriseId: e.id, date: '2025-04-15', count: 6, reason: '门店关闭', reportedArt41: false });

    const rows = await t.ledger.report();
    const xlsx = await ledgerXlsx(rows);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('服务指导台账')!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    expect(header.slice(0, 7)).toEqual(HEAD);
    expect(header.slice(7, 15)).toEqual(REST);
    expect(header).toEqual([...LEDGER_COLUMNS]);
    expect(ws.rowCount).toBe(rows.length + 1);

    let found: unknown[] | undefined;
    ws.eachRow((row) => {
      const v = (row.values as unknown[]).slice(1);
      if (v[0] === '洛阳导出样例有限公司') found = v;
    });
    expect(found).toBeDefined();
    const cell = (name: string) => found![LEDGER_COLUMNS.indexOf(name as never)];
    expect(cell('所属行业')).toBe('住宿和餐饮业');
    expect(cell('上年底职工数量')).toBe(30);
    expect(cell('目前职工数量')).toBe(24);
    expect(cell('已享受的稳岗政策')).toBe('2024 稳岗返还 12,000元；2025 技能提升补贴 1,500元');
    expect(cell('跟踪指导')).toBe('2025-03-01 王磊：上门走访\n2025-04-01 刘霞：电话回访，提醒"按时"缴费, 并登记（下次跟踪 2025-05-01）');
    expect(cell('裁员情况')).toBe('2025-04-15 裁员6人，原因：门店关闭；应按第四十一条报告，未报告');
    expect(cell('统一社会信用代码')).toBe(e.uscc);
    expect(cell('咨询次数')).toBe(0);
    expect(cell('重点监测')).toBe('否');
  });

  it('writes CSV as UTF-8 with BOM and RFC 4180 quoting', async () => {
    const rows = await t.ledger.report();
    const csv = ledgerCsv(rows);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = csv.subarray(3).toString('utf8');
    expect(text.split('\r\n')[0]).toBe(LEDGER_COLUMNS.join(','));
    const parsed = parseCsv(text);
    expect(parsed[0]).toEqual([...LEDGER_COLUMNS]);
    expect(parsed).toHaveLength(rows.length + 1);
    const sample = parsed.find((r) => r[0] === '洛阳导出样例有限公司')!;
    expect(sample[LEDGER_COLUMNS.indexOf('跟踪指导')]).toBe(rows.find((r) => r.企业名称 === '洛阳导出样例有限公司')!.跟踪指导);
    expect(text).toContain('"2025-03-01 王磊：上门走访\n2025-04-01 刘霞：电话回访，提醒""按时""缴费, 并登记（下次跟踪 2025-05-01）"');
  });
});

describe('CSV fields', () => {
  it('quotes only when needed and defuses formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    expect(csvField(12)).toBe('12');
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
  });
});

describe('npm run export / seed-demo (command line, PGlite in DATA_DIR)', () => {
  const run = promisify(execFile);
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ledger-cli-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('seeds and exports xlsx and csv files', { timeout: 120_000 }, async () => {
    const env = { ...process.env, DATA_DIR: dir, KNOWLEDGE_DIR, DATABASE_URL: '', LOG_LEVEL: 'silent' };
    const tsx = path.resolve('node_modules/.bin/tsx');
    const seeded = await run(tsx, ['scripts/seed-demo.ts'], { env });
    expect(seeded.stdout).toContain('新增 40 家企业');
    const csvOut = path.join(dir, 'ledger.csv');
    const c = await run(tsx, ['scripts/export.ts', '--format', 'csv', '--out', csvOut], { env });
    expect(c.stdout).toContain(`已导出 40 家企业的服务指导台账：${csvOut}`);
    const csv = await readFile(csvOut);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(parseCsv(csv.subarray(3).toString('utf8'))).toHaveLength(41);
    const x = await run(tsx, ['scripts/export.ts', '--format', 'xlsx'], { env });
    const file = /台账：(.+\.xlsx)/.exec(x.stdout)![1]!;
    expect(path.dirname(file)).toBe(path.join(dir, 'exports'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect((wb.worksheets[0]!.getRow(1).values as unknown[]).slice(1, 8)).toEqual(HEAD);
    await expect(run(tsx, ['scripts/export.ts', '--format', 'pdf'], { env })).rejects.toThrow(/--format 只能是 xlsx 或 csv/);
  });
});
