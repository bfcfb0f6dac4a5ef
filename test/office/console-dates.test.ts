/**
 * The console's date defaults and file names are China's date. Between 00:00 and 08:00 Beijing time the UTC
 * date is still yesterday: the knowledge page offered it as an upload's version date.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Hono } from 'hono';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { setupSuite, type TestLedger } from '../ledger/backends.js';
import { CookieJar, officeFixture, signIn } from './helpers.js';

/** 01:30 on 1 April 2026 in Beijing. */
const AT = new Date('2026-03-31T17:30:00Z');

describe('the console at 01:30 Beijing time on 1 April (17:30 UTC on 31 March)', () => {
  let t: TestLedger;
  let app: Hono;
  let jar: CookieJar;
  let dir: string;
  setupSuite(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'console-dates-'));
    ({ t, app } = await officeFixture('pglite', { knowledge: { knowledgeDir: dir, rebuild: async () => ({ articles: 0 }) } }));
    ({ jar } = await signIn(app, 'admin'));
  });
  afterEach(() => vi.useRealTimers());
  afterAll(async () => {
    await t?.cleanup();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** The page as the server renders it at AT (the session itself is checked on the database's own clock). */
  const at = async (url: string): Promise<Response> => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(AT);
    const res = await app.request(url, { headers: { cookie: jar.header } });
    vi.useRealTimers();
    return res;
  };

  it('offers 1 April as the version date of an uploaded document', async () => {
    const html = await (await at('/office/knowledge')).text();
    expect(html).toContain('<input type="date" name="version" value="2026-04-01" required>');
  });

  it('dates a follow-up, a headcount and a layoff 1 April unless staff change it', async () => {
    const [e] = await t.ledger.enterprises.list({});
    const html = await (await at(`/office/enterprises/${e!.id}`)).text();
    expect(html).toContain('<input type="date" name="date" value="2026-04-01" required>');
    expect(html).toContain('<input type="date" name="asOf" value="2026-04-01" required>');
  });

  it('names the ledger export after 1 April', async () => {
    const res = await at('/office/enterprises/export.xlsx');
    expect(res.status).toBe(200);
    expect(decodeURIComponent(res.headers.get('content-disposition')!)).toContain('服务指导台账-2026-04-01.xlsx');
  });
});
