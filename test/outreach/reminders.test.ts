import { mkdtemp, readFile, writeFile, mkdir, cp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadReminderRules } from '../../src/outreach/reminders/rules.js';
import { runReminders } from '../../src/outreach/reminders/run.js';
import { ReminderSchedule } from '../../src/outreach/reminders/schedule.js';
import { enterpriseInput, KNOWLEDGE_DIR, openTestLedger, setupSuite, type TestLedger } from '../ledger/backends.js';

/** Keys of the test enterprises and what makes each one interesting. */
const KEYS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'R', 'M'] as const;
type Key = (typeof KEYS)[number];

describe('risk reminders: each rule on the right day for the right enterprises, once per period', () => {
  let t: TestLedger;
  const id: Record<string, number> = {};
  const keyOf = (enterpriseId: number) => Object.entries(id).find(([, v]) => v === enterpriseId)![0];
  // The policy window rule ships disabled until the office confirms its dates; the test turns it on.
  const rules = loadReminderRules(KNOWLEDGE_DIR).map((r) => (r.id === 'skills-subsidy-window-2026' ? { ...r, enabled: true } : r));

  setupSuite(async () => {
    t = await openTestLedger('postgres');
    const l = t.ledger;
    const overrides: Record<Key, Record<string, unknown>> = {
      A: {}, B: {}, C: {}, D: {},
      E: { headcountLastYearEnd: 100, headcountCurrent: 88 },
      F: {},
      G: { headcountLastYearEnd: 100, headcountCurrent: 95 },
      H: { industry: 'E' },
      R: { registeredOn: '2026-02-20' },
      M: {},
    };
    let n = 0;
    for (const k of KEYS) {
      const e = await l.enterprises.create(enterpriseInput(++n, { registeredOn: '2020-01-01', ...overrides[k] }));
      id[k] = e.id;
      await l.contacts.upsert({ channel: 'telegram', externalId: `90${n}`, enterpriseId: e.id, displayName: k });
    }
    const ev = (k: Key, kind: string, date: string, detail: Record<string, unknown> = {}) => l.enterpriseEvents.add({ enterpriseId: id[k]!, kind, date, detail });
    await ev('A', 'hire', '2026-03-02', { first: true, count: 3 });
    await ev('M', 'hire', '2026-03-02', { first: true, count: 1 });
    await ev('B', 'hire', '2026-03-02', { first: true, count: 2 });
    await ev('B', 'contract_signed', '2026-03-05');
    await ev('B', 'insurance_registered', '2026-03-06');
    await ev('C', 'probation_start', '2026-05-10', { contract_months: 12, probation_months: 3 });
    await ev('D', 'probation_start', '2026-05-10', { contract_months: 12, probation_months: 2 });
    await l.layoffs.add({ enterpriseId: id.F!, date: '2026-07-01', count: 25, reason: '订单减少' });
    await l.layoffs.add({ enterpriseId: id.G!, date: '2026-07-01', count: 5, reason: '订单减少' });
    // M muted the topic of risk reminders.
    const m = await l.contacts.findByIdentity('telegram', '9010');
    await l.subscriptions.set({ contactId: m!.id, topic: '用工风险提示', muted: true });
  });
  afterAll(async () => t?.cleanup());

  it('every rule cites articles that exist in knowledge/laws, and a wrong one is refused', async () => {
    for (const r of rules) expect(r.cites.length).toBeGreaterThan(0);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'kb-'));
    await mkdir(path.join(dir, 'laws'));
    await cp(path.join(KNOWLEDGE_DIR, 'laws', '劳动合同法.md'), path.join(dir, 'laws', '劳动合同法.md'));
    const bad = (await readFile(path.join(KNOWLEDGE_DIR, 'reminders.yaml'), 'utf8')).split('\n- id: social-insurance-registration')[0]!
      .replace('article: 第八十二条', 'article: 第九百九十九条');
    await writeFile(path.join(dir, 'reminders.yaml'), bad);
    expect(() => loadReminderRules(dir)).toThrow('规则 written-contract-first-hire 引用的《劳动合同法》第九百九十九条不存在');
  });

  it('fires on the right days and never twice in a period', async () => {
    const all = (rule: string) => KEYS.map((k) => `${k}:${rule}`);
    const expected: Record<string, string[]> = {
      '2026-03-01': ['E:headcount-drop-10pct', 'R:new-enterprise-guidance', ...all('skills-subsidy-window-2026')],
      '2026-03-02': [],
      '2026-03-11': [],
      '2026-03-12': ['A:social-insurance-registration', 'M:social-insurance-registration'],
      '2026-03-15': [],
      '2026-03-16': ['A:written-contract-first-hire', 'M:written-contract-first-hire'],
      '2026-03-17': [],
      '2026-05-10': ['C:probation-over-limit'],
      '2026-05-11': [],
      '2026-07-01': ['F:layoff-art41-report'],
      '2026-07-02': [],
      '2026-11-30': [],
      '2026-12-01': [...all('annual-leave-year-end'), ...all('skills-subsidy-window-2026')],
      '2026-12-02': [],
      '2027-01-05': ['E:headcount-drop-10pct', 'H:migrant-wages-before-spring-festival'],
      '2027-01-06': [],
    };
    const got: Record<string, string[]> = {};
    for (const day of Object.keys(expected)) {
      const r = await runReminders(t.ledger, rules, { today: day });
      got[day] = r.fired.map((f) => `${keyOf(f.enterpriseId)}:${f.ruleId}`).sort();
      expected[day] = expected[day]!.sort();
    }
    expect(got).toEqual(expected);

    // Running a day again changes nothing: the (enterprise, rule, period) key holds.
    const again = await runReminders(t.ledger, rules, { today: '2026-12-01' });
    expect(again.fired).toEqual([]);
    expect(again.alreadyFired).toBe(2 * KEYS.length + 1); // + E's headcount drop, still true, already sent for 2026
  });

  it('queues the message with its legal basis; a muted subscriber gets nothing but the firing is kept', async () => {
    const firings = await t.ledger.reminderFirings.list();
    const a = firings.find((f) => f.enterpriseId === id.A && f.ruleId === 'social-insurance-registration')!;
    const m = firings.find((f) => f.enterpriseId === id.M && f.ruleId === 'social-insurance-registration')!;
    expect(m.noticeId).toBeNull();
    const notice = await t.ledger.notices.get(a.noticeId!);
    expect(notice).toMatchObject({ kind: 'reminder', topic: '用工风险提示' });
    expect(notice!.body).toContain('2026-04-01 前');
    expect(notice!.body).toContain('依据：《社会保险法》第五十八条；《社会保险法》第八十四条');
    expect(await t.ledger.outbox.stats(a.noticeId!)).toMatchObject({ pending: 1 });
    // M still gets reminders on topics it did not mute.
    expect(firings.find((f) => f.enterpriseId === id.M && f.ruleId === 'annual-leave-year-end')!.noticeId).not.toBeNull();
    const contract = await t.ledger.notices.get(firings.find((f) => f.enterpriseId === id.A && f.ruleId === 'written-contract-first-hire')!.noticeId!);
    expect(contract!.body).toContain('2026-04-02 前'); // one month from 2026-03-02
  });

  it('runs again when an enterprise’s facts change (a layoff recorded today)', async () => {
    let now = new Date('2026-07-02T02:00:00Z');
    const schedule = new ReminderSchedule(t.ledger, rules, { now: () => now, debounceMs: 10, checkEveryMs: 60_000 });
    await t.ledger.layoffs.add({ enterpriseId: id.G!, date: '2026-07-02', count: 12, reason: '生产线关闭' });
    schedule.factsChanged(id.G!);
    const until = Date.now() + 5000;
    let fired: { ruleId: string }[] = [];
    while (Date.now() < until) {
      fired = (await t.ledger.reminderFirings.list(id.G!)).filter((f) => f.ruleId === 'layoff-art41-report');
      if (fired.length) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    schedule.stop();
    now = new Date();
    expect(fired).toHaveLength(1); // 12 of 100 at last year end: over 10%, 第四十一条 applies
  });
});
