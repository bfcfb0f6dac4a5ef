import { readFile } from 'node:fs/promises';
import path from 'node:path';
import JSZip from 'jszip';
import mammoth from 'mammoth';
import { PDFParse } from 'pdf-parse';

export const INGESTIBLE = ['.md', '.txt', '.docx', '.pdf'];

/** More than this unpacked is not an office document but a zip bomb (a 715 KB .docx unpacking to 200 MB took the process down). */
export const MAX_UNPACKED_BYTES = 64 * 1024 * 1024;

/**
 * Unpack every part of a .docx, counting bytes as they come, and stop at the limit: the sizes a zip
 * declares can lie, the bytes inflated cannot.
 */
async function checkUnpackedSize(bytes: Buffer): Promise<void> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    throw new Error('这个 .docx 文件已损坏，无法打开');
  }
  let total = 0;
  for (const entry of Object.values(zip.files)) {
    if (entry.dir) continue;
    await new Promise<void>((resolve, reject) => {
      const stream = entry.nodeStream('nodebuffer');
      stream
        .on('data', (chunk: Buffer) => {
          total += chunk.length;
          if (total > MAX_UNPACKED_BYTES) {
            stream.pause();
            reject(new Error(`文档解压后超过${MAX_UNPACKED_BYTES / 1024 / 1024}MB，不像正常的 Word 文件，已拒绝`));
          }
        })
        .on('error', () => reject(new Error('这个 .docx 文件已损坏，无法打开')))
        .on('end', () => resolve());
    });
  }
}

export interface ExtractLimits {
  /** Refuse a PDF of more pages than this before reading its text (the console's uploads). */
  maxPdfPages?: number;
}

/** Plain text of an office document (.md/.txt as UTF-8, .docx through mammoth, .pdf through pdf-parse). */
export async function extractText(file: string, limits: ExtractLimits = {}): Promise<string> {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.docx') {
    const bytes = await readFile(file);
    await checkUnpackedSize(bytes);
    return (await mammoth.extractRawText({ buffer: bytes })).value;
  }
  if (ext === '.pdf') {
    const parser = new PDFParse({ data: await readFile(file) });
    try {
      if (limits.maxPdfPages !== undefined) {
        // The page count is in the document's page tree: known without reading any page.
        const { total } = await parser.getInfo();
        if (total > limits.maxPdfPages) {
          throw new Error(`PDF 共 ${total} 页，超过上限 ${limits.maxPdfPages} 页：请拆分成较小的文件（如按章节）后分别上传`);
        }
      }
      return (await parser.getText()).text;
    } finally {
      await parser.destroy();
    }
  }
  if (ext === '.md' || ext === '.txt') return (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
  throw new Error(`不支持的文件类型 ${ext}（支持 ${INGESTIBLE.join(' ')}）`);
}
