import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openKnowledgeBase } from '../../src/kb/index.js';
import { loadKnowledge } from '../../src/kb/knowledge.js';
import { LocalHashEmbedder } from '../../src/kb/local-embedder.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'asked-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// Article 2 is what "老板把我炒了能要钱吗" turns on, but it shares no word with it; article 3 shares 老板 and 钱.
const LAW = `---
title: 中华人民共和国示例法
kind: 法律
issuer: 全国人民代表大会常务委员会
version: 2020-01-01
source: 测试
article_count: 3
unverified: []
units: articles
---

# 中华人民共和国示例法

第一条　为了规范用工，制定本法。

第二条　用人单位解除劳动合同的，应当向劳动者支付经济补偿。

第三条　老板应当按月把钱发给工人，不得克扣。
`;

function knowledgeDir(name: string, asked?: string): string {
  const dir = path.join(root, name);
  mkdirSync(path.join(dir, 'laws'), { recursive: true });
  writeFileSync(path.join(dir, 'laws', '示例法.md'), LAW);
  if (asked) {
    mkdirSync(path.join(dir, 'asked'), { recursive: true });
    writeFileSync(path.join(dir, 'asked', '示例法.yaml'), asked);
  }
  return dir;
}

async function first(dir: string, question: string): Promise<number | undefined> {
  const { retriever } = await openKnowledgeBase({ knowledgeDir: dir, dataDir: path.join(dir, 'data') }, new LocalHashEmbedder());
  return (await retriever.search(question, { k: 3 })).hits[0]?.article;
}

describe('everyday questions written per article (knowledge/asked/)', () => {
  it('lead a question in everyday words to the article it turns on, which its own words would miss', async () => {
    const asked = 'law: 示例法\narticles:\n  - article: 2\n    questions:\n      - 老板把我炒了，能找他要点钱吗\n      - 公司不让我干了，有没有补偿\n';
    expect(await first(knowledgeDir('without'), '老板把我炒了能要钱吗')).toBe(3);
    expect(await first(knowledgeDir('with', asked), '老板把我炒了能要钱吗')).toBe(2);
  });

  it('refuse a file naming an article the law does not have, in Chinese, with the file', () => {
    const dir = knowledgeDir('bad', 'law: 示例法\narticles:\n  - article: 9\n    questions:\n      - 这一条管什么\n');
    expect(() => loadKnowledge(dir)).toThrow(/asked[/\\]示例法\.yaml.*示例法第9条不存在/);
  });

  it('cover, in the shipped knowledge, every article of 劳动合同法 a guidance card rests on', () => {
    const k = loadKnowledge(path.resolve('knowledge'));
    const asked = new Set(k.asked.map((a) => `${a.law}${a.article}`));
    const rests = [...new Set(k.cards.flatMap((c) => c.cites.filter((x) => x.law === '劳动合同法').map((x) => `${x.law}${x.article}`)))];
    expect(rests.filter((x) => !asked.has(x))).toEqual([]);
  });
});
