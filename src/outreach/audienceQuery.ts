import type { AudienceFilter, Channel, Lists } from '../ledger/index.js';
import { CHANNELS } from '../ledger/index.js';
import { OutreachError } from './errors.js';

/**
 * The audience written as `key=value;key=value` (the broadcast command's --where, the chat staff
 * command). Values separated by commas mean "any of". Keys: industry, district, headcount_min,
 * headcount_max, registered_within_days, watchlist, cultivated, tag, topic, channel.
 */
export const AUDIENCE_KEYS = {
  industry: '行业门类（A–T 或名称）',
  district: '区县',
  headcount_min: '职工数不少于',
  headcount_max: '职工数不多于',
  registered_within_days: '注册不满多少天',
  watchlist: '重点监测企业（是/否）',
  cultivated: '和谐同行培育企业（是/否）',
  tag: '标签',
  topic: '订阅主题',
  channel: '渠道',
} as const;

/** The ledger's own bound on a headcount (enterprises.ts); a century of days. */
const MAX_HEADCOUNT = 1_000_000;
const MAX_DAYS = 36_500;

const YES = new Set(['1', 'true', 'yes', 'y', '是']);
const NO = new Set(['0', 'false', 'no', 'n', '否']);

export function parseAudience(where: string, lists: Lists): AudienceFilter {
  const f: AudienceFilter = {};
  const problems: string[] = [];
  for (const part of where.split(/[;；]/).map((s) => s.trim()).filter(Boolean)) {
    const eq = part.search(/[=＝]/);
    if (eq < 0) {
      problems.push(`“${part}”应写成 键=值`);
      continue;
    }
    const key = part.slice(0, eq).trim();
    const values = part.slice(eq + 1).split(/[,，]/).map((v) => v.trim()).filter(Boolean);
    if (values.length === 0) {
      problems.push(`${key} 没有值`);
      continue;
    }
    const one = values[0]!;
    // Bounded by what the columns hold (headcount as in the ledger, days as an int): a value past them
    // made the database refuse the query, a 500 instead of this message.
    const int = (label: string, max: number) => {
      const n = Number(one);
      if (/^\+?\d/.test(one) && (!Number.isFinite(n) || n > max)) problems.push(`${label}应为不超过 ${max.toLocaleString('en-US')} 的非负整数，而不是“${one}”`);
      else if (!Number.isInteger(n) || n < 0) problems.push(`${label}应为非负整数，而不是“${one}”`);
      return n;
    };
    const bool = (label: string) => {
      if (YES.has(one.toLowerCase())) return true;
      if (NO.has(one.toLowerCase())) return false;
      problems.push(`${label}应为 是 或 否，而不是“${one}”`);
      return undefined;
    };
    switch (key) {
      case 'industry': {
        const codes: string[] = [];
        for (const v of values) {
          const hit = lists.industries.find((i) => i.code === v.toUpperCase() || i.name === v);
          if (hit) codes.push(hit.code);
          else problems.push(`“${v}”不是国民经济行业门类（应为 A–T 的字母或门类名称）`);
        }
        f.industry = codes;
        break;
      }
      case 'district': {
        const names = lists.districts.map((d) => d.name);
        for (const v of values) if (!names.includes(v)) problems.push(`“${v}”不在区县名单中（${names.join('、')}）`);
        f.district = values;
        break;
      }
      case 'headcount_min': f.headcountMin = int('职工数下限', MAX_HEADCOUNT); break;
      case 'headcount_max': f.headcountMax = int('职工数上限', MAX_HEADCOUNT); break;
      case 'registered_within_days': f.registeredWithinDays = int('注册天数', MAX_DAYS); break;
      case 'watchlist': { const b = bool('watchlist'); if (b !== undefined) f.watchListed = b; break; }
      case 'cultivated': { const b = bool('cultivated'); if (b !== undefined) f.harmonyCultivated = b; break; }
      case 'tag': f.tag = values; break;
      case 'topic': f.topic = one; break;
      case 'channel': {
        for (const v of values) if (!(CHANNELS as readonly string[]).includes(v)) problems.push(`渠道“${v}”应为 ${CHANNELS.join('、')} 之一`);
        f.channel = values as Channel[];
        break;
      }
      default:
        problems.push(`不认识的条件“${key}”，可用：${Object.entries(AUDIENCE_KEYS).map(([k, v]) => `${k}（${v}）`).join('、')}`);
    }
  }
  if (f.headcountMin !== undefined && f.headcountMax !== undefined && f.headcountMin > f.headcountMax) {
    problems.push(`职工数下限 ${f.headcountMin} 大于上限 ${f.headcountMax}`);
  }
  if (problems.length) throw new OutreachError(`发送对象条件有误：\n${problems.map((p) => `· ${p}`).join('\n')}`);
  return f;
}
