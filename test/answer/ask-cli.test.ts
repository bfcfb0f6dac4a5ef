import { describe, expect, it } from 'vitest';
import { runScript } from '../helpers/cli.js';
import { SHIPPED_DATA_DIR } from '../helpers/shipped.js';

const env = { DATA_DIR: SHIPPED_DATA_DIR };

describe('npm run ask', () => {
  it('--json prints one object with text, citations, figures and handoff', async () => {
    const r = await runScript('ask.ts', ['--json', '干了三年半，月薪8000，公司协商解除，经济补偿多少'], { env });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const a = JSON.parse(lines[0]!) as {
      text: string; citations: Array<{ law: string; article: number }>; figures: Array<{ label: string; value: number; unit: string }>;
      handoff: { needed: boolean; reason?: string };
    };
    expect(a.text.length).toBeGreaterThan(20);
    expect(a.citations.map((c) => `${c.law}${c.article}`)).toContain('劳动合同法47');
    expect(a.figures).toContainEqual(expect.objectContaining({ label: '经济补偿', value: 32000, unit: '元' }));
    expect(a.handoff).toEqual({ needed: false });
  });

  it('prints the full answer and the articles it found', async () => {
    const r = await runScript('ask.ts', ['试用期最长可以约定多久'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('依据：');
    expect(r.stdout).toContain('《劳动合同法》第十九条');
    expect(r.stdout).toContain('检索到的条文');
  });

  it('asks for a question when given none', async () => {
    const r = await runScript('ask.ts', [], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('请在命令后写上要问的问题');
  });
});
