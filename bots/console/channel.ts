import os from 'node:os';
import readline from 'node:readline/promises';
import type { Assistant } from '../../src/assistant/index.js';
import { DEFAULT_LIMITS, type ChannelAdapter, type ChannelSender, type ChannelStartEnv, type RunningChannel } from '../../src/channels/index.js';
import { toConsoleText } from './render.js';

/**
 * A chat in this terminal (npm run chat), as the local user. It reads stdin until 退出 or end of input;
 * `closed` resolves then.
 */
export function startConsoleChat({ assistant }: Pick<ChannelStartEnv<Assistant>, 'assistant'>): RunningChannel & { closed: Promise<void> } {
  const me = `local-${os.userInfo().username}`;
  const print = (text: string) => process.stdout.write(`\n助手：${text}\n\n`);
  const sender: ChannelSender = { channel: 'console', send: async (_chat, reply) => void print(toConsoleText(reply)) };
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
  const loop = async () => {
    print('您好！我是“用工指导助手”。直接输入用工问题；“注册”登记企业，“人工”转工作人员，“退出”或 Ctrl+D 结束。');
    let n = 0;
    rl.setPrompt('您：');
    rl.prompt();
    // The async iterator buffers lines, so piped input (a script of questions) is not lost while we answer.
    for await (const line of rl) {
      if (/^(?:退出|exit|quit)$/i.test(line.trim())) break;
      let streamed = false;
      const replies = await assistant.handle(
        { channel: 'console', chatId: me, senderId: me, senderName: os.userInfo().username, kind: line.trim().startsWith('/') ? 'command' : 'text', text: line, messageId: `${Date.now()}-${++n}`, receivedAt: new Date() },
        { onToken: (t) => { if (!streamed) process.stdout.write('\n助手：'); streamed = true; process.stdout.write(t); } },
      );
      if (streamed) process.stdout.write('\n');
      for (const r of replies) print(toConsoleText(r));
      rl.prompt();
    }
  };
  const closed = loop().finally(() => rl.close());
  return { sender, closed, stop: async () => rl.close() };
}

/** The terminal: its own process (npm run chat), never part of npm start or an outreach worker. */
export const consoleChannel: ChannelAdapter<Assistant> = {
  name: 'console',
  label: '终端',
  limits: DEFAULT_LIMITS.console,
  enabled: () => false,
  start: async (env) => startConsoleChat(env),
};
