import { SharedRateLimit, type Assistant } from '../../src/assistant/index.js';
import { DEFAULT_LIMITS, type ChannelAdapter } from '../../src/channels/index.js';
import { webChatRoutes } from './chat-routes.js';
import { WebInbox } from './inbox.js';

/**
 * The web chat, always on in npm start. Its "send" writes a web_messages row (inbox.ts), so any process
 * on the database can send to a visitor, an outreach worker included.
 */
export const webChannel: ChannelAdapter<Assistant> = {
  name: 'web',
  label: '网页',
  limits: DEFAULT_LIMITS.web,
  enabled: () => true,

  async outreachSender({ ledger, log }) {
    return new WebInbox(ledger, log);
  },

  async start({ config, ledger, log, assistant, knowledge }) {
    // Messages for browsers are rows: any process sends them, the one holding the page's event stream pushes them.
    const inbox = new WebInbox(ledger, log);
    const routes = webChatRoutes({
      assistant, inbox, ledger, retriever: knowledge, trustProxy: config.TRUST_PROXY, log,
      addressLimit: new SharedRateLimit(ledger.rateLimits, config.RATE_LIMIT_PER_ADDRESS, 'address', log),
    });
    // Open event streams end at shutdown (the browsers reconnect to another process), so the server can close.
    return { sender: inbox, routes, stop: async () => inbox.close() };
  },
};
