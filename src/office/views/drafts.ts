import { html } from 'hono/html';
import type { GuideDraft, GuideDraftStatus } from '../../ledger/guideDrafts.js';
import type { Office } from '../context.js';
import type { KnowledgeJobState } from '../knowledge/job.js';
import { citeText } from '../knowledge/cards.js';
import { hasRole } from '../roles.js';
import { csrfField, formatTime, page, type Html, type Viewer } from './layout.js';

export const DRAFT_STATUS_LABELS: Record<GuideDraftStatus, string> = { draft: '待批准', approved: '已入库', rejected: '已退回' };

function statusTag(s: GuideDraftStatus): Html {
  return html`<span class="tag ${s === 'approved' ? 'good' : s === 'rejected' ? 'bad' : ''}">${DRAFT_STATUS_LABELS[s]}</span>`;
}

function jobLine(job: KnowledgeJobState): Html {
  if (job.running) return html`<p class="card" id="index-status"><span class="tag">更新中</span> ${job.running.title}（knowledge/${job.running.file}），开始于 ${formatTime(job.running.startedAt)}；重建完成前答复继续使用原索引。刷新页面查看进度。</p>`;
  if (job.last) return html`<p class="card" id="index-status"><span class="tag ${job.last.ok ? 'good' : 'bad'}">${job.last.ok ? '完成' : '失败'}</span> ${formatTime(job.last.at)} ${job.last.title}：${job.last.message}</p>`;
  return html``;
}

/** Drafts are made from a review's correction (review_id set) or written up from a knowledge gap (none). */
const fromGap = (d: GuideDraft): boolean => d.reviewId === null && d.consultationId !== null;

