import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/types.js';
import { Assistant } from '../../src/assistant/index.js';
import { openInBrowser } from '../helpers/browser.js';
import { KNOWLEDGE_DIR, setupSuite, type TestLedger } from '../ledger/backends.js';
import { officeFixture, PASSWORDS } from './helpers.js';

const OUT = path.resolve('test-output');
const QUESTION = '公司要从市区搬到伊川县，员工不愿意去，单位能直接解除合同吗？要赔多少？';
const CARD_ANSWER = '企业搬迁使劳动合同无法履行，属于客观情况发生重大变化。应先与员工协商变更工作地点；协商不成的，可提前三十日书面通知或额外支付一个月工资后解除合同，并按工作年限支付经济补偿。';

/** The answer layer's "not sure" reply, fixed so the test does not depend on the live confidence model. */
const UNSURE: Answer = {
  text: '这个问题我没有把握，以下条文可能相关，供您参考；如需要，可以回复“转人工”由工作人员解答。',
  citations: [
    { law: '劳动合同法', article: 40, label: '第四十条', quote: '劳动合同订立时所依据的客观情况发生重大变化', unverified: false },
    { law: '劳动合同法', article: 46, label: '第四十六条', quote: '用人单位应当向劳动者支付经济补偿', unverified: false },
  ],
  figures: [], risks: [], confidence: 0.16, handoff: { needed: false }, source: 'articles', unsure: true,
};

/** A user's unsure question reaches the 知识缺口 queue; a coordinator writes it up as a card in a real browser. */
describe('knowledge gaps in headless Chromium', () => {
  let t: TestLedger;
  let page: Page;
  let base: string;
  let closeBrowser: (() => Promise<void>) | undefined;
  let gapId: number;

  setupSuite(async () => {
    await mkdir(OUT, { recursive: true });
    const f = await officeFixture('pglite', { outreach: { knowledgeDir: KNOWLEDGE_DIR, today: () => '2026-11-23' } });
    t = f.t;
    // A web visitor asks through the real engine; the answer layer is not sure.
    const assistant = new Assistant({ answerer: { answer: async () => UNSURE }, ledger: t.ledger, rateLimitPerMinute: 10_000 });
    const [reply] = await assistant.handle({ channel: 'web', chatId: 'visitor-1', senderId: 'visitor-1', kind: 'text', text: QUESTION, messageId: 'm1', receivedAt: new Date() });
    gapId = Number(reply!.consultationId);
    ({ base, page, close: closeBrowser } = await openInBrowser(f.app.fetch, 'office-gaps'));
  });

  afterAll(async () => {
    await closeBrowser?.();
    await t?.cleanup();
  });

  it('signs in, finds the gap in 知识缺口, writes it up as a card and finds the draft under 卡片草稿', async () => {
    await page.goto(`${base}/office/gaps`);
    expect(new URL(page.url()).pathname).toBe('/office/login');
    await page.fill('input[name=username]', 'wanglei');
    await page.fill('input[name=password]', PASSWORDS.wanglei);
    await page.click('button[type=submit]');
    await page.waitForURL((u) => u.pathname === '/office/gaps');

    // The queue: the user's words, the channel, the leads the answer gave.
    await expect(page.locator('header nav a.active').textContent()).resolves.toBe('知识缺口');
    const row = page.locator(`#gaps tr[data-id="${gapId}"]`);
    await expect(row.locator('td.question').textContent()).resolves.toContain(QUESTION);
    await expect(row.textContent()).resolves.toContain('网页');
    await expect(row.locator('ul.leads').textContent()).resolves.toContain('《劳动合同法》第四十条');
    await page.screenshot({ path: path.join(OUT, 'gaps.png'), fullPage: true });

    // 写成卡片: the coordinator writes the answer and ticks the lead that applies.
    await row.locator('a', { hasText: '写成卡片' }).click();
    await page.waitForURL((u) => u.pathname === `/office/gaps/${gapId}`);
    await expect(page.locator('#gap-question').textContent()).resolves.toBe(QUESTION);
    await page.fill('#gap-draft-form input[name=title]', '企业搬迁员工不愿随迁');
    await page.fill('#gap-draft-form textarea[name=answer]', CARD_ANSWER);
    await page.check('#gap-draft-form input[name=cite][value="劳动合同法第40条"]');
    await page.fill('#gap-draft-form textarea[name=citesExtra]', '劳动合同法第四十六条');
    await page.fill('#gap-draft-form input[name=topic]', '解除劳动合同');
    await page.screenshot({ path: path.join(OUT, 'gaps-2-write-card.png'), fullPage: true });
    await page.click('#gap-draft-form button[type=submit]');

    // Sent to the draft's page.
    await page.waitForURL(/\/office\/guide-drafts\/\d+\?done=gap-drafted$/);
    const draftId = Number(/guide-drafts\/(\d+)/.exec(page.url())![1]);
    await expect(page.locator('.flash.ok').textContent()).resolves.toContain('知识缺口已写成指导卡片草稿');
    await expect(page.locator('#draft-card').textContent()).resolves.toContain(CARD_ANSWER);
    await expect(page.locator('#draft-card').textContent()).resolves.toContain('劳动合同法第40条、劳动合同法第46条');
    await page.screenshot({ path: path.join(OUT, 'gaps-3-draft.png'), fullPage: true });

    // Under 卡片草稿, waiting for an admin; and no longer an open gap.
    await page.click('header nav a:has-text("卡片草稿")');
    await page.waitForURL((u) => u.pathname === '/office/guide-drafts');
    const draftRow = page.locator(`#drafts tr[data-id="${draftId}"]`);
    await expect(draftRow.textContent()).resolves.toContain('企业搬迁员工不愿随迁');
    await expect(draftRow.textContent()).resolves.toContain('解除劳动合同');
    await expect(draftRow.textContent()).resolves.toContain('王磊');
    await page.screenshot({ path: path.join(OUT, 'gaps-4-drafts-list.png'), fullPage: true });
    await page.click('header nav a:has-text("知识缺口")');
    await page.waitForURL((u) => u.pathname === '/office/gaps');
    expect(await page.locator(`#gaps tr[data-id="${gapId}"]`).count()).toBe(0);
    await expect(page.locator('#gaps tbody').textContent()).resolves.toContain('没有待处理的知识缺口');
  });
});
