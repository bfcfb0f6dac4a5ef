import { html } from 'hono/html';
import type { Office } from '../context.js';
import { barepage, type Html } from './layout.js';

export function loginPage(office: Office, opts: { csrf: string; next: string; username?: string; error?: string }): Html {
  return barepage(
    office,
    '登录',
    html`<section class="card narrow">
  <h1>用工指导助手 · 工作台登录</h1>
  ${opts.error ? html`<p class="flash error" role="alert">${opts.error}</p>` : ''}
  <form method="post" action="${office.base}/login">
    <input type="hidden" name="_csrf" value="${opts.csrf}">
    <input type="hidden" name="next" value="${opts.next}">
    <label>用户名<br><input name="username" autocomplete="username" required value="${opts.username ?? ''}"></label>
    <label>密码<br><input name="password" type="password" autocomplete="current-password" required></label>
    <p><button type="submit">登录</button></p>
  </form>
  <p class="muted">连续输错5次密码，账户将锁定15分钟。</p>
</section>`,
  );
}
