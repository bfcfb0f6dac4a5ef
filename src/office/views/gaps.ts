import { html } from 'hono/html';
import type { GapStatus, KnowledgeGap } from '../../ledger/knowledgeGaps.js';
import type { Office } from '../context.js';
import { GAP_DRAFT_TOPIC, titleFrom } from '../gaps.js';
import { citesFromConsultation, citeText } from '../knowledge/cards.js';
import { CHANNEL_LABELS } from '../labels.js';
import { hasRole } from '../roles.js';
import { csrfField, formatTime, page, type Html, type Viewer } from './layout.js';

export const GAP_STATUS_LABELS: Record<GapStatus, string> = { open: '待处理', drafted: '已写成卡片', dismissed: '已忽略' };

function questionText(g: KnowledgeGap, max?: number): Html {
  if (!g.question) return html`<span class="muted">（已按保存期限清除）</span>`;
  return html`${max && g.question.length > max ? `${g.question.slice(0, max)}…` : g.question}`;
}

function sameTag(g: KnowledgeGap): Html {
  return g.sameOpen > 1 ? html` <span class="tag bad same" title="相同问题的待处理缺口">同一问题 ${g.sameOpen} 条</span>` : html``;
}

/** The leads the unsure answer gave: the articles it cited. */
function leads(g: KnowledgeGap): Html {
  if (!g.citations.length) return html`<span class="muted">（没有线索条文）</span>`;
  return html`<ul class="leads">${g.citations.map((c) => html`<li>${c.title.startsWith('《') ? c.title : `《${c.title}》${c.article ?? ''}`}</li>`)}</ul>`;
}

function enterprise(office: Office, g: KnowledgeGap): Html {
  return g.enterpriseName
    ? html`<a href="${office.base}/enterprises/${g.enterpriseId}">${g.enterpriseName}</a>${g.district ? html`<div class="muted">${g.district}</div>` : ''}`
    : html`<span class="muted">未关联企业</span>`;
}

function outcome(office: Office, g: KnowledgeGap): Html {
  if (g.status === 'drafted') {
    return html`已写成卡片${g.draftId ? html`：<a href="${office.base}/guide-drafts/${g.draftId}">草稿 #${g.draftId}</a>` : ''}<div class="muted">${g.decidedByName ?? ''} ${formatTime(g.decidedAt)}</div>`;
  }
  if (g.status === 'dismissed') {
    return html`已忽略：${g.dismissReason ?? ''}<div class="muted">${g.decidedByName ?? ''} ${formatTime(g.decidedAt)}</div>`;
  }
  return html`${GAP_STATUS_LABELS.open}`;
}

export function gapListPage(
  office: Office, v: Viewer, status: GapStatus, gaps: KnowledgeGap[], counts: Record<GapStatus, number>, flash: { ok?: string } = {},
): Html {
  const canAct = hasRole(v.staff.role, 'coordinator');
  const tabs = (Object.keys(GAP_STATUS_LABELS) as GapStatus[]).map(
    (s) => html`<a href="${office.base}/gaps?status=${s}"${s === status ? html` class="active" aria-current="page"` : ''}>${GAP_STATUS_LABELS[s]}（${counts[s]}）</a>`,
  );
  const action = (g: KnowledgeGap): Html => {
    if (g.status !== 'open') return outcome(office, g);
    if (!canAct) return html`<a href="${office.base}/gaps/${g.id}">查看</a>`;
    return html`${g.question ? html`<a class="button" href="${office.base}/gaps/${g.id}">写成卡片</a>` : ''}
<form method="post" action="${office.base}/gaps/${g.id}/dismiss" class="dismiss">${csrfField(v)}<input name="reason" placeholder="忽略的理由" maxlength="2000" required aria-label="忽略的理由"> <button type="submit" class="secondary">忽略</button></form>`;
  };
  const rows = gaps.map(
    (g) => html`<tr data-id="${g.id}" data-status="${g.status}">
  <td>${formatTime(g.askedAt)}</td>
  <td class="question"><a href="${office.base}/gaps/${g.id}">${questionText(g, 120)}</a>${sameTag(g)}</td>
  <td>${CHANNEL_LABELS[g.channel] ?? g.channel}</td>
  <td>${enterprise(office, g)}</td>
  <td>${leads(g)}</td>
  <td>${action(g)}</td>
</tr>`,
  );
  return page(
    office, v, 'gaps', '知识缺口',
    html`<p class="muted">助手没有把握的问题：答复已告诉用户“没有把握”，给出线索条文并可转人工。把它写成指导卡片（生成卡片草稿，管理员批准后加入知识库），或说明理由后忽略。“同一问题”是去掉空格和标点后问法相同的待处理缺口条数。</p>
<nav class="tabs">${tabs}</nav>
<table id="gaps">
<thead><tr><th>提问时间</th><th>用户的问题</th><th>渠道</th><th>企业</th><th>答复给出的线索</th><th>${status === 'open' ? '处理' : '结果'}</th></tr></thead>
<tbody>${rows.length ? rows : html`<tr><td colspan="6" class="muted">没有${GAP_STATUS_LABELS[status]}的知识缺口</td></tr>`}</tbody>
</table>
${canAct || status !== 'open' ? '' : html`<p class="muted">查看者只能阅读，不能处理知识缺口。</p>`}`,
    flash,
  );
}

