import { readFile } from 'node:fs/promises';
import path from 'node:path';
import mammoth from 'mammoth';
import { PDFParse } from 'pdf-parse';

export const INGESTIBLE = ['.md', '.txt', '.docx', '.pdf'];

/** Plain text of an office document (.md/.txt as UTF-8, .docx through mammoth, .pdf through pdf-parse). */
export async function extractText(file: string): Promise<string> {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.docx') return (await mammoth.extractRawText({ path: file })).value;
  if (ext === '.pdf') {
    const parser = new PDFParse({ data: await readFile(file) });
    try {
      return (await parser.getText()).text;
    } finally {
      await parser.destroy();
    }
  }
  if (ext === '.md' || ext === '.txt') return (await readFile(file, 'utf8')).replace(/^\uFEFF/, '');
  throw new Error(`不支持的文件类型 ${ext}（支持 ${INGESTIBLE.join(' ')}）`);
}
