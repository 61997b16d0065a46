// End-to-end suites: e2e-web drives Chromium against the browser host; e2e-electron launches the
// Electron shell where its binary exists (and reports itself skipped elsewhere). Which Chromium
// is decided by scripts/chromium.ts (ZTA_CHROMIUM, Playwright's, the system's, or the one
// npm install brings), printed once per run.
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumEnv, describeChromium, resolveChromium } from './scripts/chromium';

const chromium = resolveChromium();
// The config is evaluated by the runner and again by each worker: say it once.
if (!process.env.ZTA_CHROMIUM_ANNOUNCED) {
  process.env.ZTA_CHROMIUM_ANNOUNCED = '1';
  process.stdout.write(`${describeChromium(chromium)}\n`);
}

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
      executablePath: chromium.executablePath,
      args: CHROMIUM_ARGS,
      env: chromiumEnv(chromium),
    },
  },
  projects: [
    { name: 'e2e-web', testMatch: 'e2e-web/**/*.spec.ts' },
    { name: 'e2e-electron', testMatch: 'e2e-electron/**/*.spec.ts' },
  ],
});
