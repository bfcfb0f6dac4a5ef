import { describe, expect, it } from 'vitest';
import { runScript } from '../helpers/cli.js';
import { SHIPPED_DATA_DIR } from '../helpers/shipped.js';

const env = { DATA_DIR: SHIPPED_DATA_DIR, LOG_LEVEL: 'info' };

describe('npm run answer -- --jsonl', () => {
  it('writes one answer object per question, in input order, with its id and nothing else on stdout', async () => {
    const input = [
      { id: 'a', question: '劳动合同法第十条' },
      { id: 7, question: '试用期最长能约定多久？' },
      { id: 'c', question: '今天天气怎么样' },
    ].map((q) => JSON.stringify(q)).join('\n');
    const r = await runScript('answer.ts', ['--jsonl'], { env, input });
    expect(r.code).toBe(0);
    const out = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown> & { citations: Array<{ law: string; article: number }> });
    expect(out.map((o) => o.id)).toEqual(['a', 7, 'c']);
    for (const o of out) for (const key of ['text', 'citations', 'figures', 'handoff', 'confidence', 'source']) expect(o).toHaveProperty(key);
    expect(out[0]!.citations[0]).toMatchObject({ law: '劳动合同法', article: 10 });
    expect(out[1]!.citations.map((c) => `${c.law}${c.article}`)).toContain('劳动合同法19');
    expect(out[2]!.source).toBe('none');
  });

  it('reports a malformed line on stderr and answers the rest; refuses to run without --jsonl', async () => {
    const r = await runScript('answer.ts', ['--jsonl'], { env, input: '{"question":"缺少id"}\n{"id":"x","question":"试用期多久"}\n' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('第1行');
    expect(r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l).id)).toEqual(['x']);
    const usage = await runScript('answer.ts', [], { env });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--jsonl');
  });
});
