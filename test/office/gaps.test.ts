import type { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { BACKENDS, KNOWLEDGE_DIR, setupSuite, type TestLedger } from '../ledger/backends.js';
import { CookieJar, officeFixture, postForm, signIn } from './helpers.js';

const LEADS = [
  { title: '《劳动合同法》第四十条', article: '第四十条', law: '劳动合同法', n: 40 },
  { title: '《劳动合同法》第四十六条', article: '第四十六条', law: '劳动合同法', n: 46 },
];
const UNSURE = '这个问题我没有把握，以下条文可能相关，供您参考；如需要，可以转人工。';
const ANSWER = '企业搬迁导致劳动合同无法履行，属于客观情况发生重大变化。单位应先与员工协商变更工作地点；协商不成的，可以提前三十日书面通知或者额外支付一个月工资后解除合同，并依法支付经济补偿。';

interface ApiGap { id: number; question: string; status: string; sameOpen: number; enterpriseName: string | null; channel: string; citations: { title: string }[] }

/**
 * The knowledge-gap queue (知识缺口) through the console's pages and JSON API: what a viewer, a
 * coordinator and an admin see and may do.
 */
describe.each(BACKENDS)('knowledge gaps in the console on %s', (kind) => {
  let t: TestLedger;
  let app: Hono;
  let coord: { jar: CookieJar; csrf: string };
  let admin: { jar: CookieJar; csrf: string };
  let viewer: { jar: CookieJar; csrf: string };
  let enterprise: { id: number; name: string };
  setupSuite(async () => {
    ({ t, app } = await officeFixture(kind, { outreach: { knowledgeDir: KNOWLEDGE_DIR, today: () => '2026-11-23' } }));
    [coord, admin, viewer] = await Promise.all([signIn(app, 'wanglei'), signIn(app, 'admin'), signIn(app, 'chenjing')]);
    enterprise = (await t.ledger.enterprises.list({}))[0]!;
  });
  afterAll(async () => t?.cleanup());

  let n = 0;
  /** A question the assistant was not sure of, as the engine records it. */
  async function gap(question: string, over: Record<string, unknown> = {}): Promise<number> {
    const contact = await t.ledger.contacts.upsert({ channel: 'telegram', externalId: `gap-user-${++n}`, displayName: `企业主${n}` });
    const r = await t.ledger.consultations.record({
      channel: 'telegram', contactId: contact.id, question, answer: UNSURE, citations: LEADS, confidence: 0.2, knowledgeGap: true,
      askedAt: new Date(Date.now() - 60_000 + n), ...over,
    });
    return (r as { id: number }).id;
  }
  const get = (path: string, jar: CookieJar) => app.request(path, { headers: { cookie: jar.header } });
  const apiGaps = async (jar: CookieJar, status = 'open') =>
    ((await (await get(`/office/api/gaps?status=${status}`, jar)).json()) as { items: ApiGap[]; counts: Record<string, number> });
  const row = (html: string, id: number) => new RegExp(`<tr data-id="${id}" data-status="(\\w+)">[\\s\\S]*?</tr>`).exec(html)?.[0];
  const draftsOf = (consultationId: number) =>
    t.ledger.db.query<{ id: number }>(`SELECT id FROM guide_drafts WHERE consultation_id = $1`, [consultationId]);

  it('lists open gaps newest first for everyone: the question escaped, when, channel, leads, enterprise and how many ask the same', async () => {
    const older = await gap('公司搬迁到伊川县，员工不愿意去，要给补偿吗？', { enterpriseId: enterprise.id, askedAt: new Date(Date.now() - 3_600_000) });
    const same = await gap('公司搬迁到伊川县 员工不愿意去 要给补偿吗', { askedAt: new Date(Date.now() - 1_800_000) });
    const script = await gap('<script>alert(1)</script>员工兼职两家公司，工伤谁负责？', { channel: 'web' });

    const res = await get('/office/gaps', viewer.jar);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`<a href="/office/gaps" class="active" aria-current="page">知识缺口</a>`);
    // Newest first.
    const order = [...html.matchAll(/<tr data-id="(\d+)"/g)].map((m) => Number(m[1]));
    expect(order.indexOf(script)).toBeLessThan(order.indexOf(same));
    expect(order.indexOf(same)).toBeLessThan(order.indexOf(older));
    // The user's words are escaped, never markup.
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(row(html, script)).toContain('&lt;script&gt;alert(1)&lt;/script&gt;员工兼职两家公司，工伤谁负责？');
    expect(row(html, script)).toContain('网页');
    const first = row(html, older)!;
    expect(first).toContain('公司搬迁到伊川县，员工不愿意去，要给补偿吗？');
    expect(first).toContain('Telegram');
    expect(first).toContain(enterprise.name);
    expect(first).toContain('《劳动合同法》第四十条');
    expect(first).toContain('《劳动合同法》第四十六条');
    expect(first).toContain('同一问题 2 条');
    expect(row(html, script)).not.toContain('同一问题');
    expect(row(html, script)).toContain('未关联企业');
    // A viewer reads only.
    expect(html).not.toContain('>写成卡片</a>');
    expect(html).not.toContain(`action="/office/gaps/${older}/dismiss"`);
    expect(html).toContain('查看者只能阅读');

    const api = await apiGaps(viewer.jar);
    expect(api.items.map((g) => g.id)).toEqual(order);
    expect(api.items.find((g) => g.id === older)).toMatchObject({ status: 'open', sameOpen: 2, enterpriseName: enterprise.name, channel: 'telegram' });
    expect(api.counts.open).toBe(3);

    // The coordinator gets the actions.
    const coordHtml = await (await get('/office/gaps', coord.jar)).text();
    expect(row(coordHtml, older)).toContain(`href="/office/gaps/${older}">写成卡片</a>`);
    expect(row(coordHtml, older)).toContain(`action="/office/gaps/${older}/dismiss"`);
  });

  it('needs a session for the page and the API', async () => {
    expect((await app.request('/office/api/gaps')).status).toBe(401);
    const page = await app.request('/office/gaps');
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/office/login?next=%2Foffice%2Fgaps');
  });

  it('a viewer cannot act, and nobody can without the CSRF token; the gap stays open', async () => {
    const id = await gap('员工退休返聘，还要签劳动合同吗？');
    const form = { answer: ANSWER, citesExtra: '劳动合同法第40条' };
    expect((await postForm(app, `/office/gaps/${id}/draft`, viewer.jar, { _csrf: viewer.csrf, ...form })).status).toBe(403);
    expect((await postForm(app, `/office/gaps/${id}/dismiss`, viewer.jar, { _csrf: viewer.csrf, reason: '不需要' })).status).toBe(403);
    const json = (jar: CookieJar, csrf: string | undefined, path: string, body: unknown) =>
      app.request(path, { method: 'POST', headers: { cookie: jar.header, 'content-type': 'application/json', ...(csrf ? { 'x-csrf-token': csrf } : {}) }, body: JSON.stringify(body) });
    expect((await json(viewer.jar, viewer.csrf, `/office/api/gaps/${id}/draft`, { answer: ANSWER })).status).toBe(403);
    expect((await json(viewer.jar, viewer.csrf, `/office/api/gaps/${id}/dismiss`, { reason: '不需要' })).status).toBe(403);

    const noToken = await postForm(app, `/office/gaps/${id}/draft`, coord.jar, form);
    expect(noToken.status).toBe(403);
    expect(await noToken.text()).toContain('安全校验失败');
    expect((await postForm(app, `/office/gaps/${id}/dismiss`, coord.jar, { _csrf: 'forged-token', reason: '不需要' })).status).toBe(403);
    expect((await json(coord.jar, undefined, `/office/api/gaps/${id}/draft`, { answer: ANSWER })).status).toBe(403);
    expect((await json(admin.jar, coord.csrf, `/office/api/gaps/${id}/dismiss`, { reason: '不需要' })).status).toBe(403);

    expect((await apiGaps(viewer.jar)).items.find((g) => g.id === id)).toMatchObject({ status: 'open' });
    expect(await draftsOf(id)).toEqual([]);
  });

  it('a coordinator writes a gap up as a card: a draft is made, the gap and the same question leave the open list, all audited', async () => {
    const id = await gap('公司要从市区搬到县里，员工不去，可以解除合同吗？', { enterpriseId: enterprise.id });
    const twin = await gap('公司要从市区搬到县里 员工不去 可以解除合同吗');
    const detail = await (await get(`/office/gaps/${id}`, coord.jar)).text();
    expect(detail).toContain('公司要从市区搬到县里，员工不去，可以解除合同吗？');
    expect(detail).toContain(UNSURE);
    expect(detail).toContain('id="gap-draft-form"');
    expect(detail).toContain('value="劳动合同法第40条"');
    expect(detail).toContain('同一问题的其他 1 条待处理缺口一并标为已写成卡片');

    const res = await postForm(app, `/office/gaps/${id}/draft`, coord.jar, {
      _csrf: coord.csrf, title: '企业搬迁员工不去怎么办', answer: ANSWER, cite: '劳动合同法第40条', citesExtra: '劳动合同法第四十六条', topic: '解除劳动合同', includeSame: '1',
    });
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    const draftId = Number(/^\/office\/guide-drafts\/(\d+)\?done=gap-drafted$/.exec(location)![1]);

    // The draft page tells the coordinator what happened and shows the card.
    const page = await (await get(location, coord.jar)).text();
    expect(page).toContain('知识缺口已写成指导卡片草稿，管理员批准后加入知识库。');
    expect(page).toContain('企业搬迁员工不去怎么办');
    expect(page).toContain(`知识缺口 #${id}`);
    const { draft } = (await (await get(`/office/api/guide-drafts/${draftId}`, viewer.jar)).json()) as { draft: Record<string, unknown> };
    expect(draft).toMatchObject({
      status: 'draft', consultationId: id, reviewId: null, topic: '解除劳动合同', title: '企业搬迁员工不去怎么办',
      questions: ['公司要从市区搬到县里，员工不去，可以解除合同吗？'], answer: ANSWER,
      cites: [{ law: '劳动合同法', article: 40 }, { law: '劳动合同法', article: 46 }], createdByName: '王磊',
    });
    // Under 卡片草稿 for the admin to approve.
    expect(await (await get('/office/guide-drafts', admin.jar)).text()).toContain(`/office/guide-drafts/${draftId}`);

    // Gone from the open list (the twin too); listed as drafted with the draft.
    const open = await apiGaps(coord.jar);
    expect(open.items.map((g) => g.id)).not.toContain(id);
    expect(open.items.map((g) => g.id)).not.toContain(twin);
    expect(await (await get('/office/gaps', coord.jar)).text()).not.toContain(`data-id="${id}"`);
    const drafted = await (await get('/office/gaps?status=drafted', viewer.jar)).text();
    expect(row(drafted, id)).toContain(`<a href="/office/guide-drafts/${draftId}">草稿 #${draftId}</a>`);
    expect(row(drafted, twin)).toContain(`草稿 #${draftId}`);
    expect((await (await get(`/office/api/gaps/${id}`, viewer.jar)).json()).gap).toMatchObject({ status: 'drafted', draftId, decidedByName: '王磊' });
    // The consultation's own page says it was a gap, and where it went.
    expect(await (await get(`/office/consultations/${id}`, viewer.jar)).text()).toContain(`<a href="/office/gaps/${id}">助手没有把握（已写成卡片）</a>`);

    // Audited, with readable labels.
    const audit = await (await get('/office/audit', admin.jar)).text();
    expect(audit).toContain('知识缺口写成卡片');
    expect(audit).toContain(`<a href="/office/gaps/${id}">知识缺口 #${id}</a>`);
    const entries = await t.ledger.audit.list({ limit: 5 });
    expect(entries.find((a) => a.action === 'knowledge_gap.draft')).toMatchObject({ targetId: String(id), detail: { draftId, gaps: [id, twin].sort((a, b) => a - b) } });
    expect(entries.find((a) => a.action === 'guide_draft.create')).toMatchObject({ targetId: String(draftId), detail: { consultationId: id, from: 'knowledge_gap' } });

    // Not twice.
    const again = await postForm(app, `/office/gaps/${id}/draft`, coord.jar, { _csrf: coord.csrf, answer: ANSWER, citesExtra: '' });
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('这条知识缺口已经处理过了');
    expect(await draftsOf(id)).toHaveLength(1);
  });

  it('refuses an answer that is too short or articles that cannot be cited, keeping what was written; nothing is made', async () => {
    const id = await gap('公司给员工买了商业保险，还用交工伤保险吗？');
    const short = await postForm(app, `/office/gaps/${id}/draft`, coord.jar, { _csrf: coord.csrf, answer: '要', citesExtra: '工伤保险条例第2条', title: '商业保险能否代替工伤保险' });
    expect(short.status).toBe(400);
    const shortHtml = await short.text();
    expect(shortHtml).toContain('答复至少4个字');
    expect(shortHtml).toContain('value="商业保险能否代替工伤保险"');
    const badLine = await postForm(app, `/office/gaps/${id}/draft`, coord.jar, { _csrf: coord.csrf, answer: ANSWER, citesExtra: '随便写的' });
    expect(badLine.status).toBe(400);
    expect(await badLine.text()).toContain('“随便写的”不是条文的写法');
    const missing = await postForm(app, `/office/gaps/${id}/draft`, coord.jar, { _csrf: coord.csrf, answer: ANSWER, citesExtra: '劳动合同法第999条' });
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('《劳动合同法》没有第999条');
    expect(await draftsOf(id)).toEqual([]);
    expect((await apiGaps(coord.jar)).items.find((g) => g.id === id)).toMatchObject({ status: 'open' });
  });

  it('dismissing needs a reason; the gap then leaves the open list, with who and why kept', async () => {
    const id = await gap('我想问问个体户营业执照怎么年检？');
    const none = await postForm(app, `/office/gaps/${id}/dismiss`, coord.jar, { _csrf: coord.csrf, reason: '' });
    expect(none.status).toBe(400);
    expect(await none.text()).toContain('忽略理由必须填写');
    expect((await apiGaps(coord.jar)).items.map((g) => g.id)).toContain(id);

    const res = await postForm(app, `/office/gaps/${id}/dismiss`, coord.jar, { _csrf: coord.csrf, reason: '不属于劳动用工问题，已建议咨询市场监管部门' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/office/gaps?done=gap-dismissed');
    const list = await (await get(res.headers.get('location')!, coord.jar)).text();
    expect(list).toContain('知识缺口已忽略。');
    expect(list).not.toContain(`data-id="${id}"`);
    const dismissed = await (await get('/office/gaps?status=dismissed', viewer.jar)).text();
    expect(row(dismissed, id)).toContain('已忽略：不属于劳动用工问题，已建议咨询市场监管部门');
    expect(row(dismissed, id)).toContain('王磊');
    expect(await (await get('/office/audit', admin.jar)).text()).toContain('忽略知识缺口');
    expect((await postForm(app, `/office/gaps/${id}/dismiss`, coord.jar, { _csrf: coord.csrf, reason: '再忽略一次' })).status).toBe(409);
  });

  it('the JSON API: an admin writes a card (the answer\'s leads by default) and dismisses another', async () => {
    const a = await gap('员工在外地出差期间发生交通事故，算工伤吗？');
    const b = await gap('今年春节放假几天？');
    const post = (path: string, body: unknown) =>
      app.request(path, { method: 'POST', headers: { cookie: admin.jar.header, 'content-type': 'application/json', 'x-csrf-token': admin.csrf }, body: JSON.stringify(body) });
    const made = await post(`/office/api/gaps/${a}/draft`, { answer: ANSWER, topic: '工伤' });
    expect(made.status).toBe(201);
    const body = (await made.json()) as { draft: { id: number; cites: unknown[]; questions: string[] }; gaps: number[] };
    expect(body.gaps).toEqual([a]);
    expect(body.draft.questions).toEqual(['员工在外地出差期间发生交通事故，算工伤吗？']);
    expect(body.draft.cites).toEqual([{ law: '劳动合同法', article: 40 }, { law: '劳动合同法', article: 46 }]);
    expect((await post(`/office/api/gaps/${a}/draft`, { answer: ANSWER })).status).toBe(409);
    expect((await post(`/office/api/gaps/${b}/dismiss`, {})).status).toBe(400);
    const dismissed = await post(`/office/api/gaps/${b}/dismiss`, { reason: '节假日安排以国务院通知为准，已有通知推送' });
    expect(await dismissed.json()).toEqual({ gaps: [b] });
    const open = (await apiGaps(viewer.jar)).items.map((g) => g.id);
    expect(open).not.toContain(a);
    expect(open).not.toContain(b);
    expect((await app.request('/office/api/gaps/999999', { headers: { cookie: viewer.jar.header } })).status).toBe(404);
  });
});
