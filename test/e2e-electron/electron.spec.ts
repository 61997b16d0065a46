// The Electron shell end to end. It needs the Electron binary, which cannot be downloaded on our
// build machines: there the suite is skipped and says why.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { findElectronBinary } from '../../main/cli/electron-binary';
import { startBackend, type RunningBackend } from '../../backend/index';

const binary = findElectronBinary();
const skipReason = binary.found ? '' : `Electron binary not available on this machine (${binary.reason})`;
if (!binary.found) process.stdout.write(`e2e-electron skipped: ${skipReason}\n`);

test.describe('Electron shell', () => {
  test.skip(!binary.found, skipReason);
  let backend: RunningBackend;

  test.beforeAll(async () => {
    backend = await startBackend({ seed: { users: 20, events: 800, seed: 5 } });
  });
  test.afterAll(() => backend?.close());

  test('opens a sandboxed window that syncs and shows events', async () => {
    const data = mkdtempSync(join(tmpdir(), 'zta-electron-'));
    const tokenFile = join(data, 'token');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(tokenFile, backend.tokens.owner);
    const app = await electron.launch({
      // The compiled main process (npm run build), as `zta-console start` launches it.
      args: ['dist/node/electron-main.js'],
      env: {
        ...process.env,
        ZTA_DATA_DIR: data,
        ZTA_CACHE_PASSPHRASE: 'electron e2e passphrase',
        ZTA_BACKEND_URL: backend.url,
        ZTA_BACKEND_TOKEN_FILE: tokenFile,
      },
    });
    const window = await app.firstWindow();
    expect(window.url()).toMatch(/^app:\/\/console\//);
    // The console opens on the Dashboard (issue 16); the logs are one click away.
    await expect(window.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
    await window
      .getByRole('navigation', { name: 'Rooms' })
      .getByRole('link', { name: 'Access logs' })
      .click();
    await expect(window.getByRole('heading', { name: 'Access logs', level: 1 })).toBeVisible();
    // The virtualized table renders a window of rows (header + rows in view).
    await expect(window.getByRole('table', { name: 'Access events' })).toBeVisible();
    await expect(
      window.getByRole('rowgroup', { name: 'Access event rows (scrollable)' }).getByRole('row').first(),
    ).toContainText(/allow|deny/);
    const exposed = await window.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      zta: Object.keys((globalThis as { zta?: object }).zta ?? {}).sort(),
    }));
    expect(exposed).toEqual({ require: 'undefined', process: 'undefined', zta: ['invoke', 'on'] });
    await window.screenshot({ path: 'test-results/screenshots/electron-access-logs.png' });
    await app.close();
  });
});