export function draftListPage(
  office: Office, v: Viewer, status: GuideDraftStatus, drafts: GuideDraft[], counts: Record<GuideDraftStatus, number>, job: KnowledgeJobState,
): Html {
  const tabs = (Object.keys(DRAFT_STATUS_LABELS) as GuideDraftStatus[]).map(
    (s) => html`<a href="${office.base}/guide-drafts?status=${s}"${s === status ? html` class="active" aria-current="page"` : ''}>${DRAFT_STATUS_LABELS[s]}（${counts[s]}）</a>`,
  );
  const rows = drafts.map(
    (d) => html`<tr data-id="${d.id}">
  <td>${formatTime(d.createdAt)}</td>
  <td><a href="${office.base}/guide-drafts/${d.id}">${d.title}</a></td>
  <td>${d.topic}</td>
  <td>${d.cites.map(citeText).join('、') || html`<span class="tag bad">未注明条文</span>`}</td>
  <td>${d.createdByName ?? ''}</td>
  <td>${d.consultationId ? html`<a href="${office.base}/consultations/${d.consultationId}">#${d.consultationId}</a>` : ''}</td>
  <td>${statusTag(d.status)}</td>
</tr>`,
  );
  return page(
    office, v, 'drafts', '指导卡片草稿',
    html`<p class="muted">审核答复时标为“答复有误”并填写更正后，系统按用户的问题和更正后的答复生成草稿；在“知识缺口”中把助手没有把握的问题写成卡片，也生成草稿；管理员修改后批准，卡片写入知识库（knowledge/guides/reviewed/），索引重建后助手即按更正后的内容答复。</p>
${jobLine(job)}
<nav class="tabs">${tabs}</nav>
<table id="drafts">
<thead><tr><th>生成时间</th><th>标题</th><th>主题</th><th>引用条文</th><th>更正人</th><th>来源咨询</th><th>状态</th></tr></thead>
<tbody>${rows.length ? rows : html`<tr><td colspan="7" class="muted">没有${DRAFT_STATUS_LABELS[status]}的草稿</td></tr>`}</tbody>
</table>`,
  );
}

/** The form's own values after a failed save, so the admin does not lose what was typed. */
export interface DraftFormValues {
  topic: string;
  title: string;
  questions: string;
  answer: string;
  cites: string;
}

export function draftFormValues(d: GuideDraft): DraftFormValues {
  return { topic: d.topic, title: d.title, questions: d.questions.join('\n'), answer: d.answer, cites: d.cites.map(citeText).join('\n') };
}

export function draftDetailPage(
  office: Office, v: Viewer, d: GuideDraft, topics: string[], job: KnowledgeJobState,
  flash: { ok?: string; error?: string } = {}, values: DraftFormValues = draftFormValues(d),
): Html {
  const isAdmin = hasRole(v.staff.role, 'admin');
  const open = d.status === 'draft';
  const facts = html`<dl class="facts">
  <dt>状态</dt><dd>${statusTag(d.status)}${d.decidedAt ? html` ${d.decidedByName ?? ''} ${formatTime(d.decidedAt)}` : ''}</dd>
  <dt>来源</dt><dd>${fromGap(d)
    ? html`<a href="${office.base}/gaps/${d.consultationId}">知识缺口 #${d.consultationId}</a>，${d.createdByName ?? ''} 于 ${formatTime(d.createdAt)} 撰写`
    : html`${d.consultationId ? html`<a href="${office.base}/consultations/${d.consultationId}">咨询记录 #${d.consultationId}</a>` : '—'}，${d.createdByName ?? ''} 于 ${formatTime(d.createdAt)} 更正`}</dd>
  ${d.cardId ? html`<dt>知识库卡片</dt><dd>${d.cardId}（knowledge/${d.cardFile}）</dd>` : ''}
  ${d.rejectReason !== null && d.status === 'rejected' ? html`<dt>退回理由</dt><dd>${d.rejectReason || '（未填写）'}</dd>` : ''}
</dl>`;
  const body =
    isAdmin && open
      ? html`<form method="post" action="${office.base}/guide-drafts/${d.id}" class="card" id="draft-form">${csrfField(v)}
  <label>主题（同一主题的卡片写在同一个文件里）<input name="topic" value="${values.topic}" list="guide-topics" maxlength="50" required></label>
  <datalist id="guide-topics">${topics.map((t) => html`<option value="${t}"></option>`)}</datalist>
  <label>标题<input name="title" value="${values.title}" maxlength="100" size="60" required></label>
  <label>问法（每行一种，企业主平常怎么问就怎么写，第一行是用户的原话）<textarea name="questions" rows="4" required>${values.questions}</textarea></label>
  <label>答复（通俗的简体中文，2–6句）<textarea name="answer" rows="6" required>${values.answer}</textarea></label>
  <label>引用条文（每行一条，最关键的在前，如：劳动合同法第19条）<textarea name="cites" rows="3">${values.cites}</textarea></label>
  <p><button type="submit" name="action" value="save" class="secondary">保存修改</button>
  <button type="submit" name="action" value="approve">保存并批准入库</button></p>
  <p class="muted">批准后卡片写入 knowledge/guides/reviewed/，索引在后台重建；重建完成前答复继续使用原索引。</p>
</form>
<form method="post" action="${office.base}/guide-drafts/${d.id}/reject" class="card" id="reject-form">${csrfField(v)}
  <label>退回理由<input name="reason" maxlength="2000" size="60"></label>
  <button type="submit" class="secondary">退回，不加入知识库</button>
</form>`
      : html`<section class="card" id="draft-card">
  <h2>${d.title}</h2>
  <p class="muted">主题：${d.topic}</p>
  <p>问法：</p><ul>${d.questions.map((q) => html`<li>${q}</li>`)}</ul>
  <div class="msg a">${d.answer}</div>
  <p>引用条文：${d.cites.map(citeText).join('、') || '（未注明）'}</p>
</section>${open ? html`<p class="muted">只有管理员可以修改、批准或退回草稿。</p>` : ''}`;
  return page(
    office, v, 'drafts', `指导卡片草稿 #${d.id}`,
    html`<p><a href="${office.base}/guide-drafts">← 返回草稿列表</a></p>
${jobLine(job)}
<div class="card">${facts}</div>
${body}`,
    flash,
  );
}
