import type { Ledger } from '../ledger/index.js';
import { broadcast } from './broadcast.js';

/**
 * The chat staff command's broadcast (/broadcast, 群发), through outreach: policy check, audience, outbox
 * and audit in one transaction. The composition root hands it to the engine as its `broadcast` hook, so
 * neither src/assistant nor src/outreach imports the other. A chat notice has no front matter: its first
 * line (up to 30 characters) is the title.
 */
export function chatBroadcast(ledger: Ledger, knowledgeDir: string) {
  return async (text: string, { where, staff }: { where: string; staff: string }): Promise<{ queued: number }> => {
    const title = text.split('\n')[0]!.slice(0, 30);
    const r = await broadcast(ledger, knowledgeDir, { draft: { title, body: text, topic: null, policyIds: [] }, where, via: `chat:${staff}` });
    return { queued: r.queued };
  };
}
