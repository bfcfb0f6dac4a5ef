import type { Logger } from 'pino';
import type { Answer } from '../answer/types.js';
import type { Contact, HandoffState, Ledger } from '../ledger/index.js';
import { classify, looksLikeQuestion, type Intent } from './intent.js';
import { Onboarding } from './onboarding.js';
import { RateLimiter } from './rate-limit.js';
import { Sessions, type Session } from './session.js';
import { SenderRegistry } from './senders.js';
import { StaffDesk, type Broadcast, type ChatRoute } from './staff.js';
import { Subscriptions } from './subscribe.js';
import { T } from './texts.js';
import type { IncomingMessage, Reply } from './types.js';

export interface AnswerSource {
  answer(message: string, history: Session['history'], opts?: { onToken?: (token: string) => void }): Promise<Answer>;
}

export interface AssistantDeps {
  answerer: AnswerSource;
  ledger: Ledger;
  /** Channels that can be written to outside a reply; adapters register themselves here. */
  senders?: SenderRegistry;
  /** "channel:senderId" identities allowed to use staff commands (config STAFF_IDS). */
  staffIds?: readonly string[];
  rateLimitPerMinute?: number;
  broadcast?: Broadcast;
  log?: Logger;
}

export interface HandleOptions {
  /** Streams the answer text as the answer layer produces it (web chat). */
  onToken?: (token: string) => void;
}

/** Longest message we try to answer; the answer layer itself reads only the first 2000 characters. */
export const MAX_MESSAGE_CHARS = 4000;

/** Replies to a message the ledger already held (a redelivery): computed, then not sent. */
const REDELIVERED = new WeakSet<Reply>();

const NON_TEXT: Record<string, string> = { sticker: '[表情]', image: '[图片]', voice: '[语音]', video: '[视频]', file: '[文件]', other: '[其他消息]' };

/**
 * The conversation engine: one incoming message in, the replies out. Knows no channel; every exchange is
 * recorded as a consultation keyed by channel + chat + message id, so a redelivered update is ignored.
 */
export class Assistant {
  readonly senders: SenderRegistry;
  readonly sessions = new Sessions();
  private readonly onboarding: Onboarding;
  private readonly subscriptions: Subscriptions;
  private readonly staff: StaffDesk;
  private readonly limiter: RateLimiter;
  private readonly staffIds: Set<string>;
  /** Open hand-off → where its user is, so a staff reply reaches the right chat (a group, say). */
  private readonly routes = new Map<number, ChatRoute>();
  /** Keys handled by this process recently: cheap first line against redelivery (the ledger is the second). */
  private readonly seen = new Set<string>();
  /** Per-chat promise chain: messages of one chat are handled in order, different chats in parallel. */
  private readonly chains = new Map<string, Promise<unknown>>();

  constructor(private readonly d: AssistantDeps) {
    this.senders = d.senders ?? new SenderRegistry();
    this.onboarding = new Onboarding(d.ledger);
    this.subscriptions = new Subscriptions(d.ledger);
    this.limiter = new RateLimiter(d.rateLimitPerMinute ?? 20);
    this.staffIds = new Set(d.staffIds ?? []);
    this.staff = new StaffDesk({
      ledger: d.ledger,
      senders: this.senders,
      broadcast: d.broadcast,
      routeOf: (id) => this.routes.get(id),
      release: (route) => {
        const s = this.sessions.peek(`${route.channel}:${route.chatId}`);
        if (s?.handoffId) this.routes.delete(s.handoffId);
        if (s) s.handoffId = undefined;
      },
    });
  }

  /**
   * Office console hand-off: send a staff member's reply to the user of a handed-off consultation
   * (claiming it), or close it. The same work as the chat commands /reply and /close; throws
   * HandoffError with a message for the staff member when it cannot be done.
   */
  async replyToHandoff(consultationId: number, text: string, staff: string, staffId?: number): Promise<void> {
    await this.staff.reply(consultationId, text, staff, staffId);
  }

  async closeHandoff(consultationId: number, staff: string, staffId?: number): Promise<void> {
    await this.staff.close(consultationId, staff, staffId);
  }

