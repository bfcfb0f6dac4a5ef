import { afterAll, describe, expect, it } from 'vitest';
import { Assistant, type IncomingMessage } from '../../src/assistant/index.js';
import { offlineAnswerer } from '../helpers/answerer.js';
import { BACKENDS, setupSuite, type Backend, type TestLedger } from '../ledger/backends.js';
import { openSwitchableLedger, type SwitchableLedger } from '../ledger/switchable.js';

/**
 * A new visitor's first message while the database is away: answered, and its consultation spooled like
 * any other (with who sent it), then written with its contact once the database is back.
 */
describe.each(BACKENDS)('a new visitor during a database outage (%s)', (kind: Backend) => {
  let t: TestLedger;
  let assistant: Assistant;
  let cut: () => Promise<void>;
  let restore: () => Promise<void>;
  let db: SwitchableLedger;
  let seq = 0;
  const msg = (sender: string, text: string): IncomingMessage => ({
    channel: 'web', chatId: sender, senderId: sender, senderName: '网页访客', kind: 'text', text, messageId: `m${++seq}`, receivedAt: new Date(),
  });

  setupSuite(async () => {
    db = await openSwitchableLedger(kind, { poolSize: 4, tmpPrefix: 'engine-outage-' });
    ({ t, cut, restore } = db);
    assistant = new Assistant({ answerer: await offlineAnswerer(), ledger: t.ledger, rateLimitPerMinute: 1000 });
  });

  afterAll(async () => {
    await db?.close();
  });

  it('answers the first message, spools it with its sender, and records both once the database is back', { timeout: 60_000 }, async () => {
    await cut();
    const first = msg('newvisitor-outage-1', '试用期最长可以约定多久？');
    const replies = await assistant.handle(first);
    expect(replies[0]!.kind).toBe('answer');
    expect(replies[0]!.text).toMatch(/试用期/);
    const second = msg('newvisitor-outage-1', '年休假有几天？');
    expect((await assistant.handle(second))[0]!.kind).toBe('answer');
    expect(t.ledger.spooled).toBe(2);

    await restore();
    await t.ledger.replaySpool();
    expect(t.ledger.spooled).toBe(0);
    const contact = await t.ledger.contacts.findByIdentity('web', 'newvisitor-outage-1');
    expect(contact).toBeDefined();
    for (const m of [first, second]) {
      const c = await t.ledger.consultations.getByKey(`web:newvisitor-outage-1:${m.messageId}`);
      expect(c?.question).toBe(m.text);
      expect(c?.contactId).toBe(contact!.id);
    }
    // The next message, with the database up, is the same contact's.
    const third = msg('newvisitor-outage-1', '加班费怎么算？');
    await assistant.handle(third);
    expect((await t.ledger.consultations.getByKey(`web:newvisitor-outage-1:${third.messageId}`))?.contactId).toBe(contact!.id);
  });
});
