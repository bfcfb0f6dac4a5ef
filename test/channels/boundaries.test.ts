import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * src/assistant (the conversation engine) and src/outreach (notices, reminders, the outbox) both speak
 * to chats through src/channels and never to each other; src/channels depends on neither. The composition
 * roots (src/main.ts, scripts/) join them. A scan of the import specifiers, resolved to folders.
 */
const ROOT = path.resolve(import.meta.dirname, '../..');
const SRC = path.join(ROOT, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.join(e.parentPath, e.name));
}

/** The src/ folder each relative import of the file lands in (static imports, re-exports, import()). */
function importedFolders(file: string): { specifier: string; folder: string }[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/^\s*(?:import|export)\b[^'";]*?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]/gm)].map((m) => m[1] ?? m[2]!);
  return specifiers
    .filter((s) => s.startsWith('.'))
    .map((specifier) => ({ specifier, folder: path.relative(SRC, path.resolve(path.dirname(file), specifier)).split(path.sep)[0]! }));
}

const FORBIDDEN: Record<string, string[]> = {
  assistant: ['outreach'],
  outreach: ['assistant'],
  channels: ['assistant', 'outreach'],
};

describe('folder boundaries', () => {
  for (const [from, banned] of Object.entries(FORBIDDEN)) {
    it(`src/${from} imports nothing from ${banned.map((b) => `src/${b}`).join(' or ')}`, () => {
      const files = sourceFiles(path.join(SRC, from));
      expect(files.length).toBeGreaterThan(0);
      const crossings = files.flatMap((f) =>
        importedFolders(f)
          .filter((i) => banned.includes(i.folder))
          .map((i) => `${path.relative(ROOT, f)} → ${i.specifier}`),
      );
      expect(crossings).toEqual([]);
    });
  }
});