  isStaff(msg: Pick<IncomingMessage, 'channel' | 'senderId'>): boolean {
    return this.staffIds.has(`${msg.channel}:${msg.senderId}`);
  }

  /** Handle one message; never throws (a failure becomes an apology the user can read). */
  handle(msg: IncomingMessage, opts: HandleOptions = {}): Promise<Reply[]> {
    const chat = `${msg.channel}:${msg.chatId}`;
    const prev = this.chains.get(chat) ?? Promise.resolve();
    const run = prev.then(() => this.handleNow(msg, opts));
    const tail = run.catch(() => undefined);
    this.chains.set(chat, tail);
    void tail.then(() => {
      if (this.chains.get(chat) === tail) this.chains.delete(chat);
    });
    return run;
  }

  private async handleNow(msg: IncomingMessage, opts: HandleOptions): Promise<Reply[]> {
    if (msg.isGroup && !msg.mentioned) return [];
    const key = `${msg.channel}:${msg.chatId}:${msg.messageId}`;
    if (this.seen.has(key)) return [];
    this.remember(key);
    if (!this.limiter.allow(`${msg.channel}:${msg.senderId}`)) return [{ text: T.rateLimited, kind: 'info' }];
    try {
      const replies = await this.dispatch(msg, key, opts);
      // Redelivered to another process (this one had not seen it): the ledger already holds it, so the
      // user already had these replies. Checking here rather than before saves a query per message.
      return replies.some((r) => REDELIVERED.has(r)) ? [] : replies;
    } catch (err) {
      this.d.log?.error({ err, key }, 'assistant failed on a message');
      return [{ text: '抱歉，系统暂时出了点问题，请稍后再试。如情况紧急，请拨打 12333 人社服务热线。', kind: 'error' }];
    }
  }

  private remember(key: string): void {
    this.seen.add(key);
    if (this.seen.size > 100_000) this.seen.delete(this.seen.values().next().value!);
  }

  private async contactOf(msg: IncomingMessage, s: Session): Promise<Contact> {
    // A group chat's session is shared: the cached contact only counts when it is this sender's.
    if (s.contact && s.contact.channel === msg.channel && s.contact.externalId === msg.senderId) return s.contact;
    const contact = await this.d.ledger.contacts.upsert({
      channel: msg.channel, externalId: msg.senderId, ...(msg.senderName ? { displayName: msg.senderName.slice(0, 100) } : {}),
    });
    s.contact = contact;
    // A hand-off left open by an earlier process still holds: stay quiet until staff close it.
    const open = (await this.d.ledger.consultations.listHandoffs()).filter((c) => c.contactId === contact.id).at(-1);
    if (open) {
      s.handoffId = open.id;
      this.routes.set(open.id, { channel: msg.channel, chatId: msg.chatId });
    }
    return contact;
  }

