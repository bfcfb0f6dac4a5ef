import ExcelJS from 'exceljs';
import type { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { createAdmin } from '../../src/office/create-admin.js';
import { verifyPassword } from '../../src/office/password.js';
import { BACKENDS, setupSuite, type TestLedger } from '../ledger/backends.js';
import { attemptSignIn, CookieJar, officeFixture, postForm, signIn } from './helpers.js';

type Item = { id: number; channel: string; district: string | null; enterpriseName: string | null; confidence: number | null; answer: string | null; feedback: string | null; handoffState: string; askedAt: string };

describe.each(BACKENDS)('office console API on %s', (kind) => {
  let t: TestLedger;
  let app: Hono;
  let jar: CookieJar;
  let csrf: string;
  setupSuite(async () => {
    ({ t, app } = await officeFixture(kind));
    ({ jar, csrf } = await signIn(app, 'wanglei'));
  });
  afterAll(async () => t?.cleanup());

  const get = async (path: string) => {
    const res = await app.request(path, { headers: { cookie: jar.header } });
    expect(res.status, path).toBe(200);
    return res;
  };
  const search = async (query: string) => ((await (await get(`/office/api/consultations?${query}`)).json()) as { total: number; items: Item[] });

  it('answers a hostile page number or a NUL byte in a filter with a page, not a 500', async () => {
    await search('page=1e400');
    const nul = await search(`text=${encodeURIComponent('试用\u0000期')}&district=${encodeURIComponent('\u0000')}`);
    expect(nul.total).toBeGreaterThanOrEqual(0);
    await get(`/office/consultations?page=1e400&text=${encodeURIComponent('\u0000')}`);
  });

  it('searches the consultation log by every filter', async () => {
    const all = await search('');
    const total = await t.ledger.consultations.count();
    expect(all.total).toBe(total);
    const wechat = await search('channel=wechat');
    expect(wechat.items.every((i) => i.channel === 'wechat')).toBe(true);
    const district = all.items.find((i) => i.district)!.district!;
    const inDistrict = await search(`district=${encodeURIComponent(district)}`);
    expect(inDistrict.total).toBeGreaterThan(0);
    expect(inDistrict.items.every((i) => i.district === district)).toBe(true);
    const name = all.items.find((i) => i.enterpriseName)!.enterpriseName!;
    const byName = await search(`enterprise=${encodeURIComponent(name.slice(2, 4))}`);
    expect(byName.items.every((i) => i.enterpriseName!.includes(name.slice(2, 4)))).toBe(true);

    const target = all.items[0]!;
    await t.ledger.db.query(`UPDATE consultations SET confidence = 0.2, feedback = 'unhelpful' WHERE id = $1`, [target.id]);
    const [weak, unhelpful, none] = await Promise.all([search('weak=1'), search('feedback=unhelpful'), search('feedback=none')]);
    expect(weak.items.map((i) => i.id)).toContain(target.id);
    expect(weak.items.every((i) => !i.answer || (i.confidence ?? 1) < 0.5)).toBe(true);
    expect(unhelpful.items.map((i) => i.id)).toEqual([target.id]);
    expect(none.total).toBe(total - 1);

    const handed = await search('handedOff=yes');
    expect(handed.items.every((i) => i.handoffState !== 'none')).toBe(true);
    expect(handed.total + (await search('handedOff=no')).total).toBe(total);

    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(target.askedAt));
    const onDay = await search(`from=${day}&to=${day}`);
    expect(onDay.items.map((i) => i.id)).toContain(target.id);
    for (const i of onDay.items) expect(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(i.askedAt))).toBe(day);
    // Malformed filters are ignored rather than failing.
    expect((await search('from=yesterday&industry=zz&channel=%27')).total).toBe(total);
  });

  it('shows a consultation with its conversation and citations, and validates a review', async () => {
    const { items } = await search('');
    const id = items[0]!.id;
    const detail = (await (await get(`/office/api/consultations/${id}`)).json()) as { consultation: { citations: unknown[] }; conversation: { id: number }[] };
    expect(detail.consultation.citations.length).toBeGreaterThan(0);
    expect(detail.conversation.map((m) => m.id)).toContain(id);
    const page = await (await get(`/office/consultations/${id}`)).text();
    expect(page).toContain('《');
    const bad = await postForm(app, `/office/consultations/${id}/review`, jar, { _csrf: csrf, verdict: 'wrong', correctedAnswer: '' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('答复有误时必须填写更正后的答复');
    const ok = await postForm(app, `/office/consultations/${id}/review`, jar, { _csrf: csrf, verdict: 'right' });
    expect(ok.status).toBe(303);
    expect((await search('')).items.find((i) => i.id === id)).toMatchObject({ reviewVerdict: 'right' });
    expect((await app.request('/office/api/consultations/999999', { headers: { cookie: jar.header } })).status).toBe(404);
  });

  it('lets a coordinator claim and resolve a handed-off consultation', async () => {
    const { items } = await search('handedOff=yes');
    const id = items[0]!.id;
    const page = await (await get(`/office/consultations/${id}`)).text();
    expect(page).toContain('由我接手');
    const claim = await postForm(app, `/office/consultations/${id}/handoff`, jar, { _csrf: csrf, state: 'claimed' });
    expect(claim.status).toBe(303);
    const me = (await t.ledger.staff.findForLogin('wanglei'))!;
    expect(await t.ledger.consultations.get(id)).toMatchObject({ handoffState: 'claimed', handoffStaffId: me.id });
    expect((await postForm(app, `/office/consultations/${id}/handoff`, jar, { _csrf: csrf, state: 'none' })).status).toBe(400);
    await postForm(app, `/office/consultations/${id}/handoff`, jar, { _csrf: csrf, state: 'resolved' });
    expect((await t.ledger.consultations.get(id))!.handoffState).toBe('resolved');
    expect((await t.ledger.audit.list({ limit: 2 })).map((a) => a.action)).toEqual(['consultation.handoff', 'consultation.handoff']);
  });

  it('escapes what enterprises typed into the pages', async () => {
    const r = await t.ledger.consultations.record({
      channel: 'web', question: '<script>alert(1)</script>"><img src=x onerror=alert(2)>', answer: '<b>答复</b>',
      citations: [{ title: '<i>法</i>', article: '第一条' }],
    });
    const id = (r as { id: number }).id;
    for (const path of ['/office/consultations', `/office/consultations/${id}`]) {
      const html = await (await get(path)).text();
      expect(html, path).not.toContain('<script>alert(1)');
      expect(html, path).not.toContain('<img src=x');
      expect(html, path).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
    expect(await (await get(`/office/consultations/${id}`)).text()).not.toContain('<b>答复</b>');
  });

  it('records an enterprise edit in the audit log with what changed', async () => {
    const e = (await t.ledger.enterprises.list({ limit: 1 }))[0]!;
    const res = await postForm(app, `/office/enterprises/${e.id}`, jar, {
      _csrf: csrf, name: e.name, industry: e.industry, district: e.district, registeredOn: e.registeredOn ?? '',
      headcountLastYearEnd: '321', sizeClass: e.sizeClass ?? '', coordinatorId: String(e.coordinatorId ?? ''),
      watchListed: '1', tags: e.tags.join('、'), note: '测试修改',
    });
    expect(res.status).toBe(303);
    const after = (await t.ledger.enterprises.get(e.id))!;
    expect(after.headcountLastYearEnd).toBe(321);
    expect(after.watchListed).toBe(true);
    const entry = (await t.ledger.audit.list({ limit: 5 })).find((a) => a.action === 'enterprise.update')!;
    expect(entry.targetId).toBe(String(e.id));
    expect((entry.detail as { changed: Record<string, unknown> }).changed.headcountLastYearEnd).toEqual([e.headcountLastYearEnd, 321]);
    const bad = await postForm(app, `/office/enterprises/${e.id}`, jar, { _csrf: csrf, name: e.name, industry: 'ZZ', district: '火星区' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('不在区县名单中');
  });

  it('computes the dashboard from the ledger', async () => {
    const d = (await (await get('/office/api/dashboard?days=365')).json()) as Record<string, unknown> & {
      total: number; handedOff: number; perDay: unknown[]; topTopics: { topic: string; n: number }[]; targets: { key: string; value: number; target: number }[];
    };
    expect(d.total).toBe(await t.ledger.consultations.count());
    expect(d.perDay).toHaveLength(365);
    expect(d.topTopics[0]!.topic).toBe('中华人民共和国劳动合同法');
    const handed = (await t.ledger.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM consultations WHERE handoff_state <> 'none'`))[0]!.n;
    expect(d.handedOff).toBe(handed);
    expect(d.targets.map((x) => [x.key, x.target])).toEqual([['newEnterprisesServed', 100], ['largeOrStrugglingServed', 50], ['cultivatedThisYear', 16]]);
    const tagged = (await t.ledger.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM enterprises WHERE '新注册企业' = ANY (tags)`))[0]!.n;
    expect(d.targets[0]!.value).toBeGreaterThanOrEqual(tagged);
  });

  it('exports the ledger xlsx with the 台账 columns', async () => {
    const res = await get('/office/enterprises/export.xlsx');
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    const header = (wb.getWorksheet('服务指导台账')!.getRow(1).values as unknown[]).slice(1, 8);
    expect(header).toEqual(['企业名称', '所属行业', '上年底职工数量', '目前职工数量', '已享受的稳岗政策', '跟踪指导', '裁员情况']);
  });

  it('registers a new enterprise (coordinator), explaining a wrong USCC', async () => {
    const bad = await postForm(app, '/office/enterprises', jar, { _csrf: csrf, name: '洛阳新开张餐饮有限公司', uscc: '91410300MA00000000', industry: 'H', district: '洛龙区' });
    expect(bad.status).toBe(400);
    const text = await bad.text();
    expect(text).toContain('统一社会信用代码');
    expect(text).toContain('洛阳新开张餐饮有限公司');
    const { makeEnterpriseUscc } = await import('../../src/ledger/uscc.js');
    const uscc = makeEnterpriseUscc('410311', 88_000_001);
    const ok = await postForm(app, '/office/enterprises', jar, {
      _csrf: csrf, name: '洛阳新开张餐饮有限公司', uscc, industry: 'H', district: '洛龙区', registeredOn: '2025-09-01',
      headcountCurrent: '6', sizeClass: 'micro', tags: '新注册企业',
    });
    expect(ok.status).toBe(303);
    const e = (await t.ledger.enterprises.getByUscc(uscc))!;
    expect(ok.headers.get('location')).toBe(`/office/enterprises/${e.id}?done=created`);
    expect(e).toMatchObject({ headcountCurrent: 6, tags: ['新注册企业'], sizeClass: 'micro' });
    expect((await t.ledger.audit.list({ limit: 3 }))[0]).toMatchObject({ action: 'enterprise.create', targetId: String(e.id) });
  });

  it('lets an admin read the audit log, reset a password (unlocking) and deactivate an account', async () => {
    const admin = await signIn(app, 'admin');
    const viewer = await signIn(app, 'chenjing');
    const audit = await app.request('/office/audit', { headers: { cookie: admin.jar.header } });
    expect(audit.status).toBe(200);
    expect(await audit.text()).toContain('登录');
    expect((await app.request('/office/audit', { headers: { cookie: jar.header } })).status).toBe(403);
    const chenjing = (await t.ledger.staff.findForLogin('chenjing'))!;
    await t.ledger.staff.reserveLoginAttempt('chenjing', 1);
    const reset = await postForm(app, `/office/staff/${chenjing.id}/password`, admin.jar, { _csrf: admin.csrf, password: 'Reset-pass-2025' });
    expect(reset.status).toBe(303);
    const after = (await t.ledger.staff.findForLogin('chenjing'))!;
    expect(after.lockedUntil).toBeNull();
    expect(await verifyPassword('Reset-pass-2025', after.passwordHash)).toBe(true);
    const weak = await postForm(app, `/office/staff/${chenjing.id}/password`, admin.jar, { _csrf: admin.csrf, password: 'short' });
    expect(weak.status).toBe(400);
    // The reset signed the account out; signed in again with the new password, deactivation signs it out too.
    expect((await app.request('/office/api/dashboard', { headers: { cookie: viewer.jar.header } })).status).toBe(401);
    const again = await attemptSignIn(app, 'chenjing', 'Reset-pass-2025');
    expect(again.res.status).toBe(303);
    expect((await app.request('/office/api/dashboard', { headers: { cookie: again.jar.header } })).status).toBe(200);
    const off = await postForm(app, `/office/staff/${chenjing.id}/active`, admin.jar, { _csrf: admin.csrf, active: '0' });
    expect(off.status).toBe(303);
    expect((await app.request('/office/api/dashboard', { headers: { cookie: again.jar.header } })).status).toBe(401);
    const self = (await t.ledger.staff.findForLogin('admin'))!;
    const selfOff = await postForm(app, `/office/staff/${self.id}/active`, admin.jar, { _csrf: admin.csrf, active: '0' });
    expect(selfOff.status).toBe(400);
    const actions = (await t.ledger.audit.list({ limit: 5 })).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['staff.password_reset', 'staff.deactivate']));
  });

  it('creates the first admin from the command-line helper, and resets it', async () => {
    const first = await createAdmin(t.ledger, { username: 'Root', password: 'First-pass-2025' });
    expect(first.created).toBe(true);
    expect(first.staff.role).toBe('admin');
    await t.ledger.staff.reserveLoginAttempt('root', 1);
    const again = await createAdmin(t.ledger, { username: 'root', password: 'Second-pass-2025' });
    expect(again.created).toBe(false);
    const row = (await t.ledger.staff.findForLogin('root'))!;
    expect(row.lockedUntil).toBeNull();
    expect(await verifyPassword('Second-pass-2025', row.passwordHash)).toBe(true);
    await expect(createAdmin(t.ledger, { username: 'x2', password: 'short' })).rejects.toThrow('密码至少10位');
  });
});
