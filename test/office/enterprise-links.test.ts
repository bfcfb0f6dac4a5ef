import type { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { Assistant } from '../../src/assistant/index.js';
import type { Enterprise } from '../../src/ledger/index.js';
import { MAX_PENDING_PER_ENTERPRISE } from '../../src/ledger/linkRequests.js';
import { broadcast } from '../../src/outreach/broadcast.js';
import { offlineAnswerer } from '../helpers/answerer.js';
import { BACKENDS, KNOWLEDGE_DIR, setupSuite, type TestLedger } from '../ledger/backends.js';
import { CookieJar, officeFixture, postForm, signIn } from './helpers.js';

/**
 * Issue 14, item 5: typing an already registered enterprise's 统一社会信用代码 in 注册 no longer links a
 * chat contact to it. Linking needs a single-use, expiring 绑定码 issued in the console, or a request
 * that staff who may edit enterprises approve there (audited).
 */

const TODAY = '2026-11-23';

describe.each(BACKENDS)('linking a chat contact to a registered enterprise (%s)', (kind) => {
  let t: TestLedger;
  let app: Hono;
  let assistant: Assistant;
  let enterprise: Enterprise;
  let coord: { jar: CookieJar; csrf: string };
  let viewer: { jar: CookieJar; csrf: string };
  setupSuite(async () => {
    ({ t, app } = await officeFixture(kind));
    assistant = new Assistant({ answerer: await offlineAnswerer(), ledger: t.ledger, rateLimitPerMinute: 10_000 });
    enterprise = (await t.ledger.enterprises.list({}))[0]!;
    coord = await signIn(app, 'wanglei');
    viewer = await signIn(app, 'chenjing');
  });
  afterAll(async () => t?.cleanup());

  let seq = 0;
  /** One chat message from Telegram user `chat`; the replies' text. */
  async function say(chat: string, text: string): Promise<string> {
    const replies = await assistant.handle({ channel: 'telegram', chatId: chat, senderId: chat, senderName: `联系人${chat}`, kind: 'text', text, messageId: `m${++seq}`, receivedAt: new Date() });
    return replies.map((r) => r.text).join('\n');
  }
  /** 注册 → name → the registered enterprise's code: the reply to the code. */
  async function claim(chat: string): Promise<string> {
    await say(chat, '注册');
    await say(chat, '随便填的公司名');
    return say(chat, enterprise.uscc);
  }
  const contactOf = async (chat: string) => (await t.ledger.contacts.findByIdentity('telegram', chat))!;
  const reached = async (chat: string) => {
    const id = (await contactOf(chat)).id;
    return (await t.ledger.audiences.list({ enterpriseIds: [enterprise.id] }, TODAY)).some((r) => r.contactId === id);
  };
  async function issueCode(who = coord): Promise<Response> {
    return postForm(app, `/office/enterprises/${enterprise.id}/bind-codes`, who.jar, { _csrf: who.csrf });
  }
  async function pendingRequests(): Promise<Array<{ id: number; contactName: string }>> {
    const res = await app.request(`/office/api/enterprises/${enterprise.id}`, { headers: { cookie: viewer.jar.header } });
    return ((await res.json()) as { linkRequests: Array<{ id: number; contactName: string }> }).linkRequests;
  }

  it('typing the code alone does not link: the chat explains the two ways, and no notice or reminder reaches the contact', async () => {
    const reply = await claim('9001');
    expect(reply).toContain(`“${enterprise.name}”已在本系统登记`);
    expect(reply).toMatch(/绑定码/);
    expect(reply).toMatch(/申请/);
    expect((await contactOf('9001')).enterpriseId).toBeNull();
    expect(await reached('9001')).toBe(false);

    // A notice to this enterprise's contacts is queued for others, never for this one.
    const sent = await broadcast(t.ledger, KNOWLEDGE_DIR, {
      draft: { title: '社保缴费提醒', body: '请按时为职工缴纳社会保险费。', topic: 'policy', policyIds: [] },
      where: { enterpriseIds: [enterprise.id] }, dryRun: false, today: TODAY,
    });
    expect(sent.queued).toBeGreaterThan(0); // the enterprise's own (seeded) contacts
    const rows = await t.ledger.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM outbox WHERE contact_id = $1`, [(await contactOf('9001')).id],
    );
    expect(rows[0]!.n).toBe(0);

    // A question asked now is not counted as this enterprise's consultation either.
    await say('9001', '取消');
    await say('9001', '试用期最长可以约定多久？');
    const mine = await t.ledger.db.query<{ enterprise_id: number | null }>(
      `SELECT enterprise_id FROM consultations WHERE contact_id = $1`, [(await contactOf('9001')).id],
    );
    expect(mine.every((r) => r.enterprise_id === null)).toBe(true);
  });

  it('a 绑定码 issued in the console links once; a wrong, used or expired code is refused with a clear message', async () => {
    const res = await issueCode();
    expect(res.status).toBe(200);
    const html = await res.text();
    const code = /id="bind-code">([A-Z0-9-]+)</.exec(html)?.[1];
    expect(code).toMatch(/^[A-Z0-9]{5}-[A-Z0-9]{5}$/);
    expect(html).toMatch(/只显示这一次/);
    // Stored hashed: the code itself is nowhere in the database's row, nor in the page shown later.
    const stored = JSON.stringify(await t.ledger.db.query(`SELECT * FROM enterprise_bind_codes`));
    expect(stored).not.toContain(code!.replace('-', ''));
    expect(stored).not.toContain(code!);
    expect(await (await app.request(`/office/enterprises/${enterprise.id}`, { headers: { cookie: coord.jar.header } })).text()).not.toContain(code!);
    const staff = (await t.ledger.staff.findForLogin('wanglei'))!;
    const issued = await t.ledger.db.query<{ staff_id: number }>(`SELECT staff_id FROM audit_log WHERE action = 'enterprise.bind_code' AND target_id = $1`, [String(enterprise.id)]);
    expect(issued.map((a) => Number(a.staff_id))).toEqual([staff.id]);

    await claim('9002');
    expect(await say('9002', 'ABCDE-FGHJK')).toMatch(/绑定码不正确/);
    expect((await contactOf('9002')).enterpriseId).toBeNull();
    // Typed in lower case with a space: still the code.
    expect(await say('9002', code!.toLowerCase().replace('-', ' '))).toMatch(new RegExp(`绑定成功.*${enterprise.name}`));
    expect((await contactOf('9002')).enterpriseId).toBe(enterprise.id);
    expect(await reached('9002')).toBe(true);
    expect(await t.ledger.db.query(`SELECT 1 FROM audit_log WHERE action = 'enterprise.link_code' AND target_id = $1`, [String(enterprise.id)])).toHaveLength(1);

    await claim('9003');
    expect(await say('9003', code!)).toMatch(/已经使用过/);
    expect((await contactOf('9003')).enterpriseId).toBeNull();

    const second = /id="bind-code">([A-Z0-9-]+)</.exec(await (await issueCode()).text())![1]!;
    await t.ledger.db.query(`UPDATE enterprise_bind_codes SET expires_at = now() - interval '1 hour' WHERE used_at IS NULL`);
    expect(await say('9003', second)).toMatch(/已过期/);
    expect((await contactOf('9003')).enterpriseId).toBeNull();
    expect(await reached('9003')).toBe(false);

    // Guessing is cut short: the fifth wrong code ends the flow.
    await claim('9007');
    for (let i = 0; i < 4; i++) expect(await say('9007', `ZZZZZ-2345${i + 2}`)).toMatch(/绑定码不正确/);
    expect(await say('9007', 'ZZZZZ-23457')).toMatch(/多次输入有误，已退出本次登记/);
    expect((await contactOf('9007')).enterpriseId).toBeNull();
  });

  it('a link request waits in the console; a coordinator approves it (audited) and only then the contact is linked; a rejection links nothing', async () => {
    await claim('9004');
    expect(await say('9004', '申请')).toMatch(/已提交.*申请/);
    expect((await contactOf('9004')).enterpriseId).toBeNull();
    expect(await reached('9004')).toBe(false);
    const request = (await pendingRequests()).find((r) => r.contactName === '联系人9004')!;
    expect(request).toBeDefined();
    expect(await (await app.request(`/office/enterprises/${enterprise.id}`, { headers: { cookie: coord.jar.header } })).text()).toContain('联系人9004');

    const approved = await postForm(app, `/office/enterprises/${enterprise.id}/link-requests/${request.id}`, coord.jar, { _csrf: coord.csrf, decision: 'approve' });
    expect(approved.status).toBe(303);
    expect((await contactOf('9004')).enterpriseId).toBe(enterprise.id);
    expect(await reached('9004')).toBe(true);
    const staff = (await t.ledger.staff.findForLogin('wanglei'))!;
    const [audit] = await t.ledger.db.query<{ staff_id: number; detail: { requestId: number; contactId: number } }>(
      `SELECT staff_id, detail FROM audit_log WHERE action = 'enterprise.link_approve' AND target_id = $1`, [String(enterprise.id)],
    );
    expect(Number(audit!.staff_id)).toBe(staff.id);
    expect(audit!.detail).toMatchObject({ requestId: request.id, contactId: (await contactOf('9004')).id });
    expect((await pendingRequests()).some((r) => r.id === request.id)).toBe(false);
    // Deciding it again is refused.
    expect((await postForm(app, `/office/enterprises/${enterprise.id}/link-requests/${request.id}`, coord.jar, { _csrf: coord.csrf, decision: 'reject' })).status).toBe(400);

    await claim('9005');
    await say('9005', '申请');
    const other = (await pendingRequests()).find((r) => r.contactName === '联系人9005')!;
    expect((await postForm(app, `/office/enterprises/${enterprise.id}/link-requests/${other.id}`, coord.jar, { _csrf: coord.csrf, decision: 'reject' })).status).toBe(303);
    expect((await contactOf('9005')).enterpriseId).toBeNull();
    expect(await reached('9005')).toBe(false);
    expect(await t.ledger.db.query(`SELECT 1 FROM audit_log WHERE action = 'enterprise.link_reject' AND target_id = $1`, [String(enterprise.id)])).toHaveLength(1);
  });

  it('an enterprise takes no more link requests once it has 20 waiting, and the chat says what to do instead', async () => {
    const others = await t.ledger.enterprises.list({});
    const target = others[others.length - 1]!;
    for (let i = 0; i < MAX_PENDING_PER_ENTERPRISE; i++) {
      const c = await t.ledger.contacts.upsert({ channel: 'telegram', externalId: `spam${i}`, displayName: `访客${i}` });
      expect('created' in (await t.ledger.linkRequests.request({ contactId: c.id, enterpriseId: target.id, role: 'hr' }))).toBe(true);
    }
    const late = await t.ledger.contacts.upsert({ channel: 'telegram', externalId: 'spam-late', displayName: '访客' });
    expect(await t.ledger.linkRequests.request({ contactId: late.id, enterpriseId: target.id, role: 'hr' })).toEqual({ full: true });
    const open = await t.ledger.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM contact_link_requests WHERE enterprise_id = $1 AND status = 'pending'`, [target.id]);
    expect(open[0]!.n).toBe(MAX_PENDING_PER_ENTERPRISE);
    // In the chat: the same refusal in words, with the way that still works.
    await say('9100', '注册');
    await say('9100', '随便填的公司名');
    await say('9100', target.uscc);
    expect(await say('9100', '申请')).toMatch(/待审核的关联申请已经很多[\s\S]*绑定码/);
  });

  it('a viewer can neither issue a code nor approve a request, and sees no form for either', async () => {
    await claim('9006');
    await say('9006', '申请');
    const request = (await pendingRequests()).find((r) => r.contactName === '联系人9006')!;
    const page = await (await app.request(`/office/enterprises/${enterprise.id}`, { headers: { cookie: viewer.jar.header } })).text();
    expect(page).toContain('联系人9006');
    expect(page).not.toContain('/bind-codes"');
    expect(page).not.toContain(`/link-requests/${request.id}"`);

    const codesBefore = (await t.ledger.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM enterprise_bind_codes`))[0]!.n;
    expect((await issueCode(viewer)).status).toBe(403);
    expect((await t.ledger.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM enterprise_bind_codes`))[0]!.n).toBe(codesBefore);
    expect((await postForm(app, `/office/enterprises/${enterprise.id}/link-requests/${request.id}`, viewer.jar, { _csrf: viewer.csrf, decision: 'approve' })).status).toBe(403);
    expect((await contactOf('9006')).enterpriseId).toBeNull();
    expect((await pendingRequests()).some((r) => r.id === request.id)).toBe(true);
  });
});
