import type { Reply } from '../channels/index.js';

/** A policy as it was checked when the notice was written. */
export interface LinkedPolicy {
  id: string;
  title: string;
  docNumber: string | null;
  effective: string | null;
  expires: string | null;
  /** The expiry was not on file and was taken from an annual policy's title. */
  expiresInferred?: boolean;
}

function validity(p: LinkedPolicy): string {
  const from = p.effective ?? '起始日期待核实';
  return p.expires ? `${from} 至 ${p.expires}` : `${from} 起，长期有效`;
}

/** The plain text every channel receives (adapters add their own formatting). */
export function renderNotice(n: { title: string; body: string; policies?: unknown[] }): Reply {
  const policies = (n.policies ?? []) as LinkedPolicy[];
  const lines = [`【${n.title}】`, '', n.body.trim()];
  if (policies.length) {
    lines.push('', '相关政策：');
    for (const p of policies) lines.push(`· ${p.title}（${p.docNumber ?? '文号待核实'}；有效期 ${validity(p)}）`);
  }
  lines.push('', '（洛阳市人社局用工指导助手。回复“退订”可关闭此类提醒。）');
  return { text: lines.join('\n'), kind: 'notice' };
}
