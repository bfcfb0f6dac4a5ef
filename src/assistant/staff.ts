import type { Ledger } from '../ledger/index.js';
import type { StaffCommand } from './intent.js';
import type { SenderRegistry } from './senders.js';
import { T } from './texts.js';
import type { ChannelName, IncomingMessage, Reply } from '../channels/index.js';

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
  routeOf: (consultationId: number) => Promise<ChatRoute | undefined>;
  /**
   * The hand-off is over: forget its route. (The chat's session notices by itself, at its next message,
   * that its hand-off is no longer open.)
   */
  release: (consultationId: number) => Promise<void>;
  broadcast?: Broadcast;
}

const USAGE =
  '工作人员指令：\n/reply 咨询编号 内容 —— 回复转人工的用户（也可写“回复 12 内容”）\n/close 咨询编号 —— 结束人工服务\n' +
  '/broadcast [@区县 或 @industry=C;district=洛龙区] 通知内容 —— 群发通知\n/today —— 今日数据\n/handoffs —— 待处理的转人工';

/** A hand-off reply or close that cannot be done; the message is for the staff member. */
export class HandoffError extends Error {
  override name = 'HandoffError';
}

/** Staff commands in chat; the engine has already checked that the sender is a configured staff identity. */
export class StaffDesk {
  constructor(private readonly d: StaffDeps) {}

  private async open(idText: string | number): Promise<{ id: number; route: ChatRoute }> {
    const id = typeof idText === 'number' ? idText : Number(idText.replace(/^#/, ''));
    if (!Number.isInteger(id) || id <= 0) throw new HandoffError(`“${idText}”不是咨询编号，应为数字，如 /reply 12 您好…`);
    const c = await this.d.ledger.consultations.get(id);
    if (!c) throw new HandoffError(`没有编号为 ${id} 的咨询。`);
    if (c.handoffState === 'withdrawn') throw new HandoffError(`咨询 ${id} 的用户已取消转人工，无需回复。`);
    if (c.handoffState !== 'requested' && c.handoffState !== 'claimed') {
      throw new HandoffError(`咨询 ${id} 不在转人工状态（当前：${c.handoffState === 'resolved' ? '人工已办结' : '未转人工'}）。`);
    }
    let route = await this.d.routeOf(id);
    if (!route && c.contactId) {
      const contact = await this.d.ledger.contacts.get(c.contactId);
      if (contact) route = { channel: contact.channel, chatId: contact.externalId };
    }
    if (!route) throw new HandoffError(`找不到咨询 ${id} 的用户会话。`);
    return { id, route };
  }

  /**
   * Send a staff member's reply to the user of a handed-off consultation, mark it claimed and audit it.
   * Shared by the chat command /reply and the office console. `staff` is who (channel:id, office:username);
   * `staffId` the office account, when there is one. Throws HandoffError with a Chinese message.
   */
  async reply(target: string | number, text: string, staff: string, staffId?: number): Promise<number> {
    const o = await this.open(target);
    // Claimed first, in one conditional update: a hand-off the user withdrew meanwhile is not answered.
    const claimed = await this.d.ledger.consultations.setHandoff({ id: o.id, state: 'claimed', ...(staffId !== undefined ? { staffId } : {}) });
    if (!claimed) throw new HandoffError(`咨询 ${o.id} 的用户已取消转人工（或已办结），无需回复。`);
    try {
      await this.d.senders.send(o.route.channel, o.route.chatId, { text: T.staffReplied(text), kind: 'handoff' });
    } catch (err) {
      throw new HandoffError(`发送失败：${(err as Error).message}`);
    }
    await this.d.ledger.audit.append({ staffId: staffId ?? null, action: 'handoff.reply', targetType: 'consultation', targetId: o.id, detail: { staff, text } });
    return o.id;
  }

  /** End the hand-off: mark it resolved, let the bot answer that chat again, tell the user. Throws HandoffError. */
  async close(target: string | number, staff: string, staffId?: number): Promise<number> {
    const o = await this.open(target);
    if (!(await this.d.ledger.consultations.setHandoff({ id: o.id, state: 'resolved', ...(staffId !== undefined ? { staffId } : {}) }))) throw new HandoffError(`咨询 ${o.id} 的用户已取消转人工（或已办结），无需回复。`);
    await this.d.release(o.id);
    await this.d.ledger.audit.append({ staffId: staffId ?? null, action: 'handoff.close', targetType: 'consultation', targetId: o.id, detail: { staff } });
    await this.d.senders.send(o.route.channel, o.route.chatId, { text: T.handoffClosed, kind: 'handoff' }).catch(() => undefined);
    return o.id;
  }

  async handle(msg: IncomingMessage, cmd: StaffCommand): Promise<Reply> {
    const who = `${msg.channel}:${msg.senderId}`;
    const say = (text: string): Reply => ({ text, kind: 'staff' });
    switch (cmd.name) {
      case 'usage':
        return say(USAGE);
      case 'reply': {
        try {
          const id = await this.reply(cmd.target, cmd.text, who);
          return say(`已发送给咨询 ${id} 的用户。处理完毕请发送 /close ${id}`);
        } catch (err) {
          if (err instanceof HandoffError) return say(err.message);
          throw err;
        }
      }
      case 'close': {
        try {
          const id = await this.close(cmd.target, who);
          return say(`咨询 ${id} 的人工服务已结束。`);
        } catch (err) {
          if (err instanceof HandoffError) return say(err.message);
          throw err;
        }
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
