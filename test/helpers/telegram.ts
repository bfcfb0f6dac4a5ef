// The package's default export does not type-check under NodeNext ESM; its named class export does.
import { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';

export { TelegramServer };
export type TelegramServerT = TelegramServer;

/** Start telegram-test-api on a free random port (its apiURL needs a concrete port). */
export async function startTelegramServer(): Promise<TelegramServer> {
  for (let i = 0; i < 10; i++) {
    const port = 20_000 + Math.floor(Math.random() * 20_000);
    const server = new TelegramServer({ port, host: '127.0.0.1' });
    try {
      await server.start();
      return server;
    } catch {
      /* port taken: try another */
    }
  }
  throw new Error('no free port for telegram-test-api');
}
type Client = ReturnType<TelegramServerT['getClient']>;

export interface BotMessage {
  text: string;
  parse_mode?: string;
  reply_markup?: { inline_keyboard?: { text: string; callback_data: string }[][] };
}

/** A telegram-test-api user who collects what the bot sends to their chat and waits for a matching message. */
export class TgUser {
  readonly inbox: BotMessage[] = [];
  private read = 0;
  constructor(readonly client: Client) {}

  async say(text: string): Promise<void> {
    const m = text.startsWith('/') ? this.client.makeCommand(text) : this.client.makeMessage(text);
    await (text.startsWith('/') ? this.client.sendCommand(m as never) : this.client.sendMessage(m as never));
  }

  async tap(data: string): Promise<void> {
    await this.client.sendCallback(this.client.makeCallbackQuery(data) as never);
  }

  /** Wait for the next bot message (after those already consumed) matching `match`; returns it. */
  async expect(match: RegExp | ((m: BotMessage) => boolean), timeoutMs = 15_000): Promise<BotMessage> {
    const test = typeof match === 'function' ? match : (m: BotMessage) => match.test(m.text);
    const until = Date.now() + timeoutMs;
    for (;;) {
      // The emulator's client gives up after its own short timeout when the bot has said nothing yet.
      const res = await this.client.getUpdates().catch((err: Error) => {
        if (/did not get new updates/.test(err.message)) return { result: [] };
        throw err;
      });
      for (const u of res.result) this.inbox.push(u.message as unknown as BotMessage);
      for (let i = this.read; i < this.inbox.length; i++) {
        if (test(this.inbox[i]!)) {
          this.read = i + 1;
          return this.inbox[i]!;
        }
      }
      if (Date.now() > until) throw new Error(`no bot message matching ${String(match)}; got:\n${this.inbox.slice(this.read).map((m) => m.text.slice(0, 80)).join('\n')}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

export function buttons(m: BotMessage): { text: string; callback_data: string }[] {
  return m.reply_markup?.inline_keyboard?.flat() ?? [];
}
