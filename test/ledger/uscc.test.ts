import { describe, expect, it } from 'vitest';
import { checkUscc, makeEnterpriseUscc, normalizeUscc, usccCheckChar, USCC_CHARSET } from '../../src/ledger/uscc.js';

describe('统一社会信用代码 (GB 32100)', () => {
  it('computes the check character from the weights by hand', () => {
    // Independent re-statement of the rule: check = 31 − (Σ value×weight mod 31), 31 → 0.
    const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
    const sum = (s: string) => [...s].reduce((acc, c, i) => acc + USCC_CHARSET.indexOf(c) * weights[i]!, 0);
    for (const code of ['91350100M000100Y43', '91110000600037341L']) {
      const expected = USCC_CHARSET[(31 - (sum(code.slice(0, 17)) % 31)) % 31];
      expect(code[17]).toBe(expected);
      expect(usccCheckChar(code.slice(0, 17))).toBe(expected);
    }
  });

  it.each(['91350100M000100Y43', '91110000600037341L'])('accepts the real code %s', (code) => {
    expect(checkUscc(code)).toEqual({ ok: true, code });
  });

  it('accepts lower-case, full-width and spaced input after normalisation', () => {
    expect(checkUscc('91350100m000100y43')).toEqual({ ok: true, code: '91350100M000100Y43' });
    expect(checkUscc('９１３５０１００Ｍ０００１００Ｙ４３')).toEqual({ ok: true, code: '91350100M000100Y43' });
    expect(checkUscc('９１３５０１００ｍ０００１００ｙ４３')).toEqual({ ok: true, code: '91350100M000100Y43' });
    expect(checkUscc(' 9111 0000 6000 3734 1l\u3000')).toEqual({ ok: true, code: '91110000600037341L' });
    expect(normalizeUscc('ａｂｃ１２３')).toBe('ABC123');
  });

  it('maps a check value of 31 to "0"', () => {
    // Find a body whose Σ mod 31 is 0, so 31 − 0 = 31 must wrap to 0.
    let found = false;
    for (let serial = 0; serial < 5000 && !found; serial++) {
      const code = makeEnterpriseUscc('410305', serial);
      if (code.endsWith('0')) {
        expect(checkUscc(code).ok).toBe(true);
        found = true;
      }
    }
    expect(found).toBe(true);
  });

  const failures: [string, string, string, string][] = [
    ['empty', '', 'empty', '统一社会信用代码不能为空'],
    ['only spaces', '   ', 'empty', '统一社会信用代码不能为空'],
    ['too short', '91350100M000100Y4', 'length', '统一社会信用代码应为18位，实际为17位'],
    ['too long', '91350100M000100Y433', 'length', '统一社会信用代码应为18位，实际为19位'],
    ['letter I', '91350100I000100Y43', 'forbidden-letter', '统一社会信用代码不使用字母I、O、S、V、Z，第9位却是“I”'],
    ['letter O', '9135010OM000100Y43', 'forbidden-letter', '统一社会信用代码不使用字母I、O、S、V、Z，第8位却是“O”'],
    ['letter S', '91350100MS00100Y43', 'forbidden-letter', '统一社会信用代码不使用字母I、O、S、V、Z，第10位却是“S”'],
    ['letter V', '91350100M000100V43', 'forbidden-letter', '统一社会信用代码不使用字母I、O、S、V、Z，第16位却是“V”'],
    ['letter Z', '91350100M000100Y4Z', 'forbidden-letter', '统一社会信用代码不使用字母I、O、S、V、Z，第18位却是“Z”'],
    ['other character', '91350100M0001-0Y43', 'charset', '统一社会信用代码第14位“-”不是合法字符'],
    ['bad registration authority (pos 1)', 'B1350100M000100Y43', 'authority', '统一社会信用代码第1位登记管理部门代码“B”无效，应为1–9、A、N、Y之一'],
    ['authority 0 (pos 1)', '01350100M000100Y43', 'authority', '统一社会信用代码第1位登记管理部门代码“0”无效，应为1–9、A、N、Y之一'],
    ['entity type not allowed for authority 9 (pos 2)', '94350100M000100Y43', 'entity-type', '统一社会信用代码第2位机构类别代码“4”与第1位登记管理部门“9”（市场监管（工商））不匹配，应为1、2、3之一'],
    ['entity type not allowed for authority 5 (pos 2)', '5A350100M000100Y43', 'entity-type', '统一社会信用代码第2位机构类别代码“A”与第1位登记管理部门“5”（民政）不匹配，应为1、2、3、9之一'],
    ['region with a letter (pos 3–8)', '913501A0M000100Y43', 'region', '统一社会信用代码第3–8位应为6位数字的行政区划码，实际为“3501A0”'],
    ['region with an unknown province (pos 3–8)', '91990100M000100Y43', 'region', '统一社会信用代码第3–8位行政区划码“990100”的省级代码“99”不存在'],
    ['wrong check digit', '91350100M000100Y44', 'check-digit', '统一社会信用代码第18位校验码应为3，实际为4'],
    ['wrong check digit (letter)', '91110000600037341K', 'check-digit', '统一社会信用代码第18位校验码应为L，实际为K'],
  ];
  it.each(failures)('rejects %s with its own message', (_what, input, rule, message) => {
    const r = checkUscc(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.rule).toBe(rule);
      expect(r.message).toBe(message);
    }
  });

  it('gives every failure kind a distinct message', () => {
    const messages = new Set(failures.map((f) => f[3].replace(/[“”].*?[“”]|\d+/g, '')));
    expect(messages.size).toBeGreaterThanOrEqual(8);
  });

  it('generates valid enterprise codes for the demo data', () => {
    for (let i = 0; i < 500; i++) expect(checkUscc(makeEnterpriseUscc('410311', i * 7919)).ok).toBe(true);
  });
});
