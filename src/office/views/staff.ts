import { html } from 'hono/html';
import { STAFF_ROLES, type Staff } from '../../ledger/index.js';
import type { Office } from '../context.js';
import { csrfField, formatTime, page, type Html, type Viewer } from './layout.js';

export function staffPage(office: Office, v: Viewer, staff: Staff[], flash: { ok?: string; error?: string }): Html {
  return page(
    office, v, 'staff', '工作人员',
    html`<table id="staff"><thead><tr><th>用户名</th><th>姓名</th><th>角色</th><th>状态</th><th>创建时间</th><th>重置密码（同时解除锁定）</th><th>启用/停用</th></tr></thead><tbody>
${staff.map((s) => html`<tr><td>${s.username}</td><td>${s.displayName}</td><td>${STAFF_ROLES[s.role]}</td><td>${!s.active ? '已停用' : s.lockedUntil && s.lockedUntil.getTime() > Date.now() ? html`<span class="tag bad">已锁定至 ${formatTime(s.lockedUntil)}</span>` : '正常'}</td><td>${formatTime(s.createdAt)}</td>
<td><form method="post" action="${office.base}/staff/${s.id}/password">${csrfField(v)}<input name="password" type="password" autocomplete="new-password" required placeholder="新密码"> <button type="submit" class="secondary">重置</button></form></td>
<td>${s.id === v.staff.id ? '' : html`<form method="post" action="${office.base}/staff/${s.id}/active">${csrfField(v)}<input type="hidden" name="active" value="${s.active ? '0' : '1'}"><button type="submit" class="secondary">${s.active ? '停用' : '启用'}</button></form>`}</td></tr>`)}
</tbody></table>
<h2>新建账户</h2>
<form method="post" action="${office.base}/staff" class="card">${csrfField(v)}
  <label>用户名 <input name="username" required pattern="[a-z0-9_.\\-]{2,40}"></label>
  <label>姓名 <input name="displayName" required></label>
  <label>角色 <select name="role">${Object.entries(STAFF_ROLES)
    .reverse()
    .map(([k, l]) => (k === 'viewer' ? html`<option value="${k}" selected>${l}</option>` : html`<option value="${k}">${l}</option>`))}</select></label>
  <label>初始密码（至少10位，含字母和数字） <input name="password" type="password" required autocomplete="new-password"></label>
  <button type="submit">创建</button>
</form>`,
    flash,
  );
}
