/**
 * An office document's plain text becomes a knowledge file: lines broken by page layout are joined into
 * paragraphs, and a huge document is read in time proportional to its size.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { extractText, MAX_UNPACKED_BYTES } from '../../src/kb/extract-text.js';
import { toKnowledgeMarkdown } from '../../src/kb/office-document.js';
import { docx } from '../helpers/docx.js';

const META = { version: '2026-12-01', source: '办公室上传' };

describe('office documents', () => {
  it('joins lines broken by the page back into their article', () => {
    const text = '洛阳市某某办法\n第一条　为了规范\n用工管理，\n制定本办法。\n第二条　本办法自发布之日起施行。\n';
    const { doc } = toKnowledgeMarkdown(text, 'x.txt', META);
    expect(doc.articles.map((a) => a.text)).toEqual(['为了规范用工管理，制定本办法。', '本办法自发布之日起施行。']);
  });

  it('reads four megabytes of lines that never end a sentence without stalling', { timeout: 20_000 }, () => {
    // Before: every line re-tested the end of the growing paragraph with a regex, flattening it each time
    // (0.33 / 0.66 / 1.33 MB took 2.5 / 8.4 / 36 s), so this took far longer than the timeout.
    const line = '这是一段没有句号的很长的文字内容用于测试'.repeat(3);
    const text = `某某文件\n第一条　开始\n${`${line}\n`.repeat(70_000)}第二条　结束。\n`;
    expect(text.length).toBeGreaterThan(4_000_000);
    const { doc } = toKnowledgeMarkdown(text, 'big.txt', META);
    expect(doc.articles).toHaveLength(2);
    expect(doc.articles[0]!.text.length).toBeGreaterThan(4_000_000);
  });

  it('refuses a .docx that unpacks to more than the limit, with a reason in Chinese, and still reads a normal one', { timeout: 60_000 }, async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'docx-'));
    try {
      // A zip bomb: a few hundred KB that inflate to more than the limit (it used to take the process down).
      const zip = new JSZip();
      zip.file('[Content_Types].xml', '<?xml version="1.0"?><Types/>');
      zip.file('word/document.xml', `<w:document><w:body><w:p><w:r><w:t>${'啊'.repeat(MAX_UNPACKED_BYTES / 3 + 1024)}</w:t></w:r></w:p></w:body></w:document>`);
      const bomb = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
      expect(bomb.length).toBeLessThan(1024 * 1024);
      await writeFile(path.join(dir, 'bomb.docx'), bomb);
      await expect(extractText(path.join(dir, 'bomb.docx'))).rejects.toThrow(/解压后超过64MB/);
      await writeFile(path.join(dir, 'broken.docx'), Buffer.from('不是压缩文件'));
      await expect(extractText(path.join(dir, 'broken.docx'))).rejects.toThrow(/已损坏/);
      await writeFile(path.join(dir, 'ok.docx'), await docx(['某某办法', '第一条　为了规范用工管理，制定本办法。']));
      expect(await extractText(path.join(dir, 'ok.docx'))).toContain('为了规范用工管理');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
