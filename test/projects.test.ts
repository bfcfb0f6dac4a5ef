/**
 * Every test file runs in exactly one vitest project (test/projects.ts): a file in no list would silently
 * never run, a file in two would run twice. And the unit project keeps its promise: no unit file imports
 * what brings a database, a child process, a browser or an emulator.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TEST_PROJECTS, type TestProject } from './projects.js';

const onDisk = readdirSync('test', { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.test.ts'))
  .map((f) => `test/${f.split('\\').join('/')}`)
  .sort();
const listed = Object.entries(TEST_PROJECTS).flatMap(([project, files]) => files.map((file) => ({ project: project as TestProject, file })));

/** Modules a unit test may not import directly, and what they bring. */
const NOT_UNIT: [RegExp, string][] = [
  [/\/ledger\/(backends|switchable)\.js$|\/office\/helpers\.js$|\/helpers\/assistant\.js$|^@electric-sql\/pglite|^pg$/, 'a database'],
  [/^(node:)?child_process$|\/helpers\/cli\.js$/, 'a child process'],
  [/playwright|\/helpers\/browser\.js$/, 'a browser'],
  [/^telegram-test-api|\/telegramHarness\.js$|\/helpers\/(telegram|wechat)\.js$|^wechaty/, 'an emulator'],
];

const importsOf = (file: string) => [...readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)\b[^'";]*?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]/gm)].map((m) => m[1] ?? m[2]!);

describe('vitest projects (unit, database, browser)', () => {
  it('hold every test file', () => {
    const unassigned = onDisk.filter((f) => !listed.some((l) => l.file === f));
    expect(unassigned, 'test files in no project (add each to one list in test/projects.ts)').toEqual([]);
  });

  it('hold each file once, and only files that exist', () => {
    const twice = listed.filter((l, i) => listed.findIndex((m) => m.file === l.file) !== i).map((l) => l.file);
    expect(twice, 'test files in more than one project').toEqual([]);
    expect(listed.map((l) => l.file).filter((f) => !onDisk.includes(f)), 'listed in test/projects.ts but not on disk').toEqual([]);
  });

  it('keep the database, child processes, browsers and emulators out of unit', () => {
    const misplaced = TEST_PROJECTS.unit.flatMap((file) =>
      importsOf(file).flatMap((spec) => NOT_UNIT.filter(([pattern]) => pattern.test(spec)).map(([, what]) => `${file} imports ${spec}: ${what}`)),
    );
    expect(misplaced).toEqual([]);
  });
});
