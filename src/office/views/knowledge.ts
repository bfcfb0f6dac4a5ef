import { html } from 'hono/html';
import type { Office } from '../context.js';
import type { KnowledgeJobState } from '../knowledge/job.js';
import type { PreparedDocument } from '../knowledge/prepare.js';
import { hasRole } from '../roles.js';
import { csrfField, formatTime, page, type Html, type Viewer } from './layout.js';

export function knowledgePage(office: Office, v: Viewer, files: string[], flash: { ok?: string; error?: string }, job: KnowledgeJobState): Html {
  const canUpload = hasRole(v.staff.role, 'admin');
  const configured = office.knowledge !== undefined;
  const today = office.today();
  return page(
    office, v, 'knowledge', '知识库',
    html`<section class="card" id="index-status"><h2>索引状态</h2>
${job.running ? html`<p><span class="tag">重建中</span> ${job.running.title}（${job.running.file}），开始于 ${formatTime(job.running.startedAt)}。刷新页面查看进度。</p>` : ''}
${job.last ? html`<p><span class="tag ${job.last.ok ? 'good' : 'bad'}">${job.last.ok ? '完成' : '失败'}</span> ${formatTime(job.last.at)} ${job.last.title}：${job.last.message}</p>` : ''}
${!job.running && !job.last ? html`<p class="muted">本次启动以来没有更新。</p>` : ''}</section>
<section class="card"><h2>本局导入的文件（knowledge/local）</h2>
${files.length ? html`<ul>${files.map((f) => html`<li>${f}</li>`)}</ul>` : html`<p class="muted">暂无</p>`}</section>
${!configured
  ? html`<p class="muted">本实例未配置知识库更新。</p>`
  : canUpload
    ? html`<h2>上传文件</h2>
<form method="post" action="${office.base}/knowledge/preview" enctype="multipart/form-data" class="card" id="upload-form">${csrfField(v)}
  <label>文件（.docx .pdf .md .txt，不超过10MB） <input type="file" name="file" accept=".docx,.pdf,.md,.txt" required></label>
  <label>标题（不填则取文件第一行） <input name="title" size="50"></label>
  <label>发文机关 <input name="issuer" size="30"></label>
  <label>文号 <input name="docNumber" size="30" placeholder="洛人社〔2025〕1号"></label>
  <label>版本日期 <input type="date" name="version" value="${today}" required></label>
  <button type="submit">解析预览</button>
</form>`
    : html`<p class="muted">只有管理员可以上传文件。</p>`}`,
    flash,
  );
}

export function knowledgePreviewPage(office: Office, v: Viewer, p: PreparedDocument): Html {
  const m = p.doc.meta;
  return page(
    office, v, 'knowledge', `解析预览：${m.title}`,
    html`<section class="card"><dl class="facts">
  <dt>上传文件</dt><dd>${p.fileName}</dd>
  <dt>标题</dt><dd>${m.title}</dd>
  <dt>发文机关</dt><dd>${m.issuer}</dd>
  <dt>文号</dt><dd>${m.docNumber ?? ''}</dd>
  <dt>版本日期</dt><dd>${m.version}</dd>
  <dt>条目数</dt><dd>${p.doc.articles.length}</dd>
  <dt>保存为</dt><dd>knowledge/local/${p.target}</dd>
</dl></section>
<table id="articles"><thead><tr><th>条目</th><th>所在章节</th><th>内容</th></tr></thead><tbody>
${p.doc.articles.map((a) => html`<tr><td>${a.label}</td><td>${a.headings.join(' / ')}</td><td class="pre">${a.text.length > 400 ? `${a.text.slice(0, 400)}…` : a.text}</td></tr>`)}
</tbody></table>
<form method="post" action="${office.base}/knowledge/save" class="card">${csrfField(v)}
  <input type="hidden" name="id" value="${p.id}">
  <p>确认无误后保存，系统将在后台重建索引；重建完成前答复继续使用原索引。</p>
  <button type="submit">保存到知识库</button> <a href="${office.base}/knowledge">放弃</a>
</form>`,
  );
}
