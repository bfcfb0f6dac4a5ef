import type { mock } from 'wechaty-puppet-mock';

type Party = ReturnType<mock.Mocker['createContact']>;
type Conversation = Party | ReturnType<mock.Mocker['createRoom']>;

/** A wechaty-puppet-mock contact who collects what the bot says to one conversation (their chat or a room). */
export class WxUser {
  readonly inbox: string[] = [];
  private read = 0;

  constructor(readonly contact: Party, private readonly bot: Party, private readonly where: Conversation = bot) {
    // Mock contacts and rooms see every message of their conversations, their own included: keep the bot's.
    const listen = where === bot ? contact : where;
    (listen as unknown as { on(e: 'message', f: (m: never) => void): void }).on('message', (m: { talker(): { id: string }; text(): string | undefined; listener(): { id: string } | undefined }) => {
      if (m.talker().id !== bot.id) return;
      if (where === bot && m.listener()?.id !== contact.id) return;
      this.inbox.push(m.text() ?? '');
    });
  }

  say(text: string, mentionBot = false): void {
    this.contact.say(text, mentionBot ? [this.bot] : []).to(this.where === this.bot ? this.bot : this.where);
  }

  async expect(match: RegExp, timeoutMs = 15_000): Promise<string> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      for (let i = this.read; i < this.inbox.length; i++) {
        if (match.test(this.inbox[i]!)) {
          this.read = i + 1;
          return this.inbox[i]!;
        }
      }
      if (Date.now() > until) throw new Error(`no WeChat message matching ${String(match)}; got:\n${this.inbox.slice(this.read).map((t) => t.slice(0, 80)).join('\n')}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Messages received after the last expected one. */
  unread(): string[] {
    return this.inbox.slice(this.read);
  }
}
