import { defineConfig } from 'vitest/config';
import { TEST_PROJECTS } from './test/projects.js';

/** What every project shares (projects do not inherit the root's test options). */
const shared = {
  testTimeout: 60_000,
  hookTimeout: 120_000,
  // Database suites share one PostgreSQL server; files run in parallel but each uses its own schema.
  pool: 'forks',
} as const;

export default defineConfig({
  test: {
    // The root's global setup runs once per run, whichever projects are selected: it builds the shipped
    // knowledge base's index, which suites of all three projects read.
    globalSetup: ['test/global-setup.ts'],
    // Most suites wait on a database, a socket or a child process, not the CPU: two workers keep both
    // cores busy (vitest's default on two cores is one); a third starves the index rebuilds some suites time.
    maxWorkers: 2,
    // unit, database, browser: test/projects.ts says which file is where and why.
    projects: Object.entries(TEST_PROJECTS).map(([name, include]) => ({ test: { name, include: [...include], ...shared } })),
  },
});
