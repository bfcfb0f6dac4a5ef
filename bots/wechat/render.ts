import { RENDERING, type Reply } from '../../src/channels/index.js';

/** WeChat shows long texts poorly and cuts very long ones; keep each message under this many characters. */
export const WECHAT_CHUNK = RENDERING.wechat.maxTextChars;

/**
 * A reply as WeChat texts. WeChat has no buttons: feedback buttons become a one-line hint ("回复 有用/没用"),
 * other choices a numbered list the user answers with "1", "2"… (the engine maps the number back).
 */
export function toWechatTexts(reply: Reply): string[] {
  let text = reply.text;
  const buttons = reply.buttons?.flat() ?? [];
  if (buttons.some((b) => b.data.startsWith('fb:'))) text += '\n\n觉得有用请回复“有用”，没帮助请回复“没用”。';
  else if (buttons.length) text += `\n\n${buttons.map((b, i) => `${i + 1}. ${b.label}`).join('\n')}\n（回复序号即可）`;
  const out: string[] = [];
  let rest = text;
  while (rest.length > WECHAT_CHUNK) {
    const window = rest.slice(0, WECHAT_CHUNK);
    const cut = Math.max(window.lastIndexOf('\n'), window.lastIndexOf('。') + 1);
    const at = cut > WECHAT_CHUNK / 2 ? cut : WECHAT_CHUNK;
    out.push(rest.slice(0, at).trim());
    rest = rest.slice(at);
  }
  if (rest.trim()) out.push(rest.trim());
  return out;
}
