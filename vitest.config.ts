import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/{unit,contract,integration,fault}/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Native module + worker threads: forks keep better-sqlite3 out of shared isolates.
    pool: 'forks',
  },
});
