import type { RunnerHandle } from '@grammyjs/runner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramBot } from '../../bots/telegram/bot.js';
import { TelegramSender } from '../../bots/telegram/sender.js';
import type { Assistant } from '../../src/assistant/index.js';
import { Dispatcher } from '../../src/outreach/dispatcher.js';
import { SendGate } from '../../src/outreach/sendGate.js';
import { openTestAssistant } from '../helpers/assistant.js';
import { busiestWindow } from '../../scripts/lib/windows.js';
import type { TestLedger } from '../ledger/backends.js';
import { seedBroadcast } from './seed.js';
import { startEmulator, TelegramProxy, type Emulator } from './telegramHarness.js';

/**
 * The bot answering users while a broadcast runs through the same bot: answers and notices share the
 * bot's slots in the database, so what reaches "Telegram" stays within 30 a second.
 */
const TOKEN = '555002:test-shared-limit';
const USERS = Array.from({ length: 30 }, (_, i) => 5101 + i);
const RECIPIENTS = 200;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('bot answers and broadcasts share one limit', () => {
  let assistant: Assistant;
  let t: TestLedger;
  let emu: Emulator;
  let proxy: TelegramProxy;
  let runner: RunnerHandle;
  const starts: number[] = [];

  beforeAll(async () => {
    ({ assistant, test: t } = await openTestAssistant());
    emu = await startEmulator();
    proxy = await new TelegramProxy(emu.url).start();
    const gate = new SendGate({ ledger: t.ledger, channel: 'telegram', botId: TOKEN.split(':')[0]! });
    // The limit holds by send start (README, "Rate limits"): note when each answer may leave.
    const sharedLimit = {
      acquire: async (chatId: string) => {
        await gate.acquire(chatId);
        starts.push(performance.timeOrigin + performance.now());
      },
      rateLimited: (ms: number) => gate.rateLimited(ms),
    };
    // The bot talks to "Telegram" through the proxy, so a test can make it answer 429.
    const tg = await createTelegramBot(assistant, { token: TOKEN, apiRoot: proxy.url, idlePollMs: 20, sharedLimit });
    runner = tg.startPolling();
  });
  afterAll(async () => {
    if (runner?.isRunning()) await runner.stop();
    await proxy?.stop();
    await emu?.stop();
    await t?.cleanup();
  });

  const messagesTo = (chats: Set<string>) => emu.server.storage.botMessages.filter((m) => chats.has(String(m.message.chat_id)));

  it('answers 30 users who ask at once mid-broadcast, and no second holds more than 30 messages', { timeout: 60_000 }, async () => {
    const { noticeId, chatIds } = await seedBroadcast(t.ledger, RECIPIENTS);
    const dispatcher = new Dispatcher({
      ledger: t.ledger, senders: [new TelegramSender({ token: TOKEN, apiRoot: emu.url })], worker: 'wshared', idleMs: 20,
      onSendStart: (s) => starts.push(s.at),
    });
    const broadcast = dispatcher.runUntilIdle();
    const recipients = new Set(chatIds);
    while (messagesTo(recipients).length < 60) await sleep(20); // the broadcast is at full pace

    const users = new Set(USERS.map(String));
    const asked = Date.now();
    await Promise.all(
      USERS.map((id) => {
        const client = emu.server.getClient(TOKEN, { userId: id, chatId: id, firstName: `用户${id}` });
        return client.sendMessage(client.makeMessage('试用期最长可以约定多久？'));
      }),
    );
    while (new Set(messagesTo(users).map((m) => String(m.message.chat_id))).size < USERS.length) {
      expect(Date.now() - asked, 'every user gets an answer').toBeLessThan(30_000);
      await sleep(50);
    }
    await broadcast;

    const answers = messagesTo(users);
    const notices = messagesTo(recipients);
    expect(emu.countsByChat().size).toBe(RECIPIENTS + USERS.length);
    expect(await t.ledger.outbox.stats(noticeId)).toMatchObject({ sent: RECIPIENTS, unknown: 0, failed: 0 });
    // The answers went out while the broadcast was still running, not queued behind it…
    const lastNotice = Math.max(...notices.map((m) => m.time));
    expect(answers.filter((m) => m.time < lastNotice).length).toBeGreaterThanOrEqual(USERS.length / 2);
    // …and together with it never crowded a second (broadcast alone: 28.8/s; answers alone: 30 at once).
    const received = [...answers, ...notices].map((m) => m.time).sort((a, b) => a - b);
    const started = [...starts].sort((a, b) => a - b);
    console.info(`busiest second: ${busiestWindow(started, 1000)} by send start, ${busiestWindow(received, 1000)} by receipt`);
    expect(started.length).toBeGreaterThanOrEqual(RECIPIENTS + USERS.length);
    expect(busiestWindow(started, 1000)).toBeLessThanOrEqual(30);
  });

  it('a 429 answered to the bot holds the broadcast too, and the answer still arrives', { timeout: 60_000 }, async () => {
    const since = Date.now();
    const { noticeId } = await seedBroadcast(t.ledger, 120);
    const dispatcher = new Dispatcher({
      ledger: t.ledger, senders: [new TelegramSender({ token: TOKEN, apiRoot: emu.url })], worker: 'wshared429', idleMs: 20,
    });
    const broadcast = dispatcher.runUntilIdle();
    const notices = () => emu.server.storage.botMessages.filter((m) => m.time >= since && Number(m.message.chat_id) > 700_000);
    while (notices().length < 30) await sleep(20);

    // "Telegram" refuses the bot's next answer: retry after 2 s.
    let refused = false;
    proxy.decide = (_n, url) => {
      if (refused || !url.endsWith('/sendMessage')) return 'pass';
      refused = true;
      return { status: 429, retryAfter: 2 };
    };
    const user = USERS[0]!;
    const client = emu.server.getClient(TOKEN, { userId: user, chatId: user, firstName: '用户' });
    await client.sendMessage(client.makeMessage('经济补偿怎么计算？'));
    const answered = () => emu.server.storage.botMessages.find((m) => m.time >= since && Number(m.message.chat_id) === user);
    while (!answered()) await sleep(20);
    await broadcast;

    const at429 = proxy.log.find((l) => l.outcome === '429')!.at;
    // The answer was sent again once retry_after had passed.
    expect(answered()!.time).toBeGreaterThanOrEqual(at429 + 2000);
    // The broadcast held too: slots reserved before the pause was recorded (at most 800 ms ahead) still
    // went out, none after them until the pause ended; at 28.8/s some 30 would have gone in that second.
    expect(notices().filter((m) => m.time > at429 + 1000 && m.time < at429 + 2000)).toEqual([]);
    expect(await t.ledger.outbox.stats(noticeId)).toMatchObject({ sent: 120, unknown: 0, failed: 0 });
  });

  it('lets answers go at once when the database holding the shared limit cannot be reached', async () => {
    const warnings: string[] = [];
    const unreachable = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    let asked = 0;
    const gate = new SendGate({
      ledger: { sendRate: { ...t.ledger.sendRate, reserveSlot: () => (asked++, Promise.reject(unreachable)) } },
      channel: 'telegram',
      botId: '1',
      log: { warn: (_o: unknown, msg: string) => void warnings.push(msg) } as never,
    });
    const t0 = Date.now();
    await gate.acquire('42');
    expect(Date.now() - t0).toBeLessThan(500);
    expect(warnings).toEqual(['shared send limit unavailable; sending without it']);
    // The next answers do not ask the database again (a slow failure would delay each of them).
    await gate.acquire('43');
    await gate.acquire('44');
    expect(asked).toBe(1);
  });
});
