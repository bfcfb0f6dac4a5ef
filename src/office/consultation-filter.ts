import { dayNumber } from '../clock.js';
import type { ConsultationFilter } from '../ledger/consultationSearch.js';
import { CONSULTATION_KINDS, type ConsultationKind } from '../ledger/consultations.js';

/** A real day ('2026-02-30' is malformed too). */
const isDate = (v: string | undefined): v is string => v !== undefined && !Number.isNaN(dayNumber(v));

/** Pages beyond this are empty anyway; a larger number (1e400 is Infinity) would reach SQL as an offset. */
const MAX_PAGE = 100_000;

/** Filters from the query string, shared by the log page and its JSON API; anything malformed is ignored. */
export function parseConsultationFilter(raw: Record<string, string | undefined>): ConsultationFilter & { page: number } {
  // A NUL byte cannot be compared with PostgreSQL text: it turned a filter into a 500.
  const q = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, v?.replace(/\u0000/g, '')]));
  const page = Math.floor(Number(q.page));
  const f: ConsultationFilter & { page: number } = { page: Number.isFinite(page) && page >= 1 ? Math.min(page, MAX_PAGE) : 1 };
  if (isDate(q.from)) f.from = q.from;
  if (isDate(q.to)) f.to = q.to;
  if (q.enterpriseId && /^\d{1,15}$/.test(q.enterpriseId)) f.enterpriseId = Number(q.enterpriseId);
  if (q.enterprise?.trim()) f.enterprise = q.enterprise.trim().slice(0, 100);
  if (q.industry && /^[A-T]$/.test(q.industry)) f.industry = q.industry;
  if (q.district?.trim()) f.district = q.district.trim().slice(0, 50);
  if (q.channel && /^[a-z]{2,20}$/.test(q.channel)) f.channel = q.channel;
  if (q.feedback === 'helpful' || q.feedback === 'unhelpful' || q.feedback === 'none') f.feedback = q.feedback;
  if (q.handedOff === 'yes') f.handedOff = true;
  if (q.handedOff === 'no') f.handedOff = false;
  if (q.weak === '1') f.weak = true;
  if (q.text?.trim()) f.text = q.text.trim().slice(0, 200);
  // Questions unless asked for another kind, or for everything ("all"); hand-offs are listed whatever message
  // asked for them (a 人工 typed on its own is of kind handoff).
  if (q.kind !== 'all' && !(f.handedOff === true && !q.kind)) f.kind = CONSULTATION_KINDS.includes(q.kind as ConsultationKind) ? (q.kind as ConsultationKind) : 'question';
  return f;
}

/** The same filters back as a query string (pager links, export). */
export function filterQuery(q: Record<string, string | undefined>, page?: number): string {
  const params = new URLSearchParams();
  for (const key of ['from', 'to', 'enterpriseId', 'enterprise', 'industry', 'district', 'channel', 'feedback', 'handedOff', 'weak', 'text', 'kind']) {
    const v = q[key];
    if (v) params.set(key, v);
  }
  if (page && page > 1) params.set('page', String(page));
  return params.toString();
}
