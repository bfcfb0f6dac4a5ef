import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { RetrieverSwap } from '../../src/office/index.js';
import type { TestLedger } from '../ledger/backends.js';
import { openInBrowser } from '../helpers/browser.js';
import { KNOWLEDGE_DIR, setupSuite } from '../ledger/backends.js';
import { officeFixture, PASSWORDS } from './helpers.js';

const OUT = path.resolve('test-output');

/** The console in a real browser (headless Chromium): sign-in, the log, a review, the ledger and its export. */
describe('office console in headless Chromium', () => {
  let t: TestLedger;
  let page: Page;
  let base: string;
  let closeBrowser: (() => Promise<void>) | undefined;
  let knowledgeDir: string;
  let rebuilds = 0;

  setupSuite(async () => {
    await mkdir(OUT, { recursive: true });
    knowledgeDir = await mkdtemp(path.join(os.tmpdir(), 'office-knowledge-'));
    const swap = new RetrieverSwap({ knowledge: { articles: [] as unknown[] } }, async () => {
      rebuilds++;
      return { knowledge: { articles: new Array(rebuilds * 3) as unknown[] } };
    });
    const f = await officeFixture('pglite', {
      knowledge: { knowledgeDir, rebuild: () => swap.rebuild() },
      outreach: { knowledgeDir: KNOWLEDGE_DIR, today: () => '2026-11-23' },
    });
    t = f.t;
    ({ base, page, close: closeBrowser } = await openInBrowser(f.app.fetch, 'office'));
  });

  afterAll(async () => {
    await closeBrowser?.();
    await t?.cleanup();
    if (knowledgeDir) await rm(knowledgeDir, { recursive: true, force: true });
  });

  const shot = (name: string) => page.screenshot({ path: path.join(OUT, `office-${name}.png`), fullPage: true });

  it('sends an unsigned visitor to sign-in and refuses a wrong password', async () => {
    await page.goto(`${base}/office/consultations`);
    expect(new URL(page.url()).pathname).toBe('/office/login');
    await expect(page.title()).resolves.toContain('登录');
    await shot('1-login');
    await page.fill('input[name=username]', 'wanglei');
    await page.fill('input[name=password]', 'not-the-password-1');
    await page.click('button[type=submit]');
    await expect(page.locator('.flash.error').textContent()).resolves.toContain('用户名或密码不正确');
    await shot('2-login-failed');
  });

  it('signs in and returns to the page asked for', async () => {
    await page.fill('input[name=username]', 'wanglei');
    await page.fill('input[name=password]', PASSWORDS.wanglei);
    await page.click('button[type=submit]');
    await page.waitForURL((u) => u.pathname === '/office/consultations');
    await expect(page.locator('header .who span').textContent()).resolves.toContain('王磊（协调员）');
    await page.goto(`${base}/office`);
    await expect(page.locator('#targets').textContent()).resolves.toContain('新注册企业用工指导');
    expect(await page.locator('svg').count()).toBeGreaterThan(2);
    await shot('3-dashboard');
  });

  it('filters the consultation log', async () => {
    await page.goto(`${base}/office/consultations`);
    const all = await page.locator('#consultations tbody tr').count();
    expect(all).toBeGreaterThan(3);
    await shot('4-consultations');
    await page.selectOption('select[name=channel]', 'wechat');
    await page.selectOption('select[name=handedOff]', 'no');
    await page.click('form.filters button[type=submit]');
    await page.waitForURL(/channel=wechat/);
    const channels = await page.locator('#consultations tbody tr td:nth-child(5)').allTextContents();
    expect(channels.length).toBeGreaterThan(0);
    expect(new Set(channels)).toEqual(new Set(['微信']));
    const expected = (await t.ledger.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM consultations WHERE channel = 'wechat' AND handoff_state = 'none'`))[0]!.n;
    await expect(page.locator('.pager span').first().textContent()).resolves.toContain(`共 ${expected} 条`);
    await shot('5-consultations-filtered');
  });

  it('annotates a reply as wrong with a corrected answer, recorded in the audit log', async () => {
    await page.locator('#consultations tbody tr td:nth-child(6) a').first().click();
    await page.waitForURL(/\/office\/consultations\/\d+$/);
    const id = Number(new URL(page.url()).pathname.split('/').pop());
    await expect(page.locator('.citations').textContent()).resolves.toMatch(/《.+》/);
    await page.check('input[name=verdict][value=wrong]');
    await page.fill('textarea[name=correctedAnswer]', '应依据劳动合同法第十九条：合同期限一年以上不满三年的，试用期不得超过二个月。');
    await page.fill('input[name=note]', '引用条文正确，表述需完整');
    await page.click('#review-form button[type=submit]');
    await page.waitForURL(/done=reviewed/);
    await expect(page.locator('.flash.ok').textContent()).resolves.toContain('审核已保存');
    await expect(page.locator('body').textContent()).resolves.toContain('更正后的答复：应依据劳动合同法第十九条');
    await shot('6-consultation-reviewed');
    const audit = await t.ledger.audit.list({ limit: 10 });
    const entry = audit.find((a) => a.action === 'consultation.review' && a.targetId === String(id));
    expect(entry?.detail).toMatchObject({ verdict: 'wrong' });
    // The correction is now a draft guidance card waiting for an admin.
    await expect(page.locator('.flash.ok').textContent()).resolves.toContain('已生成指导卡片草稿');
    await page.goto(`${base}/office/guide-drafts`);
    await expect(page.locator('#drafts tbody').textContent()).resolves.toContain(`#${id}`);
    await shot('6b-guide-drafts');
  });

  it('shows the ledger and an enterprise with every 台账 field, and adds a follow-up', async () => {
    await page.goto(`${base}/office/enterprises`);
    expect(await page.locator('#enterprises tbody tr').count()).toBe(12);
    await shot('7-enterprises');
    await page.locator('#enterprises tbody tr td a').first().click();
    await page.waitForURL(/\/office\/enterprises\/\d+$/);
    const text = (await page.locator('main').textContent())!;
    for (const field of ['企业名称', '所属行业', '上年底职工数量', '目前职工数量', '已享受的稳岗政策', '跟踪指导', '裁员情况', '职工数量变化']) {
      expect(text).toContain(field);
    }
    await page.fill('#follow-up-form textarea[name=content]', '浏览器测试：上门讲解社会保险缴纳。');
    await page.click('#follow-up-form button[type=submit]');
    await page.waitForURL(/done=follow-up/);
    await expect(page.locator('#follow-ups').textContent()).resolves.toContain('浏览器测试：上门讲解社会保险缴纳。');
    await shot('8-enterprise');
  });

  it('exports the ledger as .xlsx in the 台账 columns', async () => {
    await page.goto(`${base}/office/enterprises`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-xlsx')]);
    const file = path.join(OUT, 'office-ledger.xlsx');
    await download.saveAs(file);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet('服务指导台账')!;
    const header = (ws.getRow(1).values as unknown[]).slice(1, 8);
    expect(header).toEqual(['企业名称', '所属行业', '上年底职工数量', '目前职工数量', '已享受的稳岗政策', '跟踪指导', '裁员情况']);
    expect(ws.rowCount).toBe(13);
    const followUps = ws.getColumn(6).values.map(String).join('\n');
    expect(followUps).toContain('浏览器测试：上门讲解社会保险缴纳。');
    expect((await t.ledger.audit.list({ limit: 5 })).some((a) => a.action === 'ledger.export')).toBe(true);
  });

  it('compose and send a broadcast with its audience count: the count follows the filters live, then preview, send, delivery', async () => {
    const live = () => page.locator('#live-count-value').textContent();
    await page.goto(`${base}/office/notices`);
    await page.click('a[href$="/notices/new"]');
    await page.waitForURL(/\/office\/notices\/new$/);
    // The script (served from /office/static, allowed by the CSP) counts everyone before any filter.
    await expect.poll(live).toBe(String(await t.ledger.audiences.count({}, '2026-11-23')));
    await shot('notice-compose-live-count');
    await page.fill('input[name=title]', '浏览器测试：最低工资标准提醒');
    await page.selectOption('select[name=topic]', 'policy');
    await expect.poll(live).toBe(String(await t.ledger.audiences.count({ excludeMutedTopic: 'policy' }, '2026-11-23')));
    await page.fill('textarea[name=body]', '请各企业按现行最低工资标准发放工资。');
    await page.check('input[name=policies][value="luoyang-skills-upgrade-subsidy-2025"]');
    await page.click('button[value=preview]');
    await expect(page.locator('.flash.error').textContent()).resolves.toMatch(/已于 2025-12-31 失效/);
    await page.uncheck('input[name=policies][value="luoyang-skills-upgrade-subsidy-2025"]');
    await page.check('input[name=policies][value="henan-minimum-wage-2024"]');
    const district = (await t.ledger.audiences.list({ excludeMutedTopic: 'policy' }, '2026-11-23', 1))[0]!.district!;
    const expected = await t.ledger.audiences.count({ district: [district], excludeMutedTopic: 'policy' }, '2026-11-23');
    expect(expected).toBeLessThan(await t.ledger.audiences.count({ excludeMutedTopic: 'policy' }, '2026-11-23'));
    await page.selectOption('select[name=district]', district);
    // Changing a filter changes the count on the page, without a submit.
    await expect.poll(live).toBe(String(expected));
    expect(new URL(page.url()).pathname).toBe('/office/notices/new');
    await shot('notice-compose-live-count-district');
    await page.click('button[value=preview]');
    const count = Number(await page.locator('#audience-count').textContent());
    expect(count).toBe(expected);
    expect(count).toBeGreaterThan(0);
    await shot('notice-preview');
    await page.click('button[value=send]');
    await page.waitForURL(/\/office\/notices\/\d+\?done=broadcast$/);
    await expect(page.locator('#delivery-progress tr[data-status=pending] td.num').textContent()).resolves.toBe(String(count));
    await shot('notice-progress');
  });

  it('a viewer sees the pages without the edit forms', async () => {
    await page.click('header .who button');
    await page.waitForURL(/\/office\/login/);
    await page.fill('input[name=username]', 'chenjing');
    await page.fill('input[name=password]', PASSWORDS.chenjing);
    await page.click('button[type=submit]');
    await page.waitForURL((u) => u.pathname === '/office');
    await page.goto(`${base}/office/enterprises/1`);
    expect(await page.locator('#follow-up-form').count()).toBe(0);
    await expect(page.locator('main').textContent()).resolves.toContain('查看者只能查看台账');
    await shot('9-viewer-enterprise');
  });

  it('an admin uploads a document, previews its articles and saves it into knowledge/local', async () => {
    await page.click('header .who button');
    await page.waitForURL(/\/office\/login/);
    await page.fill('input[name=username]', 'admin');
    await page.fill('input[name=password]', PASSWORDS.admin);
    await page.click('button[type=submit]');
    await page.waitForURL((u) => u.pathname === '/office');
    await page.goto(`${base}/office/knowledge`);
    await page.setInputFiles('input[name=file]', {
      name: '稳岗通知.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('洛阳市稳岗返还办理指引\n一、适用对象。在本市参保的中小微企业。\n二、返还比例。中小微企业按上年度实际缴纳失业保险费的60%返还。\n'),
    });
    await page.fill('input[name=issuer]', '洛阳市人力资源和社会保障局');
    await page.click('#upload-form button[type=submit]');
    await expect(page.locator('#articles tbody tr').count()).resolves.toBe(2);
    await shot('10-knowledge-preview');
    await page.click('form[action$="/knowledge/save"] button[type=submit]');
    await page.waitForURL(/done=knowledge-saving/);
    await expect(page.locator('main').textContent()).resolves.toContain('洛阳市稳岗返还办理指引.md');
    for (let i = 0; i < 50 && !(await page.locator('#index-status').textContent())!.includes('完成'); i++) {
      await page.waitForTimeout(100);
      await page.reload();
    }
    await expect(page.locator('#index-status').textContent()).resolves.toContain('已加入知识库');
    expect(rebuilds).toBe(1);
    await shot('11-knowledge-saved');
  });

  it('an admin sees the staff accounts and the audit log', async () => {
    await page.goto(`${base}/office/staff`);
    expect(await page.locator('#staff tbody tr').count()).toBe(5);
    await shot('12-staff');
    await page.goto(`${base}/office/handoffs`);
    expect(await page.locator('#handoff-queue tbody tr[data-state]').count()).toBeGreaterThan(0);
    await shot('12b-handoff-queue');
    await page.goto(`${base}/office/audit`);
    const actions = await page.locator('#audit tbody tr td:nth-child(3)').allTextContents();
    expect(actions).toEqual(expect.arrayContaining(['知识库导入', '审核答复', '添加跟踪指导', '导出台账', '登录失败']));
    await shot('13-audit');
  });
});
