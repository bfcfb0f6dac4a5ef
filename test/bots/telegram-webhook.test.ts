import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTelegramBot } from '../../bots/telegram/bot.js';
import { mountWebhook, webhookSecret } from '../../bots/telegram/webhook.js';
import { openTestAssistant } from '../helpers/assistant.js';
import { startTelegramServer, TgUser, type TelegramServerT } from '../helpers/telegram.js';
import type { TestLedger } from '../ledger/backends.js';

/** Webhook mode: updates POSTed to our own web server (secret checked), replies through the Bot API. */
const TOKEN = '424242:TEST-webhook';
let server: TelegramServerT;
let test: TestLedger;
let app: Hono;
let path: string;

beforeAll(async () => {
  server = await startTelegramServer();
  const opened = await openTestAssistant();
  test = opened.test;
  const tg = await createTelegramBot(opened.assistant, { token: TOKEN, apiRoot: server.config.apiURL, throttle: { global: {}, group: {}, out: {} } });
  app = new Hono();
  path = await mountWebhook(app, tg.bot, 'https://bot.example.gov.cn/telegram/hook');
});
afterAll(async () => {
  await server?.stop();
  await test?.cleanup();
});

function update(id: number, text: string) {
  return {
    update_id: id,
    message: { message_id: id, date: Math.floor(Date.now() / 1000), chat: { id: 6001, type: 'private', first_name: '周' }, from: { id: 6001, is_bot: false, first_name: '周' }, text },
  };
}

describe('Telegram webhook mode', () => {
  it('drops posts without the secret and answers those with it', async () => {
    expect(path).toBe('/telegram/hook');
    const forged = await app.request(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(update(1, '你好')) });
    expect(forged.status).toBe(401);
    const ok = await app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': webhookSecret(TOKEN) },
      body: JSON.stringify(update(2, '试用期最长可以约定多久？')),
    });
    expect(ok.status).toBe(200);
    const user = new TgUser(server.getClient(TOKEN, { userId: 6001, chatId: 6001 }));
    const answer = await user.expect(/试用期/);
    expect(answer.parse_mode).toBe('HTML');
    const rows = await test.ledger.db.query<{ idempotency_key: string }>(`SELECT idempotency_key FROM consultations`);
    expect(rows).toEqual([{ idempotency_key: 'telegram:6001:2' }]);
  });
});
