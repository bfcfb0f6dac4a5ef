import { BIND_CODE_DAYS, normalizeBindCode, type Contact, type ContactRole, type Enterprise, type Ledger } from '../ledger/index.js';
import type { Session } from './session.js';
import type { Reply } from '../channels/index.js';

/**
 * Linking a chat contact to an enterprise that is already registered. Its 统一社会信用代码 is on every
 * licence, so typing it proves nothing: the contact is linked (and so gets the enterprise's notices
 * and reminders) only with a 绑定码 the office issued, or once staff approve a request in the console.
 */
export type LinkLedger = Pick<Ledger, 'bindCodes' | 'linkRequests' | 'transaction'>;

/** Wrong, used or expired codes before this flow gives up (the rate limit bounds it further). */
const MAX_TRIES = 5;
const REQUEST_DATA = 'ob:link:request';
const REQUEST_WORDS = /^(?:申请|申请审核|申请关联|人工审核|申请人工审核|申请工作人员审核)[。！!]?$/;
const CANCEL_HINT = '（回复“取消”可退出登记）';

const T = {
  registered: (uscc: string, name: string) =>
    `统一社会信用代码 ${uscc} 对应的“${name}”已在本系统登记。为保护企业信息，关联已登记的企业需要人社局确认，请任选一种方式：\n` +
    '· 输入人社局工作人员提供的绑定码（10位，如 ABCDE-23456），可向联系贵企业的工作人员索取；\n' +
    '· 回复“申请”，由工作人员在工作台审核，审核通过后即完成关联。\n' +
    `关联完成前，您不会收到这家企业的通知和提醒。${CANCEL_HINT}`,
  prompt: (name: string) => `关联“${name}”：请输入人社局工作人员提供的绑定码；没有绑定码的，请回复“申请”，由工作人员审核。${CANCEL_HINT}`,
  wrong: '绑定码不正确，请核对后重新输入（不区分大小写）；没有绑定码的，请回复“申请”，由工作人员审核。',
  used: '这个绑定码已经使用过了，每个绑定码只能使用一次。请向人社局工作人员索取新的绑定码，或回复“申请”，由工作人员审核。',
  expired: `这个绑定码已过期（绑定码生成后${BIND_CODE_DAYS}天内有效）。请向人社局工作人员索取新的绑定码，或回复“申请”，由工作人员审核。`,
  tooMany: '绑定码多次输入有误，已退出本次登记。请向人社局工作人员核实绑定码后，重新发送“注册”；也可以发送“注册”后选择申请由工作人员审核。',
  linked: (name: string) =>
    `绑定成功！已为您关联到“${name}”。之后的政策通知和风险提醒会按该企业情况发送给您。回复“订阅”可选择要接收的通知；有用工问题随时直接提问。`,
  requested: (name: string) =>
    `已提交关联“${name}”的申请，人社局工作人员审核通过后即完成关联。审核通过前，您不会收到这家企业的通知和提醒。有用工问题可以随时直接提问。`,
  requestsFull: (name: string) => `“${name}”待审核的关联申请已经很多，暂时不能再提交。请直接联系人社局工作人员索取绑定码，之后发送“注册”输入绑定码即可关联。`,
  alreadyRequested: (name: string) => `您关联“${name}”的申请已经提交，正在等待工作人员审核，请耐心等候；也可以向工作人员索取绑定码，发送“注册”后输入。`,
};

function roleOf(contact: Contact): ContactRole {
  return contact.role === 'other' ? 'hr' : contact.role;
}

export class EnterpriseLink {
  constructor(private readonly ledger: LinkLedger) {}

  private ask(session: Session, text: string): Reply {
    const buttons = [[{ label: '申请工作人员审核', data: REQUEST_DATA }]];
    session.choices = buttons.flat();
    return { text, buttons, kind: 'onboarding' };
  }

  /** The code typed in 注册 is a registered enterprise's: explain, and wait for a 绑定码 or "申请". */
  offer(session: Session, enterprise: Pick<Enterprise, 'id' | 'name' | 'uscc'>): Reply {
    session.onboarding = { step: 'link', name: session.onboarding?.name, uscc: enterprise.uscc, linkEnterpriseId: enterprise.id, linkEnterpriseName: enterprise.name, linkTries: 0 };
    return this.ask(session, T.registered(enterprise.uscc, enterprise.name));
  }

  prompt(session: Session): Reply {
    return this.ask(session, T.prompt(session.onboarding!.linkEnterpriseName ?? ''));
  }

  private done(session: Session): void {
    session.onboarding = undefined;
    session.choices = [];
  }

  /** One answer in the link step: "申请" (or its button), a 绑定码, or something else (asked again). */
  async step(session: Session, contact: Contact, input: string): Promise<Reply[]> {
    const d = session.onboarding!;
    const enterpriseId = d.linkEnterpriseId!;
    const name = d.linkEnterpriseName ?? '';
    if (input === REQUEST_DATA || REQUEST_WORDS.test(input)) {
      const r = await this.ledger.linkRequests.request({ contactId: contact.id, enterpriseId, role: roleOf(contact) });
      this.done(session);
      return [{ text: 'full' in r ? T.requestsFull(name) : r.created ? T.requested(name) : T.alreadyRequested(name), kind: 'onboarding' }];
    }
    if (!normalizeBindCode(input)) return [this.prompt(session)];
    // The code is used and the contact linked in one statement; who linked how goes to the audit log.
    const result = await this.ledger.transaction(async (tx) => {
      const r = await tx.bindCodes.redeem({ code: input, enterpriseId, contactId: contact.id, role: roleOf(contact) });
      if (r.ok) {
        await tx.audit.append({ staffId: null, action: 'enterprise.link_code', targetType: 'enterprise', targetId: enterpriseId, detail: { contactId: contact.id, codeId: r.codeId } });
      }
      return r;
    });
    if (result.ok) {
      session.contact = result.contact;
      this.done(session);
      return [{ text: T.linked(name), kind: 'onboarding' }];
    }
    d.linkTries = (d.linkTries ?? 0) + 1;
    if (d.linkTries >= MAX_TRIES) {
      this.done(session);
      return [{ text: T.tooMany, kind: 'onboarding' }];
    }
    return [this.ask(session, `${T[result.reason]}${CANCEL_HINT}`)];
  }
}
