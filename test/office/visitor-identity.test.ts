import ExcelJS from 'exceljs';
import type { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { WebInbox } from '../../bots/web/inbox.js';
import { webApp } from '../../bots/web/server.js';
import { Assistant } from '../../src/assistant/index.js';
import { makeEnterpriseUscc } from '../../src/ledger/uscc.js';
import { offlineAnswerer } from '../helpers/answerer.js';
import { shippedRetriever } from '../helpers/kb.js';
import { readEvents } from '../helpers/web-inbox.js';
import { BACKENDS, setupSuite, type TestLedger } from '../ledger/backends.js';
import { CookieJar, officeFixture, postForm, signIn } from './helpers.js';

/**
 * Issue 14, item 4: nothing staff can see (console pages, JSON API, the Excel export) names a web
 * visitor's chat or a consultation's idempotency key, and nothing staff can see lets anyone read the
 * visitor's inbox or write as the visitor.
 */

/** A browser on the web chat: keeps cookies and (as older pages did) sends its own session id too. */
class Visitor {
  readonly jar = new CookieJar();
  readonly sessionId = `visitor${Math.random().toString(16).slice(2, 14)}ab`;
  private n = 0;
  constructor(private readonly app: Hono) {}

  async say(text: string): Promise<Array<{ text: string; consultationId?: string }>> {
    const res = await this.app.request('/api/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: this.jar.header },
      body: JSON.stringify({ sessionId: this.sessionId, messageId: `vm${++this.n}`, text }),
    });
    this.jar.store(res);
    expect(res.status).toBe(200);
    return (await res.text()).trim().split('\n').map((l) => JSON.parse(l)).filter((l) => l.reply).map((l) => l.reply);
  }

  /** What staff and outreach sent this visitor, as the page shows it after a reload. */
  async received(): Promise<Array<{ text: string }>> {
    const res = await this.app.request('/api/chat/history', { headers: { cookie: this.jar.header } });
    this.jar.store(res);
    return ((await res.json()) as { items: Array<{ user?: string; reply: { text: string; kind?: string } }> }).items
      .filter((i) => i.user === undefined && i.reply.kind !== 'onboarding')
      .map((i) => i.reply);
  }
}

async function xlsxText(res: Response): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
  const cells: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((cell) => void cells.push(String(cell.text)))));
  return cells.join('\n');
}

/** Every string in a JSON value, and the id-like pieces of each (what someone would try as a session id). */
function candidates(value: unknown): string[] {
  const out = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === 'string') {
      out.add(v);
      for (const part of v.split(/[^A-Za-z0-9-]+/)) if (part.length >= 8 && part.length <= 64) out.add(part);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(value);
  return [...out].filter((s) => s.length >= 8 && s.length <= 200);
}

