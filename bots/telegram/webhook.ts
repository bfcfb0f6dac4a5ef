import { createHash } from 'node:crypto';
import { webhookCallback, type Bot } from 'grammy';
import type { Hono } from 'hono';

/**
 * Webhook mode (TELEGRAM_WEBHOOK_URL set): Telegram posts updates to that URL's path on our own web
 * server, so any number of processes behind a load balancer can share the bot. The secret token,
 * derived from the bot token, lets us drop posts that did not come from Telegram.
 */
export function webhookSecret(token: string): string {
  return createHash('sha256').update(`webhook:${token}`).digest('hex').slice(0, 48);
}

export async function mountWebhook(app: Hono, bot: Bot, webhookUrl: string): Promise<string> {
  const secret = webhookSecret(bot.token);
  const path = new URL(webhookUrl).pathname;
  app.post(path, webhookCallback(bot, 'hono', { secretToken: secret }));
  await bot.api.setWebhook(webhookUrl, { secret_token: secret, allowed_updates: ['message', 'callback_query'] });
  return path;
}
