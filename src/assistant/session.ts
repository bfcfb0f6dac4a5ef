import type { Turn } from '../answer/types.js';
import type { Contact } from '../ledger/index.js';
import type { ReplyButton } from './types.js';

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
  lastSeen: number;
}

export const HISTORY_TURNS = 4;

/**
 * In-process, bounded session store (least recently used chats are dropped). What must survive a
 * restart lives in the ledger (contact, enterprise, consultations and their hand-off state); a lost
 * session only costs the follow-up context and an unfinished onboarding.
 */
export class Sessions {
  private readonly map = new Map<string, Session>();
  constructor(private readonly max = 50_000) {}

  get(key: string): Session {
    let s = this.map.get(key);
    if (s) this.map.delete(key);
    else s = { history: [], choices: [], lastSeen: 0 };
    s.lastSeen = Date.now();
    this.map.set(key, s);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value!);
    return s;
  }

  peek(key: string): Session | undefined {
    return this.map.get(key);
  }

  remember(s: Session, turn: Turn): void {
    s.history.push(turn);
    if (s.history.length > HISTORY_TURNS) s.history.splice(0, s.history.length - HISTORY_TURNS);
  }
}
