import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { ServerType } from '@hono/node-server';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { WebInbox } from '../../bots/web/inbox.js';
import { startWeb, webApp } from '../../bots/web/server.js';
import { Assistant } from '../../src/assistant/index.js';
import { launchChromium } from '../helpers/browser.js';
import { docx } from '../helpers/docx.js';
import { setupSuite, type TestLedger } from '../ledger/backends.js';
import { answeringKnowledge, liveKnowledgeCopy, officeFixture, PASSWORDS, type Account } from './helpers.js';

const OUT = path.resolve('test-output');

const QUESTION = '我们签的是一年期合同，试用期写了三个月，这样行不行？';
const CORRECTION = '一年期劳动合同的试用期最长二个月，约定三个月违法。已经履行的超出部分，单位要按试用期满月工资向员工支付赔偿金，建议把合同里的试用期改为二个月以内。';


/**
 * The whole product in one server as `npm start` wires it (web chat at /, statute search at /search,
 * the console at /office, one chat engine, a live index over a private copy of knowledge/), on
 * PostgreSQL, driven in headless Chromium: a chat user and a staff member in two tabs of one browser.
 */
describe('console and chat together in headless Chromium (PostgreSQL)', () => {
  let t: TestLedger;
  let kb: Awaited<ReturnType<typeof liveKnowledgeCopy>>;
  let server: ServerType;
  let browser: BrowserContext;
  let staff: Page;
  let chat: Page;
  let base: string;
  let closeBrowser: (() => Promise<void>) | undefined;

  setupSuite(async () => {
    await mkdir(OUT, { recursive: true });
    kb = await liveKnowledgeCopy();
    const { cache, knowledge } = answeringKnowledge(kb);
    let assistant: Assistant | undefined;
    const f = await officeFixture('postgres', {
      knowledge,
      handoff: {
        reply: (id, text, who, staffId) => assistant!.replyToHandoff(id, text, who, staffId),
        close: (id, who, staffId) => assistant!.closeHandoff(id, who, staffId),
      },
      outreach: { knowledgeDir: kb.knowledgeDir, today: () => '2026-11-23' },
    });
    t = f.t;
    assistant = new Assistant({ answerer: cache, ledger: t.ledger, rateLimitPerMinute: 10_000 });
    const inbox = new WebInbox(t.ledger);
    assistant.senders.register(inbox);
    const app = webApp({ retriever: kb.swap, chat: { assistant, inbox, ledger: t.ledger } });
    app.route('/', f.app);
    server = await startWeb(app, 0, '127.0.0.1');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    ({ context: browser, close: closeBrowser } = await launchChromium('office-flows'));
    staff = browser.pages()[0] ?? (await browser.newPage());
    chat = await browser.newPage();
  });

  afterAll(async () => {
    await closeBrowser?.();
    await new Promise((r) => (server ? server.close(r) : r(undefined)));
    await t?.cleanup();
    await kb?.cleanup();
  });

  const shot = (p: Page, name: string) => p.screenshot({ path: path.join(OUT, `flows-${name}.png`), fullPage: true });

  async function signInAs(who: Account, then: string): Promise<void> {
    if (await staff.locator('header .who button').count()) {
      await staff.click('header .who button');
      await staff.waitForURL(/\/office\/login/);
    }
    await staff.goto(`${base}/office/login?next=${encodeURIComponent(then)}`);
    await staff.fill('input[name=username]', who);
    await staff.fill('input[name=password]', PASSWORDS[who]);
    await staff.click('button[type=submit]');
    await staff.waitForURL((u) => u.pathname === then.split('?')[0]);
  }

  /** Type into the web chat and wait for the bot's reply of that kind; its text. */
  async function say(text: string, kind: string): Promise<string> {
    if (!chat.url().startsWith(base)) await chat.goto(base);
    const before = await chat.locator(`.msg.bot.${kind}`).count();
    await chat.fill('#q', text);
    await chat.keyboard.press('Enter');
    await expect.poll(() => chat.locator(`.msg.bot.${kind}`).count(), { timeout: 30_000 }).toBe(before + 1);
    return (await chat.locator(`.msg.bot.${kind}`).last().innerText());
  }

  it('answer a hand-off and see it arrive at a chat peer: the user asks for a person in the web chat, staff claim and reply in the console', async () => {
    await chat.goto(base);
    expect(await say('人工', 'handoff')).toMatch(/已为您转接/);
    await shot(chat, '1-web-chat-handoff');
    const { id } = (await t.ledger.db.query<{ id: number }>(`SELECT id FROM consultations WHERE channel = 'web' AND handoff_state = 'requested' ORDER BY id DESC LIMIT 1`))[0]!;

    await signInAs('wanglei', '/office/handoffs');
    const row = staff.locator(`#handoff-queue tr[data-id="${id}"]`);
    await expect(row.locator('td.wait').textContent()).resolves.toMatch(/已等待(不到 1 分| 1 分)/);
    expect(await row.getAttribute('class')).toBe('age-fresh');
    await shot(staff, '2-office-handoff-queue');
    await row.locator('button[value=claimed]').click();
    await staff.waitForURL(new RegExp(`/office/consultations/${id}\\?done=handoff-claimed$`));
    const reply = '您好，我是人社局王磊。请留下企业名称，我们今天下午联系您。';
    await staff.fill('#reply-form textarea[name=text]', reply);
    await staff.click('#reply-form button[type=submit]');
    await staff.waitForURL(/done=handoff-replied/);
    await shot(staff, '3-office-handoff-replied');

    // Pushed to the page over its event stream: the staff reply shows up in the user's conversation.
    const handoffMessages = () => chat.locator('.msg.bot.handoff').allInnerTexts();
    await expect.poll(handoffMessages, { timeout: 20_000 }).toContain(`【人社局工作人员回复】\n${reply}`);
    await shot(chat, '4-web-chat-staff-reply');

    // Counted before closing: the closing message is pushed at once, it may be on screen before the page below loads.
    const closed = (await handoffMessages()).length + 1;
    await staff.click('#handoff-form button[value=resolved]');
    await staff.waitForURL(/done=handoff-closed/);
    expect((await t.ledger.consultations.get(id))!.handoffState).toBe('resolved');
    // Closing reaches the user too, and the bot answers that chat again.
    await expect.poll(async () => (await handoffMessages()).length, { timeout: 20_000 }).toBe(closed);
  });

  // A rebuild of the whole shipped index in a worker thread: some 5 s on an idle machine, past a minute on a loaded
  // one. The job's state is what the test waits for; the bounds are only there to stop a hang.
  it('upload a document and find its article in search: a .docx saved in the console is found on /search', { timeout: 300_000 }, async () => {
    await signInAs('admin', '/office/knowledge');
    await staff.setInputFiles('input[name=file]', {
      name: '灵活就业社保补贴办理指引.docx',
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      buffer: await docx([
        '洛阳市灵活就业人员社会保险补贴办理指引',
        '第一条　登记失业半年以上的人员以灵活就业方式就业的，可以申请灵活就业人员社会保险补贴。',
        '第二条　申请社会保险补贴的，应当持身份证到户籍所在地公共就业服务机构办理，补贴期限最长不超过三年。',
      ]),
    });
    await staff.fill('input[name=issuer]', '洛阳市人力资源和社会保障局');
    await staff.click('#upload-form button[type=submit]');
    await expect(staff.locator('#articles tbody tr').count()).resolves.toBe(2);
    await shot(staff, '5-office-upload-preview');
    await staff.click('form[action$="/knowledge/save"] button[type=submit]');
    await staff.waitForURL(/done=knowledge-saving/);
    await expect.poll(async () => { await staff.reload(); return staff.locator('#index-status').textContent(); }, { timeout: 240_000, interval: 300 }).toContain('已加入知识库');
    await shot(staff, '6-office-upload-saved');

    await staff.goto(`${base}/search`);
    await staff.fill('#q', '灵活就业人员社保补贴去哪里申请');
    await staff.press('#q', 'Enter');
    const hits = staff.locator('.hit', { hasText: '《洛阳市灵活就业人员社会保险补贴办理指引》' });
    await hits.first().waitFor({ timeout: 20_000 });
    expect((await hits.allInnerTexts()).join('\n')).toMatch(/以灵活就业方式就业的，可以申请灵活就业人员社会保险补贴|公共就业服务机构办理/);
    await shot(staff, '7-search-uploaded-article');
  });

  it('a corrected answer becomes a card: reviewed in the console, approved by an admin, and the web chat answers with the correction', { timeout: 300_000 }, async () => {
    const before = await say(QUESTION, 'answer');
    expect(before).not.toContain(CORRECTION);
    const { id } = (await t.ledger.db.query<{ id: number }>(`SELECT id FROM consultations WHERE question = $1 ORDER BY id DESC LIMIT 1`, [QUESTION]))[0]!;

    await signInAs('wanglei', `/office/consultations/${id}`);
    // The topic first: typing in it opens its suggestion list, which the next field closes.
    await staff.fill('input[name=topic]', '试用期');
    await staff.check('input[name=verdict][value=wrong]');
    await staff.fill('textarea[name=correctedAnswer]', CORRECTION);
    expect(await staff.locator('input[name=cite]').evaluateAll((els) => els.map((e) => [(e as HTMLInputElement).value, (e as HTMLInputElement).checked])))
      .toContainEqual(['劳动合同法第19条', true]);
    await shot(staff, '8-office-review-correction');
    await Promise.all([staff.waitForNavigation(), staff.click('#review-form button[type=submit]')]);
    expect(await staff.locator('.flash.error').allTextContents()).toEqual([]);
    expect(staff.url()).toMatch(/done=reviewed-draft$/);
    await expect(staff.locator('.flash.ok').textContent()).resolves.toContain('已生成指导卡片草稿');
    await staff.goto(`${base}/office/guide-drafts`);
    const link = staff.locator('#drafts tbody tr a', { hasText: QUESTION.slice(0, 20) }).first();
    await link.click();
    await staff.waitForURL(/\/office\/guide-drafts\/\d+$/);
    expect(await staff.locator('#draft-form').count()).toBe(0);
    await expect(staff.locator('main').textContent()).resolves.toContain('只有管理员可以修改、批准或退回草稿');
    await shot(staff, '9-office-draft-as-coordinator');
    const draftPath = new URL(staff.url()).pathname;

    await signInAs('admin', '/office/guide-drafts');
    await shot(staff, '10-office-drafts');
    await staff.goto(`${base}${draftPath}`);
    await staff.fill('#draft-form input[name=title]', '一年期合同的试用期不能约定三个月');
    await shot(staff, '11-office-draft-edit');
    await staff.click('#draft-form button[value=approve]');
    await staff.waitForURL(/done=draft-approving/);
    await expect.poll(async () => { await staff.reload(); return staff.locator('#index-status').textContent(); }, { timeout: 240_000, interval: 300 }).toContain('卡片已写入知识库');
    await expect(staff.locator('main').textContent()).resolves.toContain('已入库');
    await shot(staff, '12-office-draft-approved');

    const after = await say(QUESTION, 'answer');
    expect(after).toContain(CORRECTION);
    await shot(chat, '13-web-chat-corrected-answer');
  });
});
