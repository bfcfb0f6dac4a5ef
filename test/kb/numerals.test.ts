import { describe, expect, it } from 'vitest';
import { articleLabel, parseChineseNumber, toChineseNumber } from '../../src/kb/numerals.js';

describe('Chinese article numbers', () => {
  it.each([
    ['一', 1], ['十', 10], ['十二', 12], ['二十', 20], ['四十七', 47], ['一百', 100], ['一百零二', 102],
    ['一百一十', 110], ['一百二十三', 123], ['44', 44], ['４４', 44],
  ])('%s → %d', (s, n) => expect(parseChineseNumber(s)).toBe(n));

  it('rejects what is not a number', () => {
    expect(parseChineseNumber('条')).toBeUndefined();
    expect(parseChineseNumber('')).toBeUndefined();
  });

  it('writes numbers the way statutes print them and round-trips 1..300', () => {
    expect(articleLabel(47)).toBe('第四十七条');
    expect(toChineseNumber(10)).toBe('十');
    expect(toChineseNumber(102)).toBe('一百零二');
    expect(toChineseNumber(110)).toBe('一百一十');
    for (let n = 1; n <= 300; n++) expect(parseChineseNumber(toChineseNumber(n))).toBe(n);
  });
});
