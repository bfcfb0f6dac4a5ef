import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

/**
 * The office edits districts and industries as YAML in knowledge/data/; the ledger reads them at start
 * and validates enterprise records against them.
 */

export interface District {
  name: string;
  kind: string;
  note?: string;
}

export interface Industry {
  /** GB/T 4754-2017 section letter, A–T. */
  code: string;
  name: string;
}

export interface Lists {
  districts: District[];
  industries: Industry[];
}

const districtsFile = z.array(
  z.object({ name: z.string().trim().min(1), kind: z.string().trim().min(1), note: z.string().nullish() }).loose(),
);
const industriesFile = z.array(
  z.object({ code: z.string().trim().regex(/^[A-T]$/), name: z.string().trim().min(1) }).loose(),
);

async function readList<T>(file: string, schema: z.ZodType<T>): Promise<T> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read ${file}: ${(err as Error).message}`);
  }
  const parsed = schema.safeParse(parseYaml(raw));
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`${file} is not in the expected shape: ${where}`);
  }
  return parsed.data;
}

/** Read districts.yaml and industries.yaml from <knowledgeDir>/data. */
export async function loadLists(knowledgeDir: string): Promise<Lists> {
  const dir = path.join(knowledgeDir, 'data');
  const [d, i] = await Promise.all([
    readList(path.join(dir, 'districts.yaml'), districtsFile),
    readList(path.join(dir, 'industries.yaml'), industriesFile),
  ]);
  return {
    districts: d.map((x) => ({ name: x.name, kind: x.kind, ...(x.note ? { note: x.note } : {}) })),
    industries: i.map((x) => ({ code: x.code, name: x.name })),
  };
}

export function industryName(lists: Lists, code: string): string {
  return lists.industries.find((i) => i.code === code)?.name ?? code;
}
