import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { INGESTIBLE } from '../../kb/extract-text.js';
import type { LawDocument } from '../../kb/index.js';
import type { OfficeMeta } from '../../kb/office-document.js';
import { startTsWorker } from '../../kb/ts-worker.js';

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
/** A PDF longer than this is refused before its text is read (a whole compilation: upload it in parts). */
export const MAX_UPLOAD_PDF_PAGES = 500;
/** Characters of text at most (a 10 MB .txt holds ~3.5 million Chinese characters). */
export const MAX_UPLOAD_TEXT_CHARS = 2_000_000;
/** Longest a document may take to read and parse; then the worker is stopped. */
export const PARSE_TIMEOUT_MS = 30_000;

export interface UploadLimits {
  timeoutMs?: number;
  maxPdfPages?: number;
  maxTextChars?: number;
}

export interface PreparedDocument {
  id: string;
  fileName: string;
  /** File name under knowledge/local/. */
  target: string;
  markdown: string;
  doc: LawDocument;
  at: number;
}

export interface UploadMeta {
  title?: string;
  issuer?: string;
  docNumber?: string;
  version: string;
}

/**
 * Parse an uploaded office document exactly as `npm run ingest` would, without writing to knowledge/.
 * Reading and parsing run in a worker thread under page, size and time limits: a 3,000-page PDF held
 * the event loop (every request, /healthz included) for many seconds on the main thread.
 */
export async function prepareUpload(fileName: string, bytes: Uint8Array, meta: UploadMeta, limits: UploadLimits = {}): Promise<PreparedDocument> {
  const ext = path.extname(fileName).toLowerCase();
  if (!INGESTIBLE.includes(ext)) throw new UploadError(`不支持的文件类型“${ext || '无扩展名'}”，请上传 ${INGESTIBLE.join(' ')} 文件`);
  if (bytes.byteLength > MAX_UPLOAD_BYTES) throw new UploadError('文件超过10MB');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'office-upload-'));
  const safeName = path.basename(fileName).replace(/[\\/:*?"<>|\x00-\x1f]/g, '_') || `upload${ext}`;
  const file = path.join(dir, safeName);
  try {
    await writeFile(file, bytes);
    const { markdown, doc } = await parseInWorker(file, safeName, { ...meta, source: `办公室导入：${safeName}` }, limits);
    return {
      id: randomBytes(16).toString('base64url'),
      fileName: safeName,
      target: `${doc.meta.law.replace(/[\\/:*?"<>|\x00-\x1f]/g, '_')}.md`,
      markdown,
      doc,
      at: Date.now(),
    };
  } catch (err) {
    if (err instanceof UploadError) throw err;
    throw new UploadError(`无法读取文件：${(err as Error).message}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

type WorkerAnswer = { ok: true; markdown: string; doc: LawDocument } | { ok: false; kind: 'parse' | 'read' | 'limit'; message: string };

function parseInWorker(file: string, name: string, meta: OfficeMeta, limits: UploadLimits): Promise<{ markdown: string; doc: LawDocument }> {
  const timeoutMs = limits.timeoutMs ?? PARSE_TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const worker = startTsWorker(new URL('./prepare-worker.ts', import.meta.url), {
      workerData: { file, name, meta, maxPdfPages: limits.maxPdfPages ?? MAX_UPLOAD_PDF_PAGES, maxTextChars: limits.maxTextChars ?? MAX_UPLOAD_TEXT_CHARS },
      // A document that needs more than this is not one the office writes; the worker dies, not the server.
      resourceLimits: { maxOldGenerationSizeMb: 768 },
    });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
      void worker.terminate();
    };
    const timer = setTimeout(
      () => settle(() => reject(new UploadError(`文件解析超过 ${timeoutMs / 1000} 秒，已停止：文件可能过大或已损坏，请拆分成较小的文件后再上传`))),
      timeoutMs,
    );
    worker.once('message', (m: WorkerAnswer) =>
      settle(() => {
        if (m.ok) resolve({ markdown: m.markdown, doc: m.doc });
        else if (m.kind === 'parse') reject(new UploadError(`文件格式有误：${m.message}`));
        else if (m.kind === 'limit') reject(new UploadError(m.message));
        else reject(new UploadError(/[\u4e00-\u9fff]/.test(m.message) ? m.message : `无法读取文件：${m.message}`));
      }),
    );
    worker.once('error', (err) =>
      settle(() => reject(new UploadError((err as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY' ? '文件过大，解析时内存不足：请拆分成较小的文件后再上传' : `无法读取文件：${err.message}`))),
    );
    worker.once('exit', (code) => settle(() => reject(new UploadError(`无法读取文件：解析进程意外退出（${code}）`))));
  });
}

export class UploadError extends Error {
  override name = 'UploadError';
}

/** Parsed uploads waiting for "save", kept briefly in memory (one process; a restart means upload again). */
export class PendingUploads {
  readonly #items = new Map<string, PreparedDocument>();
  constructor(private readonly ttlMs = 30 * 60_000, private readonly max = 20) {}

  put(p: PreparedDocument): void {
    this.#prune();
    while (this.#items.size >= this.max) this.#items.delete(this.#items.keys().next().value!);
    this.#items.set(p.id, p);
  }

  take(id: string): PreparedDocument | undefined {
    this.#prune();
    const p = this.#items.get(id);
    this.#items.delete(id);
    return p;
  }

  #prune(): void {
    const cutoff = Date.now() - this.ttlMs;
    for (const [id, p] of this.#items) if (p.at < cutoff) this.#items.delete(id);
  }
}
