import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Database suites share one PostgreSQL server; files run in parallel but each uses its own schema.
    pool: 'forks',
    // Most suites wait on a database, a socket or a child process, not the CPU: two workers keep both
    // cores busy (vitest's default on two cores is one); a third starves the index rebuilds some suites time.
    maxWorkers: 2,
  },
});
