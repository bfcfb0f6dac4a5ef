import type { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ServerType } from '@hono/node-server';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_UNPACKED_BYTES } from '../../src/kb/extract-text.js';
import { startWeb, webApp } from '../../bots/web/server.js';
import { prepareUpload, UploadError } from '../../src/office/knowledge/prepare.js';
import { shippedRetriever } from '../helpers/kb.js';
import { makePdf } from '../helpers/pdf.js';
import { setupSuite, type TestLedger } from '../ledger/backends.js';
import { CookieJar, officeFixture, signIn } from './helpers.js';

/**
 * Hostile uploads to the console (a 3,000-page PDF, a .docx that unpacks to more than 64 MB, 10 MB of
 * text) are refused in Chinese (page, size and text limits, parsed off the main thread with a time limit),
 * and the server keeps answering /healthz meanwhile. How fast (the refusal, the longest wait for /healthz)
 * depends on the machine's load: `npm run bench:uploads` measures it; here nothing is timed.
 */
describe('hostile uploads', () => {
  let t: TestLedger;
  let server: ServerType;
  let base: string;
  let jar: CookieJar;
  let csrf: string;
  let dir: string;

  setupSuite(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pdf-limits-'));
    const knowledgeDir = path.join(dir, 'knowledge');
    await mkdir(knowledgeDir, { recursive: true });
    const fixture = await officeFixture('pglite', { knowledge: { knowledgeDir, rebuild: async () => { throw new Error('not in this test'); } } });
    t = fixture.t;
    const app = webApp({ retriever: await shippedRetriever(), health: { ledger: t.ledger, channels: { web: true } } });
    app.route('/', fixture.app);
    server = await startWeb(app, 0, '127.0.0.1');
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    ({ jar, csrf } = await signIn(fixture.app, 'admin'));
  });
  afterAll(async () => {
    server?.close();
    await t?.cleanup();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Posts a file for preview while /healthz is polled every 100 ms; the answer and how many health checks it answered meanwhile. */
  async function upload(name: string, bytes: Uint8Array, type: string) {
    const form = new FormData();
    form.set('_csrf', csrf);
    form.set('version', '2025-07-01');
    form.set('file', new File([new Uint8Array(bytes)], name, { type }));

    // Health checks every 100 ms while the upload is parsed: each must answer, and healthy.
    let healthChecks = 0;
    let polling = true;
    const poll = (async () => {
      while (polling) {
        const res = await fetch(`${base}/healthz`);
        expect(res.status).toBe(200);
        expect(await res.json()).toMatchObject({ ok: true });
        healthChecks++;
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const res = await fetch(`${base}/office/knowledge/preview`, { method: 'POST', body: form, headers: { cookie: jar.header } });
    const html = await res.text();
    // Counted when the answer came: checks answered while the file was read (a parse on the main thread
    // would have held them all until its end). Read first, before the poll's last round adds one.
    const answeredMeanwhile = healthChecks;
    polling = false;
    await poll;
    return { status: res.status, html, answeredMeanwhile };
  }

  it('refuses a 3,000-page PDF in Chinese while /healthz keeps answering', { timeout: 60_000 }, async () => {
    const pdf = makePdf(3000);
    expect(pdf.byteLength).toBeLessThan(10 * 1024 * 1024); // under the size limit: the page limit must catch it
    const r = await upload('汇编.pdf', new Uint8Array(pdf), 'application/pdf');
    expect(r.status).toBe(400);
    expect(r.html).toMatch(/共 3000 页，超过上限 \d+ 页/);
    expect(r.html).toMatch(/拆分/);
    expect(r.answeredMeanwhile).toBeGreaterThan(3);
  });

  it('refuses a .docx that unpacks to more than 64 MB in Chinese while /healthz keeps answering', { timeout: 90_000 }, async () => {
    const zip = new JSZip();
    zip.file('[Content_Types].xml', '<?xml version="1.0"?><Types/>');
    zip.file('word/document.xml', `<w:document><w:body><w:p><w:r><w:t>${'啊'.repeat(MAX_UNPACKED_BYTES / 3 + 1024)}</w:t></w:r></w:p></w:body></w:document>`);
    const bomb = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 9 } });
    expect(bomb.byteLength).toBeLessThan(1024 * 1024);
    const r = await upload('通知.docx', bomb, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(r.status).toBe(400);
    expect(r.html).toMatch(/解压后超过64MB/);
    expect(r.answeredMeanwhile).toBeGreaterThan(3);
  });

  it('refuses 10 MB of text in Chinese while /healthz keeps answering', { timeout: 60_000 }, async () => {
    // Just over the byte limit, and just under it but far past the text limit (3.3 million characters).
    const over = await upload('汇编.txt', new TextEncoder().encode('第一条　'.repeat((10 * 1024 * 1024) / 12 + 1)), 'text/plain');
    expect(over.status).toBe(400);
    expect(over.html).toMatch(/超过10MB/);
    const long = await upload('汇编.txt', new TextEncoder().encode('啊'.repeat(Math.floor((9.9 * 1024 * 1024) / 3))), 'text/plain');
    expect(long.status).toBe(400);
    expect(long.html).toMatch(/字/);
    // Refused by its size before any parsing, the first is answered at once; the second is read, off the main thread.
    expect(long.answeredMeanwhile).toBeGreaterThan(3);
  });

  it('stops a parse that runs past the time limit, with a message saying so', { timeout: 60_000 }, async () => {
    const err = await prepareUpload('长文件.pdf', new Uint8Array(makePdf(200)), { version: '2025-07-01' }, { timeoutMs: 300 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UploadError);
    expect((err as Error).message).toMatch(/解析超过 0\.3 秒，已停止/);
  });

  it('still previews a normal text file through the same path', { timeout: 60_000 }, async () => {
    const p = await prepareUpload('指引.txt', new TextEncoder().encode('洛阳市扩岗补助申领指引\n一、补助对象。招用高校毕业生的企业。\n二、补助标准。每人1500元。\n'), { version: '2025-07-01' });
    expect(p.doc.articles).toHaveLength(2);
    expect(p.markdown).toContain('每人1500元');
  });
});
