import type { Ledger } from '../ledger/index.js';
import type { StaffCommand } from './intent.js';
import type { SenderRegistry } from './senders.js';
import { T } from './texts.js';
import type { ChannelName, IncomingMessage, Reply } from './types.js';

/**
 * Hook for outreach: queue a notice to enterprises' contacts. `where` is outreach's audience query
 * (`district=洛龙区;industry=C`, empty = everyone); `staff` is who asked (channel:id), for the audit.
 * The hook audits and throws an error with a Chinese message when it refuses.
 */
export type Broadcast = (noticeText: string, filter: { where: string; staff: string }) => Promise<{ queued: number }>;

export interface ChatRoute {
  channel: ChannelName;
  chatId: string;
}

export interface StaffDeps {
  ledger: Pick<Ledger, 'consultations' | 'contacts' | 'audit' | 'figures'>;
  senders: SenderRegistry;
  /** Where the user of a handed-off consultation is (falls back to the contact's own chat). */
  routeOf: (consultationId: number) => ChatRoute | undefined;
  /** Forget the open hand-off of that chat so the bot answers again. */
  release: (route: ChatRoute) => void;
  broadcast?: Broadcast;
}

const USAGE =
  '工作人员指令：\n/reply 咨询编号 内容 —— 回复转人工的用户（也可写“回复 12 内容”）\n/close 咨询编号 —— 结束人工服务\n' +
  '/broadcast [@区县 或 @industry=C;district=洛龙区] 通知内容 —— 群发通知\n/today —— 今日数据\n/handoffs —— 待处理的转人工';

/** Staff commands in chat; the engine has already checked that the sender is a configured staff identity. */
export class StaffDesk {
  constructor(private readonly d: StaffDeps) {}

  private async open(idText: string): Promise<{ id: number; route: ChatRoute } | string> {
    const id = Number(idText.replace(/^#/, ''));
    if (!Number.isInteger(id) || id <= 0) return `“${idText}”不是咨询编号，应为数字，如 /reply 12 您好…`;
    const c = await this.d.ledger.consultations.get(id);
    if (!c) return `没有编号为 ${id} 的咨询。`;
    if (c.handoffState !== 'requested' && c.handoffState !== 'claimed') return `咨询 ${id} 不在转人工状态（当前：${c.handoffState}）。`;
    let route = this.d.routeOf(id);
    if (!route && c.contactId) {
      const contact = await this.d.ledger.contacts.get(c.contactId);
      if (contact) route = { channel: contact.channel, chatId: contact.externalId };
    }
    return route ? { id, route } : `找不到咨询 ${id} 的用户会话。`;
  }

  async handle(msg: IncomingMessage, cmd: StaffCommand): Promise<Reply> {
    const who = `${msg.channel}:${msg.senderId}`;
    const say = (text: string): Reply => ({ text, kind: 'staff' });
    switch (cmd.name) {
      case 'usage':
        return say(USAGE);
      case 'reply': {
        const o = await this.open(cmd.target);
        if (typeof o === 'string') return say(o);
        try {
          await this.d.senders.send(o.route.channel, o.route.chatId, { text: T.staffReplied(cmd.text), kind: 'handoff' });
        } catch (err) {
          return say(`发送失败：${(err as Error).message}`);
        }
        await this.d.ledger.consultations.setHandoff({ id: o.id, state: 'claimed' });
        await this.d.ledger.audit.append({ action: 'handoff.reply', targetType: 'consultation', targetId: o.id, detail: { staff: who, text: cmd.text } });
        return say(`已发送给咨询 ${o.id} 的用户。处理完毕请发送 /close ${o.id}`);
      }
      case 'close': {
        const o = await this.open(cmd.target);
        if (typeof o === 'string') return say(o);
        await this.d.ledger.consultations.setHandoff({ id: o.id, state: 'resolved' });
        this.d.release(o.route);
        await this.d.ledger.audit.append({ action: 'handoff.close', targetType: 'consultation', targetId: o.id, detail: { staff: who } });
        await this.d.senders.send(o.route.channel, o.route.chatId, { text: T.handoffClosed, kind: 'handoff' }).catch(() => undefined);
        return say(`咨询 ${o.id} 的人工服务已结束。`);
      }
      case 'broadcast': {
        if (!this.d.broadcast) return say('群发功能尚未接入（通知外发模块未启用），本次没有发送。');
        try {
          const { queued } = await this.d.broadcast(cmd.text, { where: cmd.where ?? '', staff: who });
          return say(`已提交群发${cmd.where ? `（${cmd.where}）` : ''}，共 ${queued} 位联系人待发送。`);
        } catch (err) {
          return say(`群发未发送：${(err as Error).message}`);
        }
      }
      case 'today': {
        const f = await this.d.ledger.figures.today();
        return say(`今日（${f.day}）数据：\n咨询 ${f.consultations} 条\n待处理转人工 ${f.openHandoffs} 件\n新登记企业 ${f.newEnterprises} 家\n新联系人 ${f.newContacts} 位`);
      }
      case 'handoffs': {
        const list = await this.d.ledger.consultations.listHandoffs();
        if (!list.length) return say('目前没有待处理的转人工。');
        return say(`待处理的转人工（${list.length} 件）：\n${list.slice(0, 20).map((c) => `#${c.id} ${c.question.slice(0, 40)}`).join('\n')}`);
      }
    }
  }
}
