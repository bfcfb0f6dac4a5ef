import type { Ledger } from '../ledger/index.js';
import { broadcast } from '../outreach/broadcast.js';
import type { Broadcast } from './staff.js';

/**
 * The chat staff command's broadcast, through outreach (policy check, audience, outbox, audit in one
 * transaction). A chat notice has no front matter: its first line (up to 30 characters) is the title.
 */
export function outreachBroadcast(ledger: Ledger, knowledgeDir: string): Broadcast {
  return async (text, { where, staff }) => {
    const title = text.split('\n')[0]!.slice(0, 30);
    const r = await broadcast(ledger, knowledgeDir, { draft: { title, body: text, topic: null, policyIds: [] }, where, via: `chat:${staff}` });
    return { queued: r.queued };
  };
}
