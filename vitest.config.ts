import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/{unit,integration,fault}/**/*.test.ts'],
    environment: 'node',
    // Compiles dist/node when stale: the CLI tests spawn it (bin/zta-console.mjs).
    globalSetup: ['test/helpers/node-build.setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Native module + worker threads: forks keep better-sqlite3 out of shared isolates.
    pool: 'forks',
  },
});