describe.each(BACKENDS)('web visitor identity is not exposed to staff (%s)', (kind) => {
  let t: TestLedger;
  let app: Hono;
  let assistant: Assistant;
  setupSuite(async () => {
    const f = await officeFixture(kind, {
      handoff: {
        reply: (id, text, staff, staffId) => assistant.replyToHandoff(id, text, staff, staffId),
        close: (id, staff, staffId) => assistant.closeHandoff(id, staff, staffId),
      },
    });
    t = f.t;
    assistant = new Assistant({ answerer: await offlineAnswerer(), ledger: t.ledger, rateLimitPerMinute: 10_000 });
    const inbox = new WebInbox(t.ledger);
    assistant.senders.register(inbox);
    app = webApp({ retriever: await shippedRetriever(), chat: { assistant, inbox, ledger: t.ledger } });
    app.route('/', f.app);
  });
  afterAll(async () => t?.cleanup());

  it('a viewer sees no key or chat id anywhere, and nothing they see opens the visitor’s inbox or speaks as the visitor', async () => {
    // A web visitor registers a new enterprise, asks a question and asks for a person.
    const visitor = new Visitor(app);
    const uscc = makeEnterpriseUscc('410311', 77_000_000 + Math.floor(Math.random() * 1000));
    for (const step of ['注册', '洛阳访客测试有限公司', uscc, 'C', '洛龙区', '12']) await visitor.say(step);
    const enterprise = (await t.ledger.enterprises.getByUscc(uscc))!;
    expect(enterprise).toBeDefined();
    expect((await visitor.say('试用期最长可以约定多久？'))[0]!.text).toMatch(/试用期/);
    const [handoff] = await visitor.say('人工');
    expect(handoff!.text).toMatch(/已为您转接/);
    const handoffId = Number(handoff!.consultationId);

    // A coordinator answers from the console.
    const coord = await signIn(app, 'wanglei');
    const replied = await postForm(app, `/office/consultations/${handoffId}/reply`, coord.jar, { _csrf: coord.csrf, text: '您好，请留下联系电话。' });
    expect(replied.status).toBe(303);

    // What must stay secret: the visitor's own id and cookies, the chat id the ledger keeps, every key.
    const contact = (await t.ledger.db.query<{ id: number; external_id: string }>(
      `SELECT ct.id, ct.external_id FROM contacts ct JOIN consultations c ON c.contact_id = ct.id WHERE c.id = $1`, [handoffId],
    ))[0]!;
    const keys = (await t.ledger.db.query<{ id: number; idempotency_key: string }>(
      `SELECT id, idempotency_key FROM consultations WHERE contact_id = $1 ORDER BY id`, [contact.id],
    ));
    expect(keys.length).toBeGreaterThanOrEqual(8);
    const cookieValues = visitor.jar.header.split(/;\s*/).map((p) => p.slice(p.indexOf('=') + 1)).filter(Boolean);
    const secrets = [visitor.sessionId, contact.external_id, ...cookieValues, ...keys.map((k) => k.idempotency_key)];

    // Everything a viewer (and, for the audit log, an admin) can read about this visitor.
    const viewer = await signIn(app, 'chenjing');
    const admin = await signIn(app, 'admin');
    const get = (path: string, jar = viewer.jar) => app.request(path, { headers: { cookie: jar.header } });
    const paths = [
      `/office/api/enterprises/${enterprise.id}`, `/office/enterprises/${enterprise.id}`, '/office/enterprises', '/office/api/enterprises',
      '/office/consultations', '/office/api/consultations', `/office/consultations?enterpriseId=${enterprise.id}`,
      '/office/handoffs', '/office/api/handoffs', '/office/gaps', '/office/api/gaps', '/office', '/office/api/dashboard',
      ...keys.flatMap((k) => [`/office/consultations/${k.id}`, `/office/api/consultations/${k.id}`]),
    ];
    const seen: Array<[string, string]> = [];
    for (const p of paths) {
      const res = await get(p);
      expect(res.status, p).toBe(200);
      seen.push([p, await res.text()]);
    }
    const exported = await get('/office/enterprises/export.xlsx');
    expect(exported.status).toBe(200);
    seen.push(['export.xlsx', await xlsxText(exported)]);
    for (const p of ['/office/audit', '/office/api/audit']) seen.push([p, await (await get(p, admin.jar)).text()]);
    for (const [p, body] of seen) {
      expect(body, p).not.toContain('idempotencyKey');
      for (const s of secrets) expect(body, `${p} shows ${s}`).not.toContain(s);
    }

    // Try every value the enterprise API gives a viewer as the visitor's session: no conversation, no messages, no voice.
    const api = JSON.parse(seen[0]![1]) as unknown;
    const tries = candidates(api);
    expect(tries.length).toBeGreaterThan(0);
    for (const value of tries) {
      const attempts: Array<Record<string, string>> = [{}, { cookie: `yg_chat=${encodeURIComponent(value)}` }];
      for (const headers of attempts) {
        const res = await app.request(`/api/chat/history?sessionId=${encodeURIComponent(value)}`, { headers });
        expect(res.status).toBe(200);
        expect(((await res.json()) as { items: unknown[] }).items, `conversation opened with ${value}`).toEqual([]);
        const events = await app.request(`/api/chat/events?sessionId=${encodeURIComponent(value)}`, { headers });
        const pushed = events.status === 200 ? (await readEvents(events, { idleMs: 200 })).filter((e) => e.event === 'reply') : [];
        expect(pushed, `messages opened with ${value}`).toEqual([]);
      }
    }
    const before = keys.length;
    for (const value of tries.filter((v) => /^[A-Za-z0-9-]{8,64}$/.test(v))) {
      const res = await app.request('/api/chat', {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: `yg_chat=${value}` },
        body: JSON.stringify({ sessionId: value, messageId: `forged-${value.slice(0, 20)}`, text: '我是冒充的访客' }),
      });
      await res.text();
    }
    const after = (await t.ledger.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM consultations WHERE contact_id = $1`, [contact.id]))[0]!.n;
    expect(after, 'a message was recorded as the visitor').toBe(before);

    // The visitor is known by the server's secret cookie, whatever session id the page sends.
    expect(visitor.jar.get('yg_chat')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(contact.external_id).not.toContain(visitor.sessionId);

    // The visitor has the staff reply in its own conversation.
    expect((await visitor.received()).map((r) => r.text)).toContain('【人社局工作人员回复】\n您好，请留下联系电话。');
  });
});
