import type { Logger } from 'pino';
import { z } from 'zod';
import { PERSON_ASKED } from '../answer/handoff.js';
import type { Answer } from '../answer/types.js';
import { CHANNELS, isUnavailableError, type Contact, type ConsultationKind, type HandoffState, type Ledger } from '../ledger/index.js';
import { classify, looksLikeQuestion, type Intent } from './intent.js';
import { DEFAULT_OFFICE_HOURS, OfficeHours } from './office-hours.js';
import { Onboarding } from './onboarding.js';
import { SharedRateLimit, type RateLimit } from './rate-limit.js';
import { rememberTurn, SessionStore, type Session } from './session.js';
import { SenderRegistry } from './senders.js';
import { StaffDesk, type Broadcast, type ChatRoute } from './staff.js';
import { ledgerStorage, type StorageAdapter } from './storage.js';
import { Subscriptions } from './subscribe.js';
import { T } from './texts.js';
import { showsButtons, type IncomingMessage, type Reply } from '../channels/index.js';

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
  /** When staff answer chats (config OFFICE_HOURS); default Mon–Fri 08:30–12:00, 14:30–17:30, Asia/Shanghai. */
  officeHours?: OfficeHours;
  /** The clock the office hours are read against (tests). */
  now?: () => Date;
  log?: Logger;
}

export interface HandleOptions {
  /** Streams the answer text as the answer layer produces it (web chat). */
  onToken?: (token: string) => void;
}

const APOLOGY = '抱歉，系统暂时出了点问题，请稍后再试。如情况紧急，请拨打 12333 人社服务热线。';

/** Longest message we try to answer; the answer layer itself reads only the first 2000 characters. */
export const MAX_MESSAGE_CHARS = 4000;

/**
 * Stand-ins for a sender whose contact row could not be written (database unreachable): the message is
 * still answered, and its consultation is spooled with the sender's identity in place of a contact id.
 */
const UNSAVED_CONTACTS = new WeakSet<Contact>();

/** Replies to a message the ledger already held (a redelivery): computed, then not sent. */
const REDELIVERED = new WeakSet<Reply>();

/** Data of the "转人工" button offered with an unsure answer ("hf:ask:" + the answer's key): pressing it asks for a person. */
export const OFFER_PERSON_DATA = 'hf:ask:';

/** An open hand-off as the user should hear about it. */
interface QueueState {
  id: number;
  state: HandoffState;
  /** Place among those waiting; unknown while the database cannot be asked. */
  position?: number;
}

/** Where an open hand-off's user is, kept while staff may still answer it. */
const routeSchema: z.ZodType<ChatRoute> = z.object({ channel: z.enum(CHANNELS), chatId: z.string() });
const ROUTE_TTL_MS = 30 * 86_400_000;

const NON_TEXT: Record<string, string> = { sticker: '[表情]', image: '[图片]', voice: '[语音]', video: '[视频]', file: '[文件]', other: '[其他消息]' };

/**
 * The conversation engine: one incoming message in, the replies out. Knows no channel; every exchange is
 * recorded as a consultation keyed by channel + chat + message id, so a redelivered update is ignored.
 *
 * It keeps nothing about a conversation in the process: the session (history, onboarding draft, offered
 * choices, recent message keys), hand-off routes and the rate limit are in the ledger, and a chat's
 * messages are handled one at a time under its lock, so any number of processes can share the chats.
 */
export class Assistant {
  readonly senders: SenderRegistry;
  private readonly sessions: SessionStore;
  private readonly onboarding: Onboarding;
  private readonly subscriptions: Subscriptions;
  private readonly staff: StaffDesk;
  private readonly limiter: RateLimit;
  private readonly staffIds: Set<string>;
  /** Open hand-off (consultation id) → where its user is, so a staff reply reaches the right chat (a group, say). */
  private readonly routes: StorageAdapter<ChatRoute>;
  private readonly hours: OfficeHours;
  private readonly now: () => Date;

