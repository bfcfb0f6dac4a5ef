import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { OutreachError } from './errors.js';
import type { LinkedPolicy } from './render.js';

/**
 * The policies a notice may link to, read from knowledge/policies/*.yaml. Only what a notice shows is
 * read (title, document number, validity), and leniently: a policy with its issuer still to be
 * confirmed can be linked, but never one that has expired.
 */
function asDate(v: unknown): string | null {
  return typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : null;
}

/**
 * A policy titled as one year's (“……（2025年）”) with no expiry on file is taken to end with that year:
 * yearly subsidies are re-issued each year, and presenting last year's as current is the worse error.
 * Policies "until replaced" (minimum wage) are not titled that way and stay open-ended.
 */
function annualExpiry(title: string): string | null {
  const m = /（(\d{4})年）$/.exec(title);
  return m ? `${m[1]}-12-31` : null;
}

export function loadLinkablePolicies(knowledgeDir: string): Map<string, LinkedPolicy> {
  const dir = path.join(knowledgeDir, 'policies');
  const out = new Map<string, LinkedPolicy>();
  for (const f of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    const raw = YAML.parse(readFileSync(path.join(dir, f), 'utf8')) as Record<string, unknown>;
    const id = typeof raw.id === 'string' ? raw.id : f.replace(/\.yaml$/, '');
    const title = String(raw.title ?? id);
    out.set(id, {
      id,
      title,
      docNumber: typeof raw.doc_number === 'string' ? raw.doc_number : null,
      effective: asDate(raw.effective),
      expires: asDate(raw.expires) ?? annualExpiry(title),
      ...(asDate(raw.expires) === null && annualExpiry(title) ? { expiresInferred: true } : {}),
    });
  }
  return out;
}

/**
 * Resolve the policies a notice links to and refuse any that is not in force on `today`: an expired
 * policy must never reach an enterprise as if it were current.
 */
export function linkPolicies(ids: string[], today: string, knowledgeDir: string): LinkedPolicy[] {
  if (ids.length === 0) return [];
  const all = loadLinkablePolicies(knowledgeDir);
  const problems: string[] = [];
  const linked: LinkedPolicy[] = [];
  for (const id of ids) {
    const p = all.get(id);
    if (!p) {
      problems.push(`找不到政策“${id}”（knowledge/policies/ 中没有这个编号）`);
      continue;
    }
    const doc = p.docNumber ?? '文号待核实';
    if (p.expires && p.expires < today) {
      problems.push(`《${p.title}》（${doc}）已于 ${p.expires} 失效${p.expiresInferred ? '（文件未登记截止日期，标题注明为年度政策，按当年年底计）' : ''}，不能作为现行政策推送；如有新一年的政策，请先在 knowledge/policies/ 中登记后再关联`);
    } else if (p.effective && p.effective > today) {
      problems.push(`《${p.title}》（${doc}）自 ${p.effective} 起才生效，现在推送会被误解为已经可以申请`);
    } else {
      linked.push(p);
    }
  }
  if (problems.length) throw new OutreachError(`通知不能发送：\n${problems.map((p) => `· ${p}`).join('\n')}`);
  return linked;
}
