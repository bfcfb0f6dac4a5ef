import { html } from 'hono/html';
import {
  industryName, KNOWN_POLICIES, requiresArticle41Report, SIZE_CLASSES,
  type ConsultationSummary, type Enterprise, type FollowUp, type Layoff, type LinkRequest, type Lists, type Staff, type StabilityPolicy,
} from '../../ledger/index.js';
import type { HeadcountEntry } from '../../ledger/enterprises.js';
import type { Office } from '../context.js';
import { hasRole } from '../roles.js';
import { enterpriseLinksSection, pendingLinksCard, type EnterpriseLinks, type IssuedCode } from './enterprise-links.js';
import { csrfField, formatTime, page, type Html, type Viewer } from './layout.js';

function opt(value: string, label: string, selected: string | null | undefined): Html {
  return html`<option value="${value}"${value === (selected ?? '') ? html` selected` : ''}>${label}</option>`;
}

function newEnterpriseForm(office: Office, v: Viewer, lists: Lists, staff: Staff[], values: Record<string, string>): Html {
  const val = (k: string) => values[k] ?? '';
  return html`<details class="card"${Object.keys(values).length ? html` open` : ''}><summary>登记新企业</summary>
<form method="post" action="${office.base}/enterprises" id="new-enterprise-form">${csrfField(v)}
  <label>企业名称 <input name="name" required size="40" value="${val('name')}"></label>
  <label>统一社会信用代码 <input name="uscc" required size="22" maxlength="18" value="${val('uscc')}"></label>
  <label>所属行业 <select name="industry">${lists.industries.map((i) => opt(i.code, `${i.code} ${i.name}`, val('industry')))}</select></label>
  <label>所属区县 <select name="district">${lists.districts.map((x) => opt(x.name, x.name, val('district')))}</select></label>
  <label>注册日期 <input type="date" name="registeredOn" value="${val('registeredOn')}"></label>
  <label>上年底职工数量 <input type="number" name="headcountLastYearEnd" min="0" value="${val('headcountLastYearEnd')}"></label>
  <label>目前职工数量 <input type="number" name="headcountCurrent" min="0" value="${val('headcountCurrent')}"></label>
  <label>企业规模 <select name="sizeClass">${opt('', '未填', val('sizeClass'))}${Object.entries(SIZE_CLASSES).map(([k, l]) => opt(k, l, val('sizeClass')))}</select></label>
  <label>联系协调员 <select name="coordinatorId">${opt('', '未指定', val('coordinatorId'))}${staff.filter((s) => s.active && s.role !== 'viewer').map((s) => opt(String(s.id), s.displayName, val('coordinatorId')))}</select></label>
  <label>标签（用顿号分隔） <input name="tags" size="40" value="${val('tags')}" placeholder="新注册企业"></label>
  <button type="submit">登记</button>
</form></details>`;
}

export function enterpriseListPage(
  office: Office, v: Viewer, lists: Lists, q: Record<string, string | undefined>, items: Enterprise[], staff: Staff[],
  form: { values: Record<string, string>; error?: string } = { values: {} },
  pendingLinks: LinkRequest[] = [],
): Html {
  const names = new Map(staff.map((s) => [s.id, s.displayName]));
  const filters = html`<form class="filters" method="get" action="${office.base}/enterprises">
  <label>名称或信用代码<input name="search" value="${q.search ?? ''}"></label>
  <label>所属行业<select name="industry">${opt('', '全部', q.industry)}${lists.industries.map((i) => opt(i.code, `${i.code} ${i.name}`, q.industry))}</select></label>
  <label>所属区县<select name="district">${opt('', '全部', q.district)}${lists.districts.map((d) => opt(d.name, d.name, q.district))}</select></label>
  <label>重点监测<select name="watch">${opt('', '全部', q.watch)}${opt('1', '是', q.watch)}</select></label>
  <label>和谐同行培育<select name="harmony">${opt('', '全部', q.harmony)}${opt('1', '是', q.harmony)}</select></label>
  <button type="submit">筛选</button>
  <a class="button secondary" id="export-xlsx" href="${office.base}/enterprises/export.xlsx${q.district ? `?district=${encodeURIComponent(q.district)}` : ''}">导出台账（Excel）</a>
</form>`;
  const rows = items.map(
    (e) => html`<tr>
  <td><a href="${office.base}/enterprises/${e.id}">${e.name}</a></td>
  <td>${industryName(lists, e.industry)}</td>
  <td>${e.district}</td>
  <td class="num">${e.headcountLastYearEnd ?? ''}</td>
  <td class="num">${e.headcountCurrent ?? ''}</td>
  <td>${e.sizeClass ? SIZE_CLASSES[e.sizeClass] : ''}</td>
  <td>${e.watchListed ? html`<span class="tag bad">重点监测</span>` : ''}${e.harmonyCultivated ? html`<span class="tag good">和谐同行</span>` : ''}${e.tags.map((t) => html`<span class="tag">${t}</span>`)}</td>
  <td>${e.coordinatorId ? (names.get(e.coordinatorId) ?? '') : ''}</td>
</tr>`,
  );
  return page(
    office, v, 'enterprises', '企业台账',
    html`${pendingLinksCard(office, pendingLinks)}${filters}${hasRole(v.staff.role, 'coordinator') ? newEnterpriseForm(office, v, lists, staff, form.values) : ''}<p class="muted">共 ${items.length} 家企业</p>
<table id="enterprises"><thead><tr><th>企业名称</th><th>所属行业</th><th>所属区县</th><th>上年底职工数量</th><th>目前职工数量</th><th>规模</th><th>标记</th><th>联系协调员</th></tr></thead>
<tbody>${rows.length ? rows : html`<tr><td colspan="8" class="muted">没有符合条件的企业</td></tr>`}</tbody></table>`,
    form.error ? { error: form.error } : {},
  );
}

