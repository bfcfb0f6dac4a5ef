import { html } from 'hono/html';
import type { ConsultationListItem } from '../../ledger/consultationSearch.js';
import type { ConsultationReview } from '../../ledger/reviews.js';
import { industryName, type Lists } from '../../ledger/index.js';
import type { Office } from '../context.js';
import { filterQuery } from '../consultation-filter.js';
import { CHANNEL_LABELS, FEEDBACK_LABELS, HANDOFF_LABELS, KIND_LABELS, VERDICT_LABELS } from '../labels.js';
import { citesFromConsultation, citeText, existingTopics } from '../knowledge/cards.js';
import { hasRole } from '../roles.js';
import { DEFAULT_DRAFT_TOPIC } from '../drafts.js';
import { GAP_STATUS_LABELS } from './gaps.js';
import { csrfField, formatTime, page, type Html, type Viewer } from './layout.js';

const PAGE_SIZE = 50;
export { PAGE_SIZE as CONSULTATION_PAGE_SIZE };

function option(value: string, label: string, selected: string | undefined): Html {
  return html`<option value="${value}"${value === (selected ?? '') ? html` selected` : ''}>${label}</option>`;
}

function confidenceTag(c: ConsultationListItem): Html {
  if (!c.answer) return html`<span class="tag bad">未答复</span>`;
  if (c.confidence !== null && c.confidence < 0.5) return html`<span class="tag bad">低置信 ${c.confidence.toFixed(2)}</span>`;
  return html`<span class="muted">${c.confidence === null ? '' : c.confidence.toFixed(2)}</span>`;
}

export function consultationListPage(
  office: Office,
  v: Viewer,
  lists: Lists,
  q: Record<string, string | undefined>,
  result: { total: number; items: ConsultationListItem[]; page: number },
): Html {
  const pages = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
  const filters = html`<form class="filters" method="get" action="${office.base}/consultations">
  <label>起始日期<input type="date" name="from" value="${q.from ?? ''}"></label>
  <label>截止日期<input type="date" name="to" value="${q.to ?? ''}"></label>
  <label>企业名称<input name="enterprise" value="${q.enterprise ?? ''}" placeholder="名称中的字"></label>
  <label>问题内容<input name="text" value="${q.text ?? ''}" placeholder="问题中的字"></label>
  <label>所属行业<select name="industry">${option('', '全部', q.industry)}${lists.industries.map((i) => option(i.code, `${i.code} ${i.name}`, q.industry))}</select></label>
  <label>所属区县<select name="district">${option('', '全部', q.district)}${lists.districts.map((d) => option(d.name, d.name, q.district))}</select></label>
  <label>渠道<select name="channel">${option('', '全部', q.channel)}${Object.entries(CHANNEL_LABELS).map(([k, l]) => option(k, l, q.channel))}</select></label>
  <label>评价<select name="feedback">${option('', '全部', q.feedback)}${option('helpful', '👍 有帮助', q.feedback)}${option('unhelpful', '👎 没帮助', q.feedback)}${option('none', '未评价', q.feedback)}</select></label>
  <label>转人工<select name="handedOff">${option('', '全部', q.handedOff)}${option('yes', '已转人工', q.handedOff)}${option('no', '未转人工', q.handedOff)}</select></label>
  <label>答复质量<select name="weak">${option('', '全部', q.weak)}${option('1', '未答复或低置信', q.weak)}</select></label>
  <label>类型<select name="kind">${option('', '提问（计入咨询量）', q.kind)}${Object.entries(KIND_LABELS).filter(([k]) => k !== 'question').map(([k, l]) => option(k, l, q.kind))}${option('all', '全部（含登记、按钮、指令等）', q.kind)}</select></label>
  <button type="submit">筛选</button>
  <a href="${office.base}/consultations">清除条件</a>
</form>`;
  const rows = result.items.map(
    (c) => html`<tr>
  <td>${formatTime(c.askedAt)}</td>
  <td>${c.enterpriseName ? html`<a href="${office.base}/enterprises/${c.enterpriseId}">${c.enterpriseName}</a>` : html`<span class="muted">未关联</span>`}</td>
  <td>${c.industry ? industryName(lists, c.industry) : ''}</td>
  <td>${c.district ?? ''}</td>
  <td>${CHANNEL_LABELS[c.channel] ?? c.channel}</td>
  <td>${c.kind !== 'question' ? html`<span class="tag">${KIND_LABELS[c.kind] ?? c.kind}</span>` : ''}<a href="${office.base}/consultations/${c.id}">${c.question ? c.question.slice(0, 60) : '（已按保存期限清除）'}</a></td>
  <td>${confidenceTag(c)}</td>
  <td>${c.feedback ? FEEDBACK_LABELS[c.feedback] : ''}</td>
  <td>${c.handoffState !== 'none' ? HANDOFF_LABELS[c.handoffState] : ''}</td>
  <td>${c.reviewVerdict ? html`<span class="tag ${c.reviewVerdict === 'right' ? 'good' : 'bad'}">${VERDICT_LABELS[c.reviewVerdict]}</span>` : ''}</td>
</tr>`,
  );
  const pager = html`<div class="pager">
  <span>共 ${result.total} 条，第 ${result.page}/${pages} 页</span>
  ${result.page > 1 ? html`<a href="${office.base}/consultations?${filterQuery(q, result.page - 1)}">上一页</a>` : ''}
  ${result.page < pages ? html`<a href="${office.base}/consultations?${filterQuery(q, result.page + 1)}">下一页</a>` : ''}
</div>`;
  return page(
    office,
    v,
    'consultations',
    '咨询记录',
    html`${filters}${!q.kind ? html`<p class="muted" id="kind-note">只列出提问（计入咨询量的记录）；企业登记步骤、按钮、指令、转人工请求等也都记在台账里，可在“类型”中选择查看。</p>` : ''}${pager}
<table id="consultations">
<thead><tr><th>提问时间</th><th>企业</th><th>所属行业</th><th>区县</th><th>渠道</th><th>问题</th><th>置信度</th><th>评价</th><th>转人工</th><th>审核</th></tr></thead>
<tbody>${rows.length ? rows : html`<tr><td colspan="10" class="muted">没有符合条件的咨询记录</td></tr>`}</tbody>
</table>${pager}`,
  );
}

