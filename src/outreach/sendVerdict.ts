/**
 * What a failed send means for the outbox row. Channel senders (bots/*) throw errors carrying
 * `permanent`, `retryAfterMs` or `inDoubt`; this reads them by shape so outreach never imports a
 * channel adapter (dependencies point from bots to src, not back).
 */
export type SendVerdict =
  | { kind: 'permanent'; message: string }
  | { kind: 'rateLimited'; retryAfterMs: number; message: string }
  | { kind: 'transient'; message: string }
  | { kind: 'inDoubt'; message: string };

export function sendVerdict(err: unknown): SendVerdict {
  const e = (err && typeof err === 'object' ? err : {}) as { permanent?: unknown; retryAfterMs?: unknown; inDoubt?: unknown; message?: unknown };
  const message = typeof e.message === 'string' ? e.message : String(err);
  if (typeof e.retryAfterMs === 'number' && e.retryAfterMs >= 0) return { kind: 'rateLimited', retryAfterMs: e.retryAfterMs, message };
  if (e.permanent === true) return { kind: 'permanent', message };
  if (e.inDoubt === true) return { kind: 'inDoubt', message };
  // A sender that says nothing: we cannot know whether the message left, so treat it as in doubt
  // rather than risk sending it twice.
  if (e.inDoubt === undefined && e.permanent === undefined) return { kind: 'inDoubt', message };
  return { kind: 'transient', message };
}
