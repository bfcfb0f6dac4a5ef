import type { InlineKeyboardMarkup } from 'grammy/types';
import { RENDERING, type Reply } from '../../src/channels/index.js';

/** Telegram refuses texts longer than this (counted after entity parsing; we count the escaped source to be safe). */
export const TELEGRAM_LIMIT = RENDERING.telegram.maxTextChars;

/** parse_mode HTML needs exactly these three escaped; quotes only matter inside attributes, which we never write. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Split plain text into pieces whose *escaped* form fits the limit: at paragraph, then line, then
 * sentence boundaries, hard-cutting only a run with none. Escaping happens per piece, so an entity
 * like &amp; is never cut in half.
 */
export function splitForTelegram(text: string, limit = TELEGRAM_LIMIT): string[] {
  const size = (s: string) => escapeHtml(s).length;
  if (size(text) <= limit) return [text];
  const pieces: string[] = [];
  let current = '';
  const units = text.split(/(?<=\n)|(?<=[。！？；])/);
  for (let unit of units) {
    while (size(unit) > limit) {
      // One unit too long on its own: cut it by characters.
      let cut = Math.min(unit.length, limit);
      while (size(unit.slice(0, cut)) > limit) cut = Math.floor(cut * 0.8);
      if (current) pieces.push(current), (current = '');
      pieces.push(unit.slice(0, cut));
      unit = unit.slice(cut);
    }
    if (size(current + unit) > limit) {
      pieces.push(current);
      current = unit;
    } else current += unit;
  }
  if (current) pieces.push(current);
  return pieces.map((p) => p.trim()).filter(Boolean);
}

export function keyboard(reply: Reply): InlineKeyboardMarkup | undefined {
  if (!reply.buttons?.length) return undefined;
  return { inline_keyboard: reply.buttons.map((row) => row.map((b) => ({ text: b.label, callback_data: b.data.slice(0, 64) }))) };
}

/** A reply as Telegram messages: escaped HTML pieces, the buttons on the last piece. */
export function toTelegramMessages(reply: Reply): { text: string; markup?: InlineKeyboardMarkup }[] {
  const pieces = splitForTelegram(reply.text || '…');
  const markup = keyboard(reply);
  return pieces.map((p, i) => ({ text: escapeHtml(p), ...(i === pieces.length - 1 && markup ? { markup } : {}) }));
}
