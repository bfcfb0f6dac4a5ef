import type { ChannelName } from './messages.js';

/**
 * What a channel can show, so that the engine words a reply for it without knowing the channel:
 * where there are no buttons, a choice is offered in words ("请回复“人工”") and rendered as a numbered list.
 */
export interface RenderingRules {
  /** Tappable buttons (Telegram inline keyboards, the web page's buttons). */
  buttons: boolean;
  /** Longest text of one message; the adapter splits longer replies (Telegram counts after escaping). */
  maxTextChars: number;
}

export const RENDERING: Record<ChannelName, RenderingRules> = {
  telegram: { buttons: true, maxTextChars: 4096 },
  // WeChat shows long texts poorly and cuts very long ones.
  wechat: { buttons: false, maxTextChars: 1500 },
  web: { buttons: true, maxTextChars: Infinity },
  console: { buttons: false, maxTextChars: Infinity },
};

export function showsButtons(channel: ChannelName): boolean {
  return RENDERING[channel].buttons;
}
