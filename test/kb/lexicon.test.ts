import { describe, expect, it } from 'vitest';
import { expandTerms, parseLexicon } from '../../src/kb/lexicon.js';

const lexicon = parseLexicon(
  `entries:
  - { everyday: [小时工], legal: [非全日制用工] }
  - { everyday: [八小时工作制], legal: [工作时间] }
  - { everyday: [辞退, 开除], legal: [解除劳动合同] }
`,
  'lexicon.yaml',
);

describe('lexicon expansion', () => {
  it('lets a longer phrase claim its characters: 小时工 inside 八小时工作制 does not count', () => {
    expect(expandTerms(lexicon, '我们实行八小时工作制吗')).toEqual(['工作时间']);
    expect(expandTerms(lexicon, '招个小时工要签合同吗')).toEqual(['非全日制用工']);
    expect(expandTerms(lexicon, '八小时工作制下还能招小时工吗').sort()).toEqual(['工作时间', '非全日制用工']);
  });

  it('expands every everyday word once', () => {
    expect(expandTerms(lexicon, '辞退还是开除')).toEqual(['解除劳动合同']);
  });
});
