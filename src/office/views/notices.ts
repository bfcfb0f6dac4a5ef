import { html } from 'hono/html';
import type { Lists, Notice } from '../../ledger/index.js';
import type { ReminderNotice } from '../../ledger/notices.js';
import type { OutboxStatus } from '../../ledger/outbox.js';
import type { BroadcastResult } from '../../outreach/broadcast.js';
import type { LinkedPolicy } from '../../outreach/render.js';
import type { Office } from '../context.js';
import type { NoticeForm } from '../notice-form.js';
import { TOPICS } from '../../ledger/index.js';
import { CHANNEL_LABELS } from '../labels.js';
import { hasRole } from '../roles.js';
import { csrfField, formatTime, page, type Html, type Viewer } from './layout.js';

export const OUTBOX_STATUS_LABELS: Record<OutboxStatus, string> = {
  pending: '待发送', claimed: '已领取', sending: '发送中', sent: '已送达', failed: '发送失败', cancelled: '已取消', unknown: '结果不明',
};

function option(value: string, label: string, selected: string): Html {
  return html`<option value="${value}"${value === selected ? html` selected` : ''}>${label}</option>`;
}

function yesNo(name: string, label: string, value: string): Html {
  return html`<label>${label}<select name="${name}">${option('', '不限', value)}${option('是', '是', value)}${option('否', '否', value)}</select></label>`;
}

export function noticeListPage(
  office: Office,
  v: Viewer,
  rows: { notice: Notice; stats: Record<OutboxStatus, number> }[],
  reminders: { notice: ReminderNotice; stats: Record<OutboxStatus, number> }[] = [],
): Html {
  const canSend = hasRole(v.staff.role, 'coordinator');
  const reminderRows = reminders.map(({ notice: n, stats }) => {
    const total = Object.values(stats).reduce((a, b) => a + b, 0);
    return html`<tr>
  <td>${formatTime(n.createdAt)}</td>
  <td><a href="${office.base}/notices/${n.id}">${n.title}</a></td>
  <td>${n.enterpriseId ? html`<a href="${office.base}/enterprises/${n.enterpriseId}">${n.enterpriseName ?? `企业 #${n.enterpriseId}`}</a>` : ''}</td>
  <td>${n.period ?? ''}</td>
  <td class="num">${total}</td>
  <td class="num">${stats.sent}</td>
  <td class="num">${stats.failed + stats.unknown}</td>
</tr>`;
  });
  const body = rows.map(({ notice: n, stats }) => {
    const total = Object.values(stats).reduce((a, b) => a + b, 0);
    return html`<tr>
  <td>${formatTime(n.createdAt)}</td>
  <td><a href="${office.base}/notices/${n.id}">${n.title}</a></td>
  <td>${n.topic ? (TOPICS[n.topic] ?? n.topic) : ''}</td>
  <td class="num">${total}</td>
  <td class="num">${stats.sent}</td>
  <td class="num">${stats.failed + stats.unknown}</td>
</tr>`;
  });
  return page(
    office,
    v,
    'notices',
    '通知群发',
    html`${canSend ? html`<p><a class="button" href="${office.base}/notices/new">写新通知</a></p>` : ''}
<h2>群发通知</h2>
<table id="notices">
<thead><tr><th>发布时间</th><th>标题</th><th>主题</th><th>接收人</th><th>已送达</th><th>失败或不明</th></tr></thead>
<tbody>${body.length ? body : html`<tr><td colspan="6" class="muted">还没有群发过通知</td></tr>`}</tbody>
</table>
<h2 id="reminders-heading">风险提醒（系统按规则自动发送）</h2>
<p class="muted">按 knowledge/reminders.yaml 的规则，根据企业台账情况自动发给相关企业的联系人，每家企业每个周期一次。</p>
<table id="reminders">
<thead><tr><th>发送时间</th><th>提醒</th><th>企业</th><th>周期</th><th>接收人</th><th>已送达</th><th>失败或不明</th></tr></thead>
<tbody>${reminderRows.length ? reminderRows : html`<tr><td colspan="7" class="muted">还没有发出过风险提醒</td></tr>`}</tbody>
</table>`,
  );
}

export interface ComposeState {
  form: NoticeForm;
  lists: Lists;
  /** Every policy in knowledge/policies (expired ones are listed too; sending refuses them). */
  policies: LinkedPolicy[];
  today: string;
  preview?: BroadcastResult;
  where?: string;
}

function policyLine(p: LinkedPolicy, today: string): string {
  const expired = p.expires !== null && p.expires < today;
  const pending = p.effective !== null && p.effective > today;
  return `《${p.title}》${p.docNumber ? `（${p.docNumber}）` : ''}${expired ? `——已于 ${p.expires} 失效` : pending ? `——${p.effective} 起生效` : ''}`;
}

