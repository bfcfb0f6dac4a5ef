import type { Logger } from 'pino';
import { z } from 'zod';
import type { Answer, Turn } from '../answer/types.js';
import { CHANNELS, CONTACT_ROLES, isUnavailableError, type ChatStateRepo, type Contact, type ContactRole } from '../ledger/index.js';
import { ledgerStorage, type StorageAdapter } from './storage.js';
import type { ReplyButton } from '../channels/index.js';

export interface OnboardingDraft {
  /** 'link': the code typed is an already registered enterprise's; waiting for a 绑定码 or "申请". */
  step: 'name' | 'uscc' | 'industry' | 'district' | 'headcount' | 'link';
  name?: string;
  uscc?: string;
  industry?: string;
  district?: string;
  linkEnterpriseId?: number;
  linkEnterpriseName?: string;
  /** Wrong, used or expired 绑定码 so far in this flow. */
  linkTries?: number;
}

/** What the engine remembers about one chat between messages. */
export interface Session {
  contact?: Contact;
  /** Last few exchanges, for follow-up questions. */
  history: Turn[];
  onboarding?: OnboardingDraft;
  /** Choices offered by the last onboarding/subscription reply: "1", "2"… select them on text channels. */
  choices: ReplyButton[];
  /** The consultation whose hand-off is open: the bot stays quiet until staff close it. */
  handoffId?: number;
  /** Idempotency key of the last answered question (text feedback "有用/没用" refers to it). */
  lastAnswerKey?: string;
  /** Keys of the chat's latest messages handled: a redelivery (to any process) is not handled again. */
  seen: string[];
}

export const HISTORY_TURNS = 4;
/** Message keys remembered per chat; redeliveries come soon after (the ledger's key is the second line). */
const SEEN_KEYS = 50;
/**
 * A chat unheard from for this long starts afresh (no follow-up context, no unfinished onboarding); the
 * contact and an open hand-off are read again from the ledger. It also bounds how long chat text stays here.
 */
const SESSION_TTL_MS = 24 * 3_600_000;
/** Of an answer's text the history keeps this much (the LLM prompt reads 400 characters of it). */
const ANSWER_TEXT_KEPT = 2_000;

// ---- the stored form, checked when read ----

const figure = z.object({ label: z.string(), value: z.number(), unit: z.string(), basis: z.string().optional() });

/**
 * What the answer layer reads of an earlier turn (follow-up.ts: the calculation waiting for a fact;
 * llm-answerer.ts: the answer's text). Citations, figures and signals are not kept: they are in the ledger.
 */
const storedAnswer = z
  .object({
    text: z.string(),
    // Not read by a later turn: a source the answer layer adds later must not make stored sessions unreadable.
    source: z.enum(['card', 'articles', 'calculator', 'llm', 'none']).catch('none'),
    confidence: z.number(),
    handoff: z.object({ needed: z.boolean(), reason: z.string().optional() }),
    unsure: z.boolean().optional(),
    clarify: z.string().optional(),
    calculation: z
      .object({
        kinds: z.array(z.string()),
        results: z.array(figure),
        message: z.string(),
        ask: z.object({ slot: z.string(), kind: z.string() }).optional(),
      })
      .optional(),
  })
  .transform((a): Answer => ({ ...a, citations: [], figures: [], risks: [] }));

const contactSchema = z.object({
  id: z.number().int(),
  channel: z.enum(CHANNELS),
  externalId: z.string(),
  displayName: z.string(),
  phone: z.string().nullable(),
  enterpriseId: z.number().int().nullable(),
  role: z.enum(Object.keys(CONTACT_ROLES) as [ContactRole, ...ContactRole[]]),
  createdAt: z.coerce.date(),
  updatedAt: z.coerce.date(),
});

const sessionSchema: z.ZodType<Session> = z.object({
  contact: contactSchema.optional(),
  history: z.array(z.object({ question: z.string(), answer: storedAnswer.optional() })).max(HISTORY_TURNS),
  onboarding: z
    .object({
      step: z.enum(['name', 'uscc', 'industry', 'district', 'headcount', 'link']),
      name: z.string().optional(),
      uscc: z.string().optional(),
      industry: z.string().optional(),
      district: z.string().optional(),
      linkEnterpriseId: z.number().int().optional(),
      linkEnterpriseName: z.string().optional(),
      linkTries: z.number().int().optional(),
    })
    .optional(),
  choices: z.array(z.object({ label: z.string(), data: z.string() })),
  handoffId: z.number().int().optional(),
  lastAnswerKey: z.string().optional(),
  seen: z.array(z.string()).max(SEEN_KEYS),
});

function freshSession(): Session {
  return { history: [], choices: [], seen: [] };
}

export function rememberTurn(s: Session, turn: Turn): void {
  s.history.push(turn);
  if (s.history.length > HISTORY_TURNS) s.history.splice(0, s.history.length - HISTORY_TURNS);
}

/** The session as stored: answers cut to what a later turn reads, JSON-safe (undefined fields dropped). */
function storedForm(s: Session): Session {
  const history = s.history.map((t): Turn => {
    if (!t.answer) return { question: t.question };
    const { text, source, confidence, handoff, unsure, clarify, calculation } = t.answer;
    return {
      question: t.question,
      answer: { text: text.slice(0, ANSWER_TEXT_KEPT), source, confidence, handoff, unsure, clarify, calculation, citations: [], figures: [], risks: [] },
    };
  });
  return { ...s, history, seen: s.seen.slice(-SEEN_KEYS) };
}

/**
 * Sessions of every chat, in the ledger (chat_state, scope 'session'), so that whichever process a
 * message reaches continues the same conversation. Callers hold the chat's lock (ChatLocks) from load
 * to save.
 *
 * While the database cannot be reached the engine still answers (consultations go to the spool): a
 * session is then kept in this process only, in `offline`, and read back from it until the database
 * answers again. That map is deliberately in memory: it is the one thing that still works during an
 * outage, and it is bounded.
 */
export class SessionStore {
  private readonly storage: StorageAdapter<Session>;
  private readonly offline = new Map<string, Session>();

  constructor(state: ChatStateRepo, private readonly log?: Logger) {
    this.storage = ledgerStorage(state, 'session', sessionSchema, { ttlMs: SESSION_TTL_MS, ...(log ? { log } : {}) });
  }

  async load(chat: string): Promise<Session> {
    // Kept here during an outage, so newer than anything stored; saved (and forgotten here) after this message.
    const kept = this.offline.get(chat);
    if (kept) return kept;
    try {
      return (await this.storage.read(chat)) ?? freshSession();
    } catch (err) {
      if (!isUnavailableError(err)) throw err;
      return freshSession();
    }
  }

  /** Never throws: a session that cannot be saved costs the next message its context, not its answer. */
  async save(chat: string, s: Session): Promise<void> {
    const stored = storedForm(s);
    try {
      await this.storage.write(chat, stored);
      this.offline.delete(chat);
    } catch (err) {
      if (isUnavailableError(err)) {
        this.offline.delete(chat);
        this.offline.set(chat, stored);
        if (this.offline.size > 10_000) this.offline.delete(this.offline.keys().next().value!);
      } else {
        this.log?.error({ err }, 'session not saved');
      }
    }
  }
}
