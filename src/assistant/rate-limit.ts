import type { Logger } from 'pino';
import { isUnavailableError, type RateLimitsRepo } from '../ledger/index.js';

/** At most a number of messages per key in any 60 s. */
export interface RateLimit {
  /** Count this message; false when the key is over its limit. */
  allow(key: string): Promise<boolean>;
}

/**
 * The limit counted in the ledger (rate_limits, migration 009), so it holds however many processes a
 * contact's messages are spread over (a round-robin balancer alternates them). One statement per message.
 * While the database cannot be reached every message is let through: answers keep coming from the
 * spool-backed engine then, and a limit that cannot be counted is better lifted than enforced on everyone.
 */
export class SharedRateLimit implements RateLimit {
  constructor(
    private readonly store: RateLimitsRepo,
    private readonly perMinute: number,
    /** Keeps kinds of keys apart ("contact", "address"). */
    private readonly scope: string,
    private readonly log?: Logger,
  ) {}

  async allow(key: string): Promise<boolean> {
    try {
      return await this.store.take(`${this.scope}:${key}`, this.perMinute, 60_000);
    } catch (err) {
      if (!isUnavailableError(err)) throw err;
      this.log?.warn({ scope: this.scope }, 'rate limit not counted: database unreachable');
      return true;
    }
  }
}
