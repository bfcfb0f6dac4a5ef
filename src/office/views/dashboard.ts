import { html } from 'hono/html';
import type { DashboardFigures } from '../../ledger/dashboard.js';
import type { Office } from '../context.js';
import { barList, columnChart, donut, progressBar } from './charts.js';
import { page, type Html, type Viewer } from './layout.js';

/** The plan's targets (洛阳“和谐同行”三年行动计划) and how each is counted from the ledger. */
export const TARGETS = [
  { key: 'newEnterprisesServed', label: '新注册企业用工指导', target: 100, period: '三年累计', how: '标为“新注册企业”或注册一年内即有咨询/跟踪指导记录的企业' },
  { key: 'largeOrStrugglingServed', label: '大型或困难企业服务', target: 50, period: '三年累计', how: '大型、重点监测、标为“困难企业”或有裁员记录，且有咨询/跟踪指导记录的企业' },
  { key: 'cultivatedThisYear', label: '“和谐同行”培育企业', target: 16, period: '本年度', how: '标为和谐同行培育、本年度有咨询或跟踪指导记录的企业' },
] as const;

export function dashboardPage(office: Office, v: Viewer, f: DashboardFigures, days: number): Html {
  const rated = f.helpful + f.unhelpful;
  const targets = TARGETS.map((t) => {
    const value = f[t.key];
    return html`<div class="target" data-target="${t.key}"><strong>${t.label}</strong>（${t.period}）：<span class="value">${value}</span> / ${t.target}
${progressBar(value, t.target, t.label)}<div class="muted">${t.how}</div></div>`;
  });
  return page(
    office, v, 'dashboard', '工作概览',
    html`<div class="grid">
<section class="card"><h2>近${days}天咨询量</h2><p><strong id="total">${f.total}</strong> 次提问</p>
${columnChart(f.perDay.map((d) => ({ label: d.day.slice(5), value: d.n })), { title: `近${days}天每日提问数` })}
<p class="muted">只计用户提出的问题；企业登记步骤、按钮、指令、寒暄和转人工请求不计入（都保留在台账中）。</p></section>
<section class="card"><h2>转人工率</h2><p id="handoff-rate">${f.total + f.requests ? `${((f.handedOff / (f.total + f.requests)) * 100).toFixed(1)}%` : '—'}</p><p class="muted">${f.handedOff} 次转人工 / ${f.total + f.requests} 次咨询（提问 ${f.total} 次${f.requests ? `，直接要求人工 ${f.requests} 次` : ''}）${f.withdrawn ? `；另有 ${f.withdrawn} 次用户自行取消，不计入` : ''}</p>
<h2>满意度</h2>${donut(f.helpful, f.unhelpful, '满意度')}<p>👍 ${f.helpful}　👎 ${f.unhelpful}${rated ? '' : '（暂无评价）'}</p></section>
</div>
<section class="card"><h2>热点话题（按引用法规）</h2>${f.topTopics.length ? barList(f.topTopics.map((t) => ({ label: t.topic, value: t.n })), { title: '热点话题' }) : html`<p class="muted">暂无</p>`}</section>
<section class="card" id="targets"><h2>计划目标进度</h2>${targets}</section>`,
  );
}
