import YAML from 'yaml';
import { z } from 'zod';
import { OutreachError } from './errors.js';

/**
 * A notice written as Markdown with front matter, the form office staff hand to `npm run broadcast`:
 *
 *   ---
 *   title: 关于2026年度稳岗返还申报的通知
 *   topic: 稳岗返还
 *   policies: [henan-minimum-wage-2024]
 *   ---
 *   正文……
 */
export interface NoticeDraft {
  title: string;
  body: string;
  topic: string | null;
  policyIds: string[];
}

const front = z.object({
  title: z.string().trim().min(1, '标题不能为空').max(200, '标题不超过200字'),
  topic: z.string().trim().min(1).max(50).nullable().optional(),
  policies: z.array(z.string().min(1)).default([]),
});

export function parseNoticeFile(text: string, file = '通知文件'): NoticeDraft {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(text);
  if (!m) throw new OutreachError(`${file}：开头应有 --- 包围的头部（title、topic、policies），再写正文`);
  let raw: unknown;
  try {
    raw = YAML.parse(m[1]!);
  } catch (e) {
    throw new OutreachError(`${file}：头部无法解析：${(e as Error).message.split('\n')[0]}`);
  }
  const parsed = front.safeParse(raw ?? {});
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new OutreachError(`${file}：头部字段 ${i.path.join('.') || '(整体)'} 有误：${i.message}`);
  }
  const body = m[2]!.trim();
  if (!body) throw new OutreachError(`${file}：正文不能为空`);
  return { title: parsed.data.title, body, topic: parsed.data.topic ?? null, policyIds: parsed.data.policies };
}
