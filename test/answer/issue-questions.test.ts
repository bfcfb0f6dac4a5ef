import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/types.js';
import { offlineAnswerer } from '../helpers/answerer.js';

/**
 * Questions real people asked that the assistant once answered wrongly and with confidence (issue 12).
 * Each test asserts the conclusion a labour lawyer would give and the article it rests on.
 */
const cited = (a: Answer) => a.citations.map((c) => `${c.law}${c.article}`);
const II = '最高人民法院关于审理劳动争议案件适用法律问题的解释（二）';

describe('answers that once were wrong and sure of themselves', () => {
  it('concealing marriage or childbearing plans is not fraud: the contract is not void (劳动合同法第八条)', async () => {
    const a = await (await offlineAnswerer()).answer('员工隐瞒婚育情况，合同无效吗');
    expect(a.unsure, a.text).toBeFalsy();
    expect(cited(a)).toContain('劳动合同法8');
    expect(a.text).toMatch(/不(属于|构成|算)欺诈/);
    expect(a.text).not.toMatch(/^[^。]*合同无效。/);
  });

  it('an agreement to take social insurance as cash is void (interpretation (二) article 19)', async () => {
    const answerer = await offlineAnswerer();
    for (const q of ['员工自己要求不交社保，把社保钱折成现金发给他，签了协议，这个协议有效吗', '跟老板约定社保折现发到工资里，这个约定算数吗']) {
      const a = await answerer.answer(q);
      expect(a.unsure, `${q}\n${a.text}`).toBeFalsy();
      expect(cited(a), q).toContain(`${II}19`);
      expect(a.text, q).toMatch(/无效/);
    }
  });

  it('a resigning worker who leaves of his own will gets no economic compensation (劳动合同法第四十六条)', async () => {
    const a = await (await offlineAnswerer()).answer('员工自己主动辞职的，公司要给经济补偿吗');
    expect(a.unsure, a.text).toBeFalsy();
    expect(cited(a)).toContain('劳动合同法46');
    expect(a.text).toMatch(/不(需要|用|必)?(支付|给)/);
  });
});
