// End-to-end suites: e2e-web drives Debian's Chromium against the browser host; e2e-electron
// launches the Electron shell where its binary exists (and reports itself skipped elsewhere).
import { defineConfig } from '@playwright/test';

export const CHROMIUM = process.env.ZTA_CHROMIUM ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'test',
  outputDir: 'test-results/playwright',
  timeout: 180_000,
  expect: { timeout: 30_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    viewport: { width: 1280, height: 800 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: CHROMIUM,
      // Our machines have no network but the package registries: keep Chromium from dialling out.
      args: [
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
        '--disable-gpu',
      ],
    },
  },
  projects: [
    { name: 'e2e-web', testMatch: 'e2e-web/**/*.spec.ts' },
    { name: 'e2e-electron', testMatch: 'e2e-electron/**/*.spec.ts' },
  ],
});
