import { afterAll, describe, expect, it } from 'vitest';
import { busiestWindow } from '../../scripts/lib/windows.js';
import type { Reply } from '../../src/channels/index.js';
import { openLedger, type Ledger } from '../../src/ledger/index.js';
import { Dispatcher, type OutreachSender, type SendStart } from '../../src/outreach/dispatcher.js';
import { KNOWLEDGE_DIR, openTestLedger, setupSuite, TEST_DATABASE_URL, testLists, type TestLedger } from '../ledger/backends.js';
import { seedBroadcast } from './seed.js';

/**
 * The rate bounds themselves, not the speed: three dispatchers, each with its own connection pool (as
 * separate processes would have), share one outbox on PostgreSQL and send 330 messages, some chats
 * getting three. Every send start is recorded where the request would leave. No sliding 1000 ms
 * window may hold more than the per-bot limit, and no chat may get two messages less than 1000 ms
 * apart. The sender now and then blocks the event loop for 60 ms, so timers of all three dispatchers
 * fire late and the late-slot path is exercised too.
 */
const PER_SECOND = 60;
const CHATS = 150;
const REPEATED = 90; // chats 1..90 get two more notices

/** Records send starts; every 20th call holds the (shared) event loop for 60 ms before answering. */
class RecordingSender implements OutreachSender {
  readonly channel = 'telegram' as const;
  readonly botId = 'rate-test';
  calls = 0;
  constructor(private readonly starts: number[]) {}
  async deliver(chatId: string, _reply: Reply): Promise<{ providerMessageId: string }> {
    this.starts.push(performance.timeOrigin + performance.now());
    const n = ++this.calls;
    await new Promise((r) => setTimeout(r, 2 + (n % 7))); // the network
    if (n % 20 === 0) {
      const until = performance.now() + 60;
      while (performance.now() < until) {
        // busy: an overloaded process
      }
    }
    return { providerMessageId: `${chatId}:${n}` };
  }
  async send(chatId: string, reply: Reply): Promise<void> {
    await this.deliver(chatId, reply);
  }
}

describe('outbox dispatchers: per-bot and per-chat bounds across several workers', () => {
  let t: TestLedger;
  const extra: Ledger[] = [];

  setupSuite(async () => {
    t = await openTestLedger('postgres');
    for (let i = 0; i < 2; i++) {
      extra.push(
        await openLedger(
          { DATABASE_URL: TEST_DATABASE_URL, dataDir: t.dataDir, knowledgeDir: KNOWLEDGE_DIR, CHAT_RETENTION_DAYS: 0 },
          { schema: t.schema!, lists: await testLists(), poolSize: 4, spoolDir: `${t.dataDir}/spool-${i}` },
        ),
      );
    }
  });
  afterAll(async () => {
    for (const l of extra) await l.close();
    await t?.cleanup();
  });

  it('never exceeds the bot limit in any 1000 ms window, nor 1 per chat per second', { timeout: 60_000 }, async () => {
    const { chatIds } = await seedBroadcast(t.ledger, CHATS);
    const contacts = await t.ledger.db.query<{ id: number }>(`SELECT id FROM contacts WHERE channel = 'telegram' ORDER BY id LIMIT $1`, [REPEATED]);
    for (const title of ['第二条', '第三条']) {
      const notice = await t.ledger.notices.create({ title, body: '同一会话的第二、三条消息。' });
      await t.ledger.outbox.enqueue({ noticeId: notice.id, recipients: contacts.map((c) => ({ contactId: c.id, channel: 'telegram' as const })) });
    }
    const total = CHATS + 2 * REPEATED;

    const starts: SendStart[] = [];
    const senderStarts: number[] = [];
    const ledgers = [t.ledger, ...extra];
    const dispatchers = ledgers.map(
      (ledger, i) =>
        new Dispatcher({
          ledger,
          senders: [new RecordingSender(senderStarts)],
          worker: `rate-w${i + 1}`,
          limits: { telegram: { perSecond: PER_SECOND } },
          idleMs: 50,
          onSendStart: (s) => starts.push(s),
        }),
    );
    await Promise.all(dispatchers.map((d) => d.runUntilIdle()));

    // Everything went, once.
    expect(starts).toHaveLength(total);
    expect(senderStarts).toHaveLength(total);
    expect(new Set(starts.map((s) => s.outboxId)).size).toBe(total);
    const perChat = new Map<string, number[]>();
    for (const s of starts) perChat.set(s.chatId, [...(perChat.get(s.chatId) ?? []), s.at]);
    expect(perChat.size).toBe(chatIds.length);
    // All three dispatchers took part.
    expect(new Set(starts.map((s) => s.worker)).size).toBe(3);

    // The bot bound, by the dispatchers' own send starts and by the sender's.
    expect(busiestWindow(starts.map((s) => s.at), 1000)).toBeLessThanOrEqual(PER_SECOND);
    expect(busiestWindow(senderStarts, 1000)).toBeLessThanOrEqual(PER_SECOND);

    // The chat bound: consecutive sends into one chat at least 1000 ms apart.
    const closest = Math.min(
      ...[...perChat.values()].filter((ts) => ts.length > 1).flatMap((ts) => {
        const sorted = [...ts].sort((a, b) => a - b);
        return sorted.slice(1).map((x, i) => x - sorted[i]!);
      }),
    );
    expect(closest).toBeGreaterThanOrEqual(1000);
    expect([...perChat.values()].filter((ts) => ts.length === 3)).toHaveLength(REPEATED);
  });
});
