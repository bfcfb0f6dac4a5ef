/** npm run chat: talk to the same engine in a terminal (channel "console"), recorded in the ledger like any chat. */
import { openAnswerer } from '../../src/answer/index.js';
import { Assistant } from '../../src/assistant/index.js';
import { installCliErrorHandlers } from '../../src/cli-fatal.js';
import { loadConfig } from '../../src/config.js';
import { openLedger } from '../../src/ledger/index.js';
import { createLogger } from '../../src/log.js';
import { startConsoleChat } from './channel.js';

installCliErrorHandlers();
const config = loadConfig();
const log = createLogger({ level: 'warn', name: 'chat' });
process.stdout.write('正在载入知识库和台账…\n');
const [{ answerer }, ledger] = await Promise.all([openAnswerer(config), openLedger(config, { log })]);
const assistant = new Assistant({ answerer, ledger, staffIds: config.STAFF_IDS, rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE, log });
const chat = startConsoleChat({ assistant });
assistant.senders.register(chat.sender);
try {
  await chat.closed;
} finally {
  await ledger.close();
}
