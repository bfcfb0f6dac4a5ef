import { Api, GrammyError, HttpError } from 'grammy';
import type { ChannelSender, Reply } from '../../src/channels/index.js';

/**
 * Sends to a Telegram chat outside a conversation (notices, reminders, staff answers) through grammY's
 * `Api`. It does no retrying and no rate limiting of its own: the outbox dispatcher does both, shared
 * across processes through the database. What it adds is a verdict on every failure, in the shape the
 * dispatcher reads (`permanent`, `retryAfterMs`, `inDoubt`), so the dispatcher never needs to know
 * Telegram's error codes.
 */

/** Telegram refuses longer texts (Bot API: 1–4096 characters after entity parsing). */
export const TELEGRAM_TEXT_LIMIT = 4096;

/** The bot's id, the part of its token before the colon: the key of its shared send limit. */
export function telegramBotId(token: string): string {
  return token.split(':')[0] ?? token;
}

export class TelegramSendError extends Error {
  /** Retrying cannot help (bot blocked, chat not found, bad request). */
  readonly permanent: boolean;
  /** 429: wait this long before any further send with this bot. */
  readonly retryAfterMs: number | undefined;
  /** The request may have reached Telegram (connection lost after it left): do not resend blindly. */
  readonly inDoubt: boolean;
  constructor(message: string, opts: { permanent?: boolean; retryAfterMs?: number; inDoubt?: boolean; cause?: unknown }) {
    super(message, { cause: opts.cause });
    this.name = 'TelegramSendError';
    this.permanent = opts.permanent ?? false;
    this.retryAfterMs = opts.retryAfterMs;
    this.inDoubt = opts.inDoubt ?? false;
  }
}

// Errors that prove the request never reached the server.
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

function errorCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let i = 0; i < 4 && e && typeof e === 'object'; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown; error?: unknown }).cause ?? (e as { error?: unknown }).error;
  }
  return undefined;
}

export function classifyTelegramError(err: unknown): TelegramSendError {
  if (err instanceof GrammyError) {
    const code = err.error_code;
    const what = `Telegram ${code}: ${err.description}`;
    if (code === 429) {
      const s = err.parameters?.retry_after ?? 1;
      return new TelegramSendError(what, { retryAfterMs: s * 1000, cause: err });
    }
    // 403: blocked by the user / kicked / deactivated; 400: chat not found, bad text. None gets better by waiting.
    if (code === 403 || code === 400 || code === 404 || code === 401) return new TelegramSendError(what, { permanent: true, cause: err });
    // 5xx and anything else: Telegram answered, so it did not take the message; try again later.
    return new TelegramSendError(what, { cause: err });
  }
  if (err instanceof HttpError) {
    const code = errorCode(err.error);
    const notSent = code !== undefined && NOT_SENT_CODES.has(code);
    return new TelegramSendError(`网络错误${code ? `（${code}）` : ''}：${err.message}`, { inDoubt: !notSent, cause: err });
  }
  return new TelegramSendError(String((err as Error)?.message ?? err), { inDoubt: true, cause: err });
}

export interface TelegramSenderOptions {
  token: string;
  /** Bot API root; the emulator in tests, a local Bot API server, or the official one by default. */
  apiRoot?: string;
  timeoutSeconds?: number;
}

export class TelegramSender implements ChannelSender {
  readonly channel = 'telegram' as const;
  readonly api: Api;
  /** The bot's numeric id (the token's prefix): the key of the per-bot rate limit. */
  readonly botId: string;

  constructor(opts: TelegramSenderOptions) {
    this.api = new Api(opts.token, {
      ...(opts.apiRoot ? { apiRoot: opts.apiRoot } : {}),
      timeoutSeconds: opts.timeoutSeconds ?? 30,
    });
    this.botId = telegramBotId(opts.token);
  }

  /** Send and return Telegram's message id; failures are thrown as TelegramSendError. */
  async deliver(chatId: string, reply: Reply): Promise<{ providerMessageId: string }> {
    if (reply.text.length > TELEGRAM_TEXT_LIMIT) {
      throw new TelegramSendError(`消息超过 Telegram 单条 ${TELEGRAM_TEXT_LIMIT} 字的上限（${reply.text.length} 字）`, { permanent: true });
    }
    const keyboard = reply.buttons?.length
      ? { reply_markup: { inline_keyboard: reply.buttons.map((row) => row.map((b) => ({ text: b.label, callback_data: b.data }))) } }
      : {};
    try {
      const m = await this.api.sendMessage(chatId, reply.text, { link_preview_options: { is_disabled: true }, ...keyboard });
      return { providerMessageId: String(m.message_id) };
    } catch (err) {
      throw classifyTelegramError(err);
    }
  }

  async send(chatId: string, reply: Reply): Promise<void> {
    await this.deliver(chatId, reply);
  }
}
