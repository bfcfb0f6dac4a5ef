import { describe, expect, it } from 'vitest';
import { LatentSemantics } from '../../src/kb/latent-semantics.js';
import { tokenize } from '../../src/kb/tokenizer.js';

const cos = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);

// Everyday words and legal terms side by side, as in guidance cards; three unrelated subjects.
const corpus = [
  '老板把我开除了 解除劳动合同 经济补偿',
  '被开除 要不要给补偿 解除劳动合同 经济补偿',
  '公司辞退员工 解除劳动合同 支付经济补偿',
  '用人单位解除劳动合同 应当支付经济补偿',
  '天天加班 加班费 延长工作时间 工资报酬',
  '加班费怎么算 延长工作时间 支付工资报酬',
  '休年假 带薪年休假 年休假天数',
  '年假没休完 带薪年休假 未休年休假工资',
];

describe('latent semantic space', () => {
  const lsa = LatentSemantics.fit(corpus.map(tokenize), 3);

  it('puts an everyday word near the legal term it is used with, and away from other subjects', () => {
    // 开除 and 用人单位解除劳动合同 share no word: only their company in the corpus relates them.
    const fired = lsa.project('开除');
    expect(cos(fired, lsa.project('用人单位解除劳动合同'))).toBeGreaterThan(0.9);
    expect(cos(fired, lsa.project('带薪年休假'))).toBeLessThan(cos(fired, lsa.project('用人单位解除劳动合同')) - 0.5);
    const overtime = lsa.project('加班');
    expect(cos(overtime, lsa.project('延长工作时间'))).toBeGreaterThan(0.9);
    expect(cos(overtime, lsa.project('带薪年休假'))).toBeLessThan(0);
  });

  it('gives a text with no known word a zero vector rather than a random direction', () => {
    expect([...lsa.project('天气预报')].every((x) => x === 0)).toBe(true);
  });

  it('is repeatable and survives saving to disk', () => {
    const again = LatentSemantics.fit(corpus.map(tokenize), 3);
    const { header, buffers } = lsa.serialize();
    const restored = LatentSemantics.deserialize(
      JSON.parse(JSON.stringify(header)),
      buffers.map((b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer),
    );
    for (const text of ['被开除了有没有补偿', '加班费']) {
      expect([...again.project(text)]).toEqual([...lsa.project(text)]);
      expect([...restored.project(text)]).toEqual([...lsa.project(text)]);
    }
  });
});