  private async dispatch(msg: IncomingMessage, key: string, opts: HandleOptions): Promise<Reply[]> {
    const s = this.sessions.get(`${msg.channel}:${msg.chatId}`);
    if (msg.kind !== 'text' && msg.kind !== 'command' && msg.kind !== 'button') {
      const contact = await this.contactOf(msg, s);
      return this.record(msg, key, contact, NON_TEXT[msg.kind] ?? '[其他消息]', [{ text: T.nonText, kind: 'info' }]);
    }
    // A NUL byte cannot be stored in PostgreSQL text: it made the question go unrecorded.
    const text = (msg.text ?? '').replace(/\u0000/g, '').trim();
    if (msg.kind !== 'button' && !text) return [{ text: T.empty, kind: 'info' }];
    if (text.length > MAX_MESSAGE_CHARS) return [{ text: T.tooLong(MAX_MESSAGE_CHARS), kind: 'info' }];

    let intent: Intent = classify(msg.kind === 'button' ? undefined : text, msg.kind === 'button' ? (msg.data ?? '') : undefined);
    // On text channels "1", "2"… select among the choices the last prompt offered.
    if (intent.type === 'text' && /^\d{1,2}$/.test(text) && s.choices.length && !(s.onboarding?.step === 'headcount')) {
      const choice = s.choices[Number(text) - 1];
      if (choice) intent = { type: 'button', data: choice.data };
    }
    if (intent.type === 'staff') {
      if (!this.isStaff(msg)) return [{ text: T.notStaff, kind: 'info' }];
      return [await this.staff.handle(msg, intent.command)];
    }
    const contact = await this.contactOf(msg, s);
    const q = msg.kind === 'button' ? `[按钮] ${msg.data ?? ''}` : text;
    const rec = (replies: Reply[], extra: RecordExtra = {}) => this.record(msg, key, contact, q, replies, extra);

    if (s.handoffId !== undefined && !['start', 'help', 'feedback'].includes(intent.type)) {
      if (intent.type === 'human') return rec([{ text: T.handoffAlready, kind: 'handoff' }]);
      void this.notifyStaff(`【咨询 #${s.handoffId} 用户补充】${msg.senderName ?? ''}：${q}\n回复：/reply ${s.handoffId} 内容`);
      return rec([{ text: T.handoffWaiting, kind: 'handoff' }]);
    }

    switch (intent.type) {
      case 'start':
      case 'help':
        return rec([{ text: intent.type === 'start' ? T.welcome : T.help, kind: 'info' }]);
      case 'feedback': {
        // Only an answer given in this chat can be rated from it (button data is the client's to forge).
        if (intent.key && !intent.key.startsWith(`${msg.channel}:${msg.chatId}:`)) return [{ text: T.feedbackNothing, kind: 'info' }];
        const target = intent.key ?? s.lastAnswerKey;
        const ok = target ? await this.d.ledger.consultations.setFeedback({ idempotencyKey: target, feedback: intent.value }) : false;
        return [{ text: ok ? T.feedbackThanks[intent.value] : T.feedbackNothing, kind: 'info' }];
      }
      case 'register':
        if (contact.enterpriseId) return rec([{ text: '您已关联企业。如需登记另一家企业，请按提示填写。', kind: 'onboarding' }, this.onboarding.start(s)]);
        return rec([this.onboarding.start(s)]);
      case 'cancel':
        if (!s.onboarding) return rec([{ text: T.nothingToCancel, kind: 'info' }]);
        s.onboarding = undefined;
        s.choices = [];
        return rec([{ text: T.cancelled, kind: 'onboarding' }]);
      case 'subscribe': {
        const menu = await this.subscriptions.menu(contact);
        s.choices = menu.buttons?.flat() ?? [];
        return rec([menu]);
      }
      case 'unsubscribe':
        return rec([await this.subscriptions.removeAll(contact)]);
      case 'human':
        return this.startHandoff(msg, key, contact, s, q);
      case 'button': {
        if (intent.data.startsWith('sub:')) {
          const menu = await this.subscriptions.toggle(contact, intent.data.slice(4));
          s.choices = menu.buttons?.flat() ?? [];
          return rec([menu]);
        }
        if (intent.data.startsWith('ob:') && s.onboarding) return rec(await this.onboarding.step(s, s.contact ?? contact, intent.data));
        return rec([{ text: '这个按钮已过期，请重新操作。', kind: 'info' }]);
      }
      case 'text':
        if (s.onboarding && !looksLikeQuestion(text)) return rec(await this.onboarding.step(s, s.contact ?? contact, text));
        return this.answer(msg, key, contact, s, text, opts);
    }
  }

