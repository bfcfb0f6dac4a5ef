import { cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { openKnowledgeBase, type Retriever } from '../../src/kb/index.js';
import { LocalHashEmbedder } from '../../src/kb/local-embedder.js';
import { RetrieverSwap } from '../../src/office/index.js';
import { BACKENDS, setupSuite, type TestLedger } from '../ledger/backends.js';
import { CookieJar, officeFixture, signIn } from './helpers.js';

describe.each(BACKENDS)('knowledge upload on %s: parse, save into knowledge/local, rebuild and swap the index', (kind) => {
  let t: TestLedger;
  let app: Hono;
  let jar: CookieJar;
  let csrf: string;
  let dir: string;
  let swap: RetrieverSwap<Retriever>;
  setupSuite(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'office-kb-'));
    const config = { knowledgeDir: path.join(dir, 'knowledge'), dataDir: path.join(dir, 'data') };
    // A small knowledge folder (two statutes) so the index builds in well under a second.
    await mkdir(path.join(config.knowledgeDir, 'laws'), { recursive: true });
    for (const f of ['最低工资规定.md', '禁止使用童工规定.md']) await cp(path.resolve('knowledge/laws', f), path.join(config.knowledgeDir, 'laws', f));
    const open = async () => (await openKnowledgeBase(config, new LocalHashEmbedder())).retriever;
    swap = new RetrieverSwap(await open(), open);
    ({ t, app } = await officeFixture(kind, { knowledge: { knowledgeDir: config.knowledgeDir, rebuild: () => swap.rebuild() } }));
    ({ jar, csrf } = await signIn(app, 'admin'));
  });
  afterAll(async () => {
    await t?.cleanup();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const upload = (name: string, text: string) => {
    const form = new FormData();
    form.set('_csrf', csrf);
    form.set('version', '2025-07-01');
    form.set('issuer', '洛阳市人力资源和社会保障局');
    form.set('docNumber', '洛人社〔2025〕9号');
    form.set('file', new File([text], name, { type: 'text/plain' }));
    return app.request('/office/knowledge/preview', { method: 'POST', body: form, headers: { cookie: jar.header } });
  };

  it('rejects files it cannot read, without touching knowledge/', async () => {
    const res = await upload('notes.exe', 'x');
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('不支持的文件类型');
  });

  it('previews, saves and answers from the new document while the old index served until the swap', async () => {
    const before = swap.current;
    const articlesBefore = before.knowledge.articles.length;
    const res = await upload('扩岗补助.txt', '洛阳市一次性扩岗补助申领指引\n一、补助对象。招用毕业年度及离校2年内未就业高校毕业生的企业。\n二、补助标准。每招用1人发放一次性扩岗补助1500元。\n');
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('洛阳市一次性扩岗补助申领指引');
    expect(html).toContain('每招用1人发放一次性扩岗补助1500元');
    const id = /name="id" value="([^"]+)"/.exec(html)![1]!;
    const save = await app.request('/office/knowledge/save', {
      method: 'POST',
      headers: { cookie: jar.header, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, id }).toString(),
    });
    expect(save.status).toBe(303);
    expect(save.headers.get('location')).toBe('/office/knowledge?done=knowledge-saving');
    // The rebuild runs in the background; the status API says when it is done.
    let status: { running: unknown; last: { ok: boolean; message: string } | null } = { running: true, last: null };
    for (let i = 0; i < 200 && status.running; i++) {
      await new Promise((r) => setTimeout(r, 50));
      status = (await (await app.request('/office/api/knowledge/status', { headers: { cookie: jar.header } })).json()) as typeof status;
    }
    expect(status.last).toMatchObject({ ok: true });
    const file = await readFile(path.join(dir, 'knowledge', 'local', '洛阳市一次性扩岗补助申领指引.md'), 'utf8');
    expect(file).toContain('洛人社〔2025〕9号');
    expect(swap.current).not.toBe(before);
    expect(swap.current.knowledge.articles.length).toBe(articlesBefore + 2);
    const { hits } = await swap.current.search('招用高校毕业生扩岗补助多少钱', { k: 5 });
    expect(hits.some((h) => h.law.includes('扩岗补助'))).toBe(true);
    // The previous index is intact for any question that was already running on it.
    expect(before.knowledge.articles.length).toBe(articlesBefore);
    const audit = await t.ledger.audit.list({ limit: 3 });
    expect(audit[0]).toMatchObject({ action: 'knowledge.add', targetId: 'local/洛阳市一次性扩岗补助申领指引.md' });
    // A preview is saved once.
    const again = await app.request('/office/knowledge/save', {
      method: 'POST',
      headers: { cookie: jar.header, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, id }).toString(),
    });
    expect(again.status).toBe(400);
  });

  it('withdraws the file when the rebuild fails', async () => {
    const { prepareUpload } = await import('../../src/office/knowledge/prepare.js');
    const { saveToKnowledge } = await import('../../src/office/knowledge/save.js');
    const p = await prepareUpload('坏.txt', new TextEncoder().encode('某临时通知\n一、内容。测试。\n'), { version: '2025-01-01' });
    const deps = { knowledgeDir: path.join(dir, 'knowledge'), rebuild: async () => { throw new Error('索引坏了'); } };
    await expect(saveToKnowledge(deps, p)).rejects.toThrow('索引坏了');
    await expect(readFile(path.join(dir, 'knowledge', 'local', p.target), 'utf8')).rejects.toThrow();
  });

  it('keeps the old index when a rebuild fails', async () => {
    const current = { knowledge: { articles: [1, 2] } };
    const failing = new RetrieverSwap(current, async () => {
      throw new Error('broken');
    });
    await expect(failing.rebuild()).rejects.toThrow('broken');
    expect(failing.current).toBe(current);
  });
});
