/** npm run chat: talk to the same engine in a terminal (channel "console"), recorded in the ledger like any chat. */
import os from 'node:os';
import readline from 'node:readline/promises';
import { openAnswerer } from '../../src/answer/index.js';
import { Assistant } from '../../src/assistant/index.js';
import { installCliErrorHandlers } from '../../src/cli-fatal.js';
import { loadConfig } from '../../src/config.js';
import { openLedger } from '../../src/ledger/index.js';
import { createLogger } from '../../src/log.js';
import { toConsoleText } from './render.js';

installCliErrorHandlers();
const config = loadConfig();
const log = createLogger({ level: 'warn', name: 'chat' });
process.stdout.write('正在载入知识库和台账…\n');
const [{ answerer }, ledger] = await Promise.all([openAnswerer(config), openLedger(config, { log })]);
const assistant = new Assistant({ answerer, ledger, staffIds: config.STAFF_IDS, rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE, log });
const me = `local-${os.userInfo().username}`;
const print = (text: string) => process.stdout.write(`\n助手：${text}\n\n`);
assistant.senders.register({ channel: 'console', send: async (_chat, reply) => { print(toConsoleText(reply)); } });

const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
print('您好！我是“用工指导助手”。直接输入用工问题；“注册”登记企业，“人工”转工作人员，“退出”或 Ctrl+D 结束。');
let n = 0;
rl.setPrompt('您：');
rl.prompt();
try {
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
} finally {
  rl.close();
  await ledger.close();
}