function citationList(c: { citations: ConsultationListItem['citations'] }): Html {
  if (!c.citations.length) return html`<p class="muted">（未引用条文）</p>`;
  return html`<ul class="citations">${c.citations.map((x) => html`<li>《${x.title}》${x.article ?? ''}</li>`)}</ul>`;
}

export function consultationDetailPage(
  office: Office,
  v: Viewer,
  lists: Lists,
  c: ConsultationListItem,
  conversation: ConsultationListItem[],
  reviews: ConsultationReview[],
  flash: { ok?: string; error?: string },
): Html {
  const canReview = hasRole(v.staff.role, 'coordinator');
  const suggested = citesFromConsultation(c.citations);
  const knowledgeDir = office.knowledge?.knowledgeDir ?? office.outreach?.knowledgeDir;
  const topics = canReview && knowledgeDir ? existingTopics(knowledgeDir) : [];
  const facts = html`<dl class="facts">
  <dt>提问时间</dt><dd>${formatTime(c.askedAt)}</dd>
  <dt>企业</dt><dd>${c.enterpriseName ? html`<a href="${office.base}/enterprises/${c.enterpriseId}">${c.enterpriseName}</a>` : '未关联'}${c.industry ? `（${industryName(lists, c.industry)}，${c.district ?? ''}）` : ''}</dd>
  <dt>联系人</dt><dd>${c.contactName ?? ''}（${CHANNEL_LABELS[c.channel] ?? c.channel}）</dd>
  <dt>置信度</dt><dd>${c.confidence === null ? '—' : c.confidence.toFixed(2)}</dd>
  <dt>评价</dt><dd>${c.feedback ? FEEDBACK_LABELS[c.feedback] : '未评价'}${c.feedbackNote ? `：${c.feedbackNote}` : ''}</dd>
  <dt>类型</dt><dd>${KIND_LABELS[c.kind] ?? c.kind}${c.kind !== 'question' ? '（不计入咨询量）' : ''}</dd>
  <dt>转人工</dt><dd>${HANDOFF_LABELS[c.handoffState]}</dd>
  ${c.gapStatus ? html`<dt>知识缺口</dt><dd><a href="${office.base}/gaps/${c.id}">助手没有把握（${GAP_STATUS_LABELS[c.gapStatus]}）</a></dd>` : ''}
</dl>`;
  const convo = conversation.map(
    (m) => html`<div class="${m.id === c.id ? 'here' : ''}">
  <div class="msg q ${m.id === c.id ? 'here' : ''}"><span class="muted">${formatTime(m.askedAt)} 企业：</span>${m.kind !== 'question' ? html`<span class="tag">${KIND_LABELS[m.kind] ?? m.kind}</span>` : ''}${m.question || '（已清除）'}</div>
  <div class="msg a ${m.id === c.id ? 'here' : ''}"><span class="muted">助手：</span>${m.answer ?? '（未答复）'}</div>
  ${m.id === c.id ? citationList(m) : ''}
</div>`,
  );
  const history = reviews.length
    ? html`<ul>${reviews.map((r) => html`<li>${formatTime(r.createdAt)} ${r.staffName}：<span class="tag ${r.verdict === 'right' ? 'good' : 'bad'}">${VERDICT_LABELS[r.verdict]}</span>${r.note ? ` ${r.note}` : ''}${r.correctedAnswer ? html`<div class="msg a">更正后的答复：${r.correctedAnswer}</div>` : ''}</li>`)}</ul>`
    : html`<p class="muted">尚未审核</p>`;
  const form = canReview
    ? html`<form method="post" action="${office.base}/consultations/${c.id}/review" class="card" id="review-form">
  ${csrfField(v)}
  <label><input type="radio" name="verdict" value="right" required> 答复正确</label>
  <label><input type="radio" name="verdict" value="wrong"> 答复有误</label>
  <label>更正后的答复（答复有误时必填）<textarea name="correctedAnswer"></textarea></label>
  <fieldset id="draft-fields"><legend>答复有误时：更正后的答复生成指导卡片草稿，管理员批准后加入知识库</legend>
  ${suggested.length
    ? html`<p>更正所依据的条文（默认沿用原答复引用的条文，可取消勾选）：</p>${suggested.map((x) => html`<label><input type="checkbox" name="cite" value="${citeText(x)}" checked> 《${x.law}》第${x.article}条</label>`)}`
    : html`<p class="muted">原答复没有引用条文，请在下面填写。</p>`}
  <label>其他条文（每行一条，如：劳动合同法第19条）<textarea name="citesExtra" rows="2"></textarea></label>
  <label>卡片主题 <input name="topic" list="guide-topics" maxlength="50" placeholder="${DEFAULT_DRAFT_TOPIC}"></label>
  <datalist id="guide-topics">${topics.map((t) => html`<option value="${t}"></option>`)}</datalist>
  </fieldset>
  <label>说明<input name="note" maxlength="2000" size="60"></label>
  <button type="submit">保存审核</button>
</form>`
    : html`<p class="muted">查看者不能审核答复。</p>`;
  const handoff =
    canReview && (c.handoffState === 'requested' || c.handoffState === 'claimed')
      ? html`<form method="post" action="${office.base}/consultations/${c.id}/handoff" class="card" id="handoff-form">${csrfField(v)}
  <p>这条咨询已转人工（${HANDOFF_LABELS[c.handoffState]}）。</p>
  ${c.handoffState === 'requested' ? html`<button type="submit" name="state" value="claimed">由我接手</button> ` : ''}<button type="submit" name="state" value="resolved" class="secondary">标记为已办结</button>
</form>`
      : '';
  const open = c.handoffState === 'requested' || c.handoffState === 'claimed';
  const reply = !canReview || !open
    ? ''
    : office.handoff
      ? html`<form method="post" action="${office.base}/consultations/${c.id}/reply" class="card" id="reply-form">${csrfField(v)}
  <label>回复用户（发送到用户的对话中）<textarea name="text" required maxlength="3000"></textarea></label>
  <button type="submit">发送回复</button>
</form>`
      : html`<p class="card muted" id="reply-form">回复功能未配置：工作台未接入对话服务，请在对话中用 /reply ${c.id} 内容 回复。</p>`;
  return page(
    office,
    v,
    'consultations',
    `咨询记录 #${c.id}`,
    html`<p><a href="${office.base}/consultations">← 返回咨询记录</a></p>
<div class="card">${facts}</div>
${handoff}
${reply}
<h2>对话</h2><div class="card">${convo}</div>
<h2>审核</h2><div class="card">${history}</div>
${form}`,
    flash,
  );
}
