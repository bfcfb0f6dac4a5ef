/**
 * LLM mode for calculations: the model (here the local OpenAI-compatible stub) reads the facts as
 * structured output; the figure comes from the deterministic calculators; a value the text does not
 * contain is dropped; a model that fails leaves the deterministic reading.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { llmFactReader, makeCalculate } from '../../src/answer/calculation/index.js';
import { useOpenAIStub } from '../helpers/openai-stub.js';

const stub = useOpenAIStub();
const NOW = () => new Date('2026-12-03T04:00:00Z');
/** No termination ground the word lists know: offline, the calculator has to ask. */
const QUESTION = '他在我们这干了3年，工资6000，上个月我们把他辞了，要赔多少？';

const facts = (over: Record<string, unknown>) =>
  JSON.stringify({
    monthlyWage: null, localAverageWage: null, serviceMonths: null, totalServiceMonths: null, startDate: null, endDate: null, ground: null,
    workdayOvertimeHours: null, restDayOvertimeHours: null, holidayOvertimeHours: null, timeOffGiven: null, untakenLeaveDays: null, ...over,
  });

function calculator() {
  const reader = llmFactReader({ OPENAI_API_KEY: 'test', OPENAI_BASE_URL: stub().baseURL, OPENAI_MODEL: 'stub-model' }, 2000);
  return makeCalculate(path.resolve('knowledge'), NOW, { readFacts: reader! });
}

describe('facts read by a model', () => {
  it('asks offline, and computes with the ground the model read, through a JSON-schema request', async () => {
    const offline = await makeCalculate(path.resolve('knowledge'), NOW)(QUESTION);
    expect(offline?.ask?.slot).toBe('ground');

    stub().reply = () => facts({ monthlyWage: 6000, serviceMonths: 36, ground: 'redundancy' });
    const c = await calculator()(QUESTION);
    // 3 years → 3 months; laid off for business reasons: N = 6000 × 3 = 18000 (第四十六条、第四十七条).
    expect(c?.results.map((r) => r.figure.value)).toEqual([18000]);
    const req = stub().chatRequests[0]!;
    expect(req.response_format?.type).toBe('json_schema');
    expect(JSON.stringify(req.messages)).toContain('2026-12-03');
  });

  it('drops what the text does not say, and never overrides what the rules read or found disputed', async () => {
    stub().reply = () => facts({ monthlyWage: 9000, serviceMonths: 48, ground: 'wrongful' });
    const c = await calculator()(QUESTION);
    expect(c?.results.map((r) => r.figure.value)).toEqual([36000]); // 6000 × 3 × 2: the text's wage and service
    expect(c?.reading.join()).toContain('月工资6000元');
    // The employer gave a reason of its own: whether it holds is the user's to say, not the model's.
    const disputed = await calculator()('公司说他性格不合群，下周起就不让他来上班了。他工资6000，干了3年，要赔多少？');
    expect(disputed?.ask?.slot).toBe('ground');
  });

  it('keeps the deterministic reading when the model fails', async () => {
    stub().reply = () => ({ status: 500 });
    const c = await calculator()(QUESTION);
    expect(c?.ask?.slot).toBe('ground');
  });
});