export function noticeComposePage(office: Office, v: Viewer, s: ComposeState, flash: { error?: string } = {}): Html {
  const f = s.form;
  const preview = s.preview
    ? html`<section class="card" id="broadcast-preview">
  <h2>预览（尚未发送）</h2>
  <p>符合条件的接收人：<strong id="audience-count">${s.preview.count}</strong> 位${s.where ? html`<span class="muted">（条件：${s.where}）</span>` : html`<span class="muted">（全部联系人）</span>`}</p>
  ${s.preview.sample.length
    ? html`<table><thead><tr><th>联系人</th><th>渠道</th><th>企业</th><th>区县</th></tr></thead><tbody>${s.preview.sample.map(
        (r) => html`<tr><td>${r.displayName}</td><td>${CHANNEL_LABELS[r.channel] ?? r.channel}</td><td>${r.enterpriseName ?? ''}</td><td>${r.district ?? ''}</td></tr>`,
      )}</tbody></table>${s.preview.count > s.preview.sample.length ? html`<p class="muted">以上为部分接收人示例。</p>` : ''}`
    : ''}
  <h2>接收人看到的内容</h2>
  <div class="msg a">${s.preview.preview}</div>
  ${s.preview.count > 0 ? html`<p><button type="submit" name="action" value="send" form="compose">确认发送给 ${s.preview.count} 位联系人</button></p>` : html`<p class="muted">没有符合条件的接收人，请放宽条件。</p>`}
</section>`
    : '';
  return page(
    office,
    v,
    'notices',
    '写新通知',
    html`<p><a href="${office.base}/notices">← 返回通知群发</a></p>
<form method="post" action="${office.base}/notices/new" class="card" id="compose" data-audience-url="${office.base}/api/notices/audience">${csrfField(v)}
  <label>标题<input name="title" value="${f.title}" maxlength="200" size="60" required></label>
  <label>主题（退订了该主题的联系人不会收到）<select name="topic">${option('', '无', f.topic)}${Object.entries(TOPICS).map(([k, l]) => option(k, l, f.topic))}</select></label>
  <label>正文<textarea name="body" required>${f.body}</textarea></label>
  <fieldset><legend>关联政策（附在通知末尾，失效的政策不能发送）</legend>
  ${s.policies.map((p) => html`<label><input type="checkbox" name="policies" value="${p.id}"${f.policies.includes(p.id) ? html` checked` : ''}> ${policyLine(p, s.today)}</label>`)}
  </fieldset>
  <h2>接收人条件</h2>
  <div class="filters">
  <label>所属行业<select name="industry">${option('', '不限', f.industry)}${s.lists.industries.map((i) => option(i.code, `${i.code} ${i.name}`, f.industry))}</select></label>
  <label>所属区县<select name="district">${option('', '不限', f.district)}${s.lists.districts.map((d) => option(d.name, d.name, f.district))}</select></label>
  <label>职工数不少于<input name="headcount_min" value="${f.headcount_min}" inputmode="numeric" size="6"></label>
  <label>职工数不多于<input name="headcount_max" value="${f.headcount_max}" inputmode="numeric" size="6"></label>
  <label>注册不满（天）<input name="registered_within_days" value="${f.registered_within_days}" inputmode="numeric" size="6"></label>
  ${yesNo('watchlist', '重点监测企业', f.watchlist)}
  ${yesNo('cultivated', '和谐同行培育企业', f.cultivated)}
  <label>标签（多个用逗号分隔）<input name="tag" value="${f.tag}" size="20"></label>
  <label>订阅了主题<select name="subscribed">${option('', '不限', f.subscribed)}${Object.entries(TOPICS).map(([k, l]) => option(k, l, f.subscribed))}</select></label>
  <label>渠道<select name="channel">${option('', '不限', f.channel)}${Object.entries(CHANNEL_LABELS).map(([k, l]) => option(k, l, f.channel))}</select></label>
  </div>
  <p id="live-count" class="live-count" aria-live="polite" hidden></p>
  <p><button type="submit" name="action" value="preview">预览人数和内容</button></p>
</form>
${preview}
<script src="${office.base}/static/compose.js" defer></script>`,
    flash,
  );
}

export function noticeProgressPage(office: Office, v: Viewer, n: Notice, stats: Record<OutboxStatus, number>, flash: { ok?: string } = {}): Html {
  const total = Object.values(stats).reduce((a, b) => a + b, 0);
  const settled = stats.sent + stats.failed + stats.cancelled;
  return page(
    office,
    v,
    'notices',
    `${n.kind === 'reminder' ? '风险提醒' : '通知'} #${n.id}：${n.title}`,
    html`<p><a href="${office.base}/notices">← 返回通知群发</a> · <a href="${office.base}/notices/${n.id}">刷新进度</a></p>
<div class="card"><dl class="facts">
  <dt>发布时间</dt><dd>${formatTime(n.createdAt)}</dd>
  <dt>主题</dt><dd>${n.topic ? (TOPICS[n.topic] ?? n.topic) : '无'}</dd>
  <dt>接收人</dt><dd>${total} 位，已处理 ${settled} 位</dd>
</dl><div class="msg a">${n.body}</div></div>
<h2>发送进度</h2>
<table id="delivery-progress">
<thead><tr><th>状态</th><th>人数</th></tr></thead>
<tbody>${(Object.keys(OUTBOX_STATUS_LABELS) as OutboxStatus[]).map(
      (k) => html`<tr data-status="${k}"><td>${OUTBOX_STATUS_LABELS[k]}</td><td class="num">${stats[k]}</td></tr>`,
    )}</tbody>
</table>
<p class="muted">通知由系统自动逐条发送（服务运行时即发送，无需另行启动；发送速度按各渠道的限额控制）。本页不会自动刷新，点“刷新进度”查看最新状态。“结果不明”的消息不会自动重发，请核实后处理。</p>`,
    flash,
  );
}
