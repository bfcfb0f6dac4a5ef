import { z } from 'zod';
import type { GuideCard } from './types.js';
import { parseYaml } from './yaml.js';

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
  const data = parseYaml(source, path, file);
  return data.cards.map((c) => ({
    ...c,
    answer: c.answer.trim(),
    risk: c.risk ?? undefined,
    needs: c.needs ?? undefined,
    topic: data.topic,
    file: path,
  }));
}
