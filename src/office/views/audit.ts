import { html } from 'hono/html';
import type { ReadableAuditEntry } from '../../ledger/audit.js';
import type { Staff } from '../../ledger/index.js';
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
  'reminder.fire': '提醒发送', 'enterprise.bind_code': '生成企业绑定码', 'enterprise.link_code': '用绑定码关联企业',
  'enterprise.link_approve': '批准关联企业申请', 'enterprise.link_reject': '驳回关联企业申请',
};

/** Detail keys as the office reads them; others are shown as they are. */
const DETAIL_LABELS: Record<string, string> = {
  rule: '规则', title: '标题', period: '周期', noticeId: '通知编号', recipients: '接收人数', today: '日期', queued: '已排队',
  count: '人数', where: '接收条件', topic: '主题', policies: '关联政策', via: '途径', staff: '操作人', text: '内容',
  name: '名称', uscc: '统一社会信用代码', changed: '修改内容', followUpId: '跟踪记录编号', date: '日期', asOf: '截至',
  headcount: '职工人数', policyId: '政策记录编号', policy: '政策', year: '年度', layoffId: '裁员记录编号',
  username: '用户名', role: '角色', verdict: '审核结论', correctedAnswer: '更正后的答复', note: '说明', consultationId: '咨询编号',
  cites: '引用条文', from: '原状态', to: '新状态', failedAttempts: '连续失败次数', reason: '原因', file: '文件', error: '错误',
  format: '格式', rows: '行数', district: '区县', contactId: '联系人编号', codeId: '绑定码编号', expiresAt: '有效期至',
};

function detailText(detail: Record<string, unknown>): string {
  const lines = Object.entries(detail).map(([k, v]) => `${DETAIL_LABELS[k] ?? k}：${v === null ? '—' : typeof v === 'string' ? v : JSON.stringify(v)}`);
  const text = lines.join('\n');
  return text.length > 800 ? `${text.slice(0, 800)}…` : text;
}

/** What an entry is about, readable: "提醒《…》 · 企业《…》", "账户 王磊（wanglei）", "咨询 #12" (linked where it has a page). */
function objectCell(office: Office, a: ReadableAuditEntry): Html | string {
  const link = (path: string, text: string) => html`<a href="${office.base}${path}">${text}</a>`;
  const id = a.targetId;
  const named = (kind: string) => (a.targetName ? `${kind}《${a.targetName}》` : `${kind} #${id}`);
  const detail = a.detail ?? {};
  switch (a.targetType) {
    case 'enterprise': {
      const enterprise = id ? link(`/enterprises/${id}`, named('企业')) : '';
      if (a.action !== 'reminder.fire') return enterprise;
      const title = (typeof detail.title === 'string' ? detail.title : null) ?? a.noticeTitle ?? String(detail.rule ?? '');
      const reminder = detail.noticeId ? link(`/notices/${String(detail.noticeId)}`, `提醒《${title}》`) : `提醒《${title}》（无接收人，未发送）`;
      return html`${reminder} · ${enterprise}`;
    }
    case 'notice':
      if (id) return link(`/notices/${id}`, named('通知'));
      return typeof detail.title === 'string' ? `通知《${detail.title}》（预览，未发送）` : '通知（预览，未发送）';
    case 'staff':
      return a.targetName ? `账户 ${a.targetName}` : `账户 #${id}`;
    case 'consultation':
      return id ? link(`/consultations/${id}`, `咨询 #${id}`) : '咨询';
    case 'guide_draft':
      return id ? link(`/guide-drafts/${id}`, `卡片草稿 #${id}`) : '卡片草稿';
    case 'knowledge_gap':
      return id ? link(`/gaps/${id}`, `知识缺口 #${id}`) : '知识缺口';
    case 'knowledge':
      return `知识库文件 ${id ?? ''}`;
    case 'ledger':
      return '企业台账';
    default:
      return id ?? '';
  }
}

export function auditPage(office: Office, v: Viewer, entries: ReadableAuditEntry[], staff: Staff[], selected: number | undefined): Html {
  const names = new Map(staff.map((s) => [s.id, s.displayName]));
  return page(
    office, v, 'audit', '操作记录',
    html`<form class="filters" method="get" action="${office.base}/audit">
  <label>工作人员<select name="staffId"><option value="">全部</option>${staff.map((s) => html`<option value="${s.id}"${s.id === selected ? html` selected` : ''}>${s.displayName}（${s.username}）</option>`)}</select></label>
  <button type="submit">筛选</button>
</form>
<table id="audit"><thead><tr><th>时间</th><th>工作人员</th><th>操作</th><th>对象</th><th>详情</th></tr></thead><tbody>
${entries.map(
  (a) => html`<tr><td>${formatTime(a.at)}</td><td>${a.staffId ? (names.get(a.staffId) ?? a.staffId) : '系统'}</td><td>${ACTION_LABELS[a.action] ?? a.action}</td>
<td>${objectCell(office, a)}</td>
<td class="pre">${detailText(a.detail)}</td></tr>`,
)}
</tbody></table>`,
  );
}
