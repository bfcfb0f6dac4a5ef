import YAML from 'yaml';
import type { z } from 'zod';
import { KnowledgeParseError } from './parse-error.js';

/**
 * Parse a YAML knowledge file and check it against a schema; any problem becomes a
 * KnowledgeParseError naming the file, the line where known, and the field.
 * `lineOffset` is the file line the YAML text starts on minus one (front matter starts on line 2).
 */
export function parseYaml<S extends z.ZodType>(text: string, file: string, schema: S, lineOffset = 0): z.infer<S> {
  let raw: unknown;
  try {
    raw = YAML.parse(text);
  } catch (e) {
    const line = (e as { linePos?: Array<{ line: number }> }).linePos?.[0]?.line;
    throw new KnowledgeParseError(file, line ? line + lineOffset : undefined, `YAML 无法解析：${(e as Error).message.split('\n')[0]}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new KnowledgeParseError(file, lineOffset ? lineOffset + 1 : undefined, `字段 ${issue.path.join('.') || '(整体)'} 有误：${issue.message}`);
  }
  return parsed.data;
}
