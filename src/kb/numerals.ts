/** Chinese numerals as used in article numbers (第一百零二条, 第44条) and their inverse. */

const DIGITS: Record<string, number> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};
const UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** Parse "四十七", "一百零二", "十", "47" (also full-width digits). Returns undefined when not a number. */
export function parseChineseNumber(s: string): number | undefined {
  const t = s.normalize('NFKC').trim();
  if (/^\d+$/.test(t)) return Number(t);
  if (!t || ![...t].every((c) => c in DIGITS || c in UNITS)) return undefined;
  let total = 0;
  let current = 0;
  for (const c of t) {
    if (c in DIGITS) {
      current = DIGITS[c]!;
    } else {
      // "十" alone at the start means 10 (十二 = 12).
      total += (current || 1) * UNITS[c]!;
      current = 0;
    }
  }
  return total + current;
}

const NAMES = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/** 47 → "四十七", 102 → "一百零二", 10 → "十", 110 → "一百一十" (the official article style). */
export function toChineseNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 9999) throw new RangeError(`unsupported number ${n}`);
  if (n < 10) return NAMES[n]!;
  if (n < 20) return '十' + (n % 10 ? NAMES[n % 10] : '');
  const parts: string[] = [];
  const units: Array<[number, string]> = [[1000, '千'], [100, '百'], [10, '十'], [1, '']];
  let zero = false;
  let started = false;
  for (const [value, unit] of units) {
    const d = Math.floor(n / value) % 10;
    if (d === 0) {
      if (started) zero = true;
      continue;
    }
    if (zero) parts.push('零');
    zero = false;
    started = true;
    parts.push(NAMES[d]! + unit);
  }
  return parts.join('');
}

/** "第四十七条" for 47. */
export const articleLabel = (n: number): string => `第${toChineseNumber(n)}条`;
