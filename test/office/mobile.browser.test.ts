import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { openInBrowser } from '../helpers/browser.js';
import { setupSuite, type TestLedger } from '../ledger/backends.js';
import { officeFixture, PASSWORDS } from './helpers.js';

const OUT = path.resolve('test-output');

/** The console on a phone (375 px wide, headless Chromium): the navigation stays readable and usable. */
describe('office console on a 375 px phone screen', () => {
  let t: TestLedger;
  let page: Page;
  let base: string;
  let closeBrowser: (() => Promise<void>) | undefined;

  setupSuite(async () => {
    await mkdir(OUT, { recursive: true });
    const f = await officeFixture('pglite');
    t = f.t;
    ({ base, page, close: closeBrowser } = await openInBrowser(f.app.fetch, 'office-mobile'));
    await page.setViewportSize({ width: 375, height: 812 });
  });

  afterAll(async () => {
    await closeBrowser?.();
    await t?.cleanup();
  });

  it('every navigation link is one readable line inside the screen, and each one works', async () => {
    await page.goto(`${base}/office/login`);
    await page.fill('input[name=username]', 'admin');
    await page.fill('input[name=password]', PASSWORDS.admin);
    await page.click('button[type=submit]');
    await page.waitForURL((u) => u.pathname === '/office');

    const links = page.locator('header.top nav a');
    const labels = await links.allTextContents();
    expect(labels).toContain('转人工队列');
    expect(labels.length).toBeGreaterThanOrEqual(8);
    const lineHeight = await links.first().evaluate((a) => parseFloat(getComputedStyle(a).lineHeight));
    for (let i = 0; i < labels.length; i++) {
      const box = (await links.nth(i).boundingBox())!;
      // One line, not a column of single characters.
      expect(box.height, labels[i]).toBeLessThan(lineHeight * 1.6);
      expect(box.width, labels[i]).toBeGreaterThan(labels[i]!.length * 10);
      // On screen: reachable without scrolling sideways.
      expect(box.x, labels[i]).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, labels[i]).toBeLessThanOrEqual(375);
    }
    // Nothing in the header pushes the page wider than the phone.
    expect(await page.evaluate(() => document.querySelector('header.top')!.scrollWidth)).toBeLessThanOrEqual(375);
    await page.screenshot({ path: path.join(OUT, 'office-mobile-375-nav.png'), fullPage: false });

    // The last link is tappable and leads to its page.
    await links.filter({ hasText: '操作记录' }).click();
    await page.waitForURL((u) => u.pathname === '/office/audit');
    await expect(page.locator('h1').textContent()).resolves.toBe('操作记录');
    await page.screenshot({ path: path.join(OUT, 'office-mobile-375-audit.png'), fullPage: false });
  });
});
