import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Hono } from 'hono';
import { seedDemo } from '../../scripts/seed-demo.js';
import { Answerer } from '../../src/answer/answerer.js';
import { makeCalculate } from '../../src/answer/calculation/index.js';
import { CachedAnswerer } from '../../src/assistant/index.js';
import { openKnowledgeBaseInWorker } from '../../src/kb/build-in-worker.js';
import { openKnowledgeBase, type Retriever } from '../../src/kb/index.js';
import { SHIPPED_DATA_DIR } from '../helpers/shipped.js';
import { LocalHashEmbedder } from '../../src/kb/local-embedder.js';
import { officeApp, RetrieverSwap, type OfficeDeps } from '../../src/office/index.js';
import { hashPassword } from '../../src/office/password.js';
import { KNOWLEDGE_DIR, openTestLedger, type Backend, type TestLedger } from '../ledger/backends.js';

export const PASSWORDS = { admin: 'Admin-pass-2025', wanglei: 'Coord-pass-2025', chenjing: 'Viewer-pass-2025' } as const;
export type Account = keyof typeof PASSWORDS;

/** A seeded demo ledger with passwords for the admin, a coordinator (wanglei) and a viewer (chenjing). */
export async function officeFixture(kind: Backend = 'pglite', deps: Partial<OfficeDeps> = {}): Promise<{ t: TestLedger; app: Hono }> {
  const t = await openTestLedger(kind);
  await seedDemo(t.ledger, 12);
  for (const [username, password] of Object.entries(PASSWORDS)) {
    const s = await t.ledger.staff.findForLogin(username);
    await t.ledger.staff.setPasswordHash(s!.id, await hashPassword(password));
  }
  const app = new Hono();
  app.route('/office', officeApp({ ledger: t.ledger, ...deps }));
  return { t, app };
}

/** Cookies as a browser would keep them, from Set-Cookie headers. */
export class CookieJar {
  readonly #cookies = new Map<string, string>();
  store(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const i = pair!.indexOf('=');
      const name = pair!.slice(0, i);
      const value = pair!.slice(i + 1);
      if (!value || /max-age=0/i.test(line)) this.#cookies.delete(name);
      else this.#cookies.set(name, value);
    }
  }
  get header(): string {
    return [...this.#cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  get(name: string): string | undefined {
    return this.#cookies.get(name);
  }
}

export function hiddenCsrf(html: string): string {
  const m = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!m) throw new Error('no CSRF field on the page');
  return m[1]!;
}

export async function postForm(app: Hono, path: string, jar: CookieJar, fields: Record<string, string>): Promise<Response> {
  const res = await app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header },
    body: new URLSearchParams(fields).toString(),
  });
  jar.store(res);
  return res;
}

export async function attemptSignIn(app: Hono, username: string, password: string, jar = new CookieJar()): Promise<{ res: Response; jar: CookieJar }> {
  const page = await app.request('/office/login', { headers: { cookie: jar.header } });
  jar.store(page);
  const res = await postForm(app, '/office/login', jar, { _csrf: hiddenCsrf(await page.text()), username, password, next: '/office' });
  return { res, jar };
}

/** Signed in: the cookie jar and the session's CSRF token (read from a page, as a browser form would). */
export async function signIn(app: Hono, who: Account): Promise<{ jar: CookieJar; csrf: string }> {
  const { res, jar } = await attemptSignIn(app, who, PASSWORDS[who]);
  if (res.status !== 303) throw new Error(`sign-in as ${who} failed with ${res.status}`);
  const home = await app.request('/office', { headers: { cookie: jar.header } });
  return { jar, csrf: hiddenCsrf(await home.text()) };
}

/**
 * A private copy of the shipped knowledge folder (statutes, cards, lexicon, lists, policies) and a live
 * index over it, as src/main.ts builds it: approving a card or uploading a file changes the copy only.
 */
export async function liveKnowledgeCopy(): Promise<{ root: string; knowledgeDir: string; swap: RetrieverSwap<Retriever>; cleanup(): Promise<void> }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'office-live-kb-'));
  const knowledgeDir = path.join(root, 'knowledge');
  const config = { knowledgeDir, dataDir: path.join(root, 'data') };
  for (const entry of ['laws', 'guides', 'data', 'policies', 'lexicon.yaml', 'reminders.yaml']) {
    await cp(path.join(KNOWLEDGE_DIR, entry), path.join(knowledgeDir, entry), { recursive: true });
  }
  // The copy starts identical to the shipped folder: start from the index built for it once.
  await cp(path.join(SHIPPED_DATA_DIR, 'index'), path.join(config.dataDir, 'index'), { recursive: true });
  // Rebuilds run in a worker thread, as `npm start` runs them (src/kb/build-in-worker.ts).
  const swap = new RetrieverSwap((await openKnowledgeBase(config, new LocalHashEmbedder())).retriever, async () => (await openKnowledgeBaseInWorker(config)).retriever);
  return { root, knowledgeDir, swap, cleanup: () => rm(root, { recursive: true, force: true }) };
}

/**
 * The chat's memoising answerer over a live knowledge copy, and the console's knowledge hooks that
 * rebuild that copy and drop the memoised answers, as `npm start` wires them.
 */
export function answeringKnowledge(kb: Awaited<ReturnType<typeof liveKnowledgeCopy>>): {
  cache: CachedAnswerer;
  knowledge: { knowledgeDir: string; rebuild: () => ReturnType<RetrieverSwap<Retriever>['rebuild']> };
} {
  const cache = new CachedAnswerer(new Answerer(kb.swap, { calculate: makeCalculate(KNOWLEDGE_DIR, () => new Date('2026-11-23')) }));
  return {
    cache,
    knowledge: {
      knowledgeDir: kb.knowledgeDir,
      rebuild: async () => {
        const built = await kb.swap.rebuild();
        cache.clear();
        return built;
      },
    },
  };
}

/**
 * Wait until the console's knowledge job (upload or card approval) has finished; its last outcome. A full
 * rebuild takes seconds on an idle machine and past a minute on a loaded one: the bound only stops a hang
 * (a test that waits here needs a test timeout above it).
 */
export async function knowledgeJobDone(app: Hono, jar: CookieJar, timeoutMs = 240_000): Promise<{ ok: boolean; message: string; title: string }> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const s = (await (await app.request('/office/api/knowledge/status', { headers: { cookie: jar.header } })).json()) as {
      running: unknown; last: { ok: boolean; message: string; title: string } | null;
    };
    if (!s.running && s.last) return s.last;
    if (Date.now() > until) throw new Error('the knowledge job did not finish in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
