import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseLawFile } from '../../src/kb/law-parser.js';
import { parseChineseNumber } from '../../src/kb/numerals.js';

const dir = path.resolve('knowledge/laws');

/**
 * Article counts of the official texts, written down independently of the files' own
 * article_count so that a file missing an article, or one with an extra, fails here. For an
 * excerpt (a file holding only some articles, listed in `excerpt:`), this is the count of the whole
 * official document, and the file must say which parts it holds and why.
 */
const EXPECTED: Record<string, number> = {
  劳动合同法: 98,
  劳动合同法实施条例: 38,
  劳动法: 107,
  社会保险法: 98,
  工伤保险条例: 67,
  劳动争议调解仲裁法: 54,
  '最高人民法院关于审理劳动争议案件适用法律问题的解释（一）': 54,
  '最高人民法院关于审理劳动争议案件适用法律问题的解释（二）': 21,
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
  全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定: 5,
  国务院关于渐进式延迟法定退休年龄的办法: 9,
  关于确立劳动关系有关事项的通知: 5,
  集体合同规定: 57,
  工资集体协商试行办法: 26,
  工伤认定办法: 27,
  劳动人事争议仲裁办案规则: 81,
  // The next four are excerpts whose official totals rest on secondary sources (see each file's notes).
  外国人在中国就业管理规定: 31,
  就业服务与就业管理规定: 76,
  '关于贯彻执行《中华人民共和国劳动法》若干问题的意见': 100,
  关于企业实行不定时工作制和综合计算工时工作制的审批办法: 8,
  工会法: 58,
  妇女权益保障法: 86,
  住房公积金管理条例: 47,
  残疾人就业条例: 30,
  社会保险经办条例: 63,
  民法典: 1260,
  人口与计划生育法: 48,
  职业病防治法: 88,
  最高人民法院关于审理工伤保险行政案件若干问题的规定: 9,
  最高人民法院关于审理拒不支付劳动报酬刑事案件适用法律若干问题的解释: 9,
  关于非全日制用工若干问题的意见: 18,
  // Excerpts whose official totals are inferred from secondary sources (see the files' notes).
  '人力资源社会保障部关于执行《工伤保险条例》若干问题的意见（二）': 8,
  '人力资源社会保障部关于执行《工伤保险条例》若干问题的意见': 14,
  '国家劳动总局、财政部关于国营企业职工请婚丧假和路程假问题的通知': 4,
  河南省人口与计划生育条例: 42,
  河南省企业工资集体协商条例: 44,
  河南省企业集体合同条例: 38,
  河南省劳动保障监察条例: 28,
  河南省工伤保险条例: 47,
  河南省就业促进条例: 60,
  河南省失业保险条例: 51,
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

    it('has consecutive article numbers with no gap or repeat, and the official count (an excerpt: the listed articles, and says why)', () => {
      expect(doc.meta.articleCount).toBe(EXPECTED[doc.meta.law]);
      if (doc.meta.excerpt) {
        expect(doc.articles.map((a) => a.number)).toEqual(doc.meta.excerpt);
        expect(doc.meta.excerptNote?.length ?? 0, 'an excerpt says in excerpt_note which parts it holds and why').toBeGreaterThan(10);
        return;
      }
      expect(doc.articles.map((a) => a.number)).toEqual(Array.from({ length: doc.articles.length }, (_, i) => i + 1));
      // The printed labels agree with the numbers (the parser checks order, this checks the text).
      if (doc.meta.units === 'articles') {
        for (const a of doc.articles) expect(parseChineseNumber(a.label.slice(1, -1))).toBe(a.number);
      }
      expect(doc.articles.length).toBe(EXPECTED[doc.meta.law]);
    });

    it('says why its unverified articles are unverified', () => {
      if (doc.meta.unverified.length) expect(`${doc.meta.unverifiedNote ?? ''}${doc.meta.source}`.length).toBeGreaterThan(10);
    });

    it('has no empty article and keeps full-width Chinese punctuation', () => {
      for (const a of doc.articles) {
        expect(a.text.trim().length, `${a.label} is empty`).toBeGreaterThan(1);
        expect(a.text, `${a.label} has an ASCII colon or semicolon`).not.toMatch(/[\p{Script=Han}][:;]|[:;][\p{Script=Han}]/u);
      }
    });
  });
});
