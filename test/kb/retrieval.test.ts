import { describe, expect, it } from 'vitest';
import { findArticleRefs } from '../../src/kb/article-ref.js';
import { shippedRetriever } from '../helpers/kb.js';

const key = (h: { law: string; article: number }) => `${h.law}${h.article}`;

describe('retrieval over the shipped knowledge base', () => {
  it('puts an article the question names first, in any numeral style', async () => {
    const r = await shippedRetriever();
    const cases: Array<[string, string]> = [
      ['劳动合同法第十条', '劳动合同法10'],
      ['劳动法第44条是怎么规定的', '劳动法44'],
      ['《劳动合同法实施条例》第十八条什么意思', '劳动合同法实施条例18'],
      ['工伤保险条例第14条', '工伤保险条例14'],
      ['劳动合同法第四十七条和第八十七条有什么区别', '劳动合同法47'],
      ['劳动合同法47条原文发我一下', '劳动合同法47'],
      // Short names from knowledge/data/law-aliases.yaml.
      ['劳动争议司法解释一第四十四条 举证责任那条', '最高人民法院关于审理劳动争议案件适用法律问题的解释（一）44'],
      ['医疗期规定第三条', '企业职工患病或非因工负伤医疗期规定3'],
      ['劳动仲裁法第27条', '劳动争议调解仲裁法27'],
    ];
    for (const [q, want] of cases) {
      const { hits } = await r.search(q, { k: 5 });
      expect(key(hits[0]!), q).toBe(want);
      expect(hits[0]!.via).toContain('direct');
    }
  });

  it('recognises both articles of "第四十七条和第八十七条" and does not mistake 实施条例 for the law', async () => {
    const r = await shippedRetriever();
    expect(findArticleRefs('劳动合同法第四十七条和第八十七条', r.knowledge.aliases)).toEqual([
      { law: '劳动合同法', article: 47 },
      { law: '劳动合同法', article: 87 },
    ]);
    expect(findArticleRefs('劳动合同法实施条例第十八条', r.knowledge.aliases)).toEqual([{ law: '劳动合同法实施条例', article: 18 }]);
    expect(findArticleRefs('第十条说了什么', r.knowledge.aliases)).toEqual([]);
    // Without 第, only a law's name right before the number makes it a reference.
    expect(findArticleRefs('公司有一条规定说迟到三次开除', r.knowledge.aliases)).toEqual([]);
  });

  it('reads everyday words as the legal terms the statutes use', async () => {
    const r = await shippedRetriever();
    expect((await r.search('老板要把我辞退', { k: 1 })).expansions).toContain('解除劳动合同');
    expect((await r.search('公司不给交五险一金', { k: 1 })).expansions).toContain('社会保险');
  });

  it('finds the governing article for everyday questions', async () => {
    const r = await shippedRetriever();
    const cases: Array<[string, string]> = [
      ['招了人一直没签合同，会有什么后果', '劳动合同法82'],
      ['试用期最长可以定几个月', '劳动合同法19'],
      ['员工干了三年半被公司辞退，经济补偿怎么算', '劳动合同法47'],
      ['员工怀孕了公司能不能把她辞了', '劳动合同法42'],
      ['周末加班工资怎么算', '劳动法44'],
      ['员工上下班路上出车祸算不算工伤', '工伤保险条例14'],
    ];
    for (const [q, want] of cases) {
      const { hits } = await r.search(q, { k: 5 });
      expect(hits.map(key), q).toContain(want);
    }
  });

  it('returns hits with law title, article number, full text and the cards citing them', async () => {
    const r = await shippedRetriever();
    const { hits } = await r.search('试用期最长多久', { k: 3 });
    const h = hits.find((x) => key(x) === '劳动合同法19')!;
    expect(h.title).toBe('中华人民共和国劳动合同法');
    expect(h.label).toBe('第十九条');
    expect(h.text).toContain('试用期不得超过六个月');
    expect(h.text.split('\n')).toHaveLength(4);
    expect(h.cards.length).toBeGreaterThan(0);
  });

  it('answers nothing rather than crashing on empty, punctuation-only or huge input', async () => {
    const r = await shippedRetriever();
    expect((await r.search('', { k: 5 })).hits.length).toBeLessThanOrEqual(5);
    expect((await r.search('？？？！！', { k: 5 })).hits.length).toBeLessThanOrEqual(5);
    const huge = '老板拖欠工资怎么办'.repeat(5000);
    const { hits } = await r.search(huge, { k: 5 });
    expect(hits).toHaveLength(5);
  });
});
