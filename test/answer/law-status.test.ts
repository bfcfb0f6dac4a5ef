import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inForceText, wholeRepealed } from '../../src/answer/in-force.js';
import { loadKnowledge } from '../../src/kb/knowledge.js';
import { offlineAnswerer } from '../helpers/answerer.js';

const INTERPRETATION_1 = '最高人民法院关于审理劳动争议案件适用法律问题的解释（一）';
const REPEALED_32_1 = '用人单位与其招用的已经依法享受养老保险待遇或者领取退休金的人员发生用工争议而提起诉讼的，人民法院应当按劳务关系处理。';

describe('article status: a repealed provision is never shown as current law', () => {
  it('finds interpretation (一) article 32 by the full official title and shows that its first paragraph is repealed by interpretation (二)', async () => {
    const a = await (await offlineAnswerer()).answer(`${INTERPRETATION_1}第三十二条`);
    expect(a.citations[0]).toMatchObject({ law: INTERPRETATION_1, article: 32 });
    expect(a.citations[0]!.status).toBe('第一款已于2025年9月1日废止（依据：最高人民法院关于审理劳动争议案件适用法律问题的解释（二）第二十一条）');
    expect(a.text).toContain('【条文状态】第一款已于2025年9月1日废止');
  });

  it('finds articles by the short names people use for the new texts', async () => {
    const answerer = await offlineAnswerer();
    for (const [q, law, n] of [
      ['劳动争议司法解释二第19条', '最高人民法院关于审理劳动争议案件适用法律问题的解释（二）', 19],
      ['集体合同规定第32条', '集体合同规定', 32],
      ['工会法第四十三条', '工会法', 43],
    ] as const) {
      expect((await answerer.answer(q)).citations[0], q).toMatchObject({ law, article: n });
    }
  });

  it('shows 劳动法第八十二条 (sixty days to apply for arbitration) as superseded by the one-year limit of 劳动争议调解仲裁法', async () => {
    const answerer = await offlineAnswerer();
    const a = await answerer.answer('劳动法第八十二条');
    expect(a.citations[0]).toMatchObject({ law: '劳动法', article: 82 });
    expect(a.citations[0]!.status).toContain('劳动争议调解仲裁法第二十七条');
    const limit = await answerer.answer('员工被辞退半年了才去申请劳动仲裁，还来得及吗');
    expect(limit.citations.map((c) => `${c.law}${c.article}`)).toContain('劳动争议调解仲裁法27');
    for (const c of limit.citations) expect(c.quote ?? '').not.toContain('六十日内向劳动争议仲裁委员会提出书面申请');
  });

  it('does not quote the repealed paragraph when an answer cites the article', async () => {
    const answerer = await offlineAnswerer();
    for (const q of ['退休返聘的人跟公司发生纠纷，算劳务关系还是劳动关系？', '已经领退休金的人来我厂里上班，出了争议怎么处理']) {
      const a = await answerer.answer(q);
      for (const c of a.citations) expect(c.quote, q).not.toContain(REPEALED_32_1);
    }
  });
});

describe('the knowledge base keeps status data consistent', () => {
  const k = loadKnowledge(path.resolve('knowledge'));
  const article = (law: string, n: number) => k.articles.find((a) => a.law === law && a.number === n)!;
  const hitLike = (law: string, n: number) => {
    const a = article(law, n);
    return { status: a.status, text: a.text, paragraphs: a.paragraphs.map((p) => p.text + p.items.join('')) };
  };

  it('no guidance card rests on a provision that is repealed or superseded as a whole', () => {
    const resting = k.cards.flatMap((c) => c.cites.filter((x) => wholeRepealed(hitLike(x.law, x.article))).map((x) => `${c.id} → ${x.law}${x.article}`));
    expect(resting).toEqual([]);
  });

  it('in-force text of interpretation (一) article 32 keeps only its second paragraph', () => {
    const text = inForceText(hitLike(INTERPRETATION_1, 32));
    expect(text).not.toContain('按劳务关系处理');
    expect(text).toContain('按劳动关系处理');
  });
});
