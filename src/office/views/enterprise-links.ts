import { html } from 'hono/html';
import { BIND_CODE_DAYS, CONTACT_ROLES, type BindCode, type Contact, type LinkRequest } from '../../ledger/index.js';
import type { Office } from '../context.js';
import { CHANNEL_LABELS } from '../labels.js';
import { csrfField, formatTime, type Html, type Viewer } from './layout.js';

/** A code just issued: shown on the page once, never stored in the clear. */
export interface IssuedCode {
  code: string;
  expiresAt: Date;
}

export interface EnterpriseLinks {
  /** Contacts linked to the enterprise: name, channel and role only (never their chat ids). */
  contacts: Pick<Contact, 'id' | 'displayName' | 'channel' | 'role'>[];
  requests: LinkRequest[];
  codes: BindCode[];
}

const role = (r: string) => CONTACT_ROLES[r as keyof typeof CONTACT_ROLES] ?? r;
const channel = (c: string) => CHANNEL_LABELS[c] ?? c;

/**
 * Who receives this enterprise's notices and how a chat contact gets linked to it: the linked
 * contacts, open link requests (approve / reject), and 绑定码 (issue one; open ones are listed without
 * the code). The forms only for those who may edit enterprises.
 */
export function enterpriseLinksSection(office: Office, v: Viewer, enterpriseId: number, links: EnterpriseLinks, canEdit: boolean, issued?: IssuedCode): Html {
  const url = `${office.base}/enterprises/${enterpriseId}`;
  const contacts = links.contacts.length
    ? html`<ul id="linked-contacts">${links.contacts.map((c) => html`<li>${c.displayName || '（未留称呼）'}（${channel(c.channel)} · ${role(c.role)}）</li>`)}</ul>`
    : html`<p class="muted">暂无。聊天用户在“注册”中输入本企业的统一社会信用代码后，还需绑定码或工作人员审核才能关联。</p>`;
  const requests = links.requests.length
    ? html`<table id="link-requests"><thead><tr><th>申请时间</th><th>联系人</th><th>渠道</th><th>身份</th>${canEdit ? html`<th>审核</th>` : ''}</tr></thead><tbody>${links.requests.map(
        (r) => html`<tr data-id="${r.id}"><td>${formatTime(r.requestedAt)}</td><td>${r.contactName || '（未留称呼）'}</td><td>${channel(r.channel)}</td><td>${role(r.role)}</td>${canEdit
          ? html`<td><form method="post" action="${url}/link-requests/${r.id}" class="inline">${csrfField(v)}<button type="submit" name="decision" value="approve">同意关联</button> <button type="submit" name="decision" value="reject" class="secondary">拒绝</button></form></td>`
          : ''}</tr>`,
      )}</tbody></table><p class="muted">同意前请先电话等方式核实申请人确为本企业负责人或人事；同意后，该联系人会收到本企业的政策通知和风险提醒。</p>`
    : html`<p class="muted">暂无待审核的关联申请。</p>`;
  const shown = issued
    ? html`<p class="flash ok" role="status">绑定码：<strong id="bind-code">${issued.code}</strong>（有效期至 ${formatTime(issued.expiresAt)}，只能使用一次）。此码只显示这一次，请当面或电话告知企业负责人，不要公开张贴。</p>`
    : '';
  const codes = links.codes.length
    ? html`<p>尚未使用的绑定码 ${links.codes.length} 个：${links.codes.map((b, i) => html`${i ? '；' : ''}${b.createdByName ?? ''} ${formatTime(b.createdAt)} 生成，${formatTime(b.expiresAt)} 到期`)}</p>`
    : html`<p class="muted">没有尚未使用的绑定码。</p>`;
  const issueForm = canEdit
    ? html`<form method="post" action="${url}/bind-codes" id="bind-code-form">${csrfField(v)}<button type="submit">生成绑定码</button></form>`
    : '';
  return html`<section class="card" id="links"><h2>关联的联系人</h2>${contacts}
<h3>待审核的关联申请</h3>${requests}
<h3>绑定码</h3>${shown}<p class="muted">企业负责人或人事在聊天中“注册”并输入本企业统一社会信用代码后，再输入绑定码即可关联。每个绑定码只能用一次，${BIND_CODE_DAYS} 天内有效。</p>${codes}${issueForm}</section>`;
}

/** The enterprise list's reminder of open link requests, each linking to its enterprise. */
export function pendingLinksCard(office: Office, requests: LinkRequest[]): Html | '' {
  if (!requests.length) return '';
  return html`<section class="card" id="pending-links"><h2>待审核的关联申请（${requests.length}）</h2><ul>${requests.map(
    (r) => html`<li><a href="${office.base}/enterprises/${r.enterpriseId}#links">${r.enterpriseName}</a>：${r.contactName || '（未留称呼）'}（${channel(r.channel)}），${formatTime(r.requestedAt)} 申请</li>`,
  )}</ul></section>`;
}