/** The form's own values after a refused submission, so the coordinator does not lose what was written. */
export interface GapFormValues {
  title: string;
  answer: string;
  topic: string;
  cite: string[];
  citesExtra: string;
  includeSame: boolean;
}

export function gapFormValues(g: KnowledgeGap): GapFormValues {
  return { title: titleFrom(g.question), answer: '', topic: '', cite: [], citesExtra: '', includeSame: true };
}

export function gapDetailPage(
  office: Office, v: Viewer, g: KnowledgeGap, topics: string[], flash: { ok?: string; error?: string } = {}, values: GapFormValues = gapFormValues(g),
): Html {
  const canAct = hasRole(v.staff.role, 'coordinator');
  const open = g.status === 'open';
  const suggested = citesFromConsultation(g.citations);
  const facts = html`<dl class="facts">
  <dt>提问时间</dt><dd>${formatTime(g.askedAt)}</dd>
  <dt>渠道</dt><dd>${CHANNEL_LABELS[g.channel] ?? g.channel}${g.contactName ? `（${g.contactName}）` : ''}</dd>
  <dt>企业</dt><dd>${enterprise(office, g)}</dd>
  <dt>置信度</dt><dd>${g.confidence === null ? '—' : g.confidence.toFixed(2)}</dd>
  <dt>状态</dt><dd>${outcome(office, g)}${sameTag(g)}</dd>
  <dt>咨询记录</dt><dd><a href="${office.base}/consultations/${g.id}">#${g.id}</a></dd>
</dl>`;
  const same = g.sameOpen > 1;
  const forms = !open
    ? ''
    : !canAct
      ? html`<p class="muted">查看者只能阅读，不能处理知识缺口。</p>`
      : html`${g.question
        ? html`<form method="post" action="${office.base}/gaps/${g.id}/draft" class="card" id="gap-draft-form">${csrfField(v)}
  <h2>写成指导卡片</h2>
  <p class="muted">生成一份卡片草稿：问法是用户的原话，答复是您写的内容；管理员在“卡片草稿”中修改、批准后加入知识库。</p>
  <label>卡片标题<input name="title" value="${values.title}" maxlength="100" size="60"></label>
  <label>答复（通俗的简体中文，2–6句，说清结论和依据）<textarea name="answer" rows="6" required minlength="4" maxlength="5000">${values.answer}</textarea></label>
  ${suggested.length
    ? html`<p>助手给出的线索条文（确认适用的请勾选）：</p>${suggested.map((x) => html`<label><input type="checkbox" name="cite" value="${citeText(x)}"${values.cite.includes(citeText(x)) ? html` checked` : ''}> 《${x.law}》第${x.article}条</label>`)}`
    : html`<p class="muted">助手没有给出线索条文，请在下面填写依据。</p>`}
  <label>其他条文（每行一条，如：劳动合同法第19条）<textarea name="citesExtra" rows="2">${values.citesExtra}</textarea></label>
  <label>卡片主题 <input name="topic" value="${values.topic}" list="guide-topics" maxlength="50" placeholder="${GAP_DRAFT_TOPIC}"></label>
  <datalist id="guide-topics">${topics.map((t) => html`<option value="${t}"></option>`)}</datalist>
  ${same ? html`<label><input type="checkbox" name="includeSame" value="1"${values.includeSame ? html` checked` : ''}> 同一问题的其他 ${g.sameOpen - 1} 条待处理缺口一并标为已写成卡片</label>` : ''}
  <button type="submit">写成卡片</button>
</form>`
        : html`<p class="card muted">这条咨询的问题已按保存期限清除，不能写成卡片，可以忽略。</p>`}
<form method="post" action="${office.base}/gaps/${g.id}/dismiss" class="card" id="gap-dismiss-form">${csrfField(v)}
  <h2>忽略</h2>
  <label>忽略的理由（如：不属于劳动用工问题、重复提问、已有卡片覆盖）<input name="reason" maxlength="2000" size="60" required></label>
  ${same ? html`<label><input type="checkbox" name="includeSame" value="1"> 同一问题的其他 ${g.sameOpen - 1} 条待处理缺口一并忽略</label>` : ''}
  <button type="submit" class="secondary">忽略</button>
</form>`;
  return page(
    office, v, 'gaps', `知识缺口 #${g.id}`,
    html`<p><a href="${office.base}/gaps">← 返回知识缺口</a></p>
<div class="card">${facts}</div>
<h2>用户的问题</h2>
<div class="card"><div class="msg q" id="gap-question">${questionText(g)}</div>
<div class="msg a"><span class="muted">助手：</span>${g.answer ?? '（未答复）'}</div>
<p>答复给出的线索：</p>${leads(g)}</div>
${forms}`,
    flash,
  );
}
