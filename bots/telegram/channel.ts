import { Hono } from 'hono';
import type { Assistant } from '../../src/assistant/index.js';
import { DEFAULT_LIMITS, type ChannelAdapter } from '../../src/channels/index.js';
import type { Config } from '../../src/config.js';
import { SendGate } from '../../src/outreach/sendGate.js';
import { createTelegramBot } from './bot.js';
import { telegramBotId, TelegramSender } from './sender.js';
import { mountWebhook } from './webhook.js';

const token = (config: Config): string => {
  if (!config.TELEGRAM_BOT_TOKEN) throw new Error('TELEGRAM_BOT_TOKEN 未设置');
  return config.TELEGRAM_BOT_TOKEN;
};

/** Telegram (TELEGRAM_BOT_TOKEN): long polling, or webhook mode on our own server with TELEGRAM_WEBHOOK_URL. */
export const telegramChannel: ChannelAdapter<Assistant> = {
  name: 'telegram',
  label: 'Telegram',
  limits: DEFAULT_LIMITS.telegram,
  enabled: (config) => Boolean(config.TELEGRAM_BOT_TOKEN),

  async outreachSender({ config }) {
    const sender = new TelegramSender({ token: token(config), apiRoot: config.TELEGRAM_API_ROOT });
    // Checks the token before any row is claimed, and opens the connection so the first sends are not
    // slowed by it (a slow first send followed by on-time ones would crowd one second).
    await sender.api.getMe();
    return sender;
  },

  async start({ config, ledger, log, assistant }) {
    const botToken = token(config);
    // Answers and broadcasts share the bot's slots, so together they stay within Telegram's limits.
    const sharedLimit = new SendGate({ ledger, channel: 'telegram', botId: telegramBotId(botToken), log });
    const tg = await createTelegramBot(assistant, { token: botToken, apiRoot: config.TELEGRAM_API_ROOT, sharedLimit, log });
    if (config.TELEGRAM_WEBHOOK_URL) {
      const routes = new Hono();
      const path = await mountWebhook(routes, tg.bot, config.TELEGRAM_WEBHOOK_URL);
      log.info({ path }, 'telegram bot: webhook mode');
      return { sender: tg.sender, routes, stop: async () => {} };
    }
    await tg.bot.api.deleteWebhook();
    const runner = tg.startPolling();
    log.info({ bot: tg.bot.botInfo.username }, 'telegram bot: long polling');
    return { sender: tg.sender, stop: async () => void (runner.isRunning() ? await runner.stop() : undefined) };
  },
};