  constructor(private readonly d: AssistantDeps) {
    this.hours = d.officeHours ?? OfficeHours.parse(DEFAULT_OFFICE_HOURS);
    this.now = d.now ?? (() => new Date());
    this.senders = d.senders ?? new SenderRegistry();
    this.onboarding = new Onboarding(d.ledger);
    this.subscriptions = new Subscriptions(d.ledger);
    this.sessions = new SessionStore(d.ledger.chatState, d.log);
    this.routes = ledgerStorage(d.ledger.chatState, 'handoff-route', routeSchema, { ttlMs: ROUTE_TTL_MS, ...(d.log ? { log: d.log } : {}) });
    this.limiter = new SharedRateLimit(d.ledger.rateLimits, d.rateLimitPerMinute ?? 20, 'contact', d.log);
    this.staffIds = new Set(d.staffIds ?? []);
    this.staff = new StaffDesk({
      ledger: d.ledger,
      senders: this.senders,
      broadcast: d.broadcast,
      routeOf: (id) => this.routes.read(String(id)),
      release: (id) => this.routes.delete(String(id)),
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

  /**
   * Handle one message; never throws (a failure becomes an apology the user can read). Messages of one
   * chat are handled in order, one at a time, in whichever process they arrive; different chats in parallel.
   */
  async handle(msg: IncomingMessage, opts: HandleOptions = {}): Promise<Reply[]> {
    if (msg.isGroup && !msg.mentioned) return [];
    const key = `${msg.channel}:${msg.chatId}:${msg.messageId}`;
    const chat = `${msg.channel}:${msg.chatId}`;
    try {
      return await this.d.ledger.chatLocks.run(chat, () => this.handleLocked(chat, key, msg, opts));
    } catch (err) {
      this.d.log?.error({ err, key }, 'assistant failed on a message');
      return [{ text: APOLOGY, kind: 'error' }];
    }
  }

  /** Under the chat's lock: the session is read here, changed by the message, and written back. */
  private async handleLocked(chat: string, key: string, msg: IncomingMessage, opts: HandleOptions): Promise<Reply[]> {
    const s = await this.sessions.load(chat);
    // Redelivered (Telegram retries a webhook, a browser resends): handled already, in this process or another.
    if (s.seen.includes(key)) return [];
    s.seen.push(key);
    try {
      if (!(await this.limiter.allow(`${msg.channel}:${msg.senderId}`))) return [{ text: T.rateLimited, kind: 'info' }];
      const replies = await this.dispatch(msg, key, s, opts);
      // Redelivered after its session was gone: the ledger already holds it, so the user already had
      // these replies. Checking here rather than before saves a query per message.
      return replies.some((r) => REDELIVERED.has(r)) ? [] : replies;
    } catch (err) {
      this.d.log?.error({ err, key }, 'assistant failed on a message');
      return [{ text: APOLOGY, kind: 'error' }];
    } finally {
      // Written once the message is handled: a process that dies half-way leaves the session as it was,
      // and the message's redelivery is handled afresh by another.
      await this.sessions.save(chat, s);
    }
  }

  private async contactOf(msg: IncomingMessage, s: Session): Promise<Contact> {
    // A group chat's session is shared: the cached contact only counts when it is this sender's.
    if (s.contact && s.contact.channel === msg.channel && s.contact.externalId === msg.senderId) {
      // Staff may approve a link to an enterprise in the console meanwhile: an unlinked contact is re-read.
      const fresh = s.contact.enterpriseId === null ? await this.d.ledger.contacts.get(s.contact.id).catch(() => undefined) : undefined;
      if (fresh) s.contact = fresh;
      return s.contact;
    }
    try {
      return await this.savedContactOf(msg, s);
    } catch (err) {
      if (!isUnavailableError(err)) throw err;
      // A new visitor while the database is away: answer anyway; the consultation goes to the spool with
      // the sender's identity, and the contact is created when it is replayed. Not cached in the session,
      // so the next message tries the database again. Anything that needs the contact row fails as before.
      this.d.log?.warn({ channel: msg.channel }, 'database unreachable: contact not saved, message recorded through the spool');
      const now = new Date();
      const unsaved: Contact = {
        id: 0, channel: msg.channel, externalId: msg.senderId, displayName: msg.senderName?.slice(0, 100) ?? '', phone: null,
        enterpriseId: null, role: 'other', createdAt: now, updatedAt: now,
      };
      UNSAVED_CONTACTS.add(unsaved);
      return unsaved;
    }
  }

  private async savedContactOf(msg: IncomingMessage, s: Session): Promise<Contact> {
    const contact = await this.d.ledger.contacts.upsert({
      channel: msg.channel, externalId: msg.senderId, ...(msg.senderName ? { displayName: msg.senderName.slice(0, 100) } : {}),
    });
    s.contact = contact;
    // A hand-off left open by an earlier process still holds (the user may leave it, see dispatch).
    const open = await this.d.ledger.consultations.openHandoffOf(contact.id);
    if (open) {
      s.handoffId = open.id;
      await this.routes.write(String(open.id), { channel: msg.channel, chatId: msg.chatId });
    }
    return contact;
  }

  private async dispatch(msg: IncomingMessage, key: string, s: Session, opts: HandleOptions): Promise<Reply[]> {
    if (msg.kind !== 'text' && msg.kind !== 'command' && msg.kind !== 'button') {
      const contact = await this.contactOf(msg, s);
      return this.record(msg, key, contact, NON_TEXT[msg.kind] ?? '[其他消息]', [{ text: T.nonText, kind: 'info' }], { kind: 'other' });
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
    const rec = (replies: Reply[], extra: RecordExtra) => this.record(msg, key, contact, q, replies, extra);

    // An open hand-off: the user may leave it, is told where they stand, and still gets answers.
    const queued = await this.queueState(s);
    const offerPressed = intent.type === 'button' && intent.data.startsWith(OFFER_PERSON_DATA) ? intent.data.slice(OFFER_PERSON_DATA.length) : undefined;
    const asksForPerson = intent.type === 'human' || offerPressed !== undefined;
    if (queued) {
      if (intent.type === 'leave' || (intent.type === 'cancel' && !s.onboarding)) return this.leaveQueue(queued, s, msg, contact, rec);
      if (asksForPerson) return rec([{ text: T.handoffAlready(this.placeText(queued)), kind: 'handoff' }], { kind: 'handoff' });
    } else if (asksForPerson) {
      // The offer names the answer it came with (only one given in this chat counts): staff see that question.
      const about = offerPressed?.startsWith(`${msg.channel}:${msg.chatId}:`) ? (await this.d.ledger.consultations.getByKey(offerPressed))?.question : undefined;
      return this.startHandoff(msg, key, contact, s, q, about);
    }

    switch (intent.type) {
      case 'start':
      case 'help':
        return rec([{ text: intent.type === 'start' ? T.welcome : T.help, kind: 'info' }], { kind: 'command' });
      case 'leave':
        return rec([{ text: T.nothingToLeave, kind: 'info' }], { kind: 'handoff' });
      case 'feedback': {
        // Only an answer given in this chat can be rated from it (button data is the client's to forge).
        if (intent.key && !intent.key.startsWith(`${msg.channel}:${msg.chatId}:`)) return [{ text: T.feedbackNothing, kind: 'info' }];
        const target = intent.key ?? s.lastAnswerKey;
        const ok = target ? await this.d.ledger.consultations.setFeedback({ idempotencyKey: target, feedback: intent.value }) : false;
        return [{ text: ok ? T.feedbackThanks[intent.value] : T.feedbackNothing, kind: 'info' }];
      }
      case 'register':
        if (contact.enterpriseId) return rec([{ text: '您已关联企业。如需登记另一家企业，请按提示填写。', kind: 'onboarding' }, this.onboarding.start(s)], { kind: 'onboarding' });
        return rec([this.onboarding.start(s)], { kind: 'onboarding' });
      case 'cancel':
        if (!s.onboarding) return rec([{ text: T.nothingToCancel, kind: 'info' }], { kind: 'command' });
        s.onboarding = undefined;
        s.choices = [];
        return rec([{ text: T.cancelled, kind: 'onboarding' }], { kind: 'onboarding' });
      case 'subscribe': {
        const menu = await this.subscriptions.menu(contact);
        s.choices = menu.buttons?.flat() ?? [];
        return rec([menu], { kind: 'command' });
      }
      case 'unsubscribe':
        return rec([await this.subscriptions.removeAll(contact)], { kind: 'command' });
      case 'human':
        return this.startHandoff(msg, key, contact, s, q);
      case 'button': {
        if (intent.data.startsWith('sub:')) {
          const menu = await this.subscriptions.toggle(contact, intent.data.slice(4));
          s.choices = menu.buttons?.flat() ?? [];
          return rec([menu], { kind: 'button' });
        }
        if (intent.data.startsWith('ob:') && s.onboarding) return rec(await this.onboarding.step(s, s.contact ?? contact, intent.data), { kind: 'onboarding' });
        return rec([{ text: '这个按钮已过期，请重新操作。', kind: 'info' }], { kind: 'button' });
      }
      case 'text':
        if (s.onboarding && !looksLikeQuestion(text)) return rec(await this.onboarding.step(s, s.contact ?? contact, text), { kind: 'onboarding' });
        return this.answer(msg, key, contact, s, text, opts, queued);
    }
  }

  /**
   * The chat's open hand-off as the ledger has it now (staff may have closed it from another process or
   * the console): forgotten here when it is no longer open.
   */
  private async queueState(s: Session): Promise<QueueState | undefined> {
    if (s.handoffId === undefined) return undefined;
    const id = s.handoffId;
    let where: { state: HandoffState; position?: number } | undefined;
    try {
      where = await this.d.ledger.consultations.handoffPosition(id);
    } catch (err) {
      // Database away: the hand-off stands as this process knows it (the message is spooled as before).
      if (!isUnavailableError(err)) throw err;
      return { id, state: 'requested' };
    }
    if (where && (where.state === 'requested' || where.state === 'claimed')) return { id, ...where };
    await this.routes.delete(String(id));
    s.handoffId = undefined;
    return undefined;
  }

  /** "您目前排在第 2 位。现在是非工作时间（…），工作人员将于明天（周五）8:30起回复您。" or "工作人员已接手…". */
  private placeText(q: Pick<QueueState, 'state' | 'position'>): string {
    if (q.state === 'claimed') return T.placeClaimed;
    const now = this.now();
    const hours = this.hours.isOpen(now) ? T.hoursOpen : T.hoursClosed(this.hours.describe(), this.hours.nextOpeningText(now));
    return T.placeWaiting(q.position, hours);
  }

  /** The user leaves the queue (取消, 结束人工, 不用了): withdrawn in the ledger, staff told, the bot answers again. */
  private async leaveQueue(q: QueueState, s: Session, msg: IncomingMessage, contact: Contact, rec: (r: Reply[], e: RecordExtra) => Promise<Reply[]>): Promise<Reply[]> {
    const withdrawn = await this.d.ledger.consultations.withdrawHandoff(q.id);
    await this.routes.delete(String(q.id));
    s.handoffId = undefined;
    if (withdrawn) {
      void this.notifyStaff(`【咨询 #${q.id}】用户已取消转人工，无需再回复。（${msg.senderName ?? contact.displayName ?? msg.senderId}）`);
      return rec([{ text: T.handoffLeft, kind: 'handoff' }], { kind: 'handoff' });
    }
    return rec([{ text: T.nothingToLeave, kind: 'info' }], { kind: 'handoff' });
  }

  private async answer(msg: IncomingMessage, key: string, contact: Contact, s: Session, text: string, opts: HandleOptions, queued?: QueueState): Promise<Reply[]> {
    const started = performance.now();
    // Numbers typed after an answer are part of a question, not a choice from an older menu.
    if (!s.onboarding) s.choices = [];
    const answer = await this.d.answerer.answer(text, s.history, opts.onToken ? { onToken: opts.onToken } : {});
    rememberTurn(s, { question: text, answer });
    // Out of scope for the answer layer ("谢谢", "还在吗", "H"): recorded, but not counted as a consultation.
    const kind: ConsultationKind = answer.source === 'none' && answer.unsure !== true ? 'other' : 'question';
    const latencyMs = Math.round(performance.now() - started);
    if (queued) {
      void this.notifyStaff(`【咨询 #${queued.id} 用户补充】${msg.senderName ?? ''}：${text}\n回复：/reply ${queued.id} 内容`);
      // While waiting for a person, small talk gets where they stand rather than "not in scope".
      if (kind === 'other') return this.record(msg, key, contact, text, [{ text: T.handoffWaiting(this.placeText(queued)), kind: 'handoff' }], { kind });
    }
    // The deterministic layer's hand-off (a sensitive matter, a person asked for in words) queues; an
    // answer that is merely unsure offers a person instead of locking the chat.
    // A sensitive matter (a threat to life, a mass incident, an injury) always reaches a person; only a request
    // for one read from an unsure or out-of-scope answer (e.g. a prompt injection naming 人工客服) becomes an offer.
    const settled = answer.unsure !== true && answer.source !== 'none';
    const needsPerson = answer.handoff.needed && !queued && (settled || answer.handoff.reason !== PERSON_ASKED);
    // Channels without buttons (WeChat, the terminal) get the offer of a person in words.
    const button = showsButtons(msg.channel);
    const offer = !needsPerson && !queued && (answer.unsure === true || answer.handoff.needed);
    let body = answer.text;
    if (offer && !/回复“人工”/.test(body)) body = `${body}\n\n${T.offerPerson(button)}`;
    const reply: Reply = {
      text: body,
      citations: answer.citations,
      kind: 'answer',
      buttons: [
        [{ label: '👍 有用', data: `fb:h:${key}` }, { label: '👎 没用', data: `fb:u:${key}` }],
        ...(offer && button ? [[{ label: T.offerButton, data: `${OFFER_PERSON_DATA}${key}` }]] : []),
      ],
    };
    const replies: Reply[] = [reply];
    if (queued) replies.push({ text: T.handoffFollowUp(this.placeText(queued)), kind: 'handoff' });
    if (needsPerson) replies.push({ text: T.handoffStarted(this.placeText({ state: 'requested', position: await this.waitingAfterMe() })), kind: 'handoff' });
    if (s.onboarding) replies.push({ ...this.onboarding.prompt(s), text: `（继续企业登记）${this.onboarding.prompt(s).text}` });
    await this.record(msg, key, contact, text, replies, {
      answer, latencyMs, handoffState: needsPerson ? 'requested' : 'none', knowledgeGap: answer.unsure === true, kind,
    });
    const id = reply.consultationId ? Number(reply.consultationId) : undefined;
    s.lastAnswerKey = key;
    if (needsPerson && id !== undefined) await this.openHandoff(msg, s, id, contact, text, answer.handoff.reason);
    return replies;
  }

  /** The place a hand-off asked for now takes: behind everyone waiting (unknown while the database is away). */
  private async waitingAfterMe(): Promise<number | undefined> {
    try {
      return (await this.d.ledger.consultations.waitingCount()) + 1;
    } catch (err) {
      if (!isUnavailableError(err)) throw err;
      return undefined;
    }
  }

  private async startHandoff(msg: IncomingMessage, key: string, contact: Contact, s: Session, q: string, about?: string): Promise<Reply[]> {
    const text = T.handoffStarted(this.placeText({ state: 'requested', position: await this.waitingAfterMe() }));
    const replies = await this.record(msg, key, contact, q, [{ text, kind: 'handoff' }], { handoffState: 'requested', kind: 'handoff' });
    const id = replies[0]!.consultationId ? Number(replies[0]!.consultationId) : undefined;
    if (id !== undefined) {
      const recent = about ?? s.history.at(-1)?.question;
      await this.openHandoff(msg, s, id, contact, recent ?? q, about ? '助手没有把握，用户点了“转人工”' : '用户要求转人工');
    }
    return replies;
  }

  private async openHandoff(msg: IncomingMessage, s: Session, id: number, contact: Contact, question: string, reason?: string): Promise<void> {
    s.handoffId = id;
    // Staff may answer from any process, the console included: the route is where they all can read it.
    await this.routes.write(String(id), { channel: msg.channel, chatId: msg.chatId }).catch((err) => {
      if (!isUnavailableError(err)) throw err;
      // Database away: a reply then goes to the contact's own chat (StaffDesk's fallback).
    });
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

  private async record(msg: IncomingMessage, key: string, contact: Contact, question: string, replies: Reply[], extra: RecordExtra): Promise<Reply[]> {
    const r = await this.d.ledger.consultations.record({
      idempotencyKey: key,
      channel: msg.channel,
      ...(UNSAVED_CONTACTS.has(contact)
        ? { contactId: null, contact: { channel: contact.channel, externalId: contact.externalId, ...(contact.displayName ? { displayName: contact.displayName } : {}) } }
        : { contactId: contact.id }),
      enterpriseId: contact.enterpriseId,
      askedAt: msg.receivedAt,
      question: question.slice(0, 20_000),
      answer: replies.map((x) => x.text).join('\n\n').slice(0, 50_000),
      citations: (extra.answer?.citations ?? []).map((c) => ({ title: `《${c.law}》${c.label}`, article: c.label, law: c.law, n: c.article })),
      confidence: extra.answer ? Math.min(1, Math.max(0, extra.answer.confidence)) : null,
      latencyMs: extra.latencyMs ?? null,
      handoffState: extra.handoffState ?? 'none',
      knowledgeGap: extra.knowledgeGap ?? false,
      kind: extra.kind,
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
  /** What the message was: only questions count as consultations in the office's figures. */
  kind: ConsultationKind;
  answer?: Answer;
  latencyMs?: number;
  handoffState?: HandoffState;
  /** The answer layer was not sure (Answer.unsure): the office sees it as a knowledge gap. */
  knowledgeGap?: boolean;
}
