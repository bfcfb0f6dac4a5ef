import type { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAudience } from '../../src/outreach/audienceQuery.js';
import { OutreachError } from '../../src/outreach/errors.js';
import { BACKENDS, KNOWLEDGE_DIR, setupSuite, testLists, type TestLedger } from '../ledger/backends.js';
import { officeFixture, postForm, signIn, type CookieJar } from './helpers.js';

/**
 * Numbers in an audience filter past what the database column holds (headcount_min=2147483648) get a
 * page with a Chinese message, never a 500, on both backends.
 */
describe.each(BACKENDS)('audience filter bounds on %s', (kind) => {
  let t: TestLedger;
  let app: Hono;
  let jar: CookieJar;
  let csrf: string;
  setupSuite(async () => {
    ({ t, app } = await officeFixture(kind, { outreach: { knowledgeDir: KNOWLEDGE_DIR, today: () => '2026-11-23' } }));
    ({ jar, csrf } = await signIn(app, 'wanglei'));
  });
  afterAll(async () => {
    await t?.cleanup();
  });

  const notice = { title: '关于最低工资标准的提醒', topic: 'policy', body: '请各企业按现行最低工资标准发放工资。' };
  const huge = ['2147483648', '99999999999999999999', '1e400'];

  it('the composer page answers 400 with the reason for a huge headcount_min, headcount_max or registered_within_days', async () => {
    for (const field of ['headcount_min', 'headcount_max', 'registered_within_days']) {
      for (const value of huge) {
        const res = await postForm(app, '/office/notices/new', jar, { _csrf: csrf, ...notice, [field]: value, action: 'preview' });
        expect(res.status, `${field}=${value}`).toBe(400);
        const page = await res.text();
        expect(page, `${field}=${value}`).toMatch(/发送对象条件有误/);
        expect(page, `${field}=${value}`).toMatch(/应为不超过 [\d,]+ 的非负整数/);
      }
    }
  });

  it('the JSON previews say so too, and a large but valid bound still counts', async () => {
    for (const path of ['/office/api/notices/preview', '/office/api/notices/audience']) {
      const res = await app.request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie: jar.header, 'x-csrf-token': csrf },
        body: JSON.stringify({ ...notice, headcount_min: '2147483648' }),
      });
      expect(res.status, path).toBe(400);
      expect(((await res.json()) as { error: string }).error, path).toMatch(/职工数下限应为不超过 1,000,000 的非负整数/);
    }
    const ok = await app.request('/office/api/notices/audience', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: jar.header, 'x-csrf-token': csrf },
      body: JSON.stringify({ headcount_min: '1000000' }),
    });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { count: number }).count).toBe(0);
  });

  it('the command line’s --where refuses it with the same message', async () => {
    const lists = await testLists();
    expect(() => parseAudience('headcount_min=2147483648', lists)).toThrow(OutreachError);
    expect(() => parseAudience('registered_within_days=2147483648', lists)).toThrow(/注册天数应为不超过 36,500 的非负整数/);
    expect(parseAudience('headcount_min=1000000;registered_within_days=36500', lists)).toEqual({ headcountMin: 1_000_000, registeredWithinDays: 36_500 });
  });
});
