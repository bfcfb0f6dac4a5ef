import { checkUscc, LedgerValidationError, type Contact, type Ledger } from '../ledger/index.js';
import { EnterpriseLink, type LinkLedger } from './enterprise-link.js';
import type { OnboardingDraft, Session } from './session.js';
import type { Reply, ReplyButton } from '../channels/index.js';

/**
 * Registering or linking an enterprise, one field per message. Each step validates its input with the
 * ledger's own rules and lists, says exactly what is wrong, and asks again; "取消" leaves at any point.
 */
const STEPS = 5;
const CANCEL_HINT = '（回复“取消”可退出登记）';

function rows(buttons: ReplyButton[], perRow: number): ReplyButton[][] {
  const out: ReplyButton[][] = [];
  for (let i = 0; i < buttons.length; i += perRow) out.push(buttons.slice(i, i + perRow));
  return out;
}

export class Onboarding {
  private readonly link: EnterpriseLink;
  constructor(private readonly ledger: Pick<Ledger, 'lists' | 'enterprises' | 'contacts'> & LinkLedger) {
    this.link = new EnterpriseLink(ledger);
  }

  private industryButtons(): ReplyButton[] {
    return this.ledger.lists.industries.map((i) => ({ label: `${i.code} ${i.name}`, data: `ob:industry:${i.code}` }));
  }

  private districtButtons(): ReplyButton[] {
    return this.ledger.lists.districts.map((d) => ({ label: d.name, data: `ob:district:${d.name}` }));
  }

  /** The question for the current step (asked again after an invalid answer or an interrupting question). */
  prompt(session: Session): Reply {
    const d = session.onboarding!;
    if (d.step === 'link') return this.link.prompt(session);
    const n = { name: 1, uscc: 2, industry: 3, district: 4, headcount: 5 }[d.step];
    const head = `企业登记 第${n}步/共${STEPS}步：`;
    let reply: Reply;
    switch (d.step) {
      case 'name':
        reply = { text: `${head}请输入企业名称（与营业执照一致）。${CANCEL_HINT}` };
        break;
      case 'uscc':
        reply = { text: `${head}请输入18位统一社会信用代码（在营业执照上）。${CANCEL_HINT}` };
        break;
      case 'industry':
        reply = { text: `${head}请选择所属行业（国民经济行业门类），可点按钮、回复序号或门类字母。`, buttons: rows(this.industryButtons(), 2) };
        break;
      case 'district':
        reply = { text: `${head}请选择企业所在区县，可点按钮或回复序号、名称。`, buttons: rows(this.districtButtons(), 3) };
        break;
      case 'headcount':
        reply = { text: `${head}请输入目前的职工人数（整数，如 25）。` };
        break;
    }
    session.choices = reply.buttons?.flat() ?? [];
    return { ...reply, kind: 'onboarding' };
  }

  start(session: Session): Reply {
    session.onboarding = { step: 'name' };
    return this.prompt(session);
  }

  /** One answer to the current step: the next prompt, a correction request, or the finished registration. */
  async step(session: Session, contact: Contact, input: string): Promise<Reply[]> {
    const d = session.onboarding!;
    const v = input.trim();
    const again = (problem: string): Reply[] => [{ text: `${problem}\n请重新输入。${CANCEL_HINT}`, kind: 'onboarding' }];
    switch (d.step) {
      case 'name': {
        if (v.length < 2 || v.length > 100) return again('企业名称应为2–100个字。');
        d.name = v;
        d.step = 'uscc';
        break;
      }
      case 'uscc': {
        const r = checkUscc(v);
        if (!r.ok) return again(`统一社会信用代码有误：${r.message}`);
        // Already registered: the code is on the licence, so it alone links nothing (a 绑定码 or approval does).
        const existing = await this.ledger.enterprises.getByUscc(r.code);
        if (existing) return [this.link.offer(session, existing)];
        d.uscc = r.code;
        d.step = 'industry';
        break;
      }
      case 'industry': {
        const code = this.pick(v, 'industry') ?? this.matchIndustry(v);
        if (!code) return [{ ...this.prompt(session), text: `“${v}”不是有效的行业门类。\n${this.prompt(session).text}` }];
        d.industry = code;
        d.step = 'district';
        break;
      }
      case 'district': {
        const name = this.pick(v, 'district') ?? this.matchDistrict(v);
        if (!name) return [{ ...this.prompt(session), text: `“${v}”不在洛阳市区县名单中。\n${this.prompt(session).text}` }];
        d.district = name;
        d.step = 'headcount';
        break;
      }
      case 'headcount': {
        const m = /^(\d{1,7})\s*(?:人|名)?$/.exec(v);
        if (!m || Number(m[1]) > 1_000_000) return again('职工人数应为整数，如 25。');
        return this.finish(session, contact, d, Number(m[1]));
      }
      case 'link':
        return this.link.step(session, contact, v);
    }
    return [this.prompt(session)];
  }

  /** A choice given by button data, or by its number on text channels. */
  private pick(v: string, field: 'industry' | 'district'): string | undefined {
    const prefix = `ob:${field}:`;
    if (v.startsWith(prefix)) return v.slice(prefix.length);
    const n = /^\d{1,2}$/.test(v) ? Number(v) : NaN;
    const list = field === 'industry' ? this.industryButtons() : this.districtButtons();
    return n >= 1 && n <= list.length ? list[n - 1]!.data.slice(prefix.length) : undefined;
  }

  private matchIndustry(v: string): string | undefined {
    const s = v.replace(/[\uFF21-\uFF3A\uFF41-\uFF5A]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).toUpperCase();
    return this.ledger.lists.industries.find((i) => i.code === s || i.name === v || (v.length >= 2 && i.name.includes(v)))?.code;
  }

  private matchDistrict(v: string): string | undefined {
    return this.ledger.lists.districts.find((d) => d.name === v || (v.length >= 2 && d.name.startsWith(v)))?.name;
  }

  private async finish(session: Session, contact: Contact, d: OnboardingDraft, headcount: number): Promise<Reply[]> {
    try {
      const e = await this.ledger.enterprises.create({
        name: d.name!, uscc: d.uscc!, industry: d.industry!, district: d.district!, headcountCurrent: headcount,
      });
      session.contact = await this.ledger.contacts.link({ contactId: contact.id, enterpriseId: e.id, role: contact.role === 'other' ? 'hr' : contact.role });
      session.onboarding = undefined;
      session.choices = [];
      return [{
        text: `登记完成！\n企业：${e.name}\n统一社会信用代码：${e.uscc}\n区县：${e.district}\n职工人数：${headcount}\n\n回复“订阅”可选择要接收的政策通知；有用工问题随时直接提问。`,
        kind: 'onboarding',
      }];
    } catch (err) {
      if (!(err instanceof LedgerValidationError)) throw err;
      // Someone registered the same code meanwhile, or a list changed: say what, start that field again.
      const field = err.issues[0]?.field;
      d.step = field === 'uscc' ? 'uscc' : field === 'industry' ? 'industry' : field === 'district' ? 'district' : 'name';
      return [{ text: `${err.message}\n请重新填写。`, kind: 'onboarding' }, this.prompt(session)];
    }
  }
}
