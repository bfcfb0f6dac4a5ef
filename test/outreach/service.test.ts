import { afterAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/channels/index.js';
import type { OutreachSender } from '../../src/outreach/dispatcher.js';
import { repositories } from '../../src/ledger/index.js';
import { OutreachService } from '../../src/outreach/service.js';
import { enterpriseInput, KNOWLEDGE_DIR, openTestLedger, setupSuite, type TestLedger } from '../ledger/backends.js';

/**
 * Outreach as npm start runs it (src/main.ts builds the same service): the reminder schedule and an
 * outbox dispatcher in one process. What is checked is what a chat peer receives: the start-up run's
 * reminder, a reminder after a fact is written through the ledger, the daily run when the
 * date changes, and nothing twice after a restart.
 */
class Peer implements OutreachSender {
  readonly channel = 'telegram' as const;
  readonly botId = 'service-test';
  readonly got: { chatId: string; text: string }[] = [];
  async send(chatId: string, reply: Reply): Promise<void> {
    this.got.push({ chatId, text: reply.text });
  }
  texts(chatId: string): string[] {
    return this.got.filter((m) => m.chatId === chatId).map((m) => m.text);
  }
}

const until = async (cond: () => boolean, ms: number, what: string) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

const NEW_ENTERPRISE = '新注册企业用工指引';
const LAYOFF = '规模裁员须提前三十日说明并向劳动行政部门报告';

describe('outreach service: reminders reach chats at start-up, on fact changes and daily', () => {
  let t: TestLedger;
  const id: Record<string, number> = {};

  setupSuite(async () => {
    t = await openTestLedger('postgres');
    const make = async (n: number, key: string, chat: string, o: Record<string, unknown>) => {
      const e = await t.ledger.enterprises.create(enterpriseInput(n, o));
      id[key] = e.id;
      await t.ledger.contacts.upsert({ channel: 'telegram', externalId: chat, enterpriseId: e.id, displayName: key });
    };
    await make(1, 'new', '81001', { registeredOn: '2026-02-20' });
    await make(2, 'watched', '81002', { registeredOn: '2020-01-01', headcountLastYearEnd: 100, headcountCurrent: 100 });
    await make(3, 'unwatched', '81003', { registeredOn: '2020-01-01', headcountLastYearEnd: 100, headcountCurrent: 100 });
  });
  afterAll(async () => t?.cleanup());

  it('sends the start-up run, follows a fact change at once, runs again the next day, never twice', { timeout: 30_000 }, async () => {
    let clock = new Date('2026-03-01T02:00:00Z');
    const peer = new Peer();
    const options = { ledger: t.ledger, knowledgeDir: KNOWLEDGE_DIR, now: () => clock, checkEveryMs: 50, debounceMs: 20, dispatcher: { idleMs: 50 } };
    const service = new OutreachService({ ...options, worker: 'app-1' });
    service.start([peer]);

    // Start-up run: the enterprise registered ten days ago is guided, on its chat.
    await until(() => peer.texts('81001').length > 0, 10_000, 'the start-up reminder');
    expect(peer.texts('81001')[0]).toContain(NEW_ENTERPRISE);

    // A layoff at the 第四十一条 scale written through the ledger (in a transaction, as the office
    // console does) is announced as a facts change and evaluated straight away, not on the next day.
    await t.ledger.transaction((tx) => tx.layoffs.add({ enterpriseId: id.watched!, date: '2026-03-01', count: 25, reason: '订单减少' }));
    await until(() => peer.texts('81002').length > 0, 10_000, 'the reminder after the layoff');
    expect(peer.texts('81002')[0]).toContain(LAYOFF);

    // The same fact written by another process (a script, an import: repositories on the same database,
    // not this ledger, so nothing is announced here) waits for the daily run.
    await repositories(t.ledger.db, t.ledger.lists).layoffs.add({ enterpriseId: id.unwatched!, date: '2026-03-01', count: 25, reason: '订单减少' });
    clock = new Date('2026-03-02T02:00:00Z');
    await until(() => peer.texts('81003').length > 0, 10_000, 'the next day’s run');
    expect(peer.texts('81003')[0]).toContain(LAYOFF);
    await service.stop();

    // A restart runs the rules again at start-up: the per-period key holds, nothing is queued or sent.
    const sentBefore = peer.got.length;
    const restarted = new OutreachService({ ...options, worker: 'app-2' });
    restarted.start([peer]);
    await restarted.stop(); // waits for the start-up run
    const reminders = await t.ledger.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM notices WHERE kind = 'reminder'`);
    expect(reminders[0]!.n).toBe(3);
    const unsent = await t.ledger.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE status <> 'sent'`);
    expect(unsent[0]!.n).toBe(0);
    expect(peer.got.length).toBe(sentBefore);
    expect(peer.got.map((m) => m.chatId).sort()).toEqual(['81001', '81002', '81003']);
  });
});
