import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WebInbox } from '../../bots/web/inbox.js';
import { webApp } from '../../bots/web/server.js';
import { visitorChatId } from '../../bots/web/visitor.js';
import { Assistant } from '../../src/assistant/index.js';
import { PgliteDb } from '../../src/ledger/db.js';
import { openLedger, type Ledger } from '../../src/ledger/index.js';
import { offlineAnswerer } from '../helpers/answerer.js';
import { shippedRetriever } from '../helpers/kb.js';
import { readEvents } from '../helpers/web-inbox.js';
import { FlakyDb } from '../ledger/faults.js';
import { adminClient, BACKENDS, KNOWLEDGE_DIR, openTestLedger, setupSuite, TEST_DATABASE_URL, testLists, type Backend, type TestLedger } from '../ledger/backends.js';

/**
 * A message for a browser (a staff reply, a notice) is written by whichever process sends it and pushed
 * by the process holding the browser's event stream, woken by NOTIFY; without notifications the stream
 * polls. On PostgreSQL the sender is another ledger on the same schema (another process); PGlite is one
 * process's, and delivers its notifications within it.
 */
describe.each(BACKENDS)('web messages pushed across processes (%s)', (kind: Backend) => {
  let t: TestLedger;
  let sender: Ledger;
  let app: ReturnType<typeof webApp>;
  let streaming: WebInbox;

  setupSuite(async () => {
    t = await openTestLedger(kind, { retentionDays: 30 });
    sender = kind === 'postgres'
      ? await openLedger({ dataDir: t.dataDir, knowledgeDir: KNOWLEDGE_DIR, CHAT_RETENTION_DAYS: 0, DATABASE_URL: TEST_DATABASE_URL }, { lists: await testLists(), schema: t.schema!, poolSize: 2, spoolDir: `${t.dataDir}/spool-2` })
      : t.ledger;
    streaming = new WebInbox(t.ledger);
    const assistant = new Assistant({ answerer: await offlineAnswerer(), ledger: t.ledger });
    app = webApp({ retriever: await shippedRetriever(), chat: { assistant, inbox: streaming, ledger: t.ledger } });
  });
  afterAll(async () => {
    streaming?.close();
    if (sender && sender !== t?.ledger) await sender.close();
    await t?.cleanup();
  });

  function visitor(): { cookie: string; chatId: string } {
    const secret = randomBytes(32).toString('base64url');
    return { cookie: `yg_chat=${secret}`, chatId: visitorChatId(secret) };
  }

  /** Open the visitor's stream, send `text` from the other process once it is open, and read what arrives. */
  async function pushed(who: { cookie: string; chatId: string }, text: string, idleMs: number): Promise<string[]> {
    const res = await app.request('/api/chat/events', { headers: { cookie: who.cookie } });
    expect(res.headers.get('content-type')).toMatch(/text\/event-stream/);
    const events = readEvents(res, { replies: 1, idleMs });
    await new Promise((r) => setTimeout(r, 200));
    await new WebInbox(sender).send(who.chatId, { text, kind: 'handoff' });
    return (await events).filter((e) => e.event === 'reply').map((e) => JSON.parse(e.data).text as string);
  }

  it('wakes the stream when another process writes the message (no waiting for a poll)', async () => {
    // The first stream starts the process's listening; with it live a stream sleeps 25 s between looks,
    // so a message arriving within 5 s was pushed.
    expect(await pushed(visitor(), '【人社局工作人员回复】您好', 5_000)).toEqual(['【人社局工作人员回复】您好']);
    expect(t.ledger.notifications.live).toBe(true);
  });

  it('lets messages go with the chat text when CHAT_RETENTION_DAYS passes', async () => {
    const who = visitor();
    await new WebInbox(sender).send(who.chatId, { text: '【人社局工作人员回复】请留下联系电话。', kind: 'handoff' });
    expect(await streaming.recent(who.chatId, 10)).toHaveLength(1);
    await t.ledger.applyRetention(new Date(Date.now() + 29 * 86_400_000));
    expect(await streaming.recent(who.chatId, 10)).toHaveLength(1);
    await t.ledger.applyRetention(new Date(Date.now() + 31 * 86_400_000));
    expect(await streaming.recent(who.chatId, 10)).toEqual([]);
  });

  it.runIf(kind === 'postgres')('loses nothing while the notification connection is down, and listens again once it is back', async () => {
    const admin = await adminClient();
    try {
      const killed = await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`, [`${t.applicationName}:listen`]);
      expect(killed.rowCount).toBe(1);
      await expect.poll(() => t.ledger.notifications.live, { timeout: 5_000 }).toBe(false);
      // Sent around the reconnection: found by polling, or by the look every stream takes once it is back.
      expect(await pushed(visitor(), '断线期间的通知', 10_000)).toEqual(['断线期间的通知']);
      await expect.poll(() => t.ledger.notifications.live, { timeout: 15_000 }).toBe(true);
      expect(await pushed(visitor(), '恢复后推送的通知', 5_000)).toEqual(['恢复后推送的通知']);
    } finally {
      await admin.end();
    }
  });
});

describe('web messages where notifications do not arrive', () => {
  let dir: string;
  let t: TestLedger;
  let app: ReturnType<typeof webApp>;
  let inbox: WebInbox;
  setupSuite(async () => {
    // A database this process cannot LISTEN on (here a wrapped PGlite): streams fall back to polling.
    dir = await mkdtemp(path.join(os.tmpdir(), 'web-push-poll-'));
    t = await openTestLedger('pglite', { db: new FlakyDb(await PgliteDb.open(dir)) });
    inbox = new WebInbox(t.ledger);
    const assistant = new Assistant({ answerer: await offlineAnswerer(), ledger: t.ledger });
    app = webApp({ retriever: await shippedRetriever(), chat: { assistant, inbox, ledger: t.ledger } });
  });
  afterAll(async () => {
    inbox?.close();
    await t?.cleanup();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('delivers by polling', async () => {
    expect(t.ledger.notifications.live).toBe(false);
    const secret = randomBytes(32).toString('base64url');
    const events = readEvents(await app.request('/api/chat/events', { headers: { cookie: `yg_chat=${secret}` } }), { replies: 1, idleMs: 8_000 });
    await new Promise((r) => setTimeout(r, 200));
    await inbox.send(visitorChatId(secret), { text: '轮询送达的通知', kind: 'notice' });
    expect((await events).filter((e) => e.event === 'reply').map((e) => JSON.parse(e.data).text)).toEqual(['轮询送达的通知']);
  });
});
