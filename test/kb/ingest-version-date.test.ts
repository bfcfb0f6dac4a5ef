/**
 * `npm run ingest` without --version dates a document by when the file was last changed, as a day in China:
 * a file saved at 01:30 Beijing time on 1 April (17:30 UTC on 31 March) is the 1 April version, not 31 March.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runScript } from '../helpers/cli.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'ingest-date-'));
const knowledgeDir = path.join(root, 'knowledge');

describe('npm run ingest without --version', () => {
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('takes the day in China the file was saved on', async () => {
    // One statute, so the rebuild that ends the import takes a second or two.
    cpSync(path.resolve('knowledge/laws/禁止使用童工规定.md'), path.join(knowledgeDir, 'laws', '禁止使用童工规定.md'));
    const file = path.join(root, 'notice.txt');
    writeFileSync(file, '洛阳市夜间用工提示办法\n\n第一条　企业安排夜班应当提前告知职工。\n');
    const saved = new Date('2026-03-31T17:30:00Z');
    utimesSync(file, saved, saved);
    const r = await runScript('ingest.ts', [file], { env: { KNOWLEDGE_DIR: knowledgeDir, DATA_DIR: path.join(root, 'data') } });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(path.join(knowledgeDir, 'local', '洛阳市夜间用工提示办法.md'), 'utf8')).toMatch(/^version: 2026-04-01$/m);
  });
});
