import { describe, expect, it } from 'vitest';
import { webApp } from '../../bots/web/server.js';
import { shippedRetriever } from '../helpers/kb.js';

describe('statute search API served by npm start', () => {
  it('answers a question with cited articles and explains bad input in Chinese', async () => {
    const app = webApp({ retriever: await shippedRetriever() });
    const ok = await app.request(`/api/kb/search?k=3&q=${encodeURIComponent('没签劳动合同要付双倍工资吗')}`);
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { hits: Array<{ law: string; article: number }> };
    expect(body.hits).toHaveLength(3);
    expect(body.hits.map((h) => `${h.law}${h.article}`)).toContain('劳动合同法82');
    const empty = await app.request('/api/kb/search?q=%20');
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as { error: string }).error).toBe('请输入要查询的问题');
    const huge = await app.request(`/api/kb/search?q=${'工资'.repeat(1500)}`);
    expect(huge.status).toBe(400);
    expect(await (await app.request('/search')).text()).toContain('法规检索');
    const page = await app.request('/');
    expect(await page.text()).toContain('法规检索');
  });
});

describe('statute search after a knowledge rebuild', () => {
  it('searches the index the live reference points to now', async () => {
    const real = await shippedRetriever();
    const ref: { current: typeof real } = { current: real };
    const app = webApp({ retriever: ref });
    const before = (await (await app.request('/healthz')).json()) as { articles: number };
    expect(before.articles).toBe(real.knowledge.articles.length);
    // A retriever over a different (here: smaller) knowledge base swapped in, as RetrieverSwap does.
    ref.current = Object.assign(Object.create(Object.getPrototypeOf(real)), real, { knowledge: { ...real.knowledge, articles: real.knowledge.articles.slice(0, 10) } });
    const after = (await (await app.request('/healthz')).json()) as { articles: number };
    expect(after.articles).toBe(10);
  });
});
