import { html } from 'hono/html';
import type { QueuedHandoff, WithdrawnHandoff } from '../../ledger/handoffQueue.js';
import type { Office } from '../context.js';
import { CHANNEL_LABELS, HANDOFF_LABELS } from '../labels.js';
import { hasRole } from '../roles.js';
import { csrfField, formatTime, page, type Html, type Viewer } from './layout.js';

/** An unclaimed hand-off waiting this long is marked (amber), and this long overdue (red). */
export const WAIT_WARN_MINUTES = 30;
export const WAIT_OVERDUE_MINUTES = 120;

export type WaitLevel = 'fresh' | 'warn' | 'overdue';

export function waitLevel(ms: number): WaitLevel {
  const min = ms / 60_000;
  return min >= WAIT_OVERDUE_MINUTES ? 'overdue' : min >= WAIT_WARN_MINUTES ? 'warn' : 'fresh';
}

/** "已等待 2 小时 15 分", "已等待 1 天 3 小时", "已等待不到 1 分". */
export function waitedText(ms: number, verb = '已等待'): string {
  const min = Math.max(0, Math.floor(ms / 60_000));
  if (min < 1) return `${verb}不到 1 分`;
  const d = Math.floor(min / 1440);
  const h = Math.floor((min % 1440) / 60);
  const m = min % 60;
  if (d) return `${verb} ${d} 天${h ? ` ${h} 小时` : ''}`;
  if (h) return `${verb} ${h} 小时${m ? ` ${m} 分` : ''}`;
  return `${verb} ${m} 分`;
}

function what(h: Pick<QueuedHandoff, 'question' | 'previousQuestion'>): Html {
  const q = (s: string) => (s.length > 80 ? `${s.slice(0, 80)}…` : s);
  // A bare request for a person ("人工") says little: show what the user asked before it.
  const bare = h.question.trim().length <= 6 && h.previousQuestion;
  return bare
    ? html`${q(h.question)}<div class="muted">此前的问题：${q(h.previousQuestion!)}</div>`
    : html`${h.question ? q(h.question) : html`<span class="muted">（已按保存期限清除）</span>`}`;
}

export function handoffQueuePage(office: Office, v: Viewer, items: QueuedHandoff[], now: Date, withdrawn: WithdrawnHandoff[] = []): Html {
  const canClaim = hasRole(v.staff.role, 'coordinator');
  const waiting = items.filter((h) => h.handoffState === 'requested');
  const rows = items.map((h) => {
    const unclaimed = h.handoffState === 'requested';
    const ms = now.getTime() - new Date(h.waitingSince).getTime();
    const level = unclaimed ? waitLevel(ms) : 'fresh';
    return html`<tr data-id="${h.id}" data-state="${h.handoffState}" class="age-${level}">
  <td><a href="${office.base}/consultations/${h.id}">#${h.id}</a></td>
  <td class="wait">${unclaimed
    ? html`${waitedText(ms)}${level === 'overdue' ? html` <span class="tag bad">超过${WAIT_OVERDUE_MINUTES / 60}小时</span>` : level === 'warn' ? html` <span class="tag">超过${WAIT_WARN_MINUTES}分钟</span>` : ''}`
    : html`<span class="muted">${h.claimedByName ?? '工作人员'}${h.claimedAt ? ` ${formatTime(h.claimedAt)}` : ''} 已接手</span>`}</td>
  <td>${formatTime(h.waitingSince)}</td>
  <td>${h.enterpriseName ? html`<a href="${office.base}/enterprises/${h.enterpriseId}">${h.enterpriseName}</a>` : html`<span class="muted">未关联企业</span>`}${h.district ? html`<div class="muted">${h.district}</div>` : ''}</td>
  <td>${h.contactName ?? ''}（${CHANNEL_LABELS[h.channel] ?? h.channel}）</td>
  <td>${what(h)}</td>
  <td>${HANDOFF_LABELS[h.handoffState]}</td>
  <td>${canClaim && unclaimed
    ? html`<form method="post" action="${office.base}/consultations/${h.id}/handoff" class="inline">${csrfField(v)}<button type="submit" name="state" value="claimed">由我接手</button></form> `
    : ''}<a href="${office.base}/consultations/${h.id}">${canClaim ? '查看并回复' : '查看'}</a></td>
</tr>`;
  });
  return page(
    office,
    v,
    'handoffs',
    '转人工队列',
    html`<p>等待接手：<strong id="waiting-count">${waiting.length}</strong> 条；处理中：${items.length - waiting.length} 条。
<span class="muted">未接手的按等待时间排列，等得最久的在最上面；等待超过 ${WAIT_WARN_MINUTES} 分钟标黄，超过 ${WAIT_OVERDUE_MINUTES / 60} 小时标红。刷新页面更新等待时间。</span></p>
<table id="handoff-queue">
<thead><tr><th>咨询</th><th>等待</th><th>提出时间</th><th>企业</th><th>联系人</th><th>问题</th><th>状态</th><th>操作</th></tr></thead>
<tbody>${rows.length ? rows : html`<tr><td colspan="8" class="muted">目前没有待处理的转人工咨询</td></tr>`}</tbody>
</table>
<h2>近 24 小时用户自行取消的转人工</h2>
<p class="muted">用户在排队时回复了“取消”“结束人工”等，已退出队列，无需再回复。</p>
<table id="handoffs-withdrawn">
<thead><tr><th>咨询</th><th>取消时间</th><th>企业</th><th>联系人</th><th>问题</th><th>状态</th></tr></thead>
<tbody>${withdrawn.length
  ? withdrawn.map((h) => html`<tr data-withdrawn="${h.id}">
  <td><a href="${office.base}/consultations/${h.id}">#${h.id}</a></td>
  <td>${formatTime(h.withdrawnAt)}</td>
  <td>${h.enterpriseName ? html`<a href="${office.base}/enterprises/${h.enterpriseId}">${h.enterpriseName}</a>` : html`<span class="muted">未关联企业</span>`}</td>
  <td>${h.contactName ?? ''}（${CHANNEL_LABELS[h.channel] ?? h.channel}）</td>
  <td>${what(h)}</td>
  <td>${HANDOFF_LABELS.withdrawn}</td>
</tr>`)
  : html`<tr><td colspan="6" class="muted">没有</td></tr>`}</tbody>
</table>`,
  );
}
