import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { broadcast } from '../../src/outreach/broadcast.js';
import { OutreachError } from '../../src/outreach/errors.js';
import { parseNoticeFile } from '../../src/outreach/noticeFile.js';
import { runScript } from '../helpers/cli.js';
import { enterpriseInput, KNOWLEDGE_DIR, openTestLedger, setupSuite, TEST_DATABASE_URL, type TestLedger } from '../ledger/backends.js';

const TODAY = '2026-11-23';

describe('broadcast: notices, audiences, dry run, expired policies', () => {
  let t: TestLedger;
  const ids: Record<string, number> = {};

  setupSuite(async () => {
    t = await openTestLedger('postgres');
    const l = t.ledger;
    const make = async (n: number, key: string, o: Record<string, unknown>, contacts: string[]) => {
      const e = await l.enterprises.create(enterpriseInput(n, o));
      ids[key] = e.id;
      for (const c of contacts) await l.contacts.upsert({ channel: 'telegram', externalId: c, enterpriseId: e.id, displayName: `${key}-${c}` });
    };
    await make(1, 'hotelLuolong', { industry: 'H', district: '洛龙区', headcountCurrent: 12, registeredOn: '2026-10-01', tags: ['餐饮'] }, ['1001', '1002']);
    await make(2, 'hotelJianxi', { industry: 'H', district: '涧西区', headcountCurrent: 40, registeredOn: '2020-01-01' }, ['1003']);
    await make(3, 'factoryLuolong', { industry: 'C', district: '洛龙区', headcountCurrent: 300, watchListed: true, harmonyCultivated: true }, ['1004']);
    await make(4, 'shopLuolong', { industry: 'F', district: '洛龙区', headcountCurrent: 5, registeredOn: '2026-11-01' }, ['1005']);
    // 1002 muted the 稳岗 topic; 1005 subscribed to it.
    const c1002 = await l.contacts.findByIdentity('telegram', '1002');
    const c1005 = await l.contacts.findByIdentity('telegram', '1005');
    await l.subscriptions.set({ contactId: c1002!.id, topic: '稳岗', muted: true });
    await l.subscriptions.set({ contactId: c1005!.id, topic: '稳岗' });
  });
  afterAll(async () => t?.cleanup());

  const draft = (policies: string[] = [], topic: string | null = null) => ({ title: '测试通知', body: '请按时申报。', topic, policyIds: policies });
  const names = (r: { sample: { displayName: string }[] }) => r.sample.map((s) => s.displayName).sort();

  it('filters on every key and reports the count and a sample without sending on --dry-run', async () => {
    const run = (where: string) => broadcast(t.ledger, KNOWLEDGE_DIR, { draft: draft(), where, dryRun: true, today: TODAY, sampleSize: 10 });
    expect((await run('industry=H;district=洛龙区')).count).toBe(2);
    expect((await run('industry=住宿和餐饮业')).count).toBe(3);
    expect((await run('district=洛龙区;headcount_min=10;headcount_max=100')).count).toBe(2);
    expect(names(await run('registered_within_days=60'))).toEqual(['hotelLuolong-1001', 'hotelLuolong-1002', 'shopLuolong-1005']);
    expect(names(await run('watchlist=是'))).toEqual(['factoryLuolong-1004']);
    expect(names(await run('cultivated=yes'))).toEqual(['factoryLuolong-1004']);
    expect((await run('tag=餐饮')).count).toBe(2);
    expect(names(await run('topic=稳岗'))).toEqual(['shopLuolong-1005']);
    expect((await run('channel=wechat')).count).toBe(0);
    const outbox = await t.ledger.db.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox');
    expect(outbox[0]!.n).toBe(0);
    const audit = await t.ledger.audit.list();
    expect(audit.filter((a) => a.action === 'notice.broadcast_dry_run').length).toBe(9);
  });

  it('rejects unknown keys and bad values with messages staff can act on', async () => {
    await expect(broadcast(t.ledger, KNOWLEDGE_DIR, { draft: draft(), where: 'industry=Z;district=火星区;colour=red', dryRun: true, today: TODAY }))
      .rejects.toThrow(/“Z”不是国民经济行业门类[\s\S]*“火星区”不在区县名单中[\s\S]*不认识的条件“colour”/);
  });

  it('refuses a notice linking an expired policy, and names it with its document number and expiry', async () => {
    const err = await broadcast(t.ledger, KNOWLEDGE_DIR, {
      draft: draft(['luoyang-skills-upgrade-subsidy-2025']), where: 'district=洛龙区', today: TODAY,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutreachError);
    // No expiry on file, but titled as 2025's: taken to end with 2025, and the message says so.
    expect((err as Error).message).toMatch(/技能提升补贴[\s\S]*已于 2025-12-31 失效（文件未登记截止日期，标题注明为年度政策，按当年年底计），不能作为现行政策推送/);
    // An expiry on file is quoted as it is.
    await expect(broadcast(t.ledger, KNOWLEDGE_DIR, { draft: draft(['henan-job-stability-refund-2025', 'henan-minimum-wage-2024']), where: 'district=洛龙区', today: TODAY }))
      .rejects.toThrow(/《失业保险稳岗返还（执行至2025年12月31日）》（文号待核实）已于 2025-12-31 失效，不能作为现行政策推送/);
    expect((await t.ledger.notices.list()).length).toBe(0);
  });

  it('sends: a notice with its current policies, one outbox row per recipient, muted topic left out, audited', async () => {
    const r = await broadcast(t.ledger, KNOWLEDGE_DIR, {
      draft: draft(['henan-minimum-wage-2024'], '稳岗'), where: 'district=洛龙区', today: TODAY, via: 'test',
    });
    expect(r.count).toBe(3); // 1002 muted 稳岗
    expect(r.queued).toBe(3);
    expect(r.preview).toContain('豫政〔2023〕43号');
    expect(r.preview).toContain('2024-01-01 起，长期有效');
    const notice = await t.ledger.notices.get(r.noticeId!);
    expect(notice!.policies).toEqual([expect.objectContaining({ id: 'henan-minimum-wage-2024', docNumber: '豫政〔2023〕43号' })]);
    expect(await t.ledger.outbox.stats(r.noticeId!)).toMatchObject({ pending: 3 });
    const audit = (await t.ledger.audit.list()).find((a) => a.action === 'notice.broadcast');
    expect(audit).toMatchObject({ targetId: String(r.noticeId), detail: expect.objectContaining({ where: 'district=洛龙区', queued: 3, via: 'test' }) });
  });

  it('parses a notice file and reports a missing header plainly', () => {
    expect(parseNoticeFile('---\ntitle: 标题\ntopic: 稳岗\npolicies: [a, b]\n---\n正文')).toEqual({ title: '标题', body: '正文', topic: '稳岗', policyIds: ['a', 'b'] });
    expect(() => parseNoticeFile('只有正文')).toThrow(/开头应有 --- 包围的头部/);
  });

  it('npm run broadcast -- --dry-run prints the count and a sample and queues nothing', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'notice-'));
    const file = path.join(dir, 'n.md');
    await writeFile(file, '---\ntitle: 餐饮企业用工提示\ntopic: 用工提示\n---\n请依法签订书面劳动合同。\n');
    const before = (await t.ledger.db.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox'))[0]!.n;
    const r = await runScript('broadcast.ts', ['--notice', file, '--where', 'industry=H;district=洛龙区', '--dry-run', '--schema', t.schema!], {
      env: { DATABASE_URL: TEST_DATABASE_URL, DATA_DIR: t.dataDir, KNOWLEDGE_DIR },
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('符合条件的接收人：2 人（未发送）');
    expect(r.stdout).toContain('洛阳测试1号有限公司');
    const after = (await t.ledger.db.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox'))[0]!.n;
    expect(after).toBe(before);
  });
});
