import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { extractText, INGESTIBLE } from '../../kb/extract-text.js';
import { KnowledgeParseError } from '../../kb/index.js';
import type { LawDocument } from '../../kb/index.js';
import { toKnowledgeMarkdown } from '../../kb/office-document.js';

export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

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

/** Parse an uploaded office document exactly as `npm run ingest` would, without writing to knowledge/. */
export async function prepareUpload(fileName: string, bytes: Uint8Array, meta: UploadMeta): Promise<PreparedDocument> {
  const ext = path.extname(fileName).toLowerCase();
  if (!INGESTIBLE.includes(ext)) throw new UploadError(`不支持的文件类型“${ext || '无扩展名'}”，请上传 ${INGESTIBLE.join(' ')} 文件`);
  if (bytes.byteLength > MAX_UPLOAD_BYTES) throw new UploadError('文件超过10MB');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'office-upload-'));
  const safeName = path.basename(fileName).replace(/[\\/:*?"<>|\x00-\x1f]/g, '_') || `upload${ext}`;
  const file = path.join(dir, safeName);
  try {
    await writeFile(file, bytes);
    const text = await extractText(file);
    const { markdown, doc } = toKnowledgeMarkdown(text, safeName, { ...meta, source: `办公室导入：${safeName}` });
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
    if (err instanceof KnowledgeParseError) throw new UploadError(`文件格式有误：${err.message}`);
    throw new UploadError(`无法读取文件：${(err as Error).message}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
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
