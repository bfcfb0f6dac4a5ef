import { afterAll, describe, expect, it } from 'vitest';
import { LedgerValidationError } from '../../src/ledger/index.js';
import { requiresArticle41Report } from '../../src/ledger/layoffs.js';
import { BACKENDS, enterpriseInput, makeUscc, openTestLedger, type TestLedger, setupSuite } from './backends.js';

/** Run fn, expect a LedgerValidationError, return it. */
async function rejection(fn: () => Promise<unknown>): Promise<LedgerValidationError> {
  try {
    await fn();
  } catch (err) {
    expect(err).toBeInstanceOf(LedgerValidationError);
    return err as LedgerValidationError;
  }
  throw new Error('expected a validation error');
}

describe.each(BACKENDS)('ledger repositories on %s', (kind) => {
  let t: TestLedger;
  setupSuite(async () => {
    t = await openTestLedger(kind);
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  describe('enterprises', () => {
    it('creates an enterprise, normalising USCC, industry name and size label', async () => {
      const e = await t.ledger.enterprises.create(
        enterpriseInput(1, { uscc: makeUscc(1).toLowerCase(), industry: '制造业', sizeClass: '小型', tags: ['新注册企业'], watchListed: true }),
      );
      expect(e).toMatchObject({
        name: '洛阳测试1号有限公司', uscc: makeUscc(1), industry: 'C', district: '涧西区', registeredOn: '2022-03-15',
        headcountLastYearEnd: 50, headcountCurrent: 48, sizeClass: 'small', tags: ['新注册企业'], watchListed: true, harmonyCultivated: false,
      });
      expect(typeof e.id).toBe('number');
      expect(e.createdAt).toBeInstanceOf(Date);
      expect(await t.ledger.enterprises.getByUscc(makeUscc(1).toLowerCase())).toMatchObject({ id: e.id });
    });

    it('keeps a dated headcount history; the current figure follows the latest date', async () => {
      const e = await t.ledger.enterprises.create(enterpriseInput(2, { headcountCurrent: 40, headcountAsOf: '2025-01-31' }));
      await t.ledger.enterprises.recordHeadcount({ enterpriseId: e.id, asOf: '2025-06-30', headcount: 55, source: '季度监测' });
      await t.ledger.enterprises.recordHeadcount({ enterpriseId: e.id, asOf: '2025-03-31', headcount: 45 }); // late report of an older date
      const now = await t.ledger.enterprises.mustGet(e.id);
      expect(now.headcountCurrent).toBe(55);
      expect(now.headcountAsOf).toBe('2025-06-30');
      expect(await t.ledger.enterprises.headcountHistory(e.id)).toEqual([
        { asOf: '2025-01-31', headcount: 40, source: '登记' },
        { asOf: '2025-03-31', headcount: 45, source: '' },
        { asOf: '2025-06-30', headcount: 55, source: '季度监测' },
      ]);
    });

    it('updates only the given fields and lists by filter', async () => {
      const staff = await t.ledger.staff.create({ username: 'coord1', displayName: '王磊', role: 'coordinator' });
      const e = await t.ledger.enterprises.create(enterpriseInput(3, { district: '洛龙区', industry: 'I' }));
      const u = await t.ledger.enterprises.update(e.id, { harmonyCultivated: true, coordinatorId: staff.id, note: '重点培育' });
      expect(u).toMatchObject({ harmonyCultivated: true, coordinatorId: staff.id, note: '重点培育', name: e.name, district: '洛龙区' });
      expect((await t.ledger.enterprises.list({ district: '洛龙区' })).map((x) => x.id)).toEqual([e.id]);
      expect((await t.ledger.enterprises.list({ search: '测试3号' })).map((x) => x.id)).toEqual([e.id]);
      expect((await t.ledger.enterprises.list({ coordinatorId: staff.id })).map((x) => x.id)).toEqual([e.id]);
    });

    it('ensure() returns the existing record for a known USCC', async () => {
      const first = await t.ledger.enterprises.ensure(enterpriseInput(4));
      const again = await t.ledger.enterprises.ensure(enterpriseInput(4, { name: '改名' }));
      expect(first.created).toBe(true);
      expect(again).toEqual({ enterprise: first.enterprise, created: false });
    });

    it('rejects a duplicate USCC and an unknown coordinator as field errors', async () => {
      await t.ledger.enterprises.create(enterpriseInput(5));
      const dup = await rejection(() => t.ledger.enterprises.create(enterpriseInput(5, { name: '另一家' })));
      expect(dup.messageFor('uscc')).toBe(`统一社会信用代码${makeUscc(5)}已登记，不能重复`);
      const fk = await rejection(() => t.ledger.enterprises.create(enterpriseInput(6, { coordinatorId: 999999 })));
      expect(fk.messageFor('coordinatorId')).toBe('联系协调员不存在');
    });
  });

  describe('field-by-field validation', () => {
    it('reports every bad enterprise field with its own Chinese message', async () => {
      const err = await rejection(() =>
        t.ledger.enterprises.create({
          name: '  ',
          uscc: '91350100M000100Y44',
          industry: 'Z',
          district: '吉利区',
          registeredOn: '2025-02-30',
          headcountLastYearEnd: 12.5,
          headcountCurrent: -1,
          sizeClass: '超大型',
          tags: ['', 'ok'],
          watchListed: 'yes',
          coordinatorId: 0,
          color: 'red',
        } as never),
      );
      expect(err.messageFor('name')).toBe('企业名称不能为空');
      expect(err.messageFor('uscc')).toBe('统一社会信用代码第18位校验码应为3，实际为4');
      expect(err.messageFor('industry')).toBe('所属行业“Z”不是国民经济行业门类，应为 A–T 的门类字母或名称（如 C 或 制造业）');
      expect(err.messageFor('district')).toMatch(/^所属区县“吉利区”不在区县名单中（老城区、西工区、.*孟津区.*汝阳县）$/);
      expect(err.messageFor('registeredOn')).toBe('注册日期应为日期，格式如 2025-03-01');
      expect(err.messageFor('headcountLastYearEnd')).toBe('上年底职工数量应为整数');
      expect(err.messageFor('headcountCurrent')).toBe('目前职工数量不能小于0');
      expect(err.messageFor('sizeClass')).toBe('企业规模应为 大型、中型、小型、微型 之一');
      expect(err.messageFor('tags.0')).toBe('标签不能为空');
      expect(err.messageFor('watchListed')).toBe('重点监测应为“是”或“否”');
      expect(err.messageFor('coordinatorId')).toBe('联系协调员应为编号（正整数）');
      expect(err.messageFor('color')).toBe('不认识的字段：color');
      expect(err.message.startsWith('企业信息有误：企业名称不能为空；')).toBe(true);
      expect(err.issues).toHaveLength(12);
    });

    it.each([
      ['empty', '', '统一社会信用代码不能为空'],
      ['wrong length', '9141030500001234', '统一社会信用代码应为18位，实际为16位'],
      ['forbidden letter', '91410305000O12343Y', '统一社会信用代码不使用字母I、O、S、V、Z，第12位却是“O”'],
      ['bad authority', 'X1410305000012343Y', '统一社会信用代码第1位登记管理部门代码“X”无效，应为1–9、A、N、Y之一'],
      ['bad region', '91ABCDEF000012343Y', '统一社会信用代码第3–8位应为6位数字的行政区划码，实际为“ABCDEF”'],
    ])('passes the USCC rule message through (%s)', async (_what, uscc, message) => {
      const err = await rejection(() => t.ledger.enterprises.create(enterpriseInput(90, { uscc })));
      expect(err.messageFor('uscc')).toBe(message);
    });

    it('requires the mandatory fields', async () => {
      const err = await rejection(() => t.ledger.enterprises.create({} as never));
      expect(err.messageFor('name')).toBe('企业名称必须填写');
      expect(err.messageFor('uscc')).toBe('统一社会信用代码必须填写');
      expect(err.messageFor('industry')).toBe('所属行业必须填写');
      expect(err.messageFor('district')).toBe('所属区县必须填写');
    });

    it('validates consultations, contacts, follow-ups, policies, layoffs, staff field by field', async () => {
      const c = await rejection(() =>
        t.ledger.consultations.record({ channel: 'sms', question: '', confidence: 1.5, latencyMs: -3, citations: [{ article: '第十条' }] } as never),
      );
      expect(c.messageFor('channel')).toBe('渠道应为以下渠道之一：telegram、wechat、web、console');
      expect(c.messageFor('question')).toBe('问题不能为空');
      expect(c.messageFor('confidence')).toBe('置信度不能大于1');
      expect(c.messageFor('latencyMs')).toBe('耗时不能小于0');
      expect(c.messageFor('citations.0.title')).toBe('引用必须填写');

      const ct = await rejection(() => t.ledger.contacts.upsert({ channel: 'wechat', externalId: '', phone: '12345', role: '老板' } as never));
      expect(ct.messageFor('externalId')).toBe('聊天账号不能为空');
      expect(ct.messageFor('phone')).toBe('手机号应为手机号（如 13812345678）或带区号的固定电话');
      expect(ct.messageFor('role')).toBe('角色应为 负责人、人事、财务、管理人员、职工、其他 之一');

      const f = await rejection(() =>
        t.ledger.followUps.add({ enterpriseId: 1, date: '2025-05-01', staffName: '', content: '走访', nextDate: '2025-04-01' }),
      );
      expect(f.messageFor('staffName')).toBe('指导人员不能为空');
      const f2 = await rejection(() =>
        t.ledger.followUps.add({ enterpriseId: 1, date: '2025-05-01', staffName: '王磊', content: '走访', nextDate: '2025-04-01' }),
      );
      expect(f2.messageFor('nextDate')).toBe('下次跟踪日期应晚于指导日期');

      const p = await rejection(() => t.ledger.stabilityPolicies.add({ enterpriseId: 1, policy: '', year: 1999, amountYuan: -5 }));
      expect(p.messageFor('policy')).toBe('政策名称不能为空');
      expect(p.messageFor('year')).toBe('享受年度不能小于2000');
      expect(p.messageFor('amountYuan')).toBe('金额不能小于0');

      const l = await rejection(() => t.ledger.layoffs.add({ enterpriseId: 1, date: 'yesterday', count: 0, reason: '' }));
      expect(l.messageFor('date')).toBe('裁员日期应为日期，格式如 2025-03-01');
      expect(l.messageFor('count')).toBe('裁员人数不能小于1');
      expect(l.messageFor('reason')).toBe('裁员原因不能为空');

      const s = await rejection(() => t.ledger.staff.create({ username: 'A B', displayName: '', role: 'boss', passwordHash: 'secret' } as never));
      expect(s.messageFor('username')).toBe('用户名只能用2–40位小写字母、数字、点、下划线或连字符');
      expect(s.messageFor('role')).toBe('角色应为 admin（管理员）、coordinator（协调员）、viewer（查看者）之一');
      expect(s.messageFor('passwordHash')).toBe('密码应为密码散列值，不是明文密码');
    });

    it('turns unknown references into field messages', async () => {
      const f = await rejection(() => t.ledger.followUps.add({ enterpriseId: 987654, date: '2025-05-01', staffName: '王磊', content: '走访' }));
      expect(f.messageFor('enterpriseId')).toBe('企业不存在');
      const c = await rejection(() => t.ledger.contacts.upsert({ channel: 'web', externalId: 'x', enterpriseId: 987654 }));
      expect(c.messageFor('enterpriseId')).toBe('企业不存在');
    });
  });

  describe('contacts, follow-ups, policies, layoffs', () => {
    it('upserts a chat identity, keeping fields not given', async () => {
      const e = await t.ledger.enterprises.create(enterpriseInput(10));
      const a = await t.ledger.contacts.upsert({ channel: 'wechat', externalId: 'wxid_1', displayName: '李会计', phone: '13812345678' });
      expect(a).toMatchObject({ enterpriseId: null, role: 'other' });
      const b = await t.ledger.contacts.upsert({ channel: 'wechat', externalId: 'wxid_1', enterpriseId: e.id, role: '财务' });
      expect(b).toMatchObject({ id: a.id, displayName: '李会计', phone: '13812345678', enterpriseId: e.id, role: 'finance' });
      const linked = await t.ledger.contacts.link({ contactId: a.id, enterpriseId: e.id, role: 'hr' });
      expect(linked.role).toBe('hr');
      expect((await t.ledger.contacts.listByEnterprise(e.id)).map((c) => c.id)).toEqual([a.id]);
      expect(await t.ledger.contacts.findByIdentity('wechat', 'wxid_1')).toMatchObject({ id: a.id });
      expect(await t.ledger.contacts.findByIdentity('telegram', 'wxid_1')).toBeUndefined();
    });

    it('records follow-ups with next dates and finds the due ones', async () => {
      const e = await t.ledger.enterprises.create(enterpriseInput(11));
      await t.ledger.followUps.add({ enterpriseId: e.id, date: '2025-01-10', staffName: '王磊', content: '上门走访', nextDate: '2025-02-10' });
      const last = await t.ledger.followUps.add({ enterpriseId: e.id, date: '2025-02-12', staffName: '王磊', content: '电话回访', nextDate: '2025-03-12' });
      expect((await t.ledger.followUps.listByEnterprise(e.id)).map((f) => f.date)).toEqual(['2025-01-10', '2025-02-12']);
      const due = await t.ledger.followUps.due('2025-03-31');
      expect(due.filter((f) => f.enterpriseId === e.id)).toEqual([last]);
      expect((await t.ledger.followUps.due('2025-03-01')).filter((f) => f.enterpriseId === e.id)).toEqual([]);
    });

    it('records policies enjoyed and layoffs, with the 第四十一条 threshold', async () => {
      const e = await t.ledger.enterprises.create(enterpriseInput(12));
      await t.ledger.stabilityPolicies.add({ enterpriseId: e.id, policy: '稳岗返还', year: 2024, amountYuan: 12000 });
      await t.ledger.stabilityPolicies.add({ enterpriseId: e.id, policy: '技能提升补贴', year: 2025, amountYuan: 1500.5 });
      expect((await t.ledger.stabilityPolicies.listByEnterprise(e.id)).map((p) => [p.year, p.policy, p.amountYuan])).toEqual([
        [2024, '稳岗返还', 12000],
        [2025, '技能提升补贴', 1500.5],
      ]);
      const l = await t.ledger.layoffs.add({ enterpriseId: e.id, date: '2025-04-01', count: 6, reason: '订单减少', reportedArt41: true });
      expect(l).toMatchObject({ count: 6, reportedArt41: true, date: '2025-04-01' });
      expect(requiresArticle41Report(20, 1000)).toBe(true);
      expect(requiresArticle41Report(19, 1000)).toBe(false);
      expect(requiresArticle41Report(6, 50)).toBe(true);
      expect(requiresArticle41Report(4, 50)).toBe(false);
    });
  });

  describe('notices, outbox and deliveries', () => {
    it('queues each notice × contact × channel once and lets workers claim without overlap', async () => {
      const admin = await t.ledger.staff.create({ username: 'office-admin', displayName: '管理员', role: 'admin' });
      const notice = await t.ledger.notices.create({ title: '稳岗返还提醒', body: '请核对失业保险缴费情况', topic: 'policy', createdBy: admin.id });
      const contacts = [];
      for (let i = 0; i < 5; i++) contacts.push(await t.ledger.contacts.upsert({ channel: 'telegram', externalId: `tg-${i}` }));
      const recipients = contacts.map((c) => ({ contactId: c.id, channel: 'telegram' as const }));
      expect(await t.ledger.outbox.enqueue({ noticeId: notice.id, recipients })).toBe(5);
      expect(await t.ledger.outbox.enqueue({ noticeId: notice.id, recipients })).toBe(0);

      const [a, b] = await Promise.all([
        t.ledger.outbox.claim({ worker: 'w1', limit: 3 }),
        t.ledger.outbox.claim({ worker: 'w2', limit: 3 }),
      ]);
      const ids = [...a, ...b].map((x) => x.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBe(5);
      expect(a.concat(b).every((x) => x.status === 'claimed' && x.attempts === 1)).toBe(true);

      const first = a[0] ?? b[0]!;
      const owner = first.claimedBy!;
      expect(await t.ledger.outbox.markSent(first.id, 'someone-else', 'm1')).toBe(false);
      expect(await t.ledger.outbox.markSent(first.id, owner, 'msg-1')).toBe(true);
      const second = a.concat(b).find((x) => x.id !== first.id)!;
      expect(await t.ledger.outbox.markFailed(second.id, second.claimedBy!, '429 Too Many Requests', new Date(Date.now() - 1000))).toBe(true);
      const third = a.concat(b).find((x) => x.id !== first.id && x.id !== second.id)!;
      expect(await t.ledger.outbox.markFailed(third.id, third.claimedBy!, 'blocked by user', null)).toBe(true);

      const retry = await t.ledger.outbox.claim({ worker: 'w3', channels: ['telegram'] });
      expect(retry.map((x) => x.id)).toEqual([second.id]);
      expect(retry[0]!.attempts).toBe(2);
      expect(await t.ledger.outbox.claim({ worker: 'w3', channels: ['wechat'] })).toEqual([]);
      expect(await t.ledger.outbox.releaseStale(0)).toBe(3); // the two never finished + the retry
      expect(await t.ledger.outbox.stats(notice.id)).toEqual({ pending: 3, claimed: 0, sending: 0, sent: 1, failed: 1, cancelled: 0, unknown: 0 });
      expect((await t.ledger.outbox.deliveries(first.id)).map((d) => [d.ok, d.providerMessageId])).toEqual([[true, 'msg-1']]);
      expect((await t.ledger.outbox.deliveries(second.id)).map((d) => [d.ok, d.error])).toEqual([[false, '429 Too Many Requests']]);
      expect(await t.ledger.outbox.cancelNotice(notice.id)).toBe(3);
    });
  });

  describe('staff, subscriptions, audit', () => {
    it('counts sign-in attempts before the check and locks the account at the limit, even when they come at once', async () => {
      const s = await t.ledger.staff.create({ username: 'viewer1', displayName: '陈静', role: 'viewer', passwordHash: 'scrypt$16384$8$1$salt$hash-value' });
      // 20 attempts at once against a limit of 3: exactly 3 get a slot, the last of which locks.
      const slots = await Promise.all(Array.from({ length: 20 }, () => t.ledger.staff.reserveLoginAttempt('viewer1', 3, 60_000)));
      expect(slots.filter(Boolean).map((x) => x!.failedAttempts).sort()).toEqual([1, 2, 3]);
      expect((await t.ledger.staff.get(s.id))!.lockedUntil!.getTime()).toBeGreaterThan(Date.now() + 30_000);
      expect((await t.ledger.staff.findForLogin('viewer1'))!.passwordHash).toBe('scrypt$16384$8$1$salt$hash-value');
      await t.ledger.staff.recordSuccessfulLogin(s.id);
      expect(await t.ledger.staff.get(s.id)).toMatchObject({ failedAttempts: 0, lockedUntil: null });
      expect(await t.ledger.staff.reserveLoginAttempt('nobody')).toBeUndefined();
      const dup = await rejection(() => t.ledger.staff.create({ username: 'viewer1', displayName: 'x', role: 'viewer' }));
      expect(dup.messageFor('username')).toBe('用户名viewer1已被使用');
    });

    it('subscribes, mutes and builds the audience of a topic', async () => {
      const a = await t.ledger.contacts.upsert({ channel: 'web', externalId: 'sub-a' });
      const b = await t.ledger.contacts.upsert({ channel: 'wechat', externalId: 'sub-b' });
      await t.ledger.subscriptions.set({ contactId: a.id, topic: 'minimum-wage' });
      await t.ledger.subscriptions.set({ contactId: b.id, topic: 'minimum-wage' });
      await t.ledger.subscriptions.set({ contactId: b.id, topic: 'minimum-wage', muted: true });
      expect(await t.ledger.subscriptions.audience('minimum-wage')).toEqual([{ contactId: a.id, channel: 'web', enterpriseId: null }]);
      expect(await t.ledger.subscriptions.remove(a.id, 'minimum-wage')).toBe(true);
      expect(await t.ledger.subscriptions.audience('minimum-wage')).toEqual([]);
    });

    it('appends audit entries', async () => {
      const s = await t.ledger.staff.create({ username: 'auditor', displayName: '审计', role: 'admin' });
      await t.ledger.audit.append({ staffId: s.id, action: 'enterprise.update', targetType: 'enterprise', targetId: 7, detail: { fields: ['note'] } });
      const [entry] = await t.ledger.audit.list({ staffId: s.id });
      expect(entry).toMatchObject({ action: 'enterprise.update', targetType: 'enterprise', targetId: '7', detail: { fields: ['note'] } });
      const bad = await rejection(() => t.ledger.audit.append({ action: 'Delete Everything' }));
      expect(bad.messageFor('action')).toBe('操作应为英文操作名，如 enterprise.update');
    });
  });

  describe('transactions', () => {
    it('rolls back every write of a failed transaction', async () => {
      const before = await t.ledger.enterprises.count();
      await expect(
        t.ledger.transaction(async (tx) => {
          const e = await tx.enterprises.create(enterpriseInput(20));
          await tx.followUps.add({ enterpriseId: e.id, date: '2025-01-01', staffName: '王磊', content: '走访' });
          await tx.consultations.record({ channel: 'web', question: '在事务里', enterpriseId: e.id });
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await t.ledger.enterprises.count()).toBe(before);
      expect(await t.ledger.enterprises.getByUscc(makeUscc(20))).toBeUndefined();
    });
  });
});
