import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLawFile } from '../../src/kb/law-parser.js';
import { parseChineseNumber } from '../../src/kb/numerals.js';

const dir = path.resolve('knowledge/laws');

/**
 * Article counts of the official texts, written down independently of the files' own
 * article_count so that a file missing an article, or one with an extra, fails here.
 */
const EXPECTED: Record<string, number> = {
  劳动合同法: 98,
  劳动合同法实施条例: 38,
  劳动法: 107,
  社会保险法: 98,
  工伤保险条例: 67,
  劳动争议调解仲裁法: 54,
  '最高人民法院关于审理劳动争议案件适用法律问题的解释（一）': 54,
  职工带薪年休假条例: 10,
  企业职工带薪年休假实施办法: 19,
  国务院关于职工工作时间的规定: 9,
  工资支付暂行规定: 20,
  最低工资规定: 15,
  女职工劳动保护特别规定: 16,
  就业促进法: 69,
  失业保险条例: 33,
  保障农民工工资支付条例: 64,
  社会保险费征缴暂行条例: 31,
  禁止使用童工规定: 14,
  劳动保障监察条例: 36,
  劳务派遣暂行规定: 29,
  企业经济性裁减人员规定: 12,
  企业职工患病或非因工负伤医疗期规定: 9,
  全国年节及纪念日放假办法: 8,
  关于职工全年月平均工作时间和工资折算问题的通知: 3,
};

const files = readdirSync(dir).filter((f) => f.endsWith('.md'));

describe('statute files', () => {
  it('cover every document the domain notes list', () => {
    expect(files.map((f) => f.replace(/\.md$/, '')).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  describe.each(files)('%s', (file) => {
    const source = readFileSync(path.join(dir, file), 'utf8');
    const doc = parseLawFile(source, `laws/${file}`);

    it('is named after its official title and carries its version date and source', () => {
      expect(`${doc.meta.law}.md`).toBe(file);
      expect(doc.meta.version).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(doc.meta.source.length).toBeGreaterThan(3);
      expect(doc.meta.issuer.length).toBeGreaterThan(1);
      if (doc.meta.amended.length) expect(doc.meta.version).toBe(doc.meta.amended[doc.meta.amended.length - 1]);
    });

    it('has consecutive article numbers with no gap or repeat, and the official count', () => {
      expect(doc.articles.map((a) => a.number)).toEqual(Array.from({ length: doc.articles.length }, (_, i) => i + 1));
      // The printed labels agree with the numbers (the parser checks order, this checks the text).
      if (doc.meta.units === 'articles') {
        for (const a of doc.articles) expect(parseChineseNumber(a.label.slice(1, -1))).toBe(a.number);
      }
      expect(doc.articles.length).toBe(EXPECTED[doc.meta.law]);
    });

    it('has no empty article and keeps full-width Chinese punctuation', () => {
      for (const a of doc.articles) {
        expect(a.text.trim().length, `${a.label} is empty`).toBeGreaterThan(1);
        expect(a.text, `${a.label} has an ASCII colon or semicolon`).not.toMatch(/[\p{Script=Han}][:;]|[:;][\p{Script=Han}]/u);
      }
    });
  });
});
