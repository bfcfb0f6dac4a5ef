import type { ArticleStatus, SearchHit } from '../kb/index.js';
import { toChineseNumber } from '../kb/numerals.js';

const STATE = { amended: '修改', repealed: '废止', superseded: '被新规定取代，不再适用' } as const;

function dateText(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** "第一款已于2025年9月1日废止（最高人民法院……（二）第二十一条）": what a reader must know before relying on it. */
export function statusNote(status: ArticleStatus[]): string | undefined {
  if (!status.length) return undefined;
  return status
    .map((s) => {
      const part = s.paragraphs ? s.paragraphs.map((p) => `第${toChineseNumber(p)}款`).join('、') : '本条';
      return `${part}${s.state === 'superseded' ? '自' : '已于'}${dateText(s.date)}${s.state === 'superseded' ? '起' : ''}${STATE[s.state]}（依据：${s.by}）${s.note ? `，${s.note}` : ''}`;
    })
    .join('；');
}

const gone = (s: ArticleStatus) => s.state !== 'amended';

/** The whole article is repealed or superseded: it may be shown as history when asked for, never as the rule. */
export function wholeRepealed(hit: Pick<SearchHit, 'status'>): boolean {
  return hit.status.some((s) => gone(s) && !s.paragraphs);
}

/** The article's text without its repealed 款 (款 separated by newlines), for quoting as current law. */
export function inForceText(hit: Pick<SearchHit, 'status' | 'paragraphs' | 'text'>): string {
  const dropped = new Set(hit.status.filter(gone).flatMap((s) => s.paragraphs ?? []));
  if (!dropped.size) return hit.text;
  return hit.paragraphs.filter((_p, i) => !dropped.has(i + 1)).join('\n');
}
