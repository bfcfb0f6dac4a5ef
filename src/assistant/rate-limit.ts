/**
 * Per-contact sliding-window limit: at most `perMinute` messages in any 60 s. Kept in memory per process
 * (a contact's updates reach one process at a time: Telegram per-chat ordering, one WeChat login).
 */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();
  constructor(private readonly perMinute: number, private readonly now: () => number = Date.now) {}

  /** Count this message; false when the contact is over the limit. */
  allow(key: string): boolean {
    const t = this.now();
    const recent = (this.hits.get(key) ?? []).filter((x) => t - x < 60_000);
    if (recent.length >= this.perMinute) {
      this.hits.set(key, recent);
      return false;
    }
    recent.push(t);
    this.hits.set(key, recent);
    if (this.hits.size > 100_000) this.hits.delete(this.hits.keys().next().value!);
    return true;
  }
}
