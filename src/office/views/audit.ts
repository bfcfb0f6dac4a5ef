import { html } from 'hono/html';
import type { AuditEntry, Staff } from '../../ledger/index.js';
import type { Office } from '../context.js';
import { formatTime, page, type Html, type Viewer } from './layout.js';

/** What each audit action means, for the office reading the log. */
export const ACTION_LABELS: Record<string, string> = {
  'staff.login': '登录', 'staff.login_failed': '登录失败', 'staff.login_locked': '账户锁定中尝试登录', 'staff.logout': '退出',
  'staff.create': '新建账户', 'staff.password_reset': '重置密码', 'staff.activate': '启用账户', 'staff.deactivate': '停用账户', 'staff.create_admin': '命令行创建管理员', 'staff.reset_admin': '命令行重置管理员',
  'consultation.review': '审核答复', 'consultation.handoff': '处理转人工', 'enterprise.create': '登记企业', 'enterprise.update': '修改企业信息',
  'enterprise.follow_up': '添加跟踪指导', 'enterprise.headcount': '记录职工数量', 'enterprise.policy': '添加稳岗政策',
  'enterprise.layoff': '添加裁员情况', 'ledger.export': '导出台账', 'knowledge.add': '知识库导入', 'knowledge.add_failed': '知识库导入失败（已撤回）',
  'handoff.reply': '回复转人工用户', 'handoff.close': '结束人工服务', 'notice.broadcast': '群发通知', 'notice.broadcast_dry_run': '群发预览',
  'guide_draft.create': '生成指导卡片草稿', 'guide_draft.update': '修改卡片草稿', 'guide_draft.approve': '批准卡片入库',
  'guide_draft.approve_failed': '卡片入库失败（已撤回）', 'guide_draft.reject': '退回卡片草稿',
  'knowledge_gap.draft': '知识缺口写成卡片', 'knowledge_gap.dismiss': '忽略知识缺口',
};

const TARGET_PATHS: Record<string, string> = { consultation: '/consultations/', enterprise: '/enterprises/', notice: '/notices/', guide_draft: '/guide-drafts/', knowledge_gap: '/gaps/' };

function detailText(detail: Record<string, unknown>): string {
  const lines = Object.entries(detail).map(([k, v]) => `${k}：${typeof v === 'string' ? v : JSON.stringify(v)}`);
  const text = lines.join('\n');
  return text.length > 800 ? `${text.slice(0, 800)}…` : text;
}

export function auditPage(office: Office, v: Viewer, entries: AuditEntry[], staff: Staff[], selected: number | undefined): Html {
  const names = new Map(staff.map((s) => [s.id, s.displayName]));
  return page(
    office, v, 'audit', '操作记录',
    html`<form class="filters" method="get" action="${office.base}/audit">
  <label>工作人员<select name="staffId"><option value="">全部</option>${staff.map((s) => html`<option value="${s.id}"${s.id === selected ? html` selected` : ''}>${s.displayName}（${s.username}）</option>`)}</select></label>
  <button type="submit">筛选</button>
</form>
<table id="audit"><thead><tr><th>时间</th><th>工作人员</th><th>操作</th><th>对象</th><th>详情</th></tr></thead><tbody>
${entries.map((a) => {
  const path = a.targetType ? TARGET_PATHS[a.targetType] : undefined;
  return html`<tr><td>${formatTime(a.at)}</td><td>${a.staffId ? (names.get(a.staffId) ?? a.staffId) : '系统'}</td><td>${ACTION_LABELS[a.action] ?? a.action}</td>
<td>${path && a.targetId ? html`<a href="${office.base}${path}${a.targetId}">${a.targetType} #${a.targetId}</a>` : (a.targetId ?? '')}</td>
<td class="pre">${detailText(a.detail)}</td></tr>`;
})}
</tbody></table>`,
  );
}
