import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { loadKnowledge } from '../../src/kb/knowledge.js';

/** knowledge/topic-map.yaml: the office's view of what the cards cover, stage → topic → cards. */
const map = YAML.parse(readFileSync(path.resolve('knowledge/topic-map.yaml'), 'utf8')) as {
  stages: Array<{ stage: string; topics: Array<{ topic: string; cards: string[] }> }>;
};
const ids = new Set(loadKnowledge(path.resolve('knowledge')).cards.map((c) => c.id));

describe('topic map', () => {
  it('names only cards that exist, and every topic has at least one', () => {
    const missing = map.stages.flatMap((s) => s.topics.flatMap((t) => t.cards.filter((c) => !ids.has(c)).map((c) => `${t.topic} → ${c}`)));
    expect(missing).toEqual([]);
    const empty = map.stages.flatMap((s) => s.topics.filter((t) => !t.cards?.length).map((t) => t.topic));
    expect(empty).toEqual([]);
  });

  it('places every card under some topic, so the office sees what each answers', () => {
    const mapped = new Set(map.stages.flatMap((s) => s.topics.flatMap((t) => t.cards)));
    expect([...ids].filter((id) => !mapped.has(id))).toEqual([]);
  });
});
