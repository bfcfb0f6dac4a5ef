/** Read a local policy file (knowledge/policies/<id>.yaml) for the figures a calculator needs. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { parseYaml } from '../../kb/yaml.js';
import type { PolicyRef } from './types.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

const schema = z.object({
  id: z.string().min(1),
  title: z.string().min(1),
  doc_number: z.string().min(1).nullable(),
  issuer: z.string().min(1),
  region: z.string().min(1),
  topic: z.string().min(1),
  effective: isoDate,
  expires: isoDate.nullable(),
  verified: z.boolean(),
  source: z.string().min(1),
  summary: z.string().optional(),
  figures: z.array(z.object({ label: z.string().min(1), value: z.number(), unit: z.string().min(1) })).default([]),
  todo: z.string().optional(),
});

export type Policy = z.infer<typeof schema>;

export function parsePolicy(text: string, file: string): Policy {
  return parseYaml(text, file, schema);
}

export function loadPolicy(knowledgeDir: string, id: string): Policy {
  const file = path.join('policies', `${id}.yaml`);
  const policy = parsePolicy(readFileSync(path.join(knowledgeDir, file), 'utf8'), file);
  if (policy.id !== id) throw new Error(`${file}: id 应为 ${id}，实际是 ${policy.id}`);
  return policy;
}

export function policyRef(p: Policy): PolicyRef {
  return { id: p.id, title: p.title, docNumber: p.doc_number, issuer: p.issuer, effective: p.effective, verified: p.verified, source: p.source };
}

/** In force on `date` (effective on or before it, not yet expired). */
export function policyInForce(p: Policy, date: string): boolean {
  return p.effective <= date && (p.expires === null || date <= p.expires);
}
