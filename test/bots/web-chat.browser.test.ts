import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { ServerType } from '@hono/node-server';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebInbox } from '../../bots/web/inbox.js';
import { startWeb, webApp } from '../../bots/web/server.js';
import { openTestAssistant } from '../helpers/assistant.js';
import { shippedRetriever } from '../helpers/kb.js';
import type { TestLedger } from '../ledger/backends.js';

/** The web chat in Debian's headless Chromium (never a downloaded browser): ask, read, expand a citation. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let server: ServerType;
let base: string;
let test: TestLedger;
let context: BrowserContext;
let profile: string;

beforeAll(async () => {
  const opened = await openTestAssistant();
  test = opened.test;
  const inbox = new WebInbox(test.ledger);
  opened.assistant.senders.register(inbox);
  server = await startWeb(webApp({ retriever: await shippedRetriever(), chat: { assistant: opened.assistant, inbox, ledger: test.ledger } }), 0, '127.0.0.1');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  profile = await mkdtemp(path.join(os.tmpdir(), 'chromium-profile-'));
  // A persistent context is how Playwright takes a fresh --user-data-dir.
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

afterAll(async () => {
  await context?.close();
  server?.close();
  await test?.cleanup();
  if (profile) await rm(profile, { recursive: true, force: true });
});

describe('web chat in a browser', () => {
  it('answers with citations that expand to the article text', async () => {
    const page = await context.newPage();
    const offline = { external: 0 };
    page.on('request', (r) => {
      if (!r.url().startsWith(base)) offline.external++;
    });
    await page.goto(base);
    await page.fill('#q', '试用期最长可以约定多久？');
    await page.keyboard.press('Enter');
    const answer = page.locator('.msg.bot.answer').last();
    await answer.locator('details.cite').first().waitFor({ timeout: 20_000 });
    expect(await answer.innerText()).toContain('试用期');
    const first = answer.locator('details.cite').first();
    expect(await first.locator('summary').innerText()).toMatch(/《劳动合同法》第十九条/);
    await first.locator('summary').click();
    await expect.poll(() => first.locator('.article').innerText(), { timeout: 10_000 }).toMatch(/劳动合同期限三个月以上不满一年的，试用期不得超过一个月/);
    await expect.poll(() => answer.locator('.btns button').count()).toBe(2);

    await mkdir('test-output', { recursive: true });
    await page.screenshot({ path: 'test-output/web-chat.png', fullPage: true });

    // The visitor is the server's HttpOnly cookie: the page's scripts neither keep nor see an id.
    expect(await page.evaluate(() => localStorage.getItem('yg-session'))).toBeNull();
    expect(await page.evaluate(() => document.cookie)).toBe('');
    const [cookie] = (await context.cookies(`${base}/api/chat`)).filter((c) => c.name === 'yg_chat');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/chat' });
    const rows = await test.ledger.db.query<{ channel: string; question: string }>(`SELECT channel, question FROM consultations`);
    expect(rows).toEqual([{ channel: 'web', question: '试用期最长可以约定多久？' }]);
    expect(offline.external).toBe(0);

    await answer.locator('.btns button', { hasText: '有用' }).click();
    await page.locator('.msg.bot', { hasText: '感谢您的评价' }).waitFor();
    const rated = await test.ledger.db.query<{ feedback: string }>(`SELECT feedback FROM consultations`);
    expect(rated[0]!.feedback).toBe('helpful');
  });

  it('asks for the missing fact of a calculation, and the short reply completes the figure', async () => {
    const page = await context.newPage();
    await page.goto(base);
    await page.fill('#q', '干了3年月薪6000辞退要赔多少');
    await page.keyboard.press('Enter');
    const ask = page.locator('.msg.bot.answer').last();
    await expect.poll(() => ask.innerText(), { timeout: 20_000 }).toContain('劳动关系是怎么结束的');
    expect(await ask.innerText()).not.toMatch(/为[\d,]+元/);
    await page.fill('#q', '是我没啥理由直接让他走的，那要赔多少');
    await page.keyboard.press('Enter');
    // 3 years → 3 months; N = 18000; without a lawful ground 2N = 36000 (劳动合同法第八十七条).
    const figure = page.locator('.msg.bot.answer', { hasText: '36,000元' });
    await figure.waitFor({ timeout: 20_000 });
    expect(await figure.innerText()).toMatch(/月工资6000元/);
    expect(await figure.locator('details.cite summary').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringMatching(/第八十七条/)]));
    await page.screenshot({ path: 'test-output/web-chat-calculation.png', fullPage: true });
  });
});
