// The console in Chromium through the browser host: the first-run demo path (`zta-console start`
// with the embedded backend) and signing in to a separately running backend.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startCli, type RunningCli } from '../helpers/cli-process';
import { LOGIN_URL, openAccessLogs } from '../helpers/e2e-console';

const PASSPHRASE = { ZTA_CACHE_PASSPHRASE: 'e2e correct horse battery staple' };
/** Screenshots people look at, kept with the test output. */
const SCREENSHOTS = 'test-results/screenshots';

test.describe('first run with the embedded demo backend', () => {
  let consoleProcess: RunningCli;
  let loginUrl: string;

  test.beforeAll(async () => {
    const data = mkdtempSync(join(tmpdir(), 'zta-e2e-demo-'));
    consoleProcess = startCli(
      ['start', '--browser', '--data', data, '--seed-users', '40', '--seed-events', '2500', '--seed', '7'],
      PASSPHRASE,
    );
    loginUrl = (await consoleProcess.waitFor(LOGIN_URL))[1] ?? '';
  });
  test.afterAll(() => consoleProcess.stop());

  test('signs in, syncs and shows access events', async ({ page }) => {
    await page.goto(loginUrl);
    await expect(page).toHaveURL(/\/$/); // the token left the address bar
    await openAccessLogs(page);
    const status = page.getByRole('status', { name: 'Sync status' });
    await expect(status).toContainText('Online');
    await expect(status).toContainText(/Last synced/);

    // The table is virtualized: it announces every row, renders a window of them.
    const table = page.getByRole('table', { name: 'Access events' });
    const rows = page.getByRole('rowgroup', { name: 'Access event rows (scrollable)' }).getByRole('row');
    await expect(page.getByText('2,500 events', { exact: true })).toBeVisible();
    await expect(table).toHaveAttribute('aria-rowcount', '2501'); // header + 2,500
    await expect(rows.first()).not.toHaveAttribute('aria-busy', 'true');
    expect(await rows.count()).toBeLessThan(100);
    await expect(table.getByRole('columnheader', { name: 'Decision' })).toBeVisible();
    await page.screenshot({ path: SCREENSHOTS + '/access-logs.png' });

    // A screenful forward and back.
    const firstRowText = (await rows.first().textContent()) ?? '';
    await page.getByRole('button', { name: 'Next page' }).click();
    await expect(rows.first()).not.toHaveText(firstRowText);
    await page.getByRole('button', { name: 'Previous page' }).click();
    await expect(rows.first()).toHaveText(firstRowText);

    // Filtering on the decision shows denials only.
    await page.getByLabel('Decision').selectOption({ label: 'Deny' });
    await expect(page.getByText(/^[\d,]+ events? match$/)).toBeVisible();
    await expect(rows.first()).toContainText('deny');
    const n = await rows.count();
    const decisions: string[] = [];
    for (let i = 0; i < n; i++) {
      decisions.push(((await rows.nth(i).getByRole('cell').nth(6).textContent()) ?? '').trim().toLowerCase());
    }
    expect(decisions.length).toBeGreaterThan(0);
    expect(new Set(decisions)).toEqual(new Set(['deny']));
  });

  test('the one-time link cannot be used twice', async ({ page }) => {
    // The previous test consumed it; a fresh browser context has no session cookie either.
    const response = await page.goto(loginUrl);
    expect(response?.status()).toBe(401);
    await expect(page.getByText(/already used/)).toBeVisible();
  });
});

test.describe('signing in to a separately running backend', () => {
  let backend: RunningCli;
  let consoleProcess: RunningCli;
  let tokens: { url: string; tokens: Record<string, string> };
  let loginUrl: string;

  test.beforeAll(async () => {
    const backendData = mkdtempSync(join(tmpdir(), 'zta-e2e-backend-'));
    backend = startCli([
      'backend',
      '--port',
      '0',
      '--seed-users',
      '25',
      '--seed-events',
      '1200',
      '--seed',
      '3',
      '--data',
      backendData,
    ]);
    await backend.waitFor(/listening on http:\/\/127\.0\.0\.1:\d+/i);
    tokens = JSON.parse(readFileSync(join(backendData, 'tokens.json'), 'utf8')) as typeof tokens;
    const data = mkdtempSync(join(tmpdir(), 'zta-e2e-signin-'));
    consoleProcess = startCli(['start', '--browser', '--no-demo', '--data', data], PASSPHRASE);
    loginUrl = (await consoleProcess.waitFor(LOGIN_URL))[1] ?? '';
  });
  test.afterAll(async () => {
    await consoleProcess.stop();
    await backend.stop();
  });

  test('a wrong token is refused with a clear message; the right one syncs', async ({ page }) => {
    await page.goto(loginUrl);
    await expect(page.getByRole('heading', { name: 'Sign in to your ZTA backend' })).toBeVisible();
    await page.getByLabel('Backend URL').fill(tokens.url);
    await page.getByLabel('Admin token').fill('not-the-right-token-at-all-0000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toContainText(/rejected/i);

    await page.getByLabel('Admin token').fill(tokens.tokens.viewer ?? '');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await openAccessLogs(page);
    await expect(page.getByText('1,200 events', { exact: true })).toBeVisible();

    await page
      .getByRole('navigation', { name: 'Rooms' })
      .getByRole('link', { name: 'Sync & outbox' })
      .click();
    await expect(page.getByRole('heading', { name: 'Sync & outbox' })).toBeVisible();
    await expect(page.getByRole('row', { name: /access_events/ })).toContainText('1200');
  });
});
