/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters =
 *   1 登记管理部门代码 · 1 机构类别代码 · 6 登记管理机关行政区划码 · 9 主体标识码(组织机构代码) · 1 校验码.
 * Each rule that fails gets its own message, so an office clerk can see which character to fix.
 */

export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** Entity-type codes (position 2) allowed under each registration-authority code (position 1). */
const ENTITY_TYPES: Record<string, { authority: string; types: string }> = {
  '1': { authority: '机构编制', types: '1239' },
  '2': { authority: '外交', types: '19' },
  '3': { authority: '司法行政', types: '123459' },
  '4': { authority: '文化', types: '19' },
  '5': { authority: '民政', types: '1239' },
  '6': { authority: '旅游', types: '129' },
  '7': { authority: '宗教', types: '129' },
  '8': { authority: '工会', types: '19' },
  '9': { authority: '市场监管（工商）', types: '123' },
  A: { authority: '中央军委改革和编制办公室', types: '19' },
  N: { authority: '农业', types: '1239' },
  Y: { authority: '其他', types: '1' },
};

/** Province-level prefixes of GB/T 2260 codes; 10 is used for organisations registered nationally. */
const PROVINCES = new Set([
  '10', '11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65',
  '71', '81', '82',
]);

export type UsccResult = { ok: true; code: string } | { ok: false; code: string; rule: UsccRule; message: string };
export type UsccRule = 'empty' | 'length' | 'forbidden-letter' | 'charset' | 'authority' | 'entity-type' | 'region' | 'check-digit';

/** Trim, fold full-width characters to ASCII, drop inner spaces, upper-case. */
export function normalizeUscc(input: string): string {
  return input
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]/g, '')
    .toUpperCase();
}

/** The check character for the first 17 characters (which must already be valid). */
export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_CHARSET.indexOf(first17[i]!) * WEIGHTS[i]!;
  const check = (31 - (sum % 31)) % 31;
  return USCC_CHARSET[check]!;
}

export function checkUscc(input: string): UsccResult {
  const code = normalizeUscc(input);
  const fail = (rule: UsccRule, message: string): UsccResult => ({ ok: false, code, rule, message });
  if (code.length === 0) return fail('empty', '统一社会信用代码不能为空');
  if (code.length !== 18) return fail('length', `统一社会信用代码应为18位，实际为${code.length}位`);
  for (let i = 0; i < 18; i++) {
    const c = code[i]!;
    if ('IOSVZ'.includes(c)) {
      return fail('forbidden-letter', `统一社会信用代码不使用字母I、O、S、V、Z，第${i + 1}位却是“${c}”`);
    }
    if (!USCC_CHARSET.includes(c)) return fail('charset', `统一社会信用代码第${i + 1}位“${c}”不是合法字符`);
  }
  const authority = ENTITY_TYPES[code[0]!];
  if (!authority) {
    return fail('authority', `统一社会信用代码第1位登记管理部门代码“${code[0]}”无效，应为1–9、A、N、Y之一`);
  }
  if (!authority.types.includes(code[1]!)) {
    const allowed = authority.types.split('').join('、');
    return fail(
      'entity-type',
      `统一社会信用代码第2位机构类别代码“${code[1]}”与第1位登记管理部门“${code[0]}”（${authority.authority}）不匹配，应为${allowed}之一`,
    );
  }
  const region = code.slice(2, 8);
  if (!/^\d{6}$/.test(region)) {
    return fail('region', `统一社会信用代码第3–8位应为6位数字的行政区划码，实际为“${region}”`);
  }
  if (!PROVINCES.has(region.slice(0, 2))) {
    return fail('region', `统一社会信用代码第3–8位行政区划码“${region}”的省级代码“${region.slice(0, 2)}”不存在`);
  }
  const expected = usccCheckChar(code.slice(0, 17));
  if (code[17] !== expected) {
    return fail('check-digit', `统一社会信用代码第18位校验码应为${expected}，实际为${code[17]}`);
  }
  return { ok: true, code };
}

/** GB 11714 check character for an 8-character organisation code body (used to generate realistic codes). */
export function orgCodeCheckChar(body8: string): string {
  const w = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = body8[i]!;
    const v = /\d/.test(c) ? Number(c) : c.charCodeAt(0) - 55; // A=10 … Z=35
    sum += v * w[i]!;
  }
  const r = 11 - (sum % 11);
  return r === 10 ? 'X' : r === 11 ? '0' : String(r);
}

/** Build a valid enterprise USCC (9 1 …) from a 6-digit region code and a serial number. */
export function makeEnterpriseUscc(region: string, serial: number): string {
  const body = String(serial % 1e8).padStart(8, '0');
  const first17 = `91${region}${body}${orgCodeCheckChar(body)}`;
  return first17 + usccCheckChar(first17);
}
