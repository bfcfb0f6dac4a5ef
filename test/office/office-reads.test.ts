import type { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { loadReminderRules } from '../../src/outreach/reminders/rules.js';
import { runReminders } from '../../src/outreach/reminders/run.js';
import { BACKENDS, KNOWLEDGE_DIR, setupSuite, type TestLedger } from '../ledger/backends.js';
import { officeFixture, signIn, type CookieJar } from './helpers.js';

/**
 * What the office reads (issue 14, item 12): the log and the dashboard show questions, not onboarding
 * steps and button presses; the audit log speaks Chinese; the notice page tells the truth about who
 * sends; reminders are listed with the notices.
 */
describe.each(BACKENDS)('what the office reads (%s)', (kind) => {
  let t: TestLedger;
  let app: Hono;
  let jar: CookieJar;
  let admin: CookieJar;
  const stamp = Date.now().toString(36);
  setupSuite(async () => {
    ({ t, app } = await officeFixture(kind, { outreach: { knowledgeDir: KNOWLEDGE_DIR, today: () => '2026-12-01' } }));
    ({ jar } = await signIn(app, 'wanglei'));
    ({ jar: admin } = await signIn(app, 'admin'));
  });
  afterAll(async () => t?.cleanup());

  const page = async (path: string, who = jar) => {
    const res = await app.request(path, { headers: { cookie: who.header } });
    expect(res.status, path).toBe(200);
    return res.text();
  };
  const dashboard = async () => (await (await app.request('/office/api/dashboard', { headers: { cookie: jar.header } })).json()) as { total: number; handedOff: number };

  it('the consultation log shows questions by default, the rest behind a filter', async () => {
    const contact = await t.ledger.contacts.upsert({ channel: 'wechat', externalId: `kinds-${stamp}` });
    const rec = (question: string, k: string, extra: Record<string, unknown> = {}) =>
      t.ledger.consultations.record({ channel: 'wechat', contactId: contact.id, question, answer: '好的', kind: k, ...extra } as never);
    const before = await dashboard();
    await rec(`洛阳市登记步骤测试${stamp}有限公司`, 'onboarding');
    await rec(`[按钮] sub:policy ${stamp}`, 'button');
    await rec(`人工 ${stamp}`, 'handoff', { handoffState: 'requested' });
    await rec(`员工试用期${stamp}最长多久？`, 'question', { confidence: 0.9 });

    const log = await page('/office/consultations');
    expect(log).toContain(`员工试用期${stamp}最长多久？`);
    expect(log).not.toContain(`洛阳市登记步骤测试${stamp}有限公司`);
    expect(log).not.toContain(`[按钮] sub:policy ${stamp}`);
    expect(log).toMatch(/<select name="kind">[\s\S]*企业登记/);

    const everything = await page('/office/consultations?kind=all');
    for (const q of [`洛阳市登记步骤测试${stamp}有限公司`, `[按钮] sub:policy ${stamp}`, `员工试用期${stamp}最长多久？`]) expect(everything).toContain(q);
    const onboarding = await page('/office/consultations?kind=onboarding');
    expect(onboarding).toContain(`洛阳市登记步骤测试${stamp}有限公司`);
    expect(onboarding).not.toContain(`员工试用期${stamp}最长多久？`);

    const api = (await (await app.request('/office/api/consultations', { headers: { cookie: jar.header } })).json()) as { items: { kind: string }[] };
    expect(api.items.length).toBeGreaterThan(0);
    expect(api.items.every((i) => i.kind === 'question')).toBe(true);

    // The dashboard counts the one question; the 人工 request counts as a hand-off, not as a consultation.
    const after = await dashboard();
    expect(after.total).toBe(before.total + 1);
    expect(after.handedOff).toBe(before.handedOff + 1);
    expect(await page('/office')).toMatch(/次提问/);
  });

  it('the hand-off queue shows the ones users withdrew, apart from those waiting', async () => {
    const contact = await t.ledger.contacts.upsert({ channel: 'telegram', externalId: `leaver-${stamp}`, displayName: '撤回的用户' });
    const r = await t.ledger.consultations.record({ channel: 'telegram', contactId: contact.id, question: '人工', answer: '已为您转接', handoffState: 'requested', kind: 'handoff' });
    const id = (r as { id: number }).id;
    expect(await t.ledger.consultations.withdrawHandoff(id)).toBe(true);
    const queue = await page('/office/handoffs');
    expect(queue).not.toContain(`<tr data-id="${id}"`);
    expect(queue).toMatch(new RegExp(`<tr data-withdrawn="${id}">[\\s\\S]*?撤回的用户[\\s\\S]*?用户已取消`));
    const detail = await page(`/office/consultations/${id}`);
    expect(detail).toContain('用户已取消');
    expect(detail).not.toContain('id="reply-form"');
  });

  it('the audit log shows what happened in Chinese, with readable objects', async () => {
    const rules = loadReminderRules(KNOWLEDGE_DIR).filter((r) => r.id === 'annual-leave-year-end');
    const run = await runReminders(t.ledger, rules, { today: '2026-12-01' });
    expect(run.fired.length).toBeGreaterThan(0);
    const enterprise = await t.ledger.enterprises.get(run.fired[0]!.enterpriseId);

    const audit = await page('/office/audit', admin);
    expect(audit).not.toContain('reminder.fire');
    expect(audit).toContain('提醒发送');
    expect(audit).toContain(`提醒《${rules[0]!.title}》`);
    expect(audit).toContain(`企业《${enterprise!.name}》`);
    // Sign-ins name the account, not a bare number.
    expect(audit).toMatch(/登录<\/td>\s*<td>账户 王磊/);
  });

  it('lists reminders beside the notices, and the notice page says the app sends them itself', async () => {
    const rules = loadReminderRules(KNOWLEDGE_DIR).filter((r) => r.id === 'annual-leave-year-end');
    const list = await page('/office/notices');
    expect(list).toContain('风险提醒');
    expect(list).toContain(rules[0]!.title);
    const reminder = (await t.ledger.notices.list(500)).find((n) => n.kind === 'reminder')!;
    expect(list).toContain(`/office/notices/${reminder.id}"`);

    const detail = await page(`/office/notices/${reminder.id}`);
    expect(detail).not.toContain('outreach-worker');
    expect(detail).toMatch(/系统自动/);
  });
});
