/**
 * npm run bench:uploads — how fast the console refuses hostile uploads and how long /healthz waits
 * meanwhile: `npm start` on embedded defaults (PGlite) as a child process, an admin signed in, then each
 * hostile file posted for preview (a 3,000-page PDF, a .docx that unpacks to more than 64 MB, 10 MB of text
 * over the size limit, 3.3 million characters under it) while /healthz is asked every 100 ms. Prints, per
 * file, the status and the refusal, the time to it, the health checks answered meanwhile and the longest
 * wait between two of them. test/office/hostile-uploads.test.ts checks the refusals; the timings live here,
 * where a loaded machine makes them slower, not wrong.
 *
 *   npm run bench:uploads
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { MAX_UNPACKED_BYTES } from '../../src/kb/extract-text.js';
import { makePdf } from '../../test/helpers/pdf.js';
import { startBenchProduct, type BenchProduct } from '../lib/bench-product.js';

const PASSWORD = 'Bench-pass-2025';
const root = await mkdtemp(path.join(os.tmpdir(), 'bench-uploads-'));
let product: BenchProduct | undefined;

const cookiesOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;

async function docxBomb(): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file('[Content_Types].xml', '<?xml version="1.0"?><Types/>');
  zip.file('word/document.xml', `<w:document><w:body><w:p><w:r><w:t>${'啊'.repeat(MAX_UNPACKED_BYTES / 3 + 1024)}</w:t></w:r></w:p></w:body></w:document>`);
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}

try {
  // ---- the product on a fresh embedded database; the shipped knowledge is only read (previews are never saved) ----
  product = await startBenchProduct(root, { password: PASSWORD });
  const { base } = product;

  const login = await fetch(`${base}/office/login`);
  const signed = await fetch(`${base}/office/login`, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookiesOf(login) },
    body: new URLSearchParams({ _csrf: csrfOf(await login.text()), username: 'bench', password: PASSWORD, next: '/office' }).toString(),
  });
  const session = cookiesOf(signed);
  const csrf = csrfOf(await (await fetch(`${base}/office/knowledge`, { headers: { cookie: session } })).text());

  const files: [string, string, Uint8Array][] = [
    ['3,000-page PDF', 'application/pdf', new Uint8Array(makePdf(3000))],
    ['.docx unpacking past 64 MB', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', await docxBomb()],
    ['10 MB of text, over the size limit', 'text/plain', new TextEncoder().encode('第一条　'.repeat((10 * 1024 * 1024) / 12 + 1))],
    ['3.3 million characters, under it', 'text/plain', new TextEncoder().encode('啊'.repeat(Math.floor((9.9 * 1024 * 1024) / 3)))],
  ];
  console.log(`hostile uploads to the console: npm start on PGlite (${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(2)}, Node ${process.version})`);
  for (const [label, type, bytes] of files) {
    const form = new FormData();
    form.set('_csrf', csrf);
    form.set('version', '2025-07-01');
    form.set('file', new File([new Uint8Array(bytes)], label.includes('PDF') ? '汇编.pdf' : type === 'text/plain' ? '汇编.txt' : '通知.docx', { type }));
    const waits: number[] = [];
    let polling = true;
    const poll = (async () => {
      let last = performance.now();
      while (polling) {
        const res = await fetch(`${base}/healthz`);
        await res.arrayBuffer();
        if (!res.ok) throw new Error(`/healthz answered ${res.status}`);
        const now = performance.now();
        waits.push(now - last);
        last = now;
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const t0 = performance.now();
    const res = await fetch(`${base}/office/knowledge/preview`, { method: 'POST', body: form, headers: { cookie: session } });
    const html = await res.text();
    const ms = performance.now() - t0;
    polling = false;
    await poll;
    const refusal = /class="flash error"[^>]*>([^<]*)/.exec(html)?.[1]?.slice(0, 40) ?? '(no refusal)';
    console.log(`${label.padEnd(36)} ${res.status} in ${(ms / 1000).toFixed(2)} s; /healthz answered ${waits.length} times, longest wait ${Math.max(...waits).toFixed(0)} ms; ${refusal}`);
  }
} finally {
  await product?.stop();
  await rm(root, { recursive: true, force: true });
}
