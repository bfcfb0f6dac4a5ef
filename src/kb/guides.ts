import YAML from 'yaml';
import { z } from 'zod';
import { KnowledgeParseError } from './parse-error.js';
import type { GuideCard } from './types.js';

const card = z.object({
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'id 应为小写英文短横线格式'),
  title: z.string().min(2),
  questions: z.array(z.string().min(2)).min(1),
  answer: z.string().min(4),
  cites: z.array(z.object({ law: z.string().min(2), article: z.number().int().positive() })).min(1),
  risk: z.string().nullish(),
  needs: z.array(z.string()).nullish(),
});
const file = z.object({ topic: z.string().min(1), cards: z.array(card).min(1) });

/** Parse one topic file of guidance cards. */
export function parseGuideFile(source: string, path: string): GuideCard[] {
  let raw: unknown;
  try {
    raw = YAML.parse(source);
  } catch (e) {
    const line = (e as { linePos?: Array<{ line: number }> }).linePos?.[0]?.line;
    throw new KnowledgeParseError(path, line, `YAML 无法解析：${(e as Error).message.split('\n')[0]}`);
  }
  const parsed = file.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new KnowledgeParseError(path, undefined, `字段 ${issue.path.join('.')} 有误：${issue.message}`);
  }
  return parsed.data.cards.map((c) => ({
    ...c,
    answer: c.answer.trim(),
    risk: c.risk ?? undefined,
    needs: c.needs ?? undefined,
    topic: parsed.data.topic,
    file: path,
  }));
}
