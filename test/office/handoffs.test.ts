import type { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { waitedText, waitLevel } from '../../src/office/views/handoffs.js';
import { BACKENDS, setupSuite, type TestLedger } from '../ledger/backends.js';
import { CookieJar, officeFixture, postForm, signIn } from './helpers.js';

const MIN = 60_000;

describe('how long a hand-off has waited, in words', () => {
  it('reads minutes, hours and days, and marks 30 minutes and 2 hours', () => {
    expect(waitedText(20_000)).toBe('已等待不到 1 分');
    expect(waitedText(45 * MIN)).toBe('已等待 45 分');
    expect(waitedText(135 * MIN)).toBe('已等待 2 小时 15 分');
    expect(waitedText(120 * MIN)).toBe('已等待 2 小时');
    expect(waitedText((27 * 60 + 5) * MIN)).toBe('已等待 1 天 3 小时');
    expect([29, 30, 119, 120].map((m) => waitLevel(m * MIN))).toEqual(['fresh', 'warn', 'warn', 'overdue']);
  });
});

describe.each(BACKENDS)('hand-off queue on %s', (kind) => {
  let t: TestLedger;
  let app: Hono;
  let coord: { jar: CookieJar; csrf: string };
  let viewer: { jar: CookieJar; csrf: string };
  // The console's clock is injected; the rows are backdated from it.
  const NOW = Date.now();
  setupSuite(async () => {
    ({ t, app } = await officeFixture(kind, { now: () => new Date(NOW) }));
    coord = await signIn(app, 'wanglei');
    viewer = await signIn(app, 'chenjing');
  });
  afterAll(async () => t?.cleanup());

  let n = 0;
  async function handOff(minutesAgo: number, question = '人工'): Promise<number> {
    const contact = await t.ledger.contacts.upsert({ channel: 'web', externalId: `queue-visitor-${++n}`, displayName: `访客${n}` });
    if (question === '人工') {
      await t.ledger.consultations.record({ channel: 'web', contactId: contact.id, question: '公司拖欠三个月工资，怎么办？', answer: '……', askedAt: new Date(NOW - (minutesAgo + 1) * MIN), citations: [] });
    }
    const r = await t.ledger.consultations.record({
      channel: 'web', contactId: contact.id, question, answer: '已为您转接人工服务。', askedAt: new Date(NOW - minutesAgo * MIN), citations: [], handoffState: 'requested',
    });
    return (r as { id: number }).id;
  }

  it('lists open hand-offs, the longest-waiting unclaimed first, ageing visibly past 30 minutes and 2 hours', async () => {
    const fresh = await handOff(10);
    const overdue = await handOff(135, '员工受伤了老板不给报销，我要找人工');
    const warn = await handOff(45);
    const res = await app.request('/office/handoffs', { headers: { cookie: coord.jar.header } });
    expect(res.status).toBe(200);
    const html = await res.text();
    const row = (id: number) => new RegExp(`<tr data-id="${id}" data-state="requested" class="age-(\\w+)">[\\s\\S]*?</tr>`).exec(html);
    expect(row(overdue)![1]).toBe('overdue');
    expect(row(overdue)![0]).toContain('已等待 2 小时 15 分');
    expect(row(overdue)![0]).toContain('超过2小时');
    expect(row(warn)![1]).toBe('warn');
    expect(row(warn)![0]).toContain('已等待 45 分');
    expect(row(fresh)![1]).toBe('fresh');
    expect(row(fresh)![0]).toContain('已等待 10 分');
    // A bare "人工" shows what the user asked before it.
    expect(row(fresh)![0]).toContain('此前的问题：公司拖欠三个月工资，怎么办？');
    expect(row(fresh)![0]).toContain('由我接手');

    // Oldest first among the unclaimed (the seeded ones too), then those being handled.
    const api = (await (await app.request('/office/api/handoffs', { headers: { cookie: coord.jar.header } })).json()) as {
      items: { id: number; handoffState: string; waitingMinutes: number; level: string | null }[];
    };
    const unclaimed = api.items.filter((i) => i.handoffState === 'requested');
    expect(unclaimed.map((i) => i.waitingMinutes)).toEqual([...unclaimed.map((i) => i.waitingMinutes)].sort((a, b) => b - a));
    const mine = unclaimed.filter((i) => [fresh, overdue, warn].includes(i.id));
    expect(mine.map((i) => [i.id, i.waitingMinutes, i.level])).toEqual([[overdue, 135, 'overdue'], [warn, 45, 'warn'], [fresh, 10, 'fresh']]);
    const firstClaimed = api.items.findIndex((i) => i.handoffState === 'claimed');
    if (firstClaimed >= 0) expect(api.items.slice(firstClaimed).every((i) => i.handoffState === 'claimed')).toBe(true);
    const order = [...html.matchAll(/<tr data-id="(\d+)"/g)].map((m) => Number(m[1]));
    expect(order).toEqual(api.items.map((i) => i.id));
  });

  it('claiming from the queue goes to the reply page and moves the item to "being handled"; a viewer cannot claim', async () => {
    const id = await handOff(50);
    expect(await (await app.request('/office/handoffs', { headers: { cookie: viewer.jar.header } })).text()).not.toContain('由我接手');
    expect((await postForm(app, `/office/consultations/${id}/handoff`, viewer.jar, { _csrf: viewer.csrf, state: 'claimed' })).status).toBe(403);
    const claim = await postForm(app, `/office/consultations/${id}/handoff`, coord.jar, { _csrf: coord.csrf, state: 'claimed' });
    expect(claim.headers.get('location')).toBe(`/office/consultations/${id}?done=handoff-claimed`);
    const html = await (await app.request('/office/handoffs', { headers: { cookie: coord.jar.header } })).text();
    const row = new RegExp(`<tr data-id="${id}" data-state="claimed" class="age-fresh">[\\s\\S]*?</tr>`).exec(html)![0];
    expect(row).toContain('王磊');
    expect(row).toContain('已接手');
    expect(row).not.toContain('已等待');
    await t.ledger.consultations.setHandoff({ id, state: 'resolved' });
    expect(await (await app.request('/office/handoffs', { headers: { cookie: coord.jar.header } })).text()).not.toContain(`data-id="${id}"`);
  });
});
