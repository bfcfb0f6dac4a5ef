import { TOPICS, type Contact, type Ledger } from '../ledger/index.js';
import type { Reply } from '../channels/index.js';


export class Subscriptions {
  constructor(private readonly ledger: Pick<Ledger, 'subscriptions'>) {}

  async menu(contact: Contact, note = ''): Promise<Reply> {
    const mine = new Set((await this.ledger.subscriptions.listForContact(contact.id)).filter((s) => !s.muted).map((s) => s.topic));
    const lines = Object.entries(TOPICS).map(([k, label], i) => `${i + 1}. ${mine.has(k) ? '✅' : '⬜'} ${label}`);
    return {
      text: `${note}通知订阅（点按钮或回复序号切换，回复“退订”取消全部）：\n${lines.join('\n')}`,
      buttons: Object.entries(TOPICS).map(([k], i) => [{ label: `${mine.has(k) ? '取消' : '订阅'} ${i + 1}`, data: `sub:${k}` }]),
      kind: 'info',
    };
  }

  async toggle(contact: Contact, topic: string): Promise<Reply> {
    // Own keys only: "sub:constructor" or "sub:__proto__" must not reach Object.prototype.
    if (!Object.hasOwn(TOPICS, topic)) return this.menu(contact);
    const mine = await this.ledger.subscriptions.listForContact(contact.id);
    const on = mine.some((s) => s.topic === topic && !s.muted);
    if (on) await this.ledger.subscriptions.remove(contact.id, topic);
    else await this.ledger.subscriptions.set({ contactId: contact.id, topic });
    return this.menu(contact, on ? `已取消订阅：${TOPICS[topic]}\n\n` : `已订阅：${TOPICS[topic]}\n\n`);
  }

  async removeAll(contact: Contact): Promise<Reply> {
    for (const topic of Object.keys(TOPICS)) await this.ledger.subscriptions.remove(contact.id, topic);
    return { text: '已取消全部通知订阅。需要时回复“订阅”重新选择。', kind: 'info' };
  }
}
