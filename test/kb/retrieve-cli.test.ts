import { describe, expect, it } from 'vitest';
import { runScript } from '../helpers/cli.js';
import { SHIPPED_DATA_DIR } from '../helpers/shipped.js';

const env = { DATA_DIR: SHIPPED_DATA_DIR };

describe('npm run retrieve', () => {
  it('writes exactly one JSON line per question, best first, with the full article text', async () => {
    const input = [
      { id: 'a', question: '劳动合同法第十条' },
      { id: 7, question: '没签劳动合同要赔双倍工资吗' },
      { id: 'c', question: '劳动法第44条' },
    ].map((q) => JSON.stringify(q)).join('\n');
    const r = await runScript('retrieve.ts', ['--k', '3'], { env, input });
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    const out = lines.map((l) => JSON.parse(l) as { id: string | number; hits: Array<{ law: string; article: number; score: number; text: string }> });
    expect(out.map((o) => o.id)).toEqual(['a', 7, 'c']);
    for (const o of out) {
      expect(o.hits).toHaveLength(3);
      for (const h of o.hits) expect(Object.keys(h).sort()).toEqual(['article', 'law', 'score', 'text']);
      const scores = o.hits.map((h) => h.score);
      expect([...scores].sort((x, y) => y - x)).toEqual(scores);
    }
    expect(out[0]!.hits[0]).toMatchObject({ law: '劳动合同法', article: 10 });
    expect(out[0]!.hits[0]!.text).toBe(
      '建立劳动关系，应当订立书面劳动合同。\n已建立劳动关系，未同时订立书面劳动合同的，应当自用工之日起一个月内订立书面劳动合同。\n用人单位与劳动者在用工前订立劳动合同的，劳动关系自用工之日起建立。',
    );
    expect(out[2]!.hits[0]).toMatchObject({ law: '劳动法', article: 44 });
    expect(out[1]!.hits.map((h) => `${h.law}${h.article}`)).toContain('劳动合同法82');
  });

  it('reports a malformed line on stderr, keeps stdout clean and still answers the rest', async () => {
    const r = await runScript('retrieve.ts', ['--k', '2'], { env, input: 'not json\n{"id":"x","question":"试用期多久"}\n' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('第1行');
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!).id).toBe('x');
  });

  it('rejects a bad --k with a message in Chinese', async () => {
    const r = await runScript('retrieve.ts', ['--k', 'abc'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--k 应为');
  });
});
