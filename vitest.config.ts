import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Database suites share one PostgreSQL server; files run in parallel but each uses its own schema.
    pool: 'forks',
  },
});
