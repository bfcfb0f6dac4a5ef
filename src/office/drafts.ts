import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { auditRepo } from '../ledger/audit.js';
import { guideDraftsRepo, type GuideDraft } from '../ledger/guideDrafts.js';
import type { Staff } from '../ledger/index.js';
import type { Office } from './context.js';
import { CardError, cardFileFor, cardFileWith, checkCites, citeText } from './knowledge/cards.js';
import { writeAndRebuild } from './knowledge/save.js';

/** The topic a draft card gets when the reviewer names none (the admin can change it before approving). */
export const DEFAULT_DRAFT_TOPIC = '工作人员更正';

export type ApprovalStart = { ok: true; file: string } | { ok: false; status: 400 | 404 | 409; error: string };

/**
 * Approve a draft: check it, write the card into knowledge/guides/reviewed/<topic>.yaml and rebuild
 * the index in the background through the same job as document uploads (answers keep the old index
 * until the new one is swapped in). The draft is marked approved, and audited, only once the new index
 * is live; a failed rebuild puts the file back and leaves the draft waiting.
 */
export function startApproval(office: Office, draft: GuideDraft, staff: Staff): ApprovalStart {
  const deps = office.knowledge;
  if (!deps) return { ok: false, status: 404, error: '本实例未配置知识库更新，不能批准入库。' };
  if (draft.status !== 'draft') return { ok: false, status: 409, error: '这份草稿已经处理过了。' };
  if (!draft.cites.length) return { ok: false, status: 400, error: '请至少填写一条引用条文：指导卡片必须注明依据。' };
  const problems = checkCites(deps.knowledgeDir, draft.cites);
  if (problems.length) return { ok: false, status: 400, error: `引用条文有误：${problems.join('；')}` };
  const running = office.knowledgeJob.state.running;
  if (running) return { ok: false, status: 409, error: `知识库正在更新（${running.title}），请稍后再批准。` };

  const rel = cardFileFor(draft.topic);
  // Read and build synchronously right before the job starts: no other change can slip in between.
  const full = path.join(deps.knowledgeDir, rel);
  let built: { text: string; cardId: string };
  try {
    built = cardFileWith(existsSync(full) ? readFileSync(full, 'utf8') : undefined, draft, rel);
  } catch (err) {
    if (err instanceof CardError) return { ok: false, status: 400, error: err.message };
    throw err;
  }
  const started = office.knowledgeJob.run(
    `指导卡片：${draft.title}`,
    rel,
    () => writeAndRebuild(deps, rel, built.text),
    async (r) => {
      if (!r.ok) {
        office.log?.error({ err: r.error, draftId: draft.id }, 'guide card approval: rebuild failed; file restored');
        await office.ledger.audit.append({
          staffId: staff.id, action: 'guide_draft.approve_failed', targetType: 'guide_draft', targetId: draft.id, detail: { file: rel, error: r.error.message },
        });
        return;
      }
      await office.ledger.db.transaction(async (db) => {
        const marked = await guideDraftsRepo(db).markApproved(draft.id, { cardId: built.cardId, cardFile: rel, staffId: staff.id });
        if (!marked) office.log?.warn({ draftId: draft.id }, 'guide card written, but the draft had been decided meanwhile');
        await auditRepo(db).append({
          staffId: staff.id, action: 'guide_draft.approve', targetType: 'guide_draft', targetId: draft.id,
          detail: { cardId: built.cardId, file: rel, topic: draft.topic, cites: draft.cites.map(citeText), indexArticles: r.articles },
        });
      });
    },
    {
      ok: (r) => `卡片已写入知识库（knowledge/${rel}），索引已更新，共 ${r.articles} 条`,
      failed: (err) => `索引重建失败，卡片已撤回：${err.message}`,
    },
  );
  if (!started) return { ok: false, status: 409, error: '知识库正在更新，请稍后再批准。' };
  return { ok: true, file: rel };
}