export interface EnterpriseDetail {
  enterprise: Enterprise;
  followUps: FollowUp[];
  policies: StabilityPolicy[];
  layoffs: Layoff[];
  headcount: HeadcountEntry[];
  consultations: ConsultationSummary[];
  staff: Staff[];
  links: EnterpriseLinks;
}

export function enterpriseDetailPage(
  office: Office, v: Viewer, lists: Lists, d: EnterpriseDetail, flash: { ok?: string; error?: string }, issued?: IssuedCode,
): Html {
  const e = d.enterprise;
  const canEdit = hasRole(v.staff.role, 'coordinator');
  const coordinator = d.staff.find((s) => s.id === e.coordinatorId);
  const url = `${office.base}/enterprises/${e.id}`;
  const facts = html`<dl class="facts">
  <dt>企业名称</dt><dd>${e.name}</dd>
  <dt>统一社会信用代码</dt><dd>${e.uscc}</dd>
  <dt>所属行业</dt><dd>${e.industry} ${industryName(lists, e.industry)}</dd>
  <dt>所属区县</dt><dd>${e.district}</dd>
  <dt>注册日期</dt><dd>${e.registeredOn ?? ''}</dd>
  <dt>上年底职工数量</dt><dd>${e.headcountLastYearEnd ?? '未填'}</dd>
  <dt>目前职工数量</dt><dd>${e.headcountCurrent ?? '未填'}${e.headcountAsOf ? `（${e.headcountAsOf}）` : ''}</dd>
  <dt>企业规模</dt><dd>${e.sizeClass ? SIZE_CLASSES[e.sizeClass] : ''}</dd>
  <dt>重点监测</dt><dd>${e.watchListed ? '是' : '否'}</dd>
  <dt>和谐同行培育</dt><dd>${e.harmonyCultivated ? '是' : '否'}</dd>
  <dt>联系协调员</dt><dd>${coordinator?.displayName ?? '未指定'}</dd>
  <dt>标签</dt><dd>${e.tags.join('、')}</dd>
  <dt>备注</dt><dd class="pre">${e.note}</dd>
</dl>`;
  const policies = d.policies.length
    ? html`<table><thead><tr><th>年度</th><th>政策</th><th>金额（元）</th><th>备注</th></tr></thead><tbody>${d.policies.map((p) => html`<tr><td>${p.year}</td><td>${p.policy}</td><td class="num">${p.amountYuan ?? ''}</td><td>${p.note}</td></tr>`)}</tbody></table>`
    : html`<p class="muted">暂无</p>`;
  const followUps = d.followUps.length
    ? html`<table id="follow-ups"><thead><tr><th>日期</th><th>指导人员</th><th>指导内容</th><th>下次跟踪</th></tr></thead><tbody>${d.followUps.map((f) => html`<tr><td>${f.date}</td><td>${f.staffName}</td><td class="pre">${f.content}</td><td>${f.nextDate ?? ''}</td></tr>`)}</tbody></table>`
    : html`<p class="muted">暂无</p>`;
  const layoffs = d.layoffs.length
    ? html`<table><thead><tr><th>日期</th><th>人数</th><th>原因</th><th>第四十一条报告</th></tr></thead><tbody>${d.layoffs.map((l) => {
        const needed = requiresArticle41Report(l.count, e.headcountLastYearEnd ?? e.headcountCurrent);
        return html`<tr><td>${l.date}</td><td class="num">${l.count}</td><td>${l.reason}</td><td>${l.reportedArt41 ? '已报告' : needed ? html`<span class="tag bad">应报告，未报告</span>` : '未达报告标准'}</td></tr>`;
      })}</tbody></table>`
    : html`<p class="muted">无</p>`;
  const headcount = d.headcount.length
    ? html`<table><thead><tr><th>统计日期</th><th>职工数量</th><th>来源</th></tr></thead><tbody>${d.headcount.map((h) => html`<tr><td>${h.asOf}</td><td class="num">${h.headcount}</td><td>${h.source}</td></tr>`)}</tbody></table>`
    : html`<p class="muted">暂无</p>`;
  const consultations = d.consultations.length
    ? html`<ul>${d.consultations.map((c) => html`<li><a href="${office.base}/consultations/${c.id}">${formatTime(c.askedAt)} ${c.question.slice(0, 50) || '（已清除）'}</a></li>`)}</ul>`
    : html`<p class="muted">暂无</p>`;
  const today = office.today();
  const forms = canEdit
    ? html`<h2>添加跟踪指导</h2>
<form method="post" action="${url}/follow-ups" class="card" id="follow-up-form">${csrfField(v)}
  <label>指导日期 <input type="date" name="date" value="${today}" required></label>
  <label>指导内容<textarea name="content" required maxlength="5000"></textarea></label>
  <label>下次跟踪日期 <input type="date" name="nextDate"></label>
  <button type="submit">添加</button>
</form>
<h2>记录职工数量</h2>
<form method="post" action="${url}/headcount" class="card">${csrfField(v)}
  <label>统计日期 <input type="date" name="asOf" value="${today}" required></label>
  <label>职工数量 <input type="number" name="headcount" min="0" required></label>
  <label>来源 <input name="source" value="工作人员录入"></label>
  <button type="submit">记录</button>
</form>
<h2>添加已享受的稳岗政策</h2>
<form method="post" action="${url}/policies" class="card">${csrfField(v)}
  <label>政策名称 <input name="policy" list="known-policies" required></label>
  <datalist id="known-policies">${KNOWN_POLICIES.map((p) => html`<option value="${p}">`)}</datalist>
  <label>享受年度 <input type="number" name="year" min="2000" max="2100" value="${today.slice(0, 4)}" required></label>
  <label>金额（元） <input type="number" name="amountYuan" min="0" step="0.01"></label>
  <label>备注 <input name="note"></label>
  <button type="submit">添加</button>
</form>
<h2>添加裁员情况</h2>
<form method="post" action="${url}/layoffs" class="card">${csrfField(v)}
  <label>裁员日期 <input type="date" name="date" value="${today}" required></label>
  <label>裁员人数 <input type="number" name="count" min="1" required></label>
  <label>原因 <input name="reason" required size="60"></label>
  <label><input type="checkbox" name="reportedArt41" value="1"> 已按劳动合同法第四十一条向劳动行政部门报告</label>
  <button type="submit">添加</button>
</form>
<h2>修改企业信息</h2>
<form method="post" action="${url}" class="card" id="edit-form">${csrfField(v)}
  <label>企业名称 <input name="name" value="${e.name}" required size="40"></label>
  <label>所属行业 <select name="industry">${lists.industries.map((i) => opt(i.code, `${i.code} ${i.name}`, e.industry))}</select></label>
  <label>所属区县 <select name="district">${lists.districts.map((x) => opt(x.name, x.name, e.district))}</select></label>
  <label>注册日期 <input type="date" name="registeredOn" value="${e.registeredOn ?? ''}"></label>
  <label>上年底职工数量 <input type="number" name="headcountLastYearEnd" min="0" value="${e.headcountLastYearEnd ?? ''}"></label>
  <label>企业规模 <select name="sizeClass">${opt('', '未填', e.sizeClass)}${Object.entries(SIZE_CLASSES).map(([k, l]) => opt(k, l, e.sizeClass))}</select></label>
  <label>联系协调员 <select name="coordinatorId">${opt('', '未指定', e.coordinatorId ? String(e.coordinatorId) : '')}${d.staff.filter((s) => s.active && s.role !== 'viewer').map((s) => opt(String(s.id), s.displayName, e.coordinatorId ? String(e.coordinatorId) : ''))}</select></label>
  <label><input type="checkbox" name="watchListed" value="1"${e.watchListed ? html` checked` : ''}> 劳动用工重点监测企业</label>
  <label><input type="checkbox" name="harmonyCultivated" value="1"${e.harmonyCultivated ? html` checked` : ''}> “和谐同行”培育企业</label>
  <label>标签（用顿号分隔） <input name="tags" value="${e.tags.join('、')}" size="40"></label>
  <label>备注<textarea name="note" maxlength="2000">${e.note}</textarea></label>
  <button type="submit">保存</button>
</form>`
    : html`<p class="muted">查看者只能查看台账。</p>`;
  return page(
    office, v, 'enterprises', e.name,
    html`<p><a href="${office.base}/enterprises">← 返回企业台账</a></p>
<div class="grid"><section class="card"><h2>基本信息</h2>${facts}</section>
<section class="card"><h2>职工数量变化</h2>${headcount}</section></div>
<section class="card"><h2>已享受的稳岗政策</h2>${policies}</section>
<section class="card"><h2>跟踪指导</h2>${followUps}</section>
<section class="card"><h2>裁员情况</h2>${layoffs}</section>
<section class="card"><h2>咨询记录</h2>${consultations}</section>
${enterpriseLinksSection(office, v, e.id, d.links, canEdit, issued)}
${forms}`,
    flash,
  );
}
