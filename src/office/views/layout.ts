import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { chinaDateTime } from '../../clock.js';
import { STAFF_ROLES, type Staff } from '../../ledger/index.js';
import type { Office } from '../context.js';
import { hasRole } from '../roles.js';

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export interface Viewer {
  staff: Staff;
  csrf: string;
}

const NAV: { href: string; label: string; key: string }[] = [
  { href: '/', label: '概览', key: 'dashboard' },
  { href: '/consultations', label: '咨询记录', key: 'consultations' },
  { href: '/handoffs', label: '转人工队列', key: 'handoffs' },
  { href: '/enterprises', label: '企业台账', key: 'enterprises' },
  { href: '/notices', label: '通知群发', key: 'notices' },
  { href: '/knowledge', label: '知识库', key: 'knowledge' },
  { href: '/gaps', label: '知识缺口', key: 'gaps' },
  { href: '/guide-drafts', label: '卡片草稿', key: 'drafts' },
  { href: '/staff', label: '工作人员', key: 'staff' },
  { href: '/audit', label: '操作记录', key: 'audit' },
];

function shell(office: Office, title: string, body: Html, header: Html | string = ''): Html {
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · 用工指导助手 工作台</title>
<link rel="stylesheet" href="${office.base}/static/office.css">
</head>
<body>
${header}
<main>
${body}
</main>
</body>
</html>`;
}

/** A signed-in page: navigation, who is signed in, the sign-out form, an optional notice. */
export function page(office: Office, v: Viewer, active: string, title: string, body: Html, flash?: { ok?: string; error?: string }): Html {
  const nav = NAV.filter((n) => (n.key !== 'staff' && n.key !== 'audit') || hasRole(v.staff.role, 'admin'));
  const header = html`<header class="top">
  <a class="brand" href="${office.home}">用工指导助手 · 工作台</a>
  <nav>${nav.map((n) => html`<a href="${n.href === '/' ? office.home : office.base + n.href}"${n.key === active ? html` class="active" aria-current="page"` : ''}>${n.label}</a>`)}</nav>
  <form method="post" action="${office.base}/logout" class="who">
    <span>${v.staff.displayName}（${STAFF_ROLES[v.staff.role]}）</span>
    <input type="hidden" name="_csrf" value="${v.csrf}">
    <button type="submit" class="link">退出</button>
  </form>
</header>`;
  const notice = html`${flash?.ok ? html`<p class="flash ok" role="status">${flash.ok}</p>` : ''}${flash?.error ? html`<p class="flash error" role="alert">${flash.error}</p>` : ''}`;
  return shell(office, title, html`<h1>${title}</h1>${notice}${body}`, header);
}

export function barepage(office: Office, title: string, body: Html): Html {
  return shell(office, title, body);
}

export function errorPage(office: Office, title: string, message: string): Html {
  return shell(office, title, html`<section class="card narrow"><h1>${title}</h1><p>${message}</p><p><a href="${office.home}">返回工作台</a></p></section>`);
}

export function csrfField(v: Viewer): Html {
  return html`<input type="hidden" name="_csrf" value="${v.csrf}">`;
}

/** Beijing time, 'YYYY-MM-DD HH:mm'. */
export function formatTime(d: Date | string | null): string {
  if (!d) return '';
  return chinaDateTime(new Date(d));
}
