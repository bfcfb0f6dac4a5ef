import type { NoticeDraft } from '../outreach/noticeFile.js';

/**
 * The broadcast composer's fields: the notice (title, topic, body, linked policies) and the audience,
 * one form field per `--where` key. Kept as entered so the page can show them again.
 */
export interface NoticeForm {
  title: string;
  topic: string;
  body: string;
  policies: string[];
  industry: string;
  district: string;
  headcount_min: string;
  headcount_max: string;
  registered_within_days: string;
  watchlist: string;
  cultivated: string;
  tag: string;
  subscribed: string;
  channel: string;
}

const AUDIENCE_FIELDS = ['industry', 'district', 'headcount_min', 'headcount_max', 'registered_within_days', 'watchlist', 'cultivated', 'tag', 'channel'] as const;

export const EMPTY_NOTICE_FORM: NoticeForm = {
  title: '', topic: '', body: '', policies: [], industry: '', district: '', headcount_min: '', headcount_max: '',
  registered_within_days: '', watchlist: '', cultivated: '', tag: '', subscribed: '', channel: '',
};

function text(v: unknown): string {
  return typeof v === 'string' ? v.trim() : '';
}

function list(v: unknown): string[] {
  const raw = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return raw.flatMap((x) => (typeof x === 'string' ? x.split(/[,，\s]+/) : [])).map((s) => s.trim()).filter(Boolean);
}

/** From a parsed form body (policy checkboxes may repeat) or a JSON body (policies as an array or a comma list). */
export function readNoticeForm(body: Record<string, unknown>): NoticeForm {
  const f: NoticeForm = { ...EMPTY_NOTICE_FORM, policies: list(body.policies ?? body['policies[]']) };
  for (const k of ['title', 'topic', 'body', 'subscribed', ...AUDIENCE_FIELDS] as const) f[k] = text(body[k]);
  return f;
}

/**
 * The audience as the `--where` text broadcast() parses (and audits). Separators inside a value are
 * dropped: a field holds one key's values, never another key.
 */
export function audienceWhere(f: NoticeForm): string {
  const clean = (v: string) => v.replace(/[;；=＝]/g, ' ').trim();
  const parts: string[] = [];
  for (const k of AUDIENCE_FIELDS) if (clean(f[k])) parts.push(`${k}=${clean(f[k])}`);
  if (clean(f.subscribed)) parts.push(`topic=${clean(f.subscribed)}`);
  return parts.join(';');
}

/** The notice itself; empty title or body is refused here with the message the page shows. */
export function noticeDraft(f: NoticeForm): NoticeDraft {
  if (!f.title) throw new NoticeFormError('请填写通知标题。');
  if (f.title.length > 200) throw new NoticeFormError('标题不超过200字。');
  if (!f.body) throw new NoticeFormError('请填写通知正文。');
  if (f.topic.length > 50) throw new NoticeFormError('主题不超过50字。');
  return { title: f.title, body: f.body, topic: f.topic || null, policyIds: [...new Set(f.policies)] };
}

export class NoticeFormError extends Error {
  override name = 'NoticeFormError';
}
