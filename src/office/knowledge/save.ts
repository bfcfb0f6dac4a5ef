import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { KnowledgeDeps } from './deps.js';
import type { PreparedDocument } from './prepare.js';

/**
 * Write a prepared document to knowledge/local/ and rebuild the index; if the rebuild fails, the
 * folder is put back exactly as it was (the index in use was never touched).
 */
export async function saveToKnowledge(deps: KnowledgeDeps, p: PreparedDocument): Promise<{ file: string; articles: number; replaced: boolean }> {
  return writeAndRebuild(deps, path.join('local', p.target), p.markdown);
}

/**
 * Write one file under knowledge/ (`rel`, relative to it) and rebuild the index; if the rebuild fails,
 * the file is put back exactly as it was (or removed, if it is new).
 */
export async function writeAndRebuild(deps: KnowledgeDeps, rel: string, content: string): Promise<{ file: string; articles: number; replaced: boolean }> {
  const file = path.join(deps.knowledgeDir, rel);
  await mkdir(path.dirname(file), { recursive: true });
  const previous = existsSync(file) ? await readFile(file, 'utf8') : undefined;
  await writeFile(file, content);
  try {
    const r = await deps.rebuild();
    return { file: rel, articles: r.articles, replaced: previous !== undefined };
  } catch (err) {
    if (previous === undefined) await rm(file, { force: true });
    else await writeFile(file, previous);
    throw err;
  }
}

export async function localFiles(deps: KnowledgeDeps): Promise<string[]> {
  try {
    return (await readdir(path.join(deps.knowledgeDir, 'local'))).filter((f) => f.endsWith('.md')).sort();
  } catch {
    return [];
  }
}
