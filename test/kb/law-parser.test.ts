import { describe, expect, it } from 'vitest';
import { parseLawFile } from '../../src/kb/law-parser.js';
import { KnowledgeParseError } from '../../src/kb/parse-error.js';

const head = (count: number, extra = '') => `---
title: 中华人民共和国示例法
kind: 法律
issuer: 全国人民代表大会常务委员会
version: 2020-01-01
source: 测试
article_count: ${count}
${extra}---
`;

describe('law file parser', () => {
  it('keeps 章/节 headings, 款 and 项', () => {
    const doc = parseLawFile(
      `${head(2)}
# 中华人民共和国示例法

（2020年1月1日通过）

## 第一章　总则

### 第一节　一般规定

第一条　第一款。

第二款引出下列事项：

（一）甲；

（二）乙。

第二条 第二条正文。
`,
      'laws/示例法.md',
    );
    expect(doc.meta.law).toBe('示例法');
    expect(doc.preamble).toContain('2020年1月1日通过');
    const [a1, a2] = doc.articles;
    expect(a1!.label).toBe('第一条');
    expect(a1!.headings).toEqual(['第一章　总则', '第一节　一般规定']);
    expect(a1!.paragraphs).toEqual([
      { text: '第一款。', items: [] },
      { text: '第二款引出下列事项：', items: ['（一）甲；', '（二）乙。'] },
    ]);
    expect(a1!.text).toBe('第一款。\n第二款引出下列事项：\n（一）甲；\n（二）乙。');
    expect(a2!.text).toBe('第二条正文。');
  });

  it('names the line of a numbering gap', () => {
    const src = `${head(2)}\n# 示例\n\n第一条　甲。\n\n第三条　丙。\n`;
    try {
      parseLawFile(src, 'laws/x.md');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(KnowledgeParseError);
      expect((e as KnowledgeParseError).line).toBe(14);
      expect((e as Error).message).toContain('应为第二条');
    }
  });

  it('rejects a count that differs from article_count and a missing version', () => {
    expect(() => parseLawFile(`${head(3)}\n第一条　甲。\n\n第二条　乙。\n`, 'x.md')).toThrow(/article_count 写的是 3，正文实有 2 条/);
    expect(() => parseLawFile(head(1).replace('version: 2020-01-01\n', '') + '\n第一条　甲。\n', 'x.md')).toThrow(/version/);
  });

  it('parses notices made of 一、二、 sections', () => {
    const doc = parseLawFile(`${head(2, 'units: sections\n')}\n各省：\n\n一、甲事项。\n\n二、乙事项。\n\n补充说明。\n`, 'x.md');
    expect(doc.articles.map((a) => [a.label, a.text])).toEqual([['一、', '甲事项。'], ['二、', '乙事项。\n补充说明。']]);
    expect(doc.preamble).toBe('各省：');
  });

  it('marks unverified articles', () => {
    const doc = parseLawFile(`${head(2, 'unverified: [2]\n')}\n第一条　甲。\n\n第二条　乙。\n`, 'x.md');
    expect(doc.articles.map((a) => a.unverified)).toEqual([false, true]);
  });

  it('parses opinions whose units are （一）（二） items numbered through the document, under 一、 section headings', () => {
    const doc = parseLawFile(
      `${head(3, 'units: items\n')}\n各地：\n\n## 一、规范用工\n\n（一）甲事项。\n\n（二）乙事项。\n1．细则。\n\n## 二、保障权益\n\n（三）丙事项。\n`,
      'x.md',
    );
    expect(doc.articles.map((a) => [a.number, a.label, a.headings, a.text])).toEqual([
      [1, '（一）', ['一、规范用工'], '甲事项。'],
      [2, '（二）', ['一、规范用工'], '乙事项。\n1．细则。'],
      [3, '（三）', ['二、保障权益'], '丙事项。'],
    ]);
  });

  it('parses numbered points (1．) and labels them as the articles they are cited as', () => {
    const doc = parseLawFile(`${head(2, 'units: points\n')}\n## 一、适用范围\n\n1．甲。\n\n2. 乙。\n`, 'x.md');
    expect(doc.articles.map((a) => [a.label, a.headings[0], a.text])).toEqual([['第一条', '一、适用范围', '甲。'], ['第二条', '一、适用范围', '乙。']]);
  });

  it('reads an excerpt: only the listed articles, in order, with the official count kept', () => {
    const doc = parseLawFile(`${head(1260, 'excerpt: [153, 1191]\n')}\n第一百五十三条　甲。\n\n第一千一百九十一条　乙。\n`, 'x.md');
    expect(doc.articles.map((a) => a.number)).toEqual([153, 1191]);
    expect(doc.meta.articleCount).toBe(1260);
    expect(doc.meta.excerpt).toEqual([153, 1191]);
    expect(() => parseLawFile(`${head(1260, 'excerpt: [153, 1191]\n')}\n第一百五十三条　甲。\n\n第一千一百九十二条　乙。\n`, 'x.md')).toThrow(/应为第一千一百九十一条/);
  });

  it('attaches the status of a repealed paragraph to its article, and rejects a status for a paragraph that is not there', () => {
    const status = 'status:\n  - { article: 2, paragraphs: [1], state: repealed, date: 2025-09-01, by: 某解释第二十一条 }\n';
    const doc = parseLawFile(`${head(2, status)}\n第一条　甲。\n\n第二条　乙款。\n\n丙款。\n`, 'x.md');
    expect(doc.articles[0]!.status).toEqual([]);
    expect(doc.articles[1]!.status).toEqual([{ state: 'repealed', paragraphs: [1], date: '2025-09-01', by: '某解释第二十一条' }]);
    expect(() => parseLawFile(`${head(2, status.replace('[1]', '[3]'))}\n第一条　甲。\n\n第二条　乙款。\n\n丙款。\n`, 'x.md')).toThrow(/只有2款，没有第3款/);
  });
});
