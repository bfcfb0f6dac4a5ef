import { autoRetry } from '@grammyjs/auto-retry';
import { run, sequentialize, type RunnerHandle } from '@grammyjs/runner';
import { apiThrottler, type APIThrottlerOptions } from '@grammyjs/transformer-throttler';
import { Api, Bot, type Context, type RawApi, type Transformer } from 'grammy';
import type { Logger } from 'pino';
import type { Assistant } from '../../src/assistant/index.js';
import type { ChannelSender, IncomingMessage, Reply } from '../../src/channels/index.js';
import { toTelegramMessages } from './render.js';

export interface TelegramBotOptions {
  token: string;
  /** Bot API root (TELEGRAM_API_ROOT): the official server, a local Bot API server, or telegram-test-api. */
  apiRoot?: string;
  /**
   * Throttler limits; the defaults are Telegram's published ones (30 msg/s overall, 20/min per group,
   * 1/s per private chat). `false` leaves the throttler out: only for an emulator (bench:bot --no-throttle).
   */
  throttle?: APIThrottlerOptions | false;
  /**
   * Pause after an empty getUpdates. Telegram itself long-polls, so 0 there; an emulator that answers at
   * once (telegram-test-api ignores `timeout`) would otherwise be polled in a tight loop.
   */
  idlePollMs?: number;
  /**
   * The bot's limit shared with its other senders (the outbox dispatcher's broadcasts, other
   * processes): every message waits for a slot of it, and a 429 pauses them all.
   */
  sharedLimit?: SharedSendLimit;
  log?: Logger;
}

/** What the bot needs of a shared send limit (src/outreach/sendGate.ts provides one). */
export interface SharedSendLimit {
  acquire(chatId: string): Promise<void>;
  rateLimited(retryAfterMs: number): Promise<void>;
}

/** Calls that put a message into a chat (a chat action is not a message). */
const isMessageCall = (method: string) => (method.startsWith('send') && method !== 'sendChatAction') || /^(copy|forward)Messages?$/.test(method);

/**
 * Innermost transformer (installed first, so auto-retry's retries pass through it too): each message
 * waits for its shared slot; a 429 is reported so broadcasts hold as well.
 */
function sharedLimitTransformer(limit: SharedSendLimit): Transformer<RawApi> {
  return async (prev, method, payload, signal) => {
    const chatId = (payload as { chat_id?: unknown } | undefined)?.chat_id;
    if (chatId === undefined || !isMessageCall(method)) return prev(method, payload, signal);
    await limit.acquire(String(chatId));
    const res = await prev(method, payload, signal);
    if (!res.ok && res.error_code === 429) await limit.rateLimited((res.parameters?.retry_after ?? 1) * 1000);
    return res;
  };
}

async function sendReply(api: Api<RawApi>, chatId: number | string, reply: Reply): Promise<void> {
  for (const m of toTelegramMessages(reply)) {
    await api.sendMessage(chatId, m.text, {
      parse_mode: 'HTML',
      link_preview_options: { is_disabled: true },
      ...(m.markup ? { reply_markup: m.markup } : {}),
    });
  }
}

function kindOf(ctx: Context): IncomingMessage['kind'] {
  const m = ctx.message;
  if (!m) return 'other';
  if (m.text !== undefined) return m.text.startsWith('/') ? 'command' : 'text';
  if (m.sticker) return 'sticker';
  if (m.photo) return 'image';
  if (m.voice || m.audio) return 'voice';
  if (m.video || m.video_note || m.animation) return 'video';
  if (m.document) return 'file';
  return 'other';
}

/** grammY update → the engine's IncomingMessage (undefined for updates the engine has no use for). */
export function toIncoming(ctx: Context): IncomingMessage | undefined {
  const chat = ctx.chat;
  const from = ctx.from;
  if (!chat || !from || from.is_bot) return undefined;
  const base = {
    channel: 'telegram' as const,
    chatId: String(chat.id),
    senderId: String(from.id),
    senderName: [from.first_name, from.last_name].filter(Boolean).join(' ') || from.username || String(from.id),
    isGroup: chat.type !== 'private',
    receivedAt: new Date(),
  };
  if (ctx.callbackQuery) {
    return { ...base, kind: 'button', data: ctx.callbackQuery.data ?? '', messageId: `cb${ctx.callbackQuery.id}`, mentioned: true };
  }
  const m = ctx.message;
  if (!m) return undefined;
  const text = m.text ?? m.caption;
  const me = ctx.me?.username;
  const mentioned = !base.isGroup || (text?.startsWith('/') ?? false) || (!!me && (text?.includes(`@${me}`) ?? false)) || m.reply_to_message?.from?.id === ctx.me?.id;
  return { ...base, kind: kindOf(ctx), ...(text !== undefined ? { text: me ? text.replaceAll(`@${me}`, '').trim() : text } : {}), messageId: String(m.message_id), mentioned };
}

export interface TelegramBot {
  bot: Bot;
  /** Writes to a chat outside a reply (staff answers to handed-off users). */
  sender: ChannelSender;
  /** Long polling through @grammyjs/runner, updates of one chat in order, chats in parallel. */
  startPolling(): RunnerHandle;
}

export async function createTelegramBot(assistant: Assistant, opts: TelegramBotOptions): Promise<TelegramBot> {
  const bot = new Bot(opts.token, { client: { ...(opts.apiRoot ? { apiRoot: opts.apiRoot } : {}) } });
  if (opts.sharedLimit) bot.api.config.use(sharedLimitTransformer(opts.sharedLimit));
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 60 }));
  if (opts.throttle !== false) bot.api.config.use(apiThrottler(opts.throttle));
  const idle = opts.idlePollMs ?? 0;
  if (idle > 0) {
    bot.api.config.use(async (prev, method, payload, signal) => {
      const res = await prev(method, payload, signal);
      if (method === 'getUpdates' && res.ok && Array.isArray(res.result) && res.result.length === 0) {
        await new Promise((r) => setTimeout(r, idle));
      }
      return res;
    });
  }
  bot.use(sequentialize((ctx: Context) => ctx.chat?.id.toString()));
  bot.on('callback_query', async (ctx, next) => {
    // Stop the button's spinner first; the answer itself arrives as a message.
    await ctx.answerCallbackQuery().catch(() => undefined);
    await next();
  });
  bot.use(async (ctx) => {
    const msg = toIncoming(ctx);
    if (!msg) return;
    const replies = await assistant.handle(msg);
    for (const r of replies) await sendReply(ctx.api, msg.chatId, r);
  });
  bot.catch((err) => opts.log?.error({ err: err.error, update: err.ctx.update.update_id }, 'telegram update failed'));
  await bot.init();
  await bot.api.setMyCommands([
    { command: 'start', description: '开始使用' },
    { command: 'help', description: '使用说明' },
    { command: 'subscribe', description: '订阅政策通知' },
    { command: 'human', description: '转人工服务' },
  ]).catch((err) => opts.log?.warn({ err }, 'setMyCommands failed'));
  const sender: ChannelSender = { channel: 'telegram', send: (chatId, reply) => sendReply(bot.api, chatId, reply) };
  return {
    bot,
    sender,
    startPolling: () => run(bot, { runner: { fetch: { timeout: 30 }, retryInterval: 'exponential', silent: true } }),
  };
}
