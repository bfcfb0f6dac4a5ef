import { z } from 'zod';

/**
 * Input validation shared by the repositories. Messages are plain Simplified Chinese for the office
 * staff and enterprise users who will read them; each bad field gets its own line.
 */

export interface FieldIssue {
  /** Dotted path of the field in the input, e.g. "headcountCurrent" or "citations.0.title". */
  field: string;
  message: string;
}

export class LedgerValidationError extends Error {
  readonly issues: FieldIssue[];
  constructor(what: string, issues: FieldIssue[]) {
    super(`${what}有误：${issues.map((i) => i.message).join('；')}`);
    this.name = 'LedgerValidationError';
    this.issues = issues;
  }
  /** Message for one field, for tests and forms. */
  messageFor(field: string): string | undefined {
    return this.issues.find((i) => i.field === field)?.message;
  }
}

export class LedgerNotFoundError extends Error {
  constructor(what: string, id: unknown) {
    super(`${what}不存在：${String(id)}`);
    this.name = 'LedgerNotFoundError';
  }
}

type Issue = z.core.$ZodRawIssue;

function count(n: unknown): string {
  return typeof n === 'bigint' ? n.toString() : String(n);
}

/** Default wording for zod's built-in checks (schemas give specific messages where they matter). */
function zhMessage(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type': {
      if (issue.input === undefined) return '必须填写';
      const expected: Record<string, string> = {
        string: '应为文字', number: '应为数字', int: '应为整数', boolean: '应为“是”或“否”', array: '应为列表',
        object: '格式不对', date: '应为日期',
      };
      return expected[issue.expected] ?? '格式不对';
    }
    case 'too_small':
      if (issue.origin === 'string') return Number(issue.minimum) <= 1 ? '不能为空' : `至少${count(issue.minimum)}个字`;
      if (issue.origin === 'array' || issue.origin === 'set') return `至少${count(issue.minimum)}项`;
      return issue.inclusive ? `不能小于${count(issue.minimum)}` : `应大于${count(issue.minimum)}`;
    case 'too_big':
      if (issue.origin === 'string') return `不能超过${count(issue.maximum)}个字`;
      if (issue.origin === 'array' || issue.origin === 'set') return `最多${count(issue.maximum)}项`;
      return issue.inclusive ? `不能大于${count(issue.maximum)}` : `应小于${count(issue.maximum)}`;
    case 'invalid_value':
      return `应为以下之一：${issue.values.map(String).join('、')}`;
    case 'invalid_format':
      if (issue.format === 'date') return '应为日期，格式如 2025-03-01';
      if (issue.format === 'datetime') return '应为时间，格式如 2025-03-01T08:30:00+08:00';
      return '格式不正确';
    case 'not_multiple_of':
      return `应为${count(issue.divisor)}的整数倍`;
    case 'unrecognized_keys':
      return `不认识的字段：${issue.keys.join('、')}`;
    default:
      return '格式不正确';
  }
}

/** Parse input with schema or throw LedgerValidationError naming each bad field by its Chinese label. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what: string, labels: Record<string, string>): z.output<S> {
  const result = schema.safeParse(input, { error: (iss) => zhMessage(iss) });
  if (result.success) return result.data;
  const issues = result.error.issues.map((i): FieldIssue => {
    // An unknown key is reported on that key, so a form can point at it.
    const field = i.code === 'unrecognized_keys' ? [...i.path, i.keys[0]].map(String).join('.') : i.path.map(String).join('.');
    const label = i.path.length === 0 ? '' : (labels[String(i.path[0])] ?? field);
    // Messages that already name their field (USCC rules) are used as they are.
    const message = label && !i.message.startsWith(label) ? `${label}${i.message}` : i.message;
    return { field, message };
  });
  throw new LedgerValidationError(what, issues);
}

// ---------- building blocks ----------

/** Calendar date as 'YYYY-MM-DD' that really exists (2025-02-30 is rejected). */
export const isoDate = z.iso.date({ error: '应为日期，格式如 2025-03-01' });

export const timestamp = z.union([z.date(), z.iso.datetime({ offset: true })], { error: '应为时间' }).transform((v) => new Date(v));

export const idSchema = z.number({ error: '应为编号（正整数）' }).int({ error: '应为编号（正整数）' }).positive({ error: '应为编号（正整数）' });

export const text = (max: number) => z.string().trim().min(1).max(max);

export const CHANNELS = ['telegram', 'wechat', 'web', 'console'] as const;
export const channelSchema = z.enum(CHANNELS, { error: `应为以下渠道之一：${CHANNELS.join('、')}` });
export type Channel = (typeof CHANNELS)[number];

/**
 * Turn a unique / foreign-key violation into a field message, so a duplicate USCC or an unknown
 * coordinator reads like any other validation failure. Other errors pass through unchanged.
 */
export function translateConstraintError(err: unknown, what: string, byConstraint: Record<string, FieldIssue>): unknown {
  const e = err as { code?: string; constraint?: string };
  if ((e?.code === '23505' || e?.code === '23503') && e.constraint && byConstraint[e.constraint]) {
    return new LedgerValidationError(what, [byConstraint[e.constraint]!]);
  }
  return err;
}