  private async answer(msg: IncomingMessage, key: string, contact: Contact, s: Session, text: string, opts: HandleOptions): Promise<Reply[]> {
    const started = performance.now();
    // Numbers typed after an answer are part of a question, not a choice from an older menu.
    if (!s.onboarding) s.choices = [];
    const answer = await this.d.answerer.answer(text, s.history, opts.onToken ? { onToken: opts.onToken } : {});
    this.sessions.remember(s, { question: text, answer });
    const needsPerson = answer.handoff.needed;
    const reply: Reply = {
      text: answer.text,
      citations: answer.citations,
      kind: 'answer',
      buttons: [[{ label: '👍 有用', data: `fb:h:${key}` }, { label: '👎 没用', data: `fb:u:${key}` }]],
    };
    const replies: Reply[] = [reply];
    if (needsPerson) replies.push({ text: T.handoffStarted, kind: 'handoff' });
    if (s.onboarding) replies.push({ ...this.onboarding.prompt(s), text: `（继续企业登记）${this.onboarding.prompt(s).text}` });
    await this.record(msg, key, contact, text, replies, {
      answer, latencyMs: Math.round(performance.now() - started), handoffState: needsPerson ? 'requested' : 'none',
      knowledgeGap: answer.unsure === true,
    });
    const id = reply.consultationId ? Number(reply.consultationId) : undefined;
    s.lastAnswerKey = key;
    if (needsPerson && id !== undefined) this.openHandoff(msg, s, id, contact, text, answer.handoff.reason);
    return replies;
  }

  private async startHandoff(msg: IncomingMessage, key: string, contact: Contact, s: Session, q: string): Promise<Reply[]> {
    const replies = await this.record(msg, key, contact, q, [{ text: T.handoffStarted, kind: 'handoff' }], { handoffState: 'requested' });
    const id = replies[0]!.consultationId ? Number(replies[0]!.consultationId) : undefined;
    if (id !== undefined) {
      const recent = s.history.at(-1)?.question;
      this.openHandoff(msg, s, id, contact, recent ?? q, '用户要求转人工');
    }
    return replies;
  }

  private openHandoff(msg: IncomingMessage, s: Session, id: number, contact: Contact, question: string, reason?: string): void {
    s.handoffId = id;
    this.routes.set(id, { channel: msg.channel, chatId: msg.chatId });
    void this.notifyStaff(
      `【转人工】咨询 #${id}\n渠道：${msg.channel}　用户：${msg.senderName ?? contact.displayName ?? msg.senderId}\n` +
        `原因：${reason ?? '需要人工'}\n问题：${question}\n回复：/reply ${id} 内容　结束：/close ${id}`,
    );
  }

  /** Tell every configured staff identity whose channel runs here; a failed send is logged, not fatal. */
  private async notifyStaff(text: string): Promise<void> {
    for (const id of this.staffIds) {
      const [channel, ...rest] = id.split(':');
      const chatId = rest.join(':');
      if (!this.senders.has(channel as never)) continue;
      await this.senders.send(channel as never, chatId, { text, kind: 'staff' }).catch((err) => this.d.log?.warn({ err, id }, 'staff notice failed'));
    }
  }

  private async record(msg: IncomingMessage, key: string, contact: Contact, question: string, replies: Reply[], extra: RecordExtra = {}): Promise<Reply[]> {
    const r = await this.d.ledger.consultations.record({
      idempotencyKey: key,
      channel: msg.channel,
      contactId: contact.id,
      enterpriseId: contact.enterpriseId,
      askedAt: msg.receivedAt,
      question: question.slice(0, 20_000),
      answer: replies.map((x) => x.text).join('\n\n').slice(0, 50_000),
      citations: (extra.answer?.citations ?? []).map((c) => ({ title: `《${c.law}》${c.label}`, article: c.label, law: c.law, n: c.article })),
      confidence: extra.answer ? Math.min(1, Math.max(0, extra.answer.confidence)) : null,
      latencyMs: extra.latencyMs ?? null,
      handoffState: extra.handoffState ?? 'none',
      knowledgeGap: extra.knowledgeGap ?? false,
    });
    // The stored id goes on the replies (feedback, hand-off); a spooled record has none yet.
    if (r.status === 'stored') {
      for (const x of replies) {
        x.consultationId = String(r.id);
        if (r.duplicate) REDELIVERED.add(x);
      }
    }
    return replies;
  }
}

interface RecordExtra {
  answer?: Answer;
  latencyMs?: number;
  handoffState?: HandoffState;
  /** The answer layer was not sure (Answer.unsure): the office sees it as a knowledge gap. */
  knowledgeGap?: boolean;
}
