import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Hono } from 'hono';
import { afterAll, describe, expect, it } from 'vitest';
import { WebInbox } from '../../bots/web/inbox.js';
import { Assistant, type CachedAnswerer } from '../../src/assistant/index.js';
import { parseGuideFile } from '../../src/kb/guides.js';
import { officeApp } from '../../src/office/index.js';
import { BACKENDS, setupSuite, type TestLedger } from '../ledger/backends.js';
import { answeringKnowledge, CookieJar, knowledgeJobDone, liveKnowledgeCopy, officeFixture, postForm, signIn } from './helpers.js';

const QUESTION = '我们签的是一年期合同，试用期写了三个月，这样行不行？';
const CORRECTION = '一年期劳动合同的试用期最长二个月，约定三个月违法。已经履行的超出部分，单位要按试用期满月工资向员工支付赔偿金，建议把合同里的试用期改为二个月以内。';

/**
 * A corrected answer becomes a draft guidance card; an admin approves it into the knowledge base and
 * the chat answers with the correction. The chat engine, the answer cache and the live index are wired
 * as in src/main.ts, over a private copy of the shipped knowledge folder.
 */
describe.each(BACKENDS)('guidance card drafts from corrections on %s', (kind) => {
  let t: TestLedger;
  let app: Hono;
  let kb: Awaited<ReturnType<typeof liveKnowledgeCopy>>;
  let assistant: Assistant;
  let coord: { jar: CookieJar; csrf: string };
  let admin: { jar: CookieJar; csrf: string };
  let viewer: { jar: CookieJar; csrf: string };
  let cache: CachedAnswerer;
  setupSuite(async () => {
    kb = await liveKnowledgeCopy();
    let knowledge: ReturnType<typeof answeringKnowledge>['knowledge'];
    ({ cache, knowledge } = answeringKnowledge(kb));
    ({ t, app } = await officeFixture(kind, { knowledge }));
    assistant = new Assistant({ answerer: cache, ledger: t.ledger, rateLimitPerMinute: 10_000 });
    assistant.senders.register(new WebInbox(t.ledger));
    [coord, admin, viewer] = await Promise.all([signIn(app, 'wanglei'), signIn(app, 'admin'), signIn(app, 'chenjing')]);
  });
  afterAll(async () => {
    await t?.cleanup();
    await kb?.cleanup();
  });

  let n = 0;
  /** A web visitor asks; the consultation id and the answer's text. */
  async function ask(question: string, chat = `visitor-${++n}`): Promise<{ id: number; text: string }> {
    const [r] = await assistant.handle({ channel: 'web', chatId: chat, senderId: chat, kind: 'text', text: question, messageId: `m${++n}`, receivedAt: new Date() });
    return { id: Number(r!.consultationId), text: r!.text };
  }
  const draftOf = async (consultationId: number) =>
    (await t.ledger.db.query<{ id: number; status: string }>(`SELECT id, status FROM guide_drafts WHERE consultation_id = $1`, [consultationId]))[0];

  // Approving rebuilds the whole shipped index in a worker: past a minute on a loaded machine (knowledgeJobDone).
  it('a wrong reply corrected by a coordinator becomes a draft; an admin approves it and the chat answers with the correction', { timeout: 300_000 }, async () => {
    const first = await ask(QUESTION);
    expect(first.text).not.toContain(CORRECTION);
    const cited = (await t.ledger.consultations.get(first.id))!.citations.map((c) => `${String(c.law)}第${String(c.n)}条`);
    expect(cited).toContain('劳动合同法第19条');

    const reviewed = await postForm(app, `/office/consultations/${first.id}/review`, coord.jar, {
      _csrf: coord.csrf, verdict: 'wrong', correctedAnswer: CORRECTION, topic: '试用期', cite: '劳动合同法第19条', citesExtra: '劳动合同法第八十三条', note: '',
    });
    expect(reviewed.status).toBe(303);
    expect(reviewed.headers.get('location')).toBe(`/office/consultations/${first.id}?done=reviewed-draft`);
    const { id } = (await draftOf(first.id))!;
    const api = await (await app.request(`/office/api/guide-drafts/${id}`, { headers: { cookie: viewer.jar.header } })).json();
    expect(api.draft).toMatchObject({
      status: 'draft', topic: '试用期', questions: [QUESTION], answer: CORRECTION,
      cites: [{ law: '劳动合同法', article: 19 }, { law: '劳动合同法', article: 83 }],
    });
    // Everyone may read the list; the viewer sees the draft but no form.
    const list = await (await app.request('/office/guide-drafts', { headers: { cookie: viewer.jar.header } })).text();
    expect(list).toContain(`/office/guide-drafts/${id}`);
    expect(await (await app.request(`/office/guide-drafts/${id}`, { headers: { cookie: viewer.jar.header } })).text()).not.toContain('draft-form');

    // Coordinators and viewers cannot approve, edit or reject; nothing is written.
    const form = { topic: '试用期', title: '一年合同试用期不能约三个月', questions: QUESTION, answer: CORRECTION, cites: '劳动合同法第19条', action: 'approve' };
    for (const who of [coord, viewer]) {
      expect((await postForm(app, `/office/guide-drafts/${id}`, who.jar, { _csrf: who.csrf, ...form })).status).toBe(403);
      expect((await postForm(app, `/office/guide-drafts/${id}/reject`, who.jar, { _csrf: who.csrf, reason: 'x' })).status).toBe(403);
      const viaApi = await app.request(`/office/api/guide-drafts/${id}/approve`, { method: 'POST', headers: { cookie: who.jar.header, 'x-csrf-token': who.csrf } });
      expect(viaApi.status).toBe(403);
    }
    expect((await draftOf(first.id))!.status).toBe('draft');
    expect(existsSync(path.join(kb.knowledgeDir, 'guides', 'reviewed', '试用期.yaml'))).toBe(false);

    // The admin adds a way of asking and approves; the index is rebuilt in the background.
    const approved = await postForm(app, `/office/guide-drafts/${id}`, admin.jar, {
      _csrf: admin.csrf, ...form, questions: `${QUESTION}\n一年合同约三个月试用期合法吗`, cites: '劳动合同法第19条\n劳动合同法第83条',
    });
    expect(approved.status).toBe(303);
    expect(approved.headers.get('location')).toBe(`/office/guide-drafts/${id}?done=draft-approving`);
    expect(await knowledgeJobDone(app, admin.jar)).toMatchObject({ ok: true });
    const file = await readFile(path.join(kb.knowledgeDir, 'guides', 'reviewed', '试用期.yaml'), 'utf8');
    const [card] = parseGuideFile(file, 'guides/reviewed/试用期.yaml');
    expect(card).toMatchObject({
      id: `reviewed-${id}`, topic: '试用期', title: '一年合同试用期不能约三个月', answer: CORRECTION,
      questions: [QUESTION, '一年合同约三个月试用期合法吗'], cites: [{ law: '劳动合同法', article: 19 }, { law: '劳动合同法', article: 83 }],
    });
    expect(file).toContain('- { law: 劳动合同法, article: 19 }');
    expect((await t.ledger.db.query<{ status: string; card_id: string }>(`SELECT status, card_id FROM guide_drafts WHERE id = $1`, [id]))[0])
      .toEqual({ status: 'approved', card_id: `reviewed-${id}` });
    const audit = (await t.ledger.audit.list({ limit: 5 })).map((a) => a.action);
    expect(audit).toEqual(expect.arrayContaining(['guide_draft.approve', 'guide_draft.update']));
    expect(kb.swap.current.knowledge.cards.some((c) => c.id === `reviewed-${id}`)).toBe(true);

    // The same question in the chat now gets the corrected answer, citing the article.
    const again = await ask(QUESTION);
    expect(again.text).toContain(CORRECTION);
    expect(again.text).toContain('《劳动合同法》第十九条');
    // And an approved draft is not approved (or edited) twice.
    expect((await postForm(app, `/office/guide-drafts/${id}`, admin.jar, { _csrf: admin.csrf, ...form })).status).toBe(409);
  });

  it('an admin rejects a draft: it never reaches the knowledge base', async () => {
    const q = await ask('员工试用期间生病请假，可以直接辞退吗？');
    await postForm(app, `/office/consultations/${q.id}/review`, coord.jar, { _csrf: coord.csrf, verdict: 'wrong', correctedAnswer: '试用期员工患病，在规定的医疗期内不得以不符合录用条件以外的理由随意解除。', citesExtra: '' });
    const { id } = (await draftOf(q.id))!;
    const res = await postForm(app, `/office/guide-drafts/${id}/reject`, admin.jar, { _csrf: admin.csrf, reason: '表述不准确，需要法规科复核' });
    expect(res.headers.get('location')).toBe(`/office/guide-drafts/${id}?done=draft-rejected`);
    expect((await draftOf(q.id))!.status).toBe('rejected');
    const approve = await app.request(`/office/api/guide-drafts/${id}/approve`, { method: 'POST', headers: { cookie: admin.jar.header, 'x-csrf-token': admin.csrf } });
    expect(approve.status).toBe(409);
    expect(existsSync(path.join(kb.knowledgeDir, 'guides', 'reviewed', '工作人员更正.yaml'))).toBe(false);
    const page = await (await app.request(`/office/guide-drafts?status=rejected`, { headers: { cookie: admin.jar.header } })).text();
    expect(page).toContain(`/office/guide-drafts/${id}`);
  });

  it('refuses articles that do not exist, at review and at approval, writing nothing', async () => {
    const q = await ask('包吃包住的话，工资能不能低于最低工资？');
    const bad = await postForm(app, `/office/consultations/${q.id}/review`, coord.jar, { _csrf: coord.csrf, verdict: 'wrong', correctedAnswer: '不能。', citesExtra: '随便写的' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('“随便写的”不是条文的写法');
    expect(await draftOf(q.id)).toBeUndefined();
    expect(await t.ledger.db.query(`SELECT id FROM consultation_reviews WHERE consultation_id = $1`, [q.id])).toEqual([]);

    await postForm(app, `/office/consultations/${q.id}/review`, coord.jar, { _csrf: coord.csrf, verdict: 'wrong', correctedAnswer: '用人单位提供的食宿不计入最低工资。', cite: '最低工资规定第12条' });
    const { id } = (await draftOf(q.id))!;
    const res = await postForm(app, `/office/guide-drafts/${id}`, admin.jar, {
      _csrf: admin.csrf, topic: '最低工资', title: '包吃包住能否低于最低工资', questions: '包吃包住工资能低于最低工资吗', answer: '用人单位提供的食宿不计入最低工资。', cites: '劳动合同法第999条', action: 'approve',
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('《劳动合同法》没有第999条');
    const none = await postForm(app, `/office/guide-drafts/${id}`, admin.jar, {
      _csrf: admin.csrf, topic: '最低工资', title: '包吃包住能否低于最低工资', questions: '包吃包住工资能低于最低工资吗', answer: '用人单位提供的食宿不计入最低工资。', cites: '', action: 'approve',
    });
    expect(await none.text()).toContain('请至少填写一条引用条文');
    expect(existsSync(path.join(kb.knowledgeDir, 'guides', 'reviewed', '最低工资.yaml'))).toBe(false);
    expect((await draftOf(q.id))!.status).toBe('draft');
  });

  it('puts the topic file back and leaves the draft waiting when the rebuild fails', async () => {
    // The topic file already holds the card approved above; a failed rebuild must leave it exactly so.
    const topicFile = path.join(kb.knowledgeDir, 'guides', 'reviewed', '试用期.yaml');
    const broken = new Hono();
    let duringRebuild = '';
    broken.route('/office', officeApp({
      ledger: t.ledger,
      knowledge: { knowledgeDir: kb.knowledgeDir, rebuild: async () => { duringRebuild = await readFile(topicFile, 'utf8'); throw new Error('索引坏了'); } },
    }));
    const q2 = await ask('员工旷工三天，可以直接开除吗？');
    await postForm(app, `/office/consultations/${q2.id}/review`, coord.jar, { _csrf: coord.csrf, verdict: 'wrong', correctedAnswer: '要看规章制度是否明确规定并经过民主程序、告知员工。', topic: '试用期', cite: '劳动合同法第39条' });
    const d2 = (await draftOf(q2.id))!;
    const before = await readFile(topicFile, 'utf8');
    expect(before).toContain('id: reviewed-');
    const failed = await broken.request(`/office/api/guide-drafts/${d2.id}/approve`, { method: 'POST', headers: { cookie: admin.jar.header, 'x-csrf-token': admin.csrf } });
    expect(failed.status).toBe(202);
    const outcome = await knowledgeJobDone(broken, admin.jar);
    expect(outcome).toMatchObject({ ok: false });
    expect(outcome.message).toContain('索引坏了');
    expect(duringRebuild).toContain(`id: reviewed-${d2.id}`);
    expect(await readFile(topicFile, 'utf8')).toBe(before);
    expect((await draftOf(q2.id))!.status).toBe('draft');
    expect((await t.ledger.audit.list({ limit: 3 })).map((a) => a.action)).toContain('guide_draft.approve_failed');
  });
});
