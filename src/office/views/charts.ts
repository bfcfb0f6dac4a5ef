import { html } from 'hono/html';
import type { Html } from './layout.js';

/**
 * Inline SVG charts: no script, no external asset, and no style attribute (the console's CSP allows
 * stylesheets from 'self' only; sizing comes from office.css: svg{max-width:100%;height:auto}).
 */

export function columnChart(points: { label: string; value: number }[], opts: { width?: number; height?: number; title: string }): Html {
  const width = opts.width ?? 720;
  const height = opts.height ?? 200;
  const pad = { left: 32, bottom: 28, top: 12, right: 8 };
  const max = Math.max(1, ...points.map((p) => p.value));
  const w = (width - pad.left - pad.right) / Math.max(1, points.length);
  const scale = (height - pad.top - pad.bottom) / max;
  const every = Math.ceil(points.length / 10);
  return html`<svg role="img" aria-label="${opts.title}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">
<title>${opts.title}</title>
<line x1="${pad.left}" y1="${height - pad.bottom}" x2="${width - pad.right}" y2="${height - pad.bottom}" stroke="#b8c4ce"/>
<text x="${pad.left - 4}" y="${pad.top + 8}" text-anchor="end" class="bar-label">${max}</text>
<text x="${pad.left - 4}" y="${height - pad.bottom}" text-anchor="end" class="bar-label">0</text>
${points.map((p, i) => {
  const h = p.value * scale;
  const x = pad.left + i * w;
  return html`<rect x="${(x + 1).toFixed(1)}" y="${(height - pad.bottom - h).toFixed(1)}" width="${Math.max(1, w - 2).toFixed(1)}" height="${h.toFixed(1)}" fill="#1a5fb4"><title>${p.label}：${p.value}</title></rect>${
    i % every === 0 ? html`<text x="${(x + w / 2).toFixed(1)}" y="${height - 10}" text-anchor="middle" class="bar-label">${p.label}</text>` : ''
  }`;
})}
</svg>`;
}

export function barList(items: { label: string; value: number }[], opts: { title: string; width?: number }): Html {
  const width = opts.width ?? 520;
  const row = 24;
  const labelW = 220;
  const max = Math.max(1, ...items.map((i) => i.value));
  const height = Math.max(row, items.length * row);
  return html`<svg role="img" aria-label="${opts.title}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">
<title>${opts.title}</title>
${items.map((it, i) => {
  const w = ((width - labelW - 40) * it.value) / max;
  return html`<text x="${labelW - 6}" y="${i * row + 16}" text-anchor="end" class="bar-label">${it.label.length > 16 ? `${it.label.slice(0, 15)}…` : it.label}</text>
<rect x="${labelW}" y="${i * row + 4}" width="${Math.max(1, w).toFixed(1)}" height="${row - 8}" fill="#2f9e44"/>
<text x="${(labelW + w + 4).toFixed(1)}" y="${i * row + 16}" class="bar-label">${it.value}</text>`;
})}
</svg>`;
}

/** Progress toward a target, e.g. 37 of 100. */
export function progressBar(value: number, target: number, title: string): Html {
  const width = 360;
  const share = Math.min(1, target > 0 ? value / target : 0);
  return html`<svg role="img" aria-label="${title}：${value}/${target}" viewBox="0 0 ${width} 22" width="${width}" height="22" class="block">
<rect x="0" y="3" width="${width}" height="16" rx="3" fill="#eef2f6"/>
<rect x="0" y="3" width="${(width * share).toFixed(1)}" height="16" rx="3" fill="${share >= 1 ? '#2f9e44' : '#1a5fb4'}"/>
</svg>`;
}

/** Two-part ring: satisfied vs not. */
export function donut(good: number, bad: number, title: string): Html {
  const total = good + bad;
  const r = 40;
  const c = 2 * Math.PI * r;
  const share = total ? good / total : 0;
  return html`<svg role="img" aria-label="${title}" viewBox="0 0 120 120" width="120" height="120">
<title>${title}</title>
<circle cx="60" cy="60" r="${r}" fill="none" stroke="${total ? '#e03131' : '#eef2f6'}" stroke-width="18"/>
<circle cx="60" cy="60" r="${r}" fill="none" stroke="#2f9e44" stroke-width="18" stroke-dasharray="${(c * share).toFixed(2)} ${c.toFixed(2)}" transform="rotate(-90 60 60)"/>
<text x="60" y="66" text-anchor="middle" font-size="18">${total ? `${Math.round(share * 100)}%` : '—'}</text>
</svg>`;
}
