import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { WebInbox } from '../../bots/web/inbox.js';
import { Assistant } from '../../src/assistant/index.js';
import { officeApp } from '../../src/office/index.js';
import { offlineAnswerer } from '../helpers/answerer.js';
import { BACKENDS, KNOWLEDGE_DIR, setupSuite, type TestLedger } from '../ledger/backends.js';
import { inboxReader } from '../helpers/web-inbox.js';
import { CookieJar, officeFixture, postForm, signIn } from './helpers.js';

const TODAY = '2026-11-23';

describe.each(BACKENDS)('office console on %s: hand-off replies and broadcasts', (kind) => {
  let t: TestLedger;
  let app: Hono;
  let assistant: Assistant;
  let inbox: (chatId: string) => Promise<Array<{ text: string }>>;
  let coord: { jar: CookieJar; csrf: string };
  let viewer: { jar: CookieJar; csrf: string };
  setupSuite(async () => {
    // The console's hand-off dependency is the chat engine over the same ledger, as in src/main.ts.
    ({ t, app } = await officeFixture(kind, {
      handoff: {
        reply: (id, text, staff, staffId) => assistant.replyToHandoff(id, text, staff, staffId),
        close: (id, staff, staffId) => assistant.closeHandoff(id, staff, staffId),
      },
      outreach: { knowledgeDir: KNOWLEDGE_DIR, today: () => TODAY },
    }));
    assistant = new Assistant({ answerer: await offlineAnswerer(), ledger: t.ledger, rateLimitPerMinute: 10_000 });
    const web = new WebInbox(t.ledger);
    assistant.senders.register(web);
    inbox = inboxReader(web);
    coord = await signIn(app, 'wanglei');
    viewer = await signIn(app, 'chenjing');
  });
  afterAll(async () => t?.cleanup());

  let n = 0;
  /** An anonymous web visitor asks for a person; the consultation id of the hand-off. */
  async function handOff(chatId: string): Promise<number> {
    const [r] = await assistant.handle({ channel: 'web', chatId, senderId: chatId, kind: 'text', text: '人工', messageId: `m${++n}`, receivedAt: new Date() });
    expect(r!.text).toMatch(/已为您转接/);
    return Number(r!.consultationId);
  }
  const page = async (path: string, jar: CookieJar) => (await app.request(path, { headers: { cookie: jar.header } })).text();

  it('a coordinator replies from the consultation page and the web visitor receives it; audited', async () => {
    const id = await handOff('visitor-1');
    const html = await page(`/office/consultations/${id}`, coord.jar);
    expect(html).toContain(`action="/office/consultations/${id}/reply"`);

    const res = await postForm(app, `/office/consultations/${id}/reply`, coord.jar, { _csrf: coord.csrf, text: '您好，请留下联系电话。' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/office/consultations/${id}?done=handoff-replied`);
    expect((await inbox('visitor-1')).map((r) => r.text)).toEqual(['【人社局工作人员回复】\n您好，请留下联系电话。']);
    expect((await t.ledger.consultations.get(id))!.handoffState).toBe('claimed');
    const staff = await t.ledger.staff.findForLogin('wanglei');
    const [audit] = await t.ledger.db.query<{ staff_id: number; detail: { staff: string; text: string } }>(
      `SELECT staff_id, detail FROM audit_log WHERE action = 'handoff.reply' AND target_id = $1`, [id],
    );
    expect(audit).toMatchObject({ staff_id: staff!.id, detail: { staff: 'office:wanglei', text: '您好，请留下联系电话。' } });

    // Empty text and no CSRF token are refused; nothing is sent.
    expect((await postForm(app, `/office/consultations/${id}/reply`, coord.jar, { _csrf: coord.csrf, text: '  ' })).status).toBe(400);
    expect((await postForm(app, `/office/consultations/${id}/reply`, coord.jar, { text: '无令牌' })).status).toBe(403);
    expect(await inbox('visitor-1')).toEqual([]);

    // Closing from the console goes through the engine too: the visitor is told, the bot answers again.
    const closed = await postForm(app, `/office/consultations/${id}/handoff`, coord.jar, { _csrf: coord.csrf, state: 'resolved' });
    expect(closed.headers.get('location')).toBe(`/office/consultations/${id}?done=handoff-closed`);
    expect((await t.ledger.consultations.get(id))!.handoffState).toBe('resolved');
    expect(await inbox('visitor-1')).toHaveLength(1);
    const [after] = await assistant.handle({ channel: 'web', chatId: 'visitor-1', senderId: 'visitor-1', kind: 'text', text: '试用期最长可以约定多久？', messageId: `m${++n}`, receivedAt: new Date() });
    expect(after!.kind).toBe('answer');
  });

  it('a viewer cannot reply (403) and sees no reply form; a reply to a closed hand-off is refused', async () => {
    const id = await handOff('visitor-2');
    expect(await page(`/office/consultations/${id}`, viewer.jar)).not.toContain('reply-form');
    const res = await postForm(app, `/office/consultations/${id}/reply`, viewer.jar, { _csrf: viewer.csrf, text: '查看者的回复' });
    expect(res.status).toBe(403);
    expect(await inbox('visitor-2')).toEqual([]);

    await t.ledger.consultations.setHandoff({ id, state: 'resolved' });
    const refused = await postForm(app, `/office/consultations/${id}/reply`, coord.jar, { _csrf: coord.csrf, text: '晚到的回复' });
    expect(refused.status).toBe(502);
    expect(await refused.text()).toMatch(/回复未送达：咨询 \d+ 不在转人工状态/);
  });

  it('without the hand-off dependency the page says replying is not configured', async () => {
    const id = await handOff('visitor-3');
    const bare = new Hono();
    bare.route('/office', officeApp({ ledger: t.ledger }));
    const html = await (await bare.request(`/office/consultations/${id}`, { headers: { cookie: coord.jar.header } })).text();
    expect(html).toMatch(/回复功能未配置/);
    const res = await postForm(bare, `/office/consultations/${id}/reply`, coord.jar, { _csrf: coord.csrf, text: '您好' });
    expect(res.status).toBe(503);
    expect(await inbox('visitor-3')).toEqual([]);
  });

  const notice = { title: '关于最低工资标准的提醒', topic: 'policy', body: '请各企业按现行最低工资标准发放工资。' };

  it('previews the audience as JSON: count and a sample for the where-style fields', async () => {
    const api = (body: Record<string, unknown>, jar = coord.jar, csrf = coord.csrf) =>
      app.request('/office/api/notices/preview', { method: 'POST', headers: { 'content-type': 'application/json', cookie: jar.header, 'x-csrf-token': csrf }, body: JSON.stringify(body) });
    const all = await (await api(notice)).json();
    expect(all.count).toBeGreaterThan(0);
    const district = all.sample.find((r: { district: string | null }) => r.district).district as string;
    const some = await (await api({ ...notice, district, policies: ['henan-minimum-wage-2024'] })).json();
    expect(some.where).toBe(`district=${district}`);
    expect(some.count).toBeGreaterThan(0);
    expect(some.count).toBeLessThan(all.count);
    expect(some.sample.every((r: { district: string; externalId?: string }) => r.district === district && r.externalId === undefined)).toBe(true);
    expect(some.preview).toContain('最低工资');
    expect(await t.ledger.notices.list()).toSatisfy((l: { title: string }[]) => !l.some((x) => x.title === notice.title));

    const bad = await api({ ...notice, headcount_min: '很多' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/职工数下限应为非负整数/);
    expect((await api(notice, viewer.jar, viewer.csrf)).status).toBe(403);
  });

  it('counts the audience live as JSON for the composer script: read-only, CSRF and role checked', async () => {
    const count = (body: Record<string, unknown>, who = coord, csrf = who.csrf) =>
      app.request('/office/api/notices/audience', {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: who.jar.header, ...(csrf ? { 'x-csrf-token': csrf } : {}) },
        body: JSON.stringify(body),
      });
    const auditBefore = (await t.ledger.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log`))[0]!.n;
    const all = await (await count({})).json();
    expect(all).toEqual({ where: '', count: await t.ledger.audiences.count({}, TODAY) });
    const district = (await t.ledger.audiences.list({}, TODAY, 1))[0]!.district!;
    const some = await (await count({ district, topic: 'policy' })).json();
    expect(some.where).toBe(`district=${district}`);
    expect(some.count).toBe(await t.ledger.audiences.count({ district: [district], excludeMutedTopic: 'policy' }, TODAY));
    expect(some.count).toBeLessThan(all.count);
    const bad = await count({ headcount_min: '很多' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/职工数下限应为非负整数/);
    // No token, a viewer, no session: refused.
    expect((await count({}, coord, '')).status).toBe(403);
    expect((await count({}, viewer)).status).toBe(403);
    expect((await app.request('/office/api/notices/audience', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } })).status).toBe(401);
    // Read-only: counting wrote nothing, not even an audit entry.
    expect((await t.ledger.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log`))[0]!.n).toBe(auditBefore);

    // The page loads the script from our own origin only (the CSP allows nothing else) and works without it.
    const res = await app.request('/office/notices/new', { headers: { cookie: coord.jar.header } });
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self';");
    const html = await res.text();
    expect(html).toContain('<script src="/office/static/compose.js" defer></script>');
    expect(html.match(/<script[^>]*>/g)).toEqual(['<script src="/office/static/compose.js" defer>']);
    expect(html).toContain('data-audience-url="/office/api/notices/audience"');
    const js = await app.request('/office/static/compose.js');
    expect(js.headers.get('content-type')).toContain('javascript');
    expect(await js.text()).toContain('X-CSRF-Token');
  });

  it('composes, previews and sends a notice, then shows its delivery progress', async () => {
    expect(await page('/office/notices/new', coord.jar)).toContain('henan-minimum-wage-2024');
    const district = ((await t.ledger.audiences.list({}, TODAY, 1))[0]?.district ?? t.ledger.lists.districts[0]!.name) as string;
    const fields = { _csrf: coord.csrf, ...notice, district, policies: 'henan-minimum-wage-2024' };
    const preview = await postForm(app, '/office/notices/new', coord.jar, { ...fields, action: 'preview' });
    expect(preview.status).toBe(200);
    const html = await preview.text();
    const count = Number(/id="audience-count">(\d+)</.exec(html)![1]);
    expect(count).toBe(await t.ledger.audiences.count({ district: [district], excludeMutedTopic: 'policy' }, TODAY));
    expect(html).toContain('value="send"');

    const sent = await postForm(app, '/office/notices/new', coord.jar, { ...fields, action: 'send' });
    expect(sent.status).toBe(303);
    const id = Number(/\/office\/notices\/(\d+)\?done=broadcast$/.exec(sent.headers.get('location')!)![1]);
    const stats = await t.ledger.outbox.stats(id);
    expect(stats.pending).toBe(count);
    const progress = await page(`/office/notices/${id}?done=broadcast`, viewer.jar);
    expect(progress).toContain('通知已提交群发');
    expect(progress).toMatch(new RegExp(`data-status="pending"><td>待发送</td><td class="num">${count}<`));
    expect(await page('/office/notices', viewer.jar)).toContain(`/office/notices/${id}`);
    const json = await (await app.request(`/office/api/notices/${id}`, { headers: { cookie: coord.jar.header } })).json();
    expect(json.stats.pending).toBe(count);

    const [audit] = await t.ledger.db.query<{ detail: { via: string; queued: number } }>(`SELECT detail FROM audit_log WHERE action = 'notice.broadcast' AND target_id = $1`, [id]);
    expect(audit!.detail).toMatchObject({ via: 'console', queued: count });
  });

  it('refuses an expired linked policy with broadcast()’s message, and a viewer may not send', async () => {
    const before = (await t.ledger.notices.list()).length;
    const res = await postForm(app, '/office/notices/new', coord.jar, { _csrf: coord.csrf, ...notice, policies: 'luoyang-skills-upgrade-subsidy-2025', action: 'send' });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/技能提升补贴[\s\S]*已于 2025-12-31 失效（文件未登记截止日期，标题注明为年度政策，按当年年底计），不能作为现行政策推送/);
    expect((await t.ledger.notices.list()).length).toBe(before);

    const viewerSend = await postForm(app, '/office/notices/new', viewer.jar, { _csrf: viewer.csrf, ...notice, action: 'send' });
    expect(viewerSend.status).toBe(403);
    expect((await app.request('/office/notices/new', { headers: { cookie: viewer.jar.header } })).status).toBe(403);
    expect((await t.ledger.notices.list()).length).toBe(before);
  });
});
