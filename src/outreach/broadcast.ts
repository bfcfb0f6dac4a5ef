import type { AudienceFilter, Ledger, Recipient } from '../ledger/index.js';
import { chinaDate } from '../clock.js';
import { parseAudience } from './audienceQuery.js';
import { OutreachError } from './errors.js';
import type { NoticeDraft } from './noticeFile.js';
import { linkPolicies } from './policies.js';
import { renderNotice, type LinkedPolicy } from './render.js';

/**
 * Broadcast a notice: check its policies are in force, resolve the audience, and (unless dry run)
 * write the notice and one outbox row per recipient in one transaction, with an audit entry. The
 * outbox workers do the sending. One function for the command line, the chat staff command and the
 * office console.
 */
export interface BroadcastRequest {
  draft: NoticeDraft;
  /** `industry=H;district=洛龙区` or an already parsed filter. */
  where: string | AudienceFilter;
  dryRun?: boolean;
  /** Staff member sending (for the audit log and notices.created_by). */
  staffId?: number | null;
  /** Where the request came from: 'cli', 'console', 'chat:telegram:123' … (audit detail). */
  via?: string;
  /** Today's date in China (injected in tests); policies are checked against it. */
  today?: string;
  sampleSize?: number;
}

export interface BroadcastResult {
  dryRun: boolean;
  count: number;
  sample: Recipient[];
  policies: LinkedPolicy[];
  noticeId: number | null;
  queued: number;
  /** The text recipients will see. */
  preview: string;
}

/** Longest text any of our channels takes in one message (Telegram: 4096). */
const MESSAGE_LIMIT = 4096;

export async function broadcast(ledger: Ledger, knowledgeDir: string, req: BroadcastRequest): Promise<BroadcastResult> {
  const today = req.today ?? chinaDate();
  const policies = linkPolicies(req.draft.policyIds, today, knowledgeDir);
  const filter: AudienceFilter = typeof req.where === 'string' ? parseAudience(req.where, ledger.lists) : { ...req.where };
  // Someone who muted this notice's topic does not get it, whatever the other filters say.
  if (req.draft.topic) filter.excludeMutedTopic = req.draft.topic;

  const preview = renderNotice({ title: req.draft.title, body: req.draft.body, policies }).text;
  if (preview.length > MESSAGE_LIMIT) {
    throw new OutreachError(`通知连同政策说明共 ${preview.length} 字，超过单条消息 ${MESSAGE_LIMIT} 字的上限，请精简正文或分成几条通知`);
  }
  const count = await ledger.audiences.count(filter, today);
  const sample = await ledger.audiences.list(filter, today, req.sampleSize ?? 5);
  const whereText = typeof req.where === 'string' ? req.where : JSON.stringify(req.where);
  const detail = { title: req.draft.title, topic: req.draft.topic, where: whereText, count, policies: policies.map((p) => p.id), via: req.via ?? null };

  if (req.dryRun) {
    await ledger.audit.append({ staffId: req.staffId ?? null, action: 'notice.broadcast_dry_run', targetType: 'notice', detail });
    return { dryRun: true, count, sample, policies, noticeId: null, queued: 0, preview };
  }
  if (count === 0) throw new OutreachError('没有符合条件的接收人，通知未发送。请放宽条件，或先用 --dry-run 查看人数');

  const recipients = await ledger.audiences.list(filter, today);
  const { noticeId, queued } = await ledger.transaction(async (tx) => {
    const notice = await tx.notices.create({
      title: req.draft.title, body: req.draft.body, topic: req.draft.topic, createdBy: req.staffId ?? null,
      kind: 'notice', policies: policies.map((p) => ({ ...p })),
    });
    const queued = await tx.outbox.enqueue({ noticeId: notice.id, recipients: recipients.map((r) => ({ contactId: r.contactId, channel: r.channel })) });
    await tx.audit.append({ staffId: req.staffId ?? null, action: 'notice.broadcast', targetType: 'notice', targetId: notice.id, detail: { ...detail, queued } });
    return { noticeId: notice.id, queued };
  });
  return { dryRun: false, count, sample, policies, noticeId, queued, preview };
}
