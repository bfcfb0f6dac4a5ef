import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openKnowledgeBase } from '../../src/kb/index.js';
import { LocalHashEmbedder } from '../../src/kb/local-embedder.js';
import { runScript } from '../helpers/cli.js';
import { docx } from '../helpers/docx.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'ingest-'));
const knowledgeDir = path.join(root, 'knowledge');
const dataDir = path.join(root, 'data');
const env = { KNOWLEDGE_DIR: knowledgeDir, DATA_DIR: dataDir };

const policyText = `洛阳市小微企业用工指导办法（试行）

第一条　为帮助小微企业规范用工，制定本办法。

第二条　新注册企业招用第一名职工后，可以向所在县（市、区）人力资源社会保障部门申请一次上门用工指导。
第三条　本办法自2024年5月1日起施行。
`;


const indexState = () => readdirSync(path.join(dataDir, 'index')).sort();

describe('knowledge index on disk and npm run ingest', () => {
  beforeAll(() => {
    // A small knowledge folder (two statutes and the lexicon) so each rebuild takes a second or two.
    for (const f of ['laws/劳动合同法.md', 'laws/禁止使用童工规定.md', 'lexicon.yaml']) cpSync(path.resolve('knowledge', f), path.join(knowledgeDir, f));
  });

  it('builds the index once and reuses it until knowledge/ changes', async () => {
    const first = await runScript('build-index.ts', [], { env });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('已重建');
    const again = await runScript('build-index.ts', [], { env });
    expect(again.stdout).toContain('已是最新');
  });

  it('adds a plain-text office document and finds its article', async () => {
    const file = path.join(root, 'policy.txt');
    writeFileSync(file, policyText);
    const r = await runScript('ingest.ts', [file, '--issuer', '洛阳市人力资源和社会保障局', '--version', '2024-04-20'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('洛阳市小微企业用工指导办法（试行）（3 条）');
    const { retriever, built } = await openKnowledgeBase({ knowledgeDir, dataDir }, new LocalHashEmbedder());
    expect(built).toBe(false); // ingest already rebuilt it
    const { hits } = await retriever.search('新注册企业能不能申请上门用工指导', { k: 3 });
    expect(hits[0]).toMatchObject({ law: '洛阳市小微企业用工指导办法（试行）', article: 2 });
    const meta = retriever.knowledge.laws.find((l) => l.meta.law === '洛阳市小微企业用工指导办法（试行）')!.meta;
    expect(meta).toMatchObject({ version: '2024-04-20', issuer: '洛阳市人力资源和社会保障局', kind: '地方文件' });
  });

  it('reads a .docx', async () => {
    const file = path.join(root, 'rules.docx');
    writeFileSync(file, await docx(['洛阳市用工风险提示办法', '第一条　企业应当按月足额支付工资。', '第二条　本办法自发布之日起施行。']));
    const r = await runScript('ingest.ts', [file, '--version', '2024-06-01'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(path.join(knowledgeDir, 'local', '洛阳市用工风险提示办法.md'), 'utf8')).toContain('第一条　企业应当按月足额支付工资。');
  });

  it('refuses a malformed file with its name and line, changing neither knowledge nor index', async () => {
    const before = { local: readdirSync(path.join(knowledgeDir, 'local')).sort(), index: indexState() };
    const good = path.join(root, 'batch', 'good.txt');
    const bad = path.join(root, 'batch', 'bad.txt');
    cpSync(path.join(root, 'policy.txt'), good);
    writeFileSync(bad, '某某通知\n\n第一条　甲。\n\n第三条　丙。\n');
    const r = await runScript('ingest.ts', [path.join(root, 'batch')], { env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${bad}:5`);
    expect(r.stderr).toContain('应为第二条');
    expect(r.stderr).toContain('知识库未作任何改动');
    expect(readdirSync(path.join(knowledgeDir, 'local')).sort()).toEqual(before.local);
    expect(indexState()).toEqual(before.index);
  });

  it('explains unsupported and missing files', async () => {
    const r = await runScript('ingest.ts', [path.join(root, 'nope.docx')], { env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('找不到文件');
    expect(existsSync(path.join(knowledgeDir, 'local', 'nope.md'))).toBe(false);
  });
});
