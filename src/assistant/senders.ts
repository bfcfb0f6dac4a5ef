import type { ChannelName, ChannelSender, Reply } from '../channels/index.js';

/** The channels that can be written to outside a reply (staff answers, hand-off notices, outreach). */
export class SenderRegistry {
  private readonly senders = new Map<ChannelName, ChannelSender>();

  register(sender: ChannelSender): void {
    this.senders.set(sender.channel, sender);
  }

  has(channel: ChannelName): boolean {
    return this.senders.has(channel);
  }

  /** Throws when the channel is not running in this process: the caller tells staff it was not delivered. */
  async send(channel: ChannelName, chatId: string, reply: Reply): Promise<void> {
    const s = this.senders.get(channel);
    if (!s) throw new Error(`渠道 ${channel} 未启用，无法发送`);
    await s.send(chatId, reply);
  }
}
