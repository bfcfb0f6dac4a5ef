import type { Reply } from '../../src/channels/index.js';

/** A reply for the terminal: buttons become numbered choices (answered with "1", "2"…), feedback a hint. */
export function toConsoleText(reply: Reply): string {
  const buttons = reply.buttons?.flat() ?? [];
  let text = reply.text;
  if (buttons.some((b) => b.data.startsWith('fb:'))) text += '\n（评价：输入“有用”或“没用”）';
  else if (buttons.length) text += `\n${buttons.map((b, i) => `  ${i + 1}. ${b.label}`).join('\n')}\n（输入序号选择）`;
  return text;
}
