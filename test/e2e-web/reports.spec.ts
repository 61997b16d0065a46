// The Reports room (issue 16) on the demo organisation, whose past casework spans this and last
// calendar year: the §7102 and GDPR tables for a chosen year, and Export CSV.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startCli, type RunningCli } from '../helpers/cli-process';
import { LOGIN_URL, nav } from '../helpers/e2e-console';

const PASSPHRASE = { ZTA_CACHE_PASSPHRASE: 'e2e reports passphrase' };
let consoleProcess: RunningCli;
let loginUrl: string;

test.beforeAll(async () => {
  const data = mkdtempSync(join(tmpdir(), 'zta-e2e-reports-'));
  consoleProcess = startCli(
    ['start', '--browser', '--data', data, '--seed-users', '30', '--seed-events', '500', '--seed', '5'],
    PASSPHRASE,
  );
  loginUrl = (await consoleProcess.waitFor(LOGIN_URL))[1] ?? '';
});
test.afterAll(() => consoleProcess.stop());

test('the yearly reports show last year and export as CSV', async ({ page }) => {
  await page.goto(loginUrl);
  await expect(page.getByRole('status', { name: 'Sync status' })).toContainText(/Last synced/);
  await nav(page).getByRole('link', { name: 'Reports' }).click();
  await expect(page.getByRole('heading', { name: 'Reports', level: 1 })).toBeVisible();

  const lastYear = new Date().getFullYear() - 1;
  await expect(page.getByLabel('Year received')).toHaveValue(String(lastYear));
  const ccpa = page.getByRole('table', { name: `CCPA — 11 CCR §7102 request metrics, ${lastYear}` });
  const gdpr = page.getByRole('table', { name: `GDPR — requests per right exercised, ${lastYear}` });
  await expect(ccpa.getByRole('row')).toHaveCount(6);
  await expect(gdpr.getByRole('row')).toHaveCount(7);
  // The demo's past casework has requests to know last year.
  const know = ccpa.getByRole('row', { name: /Requests to know/ });
  await expect(know.getByRole('cell').first()).not.toHaveText('0');

  await page.getByRole('button', { name: 'Export CSV' }).first().click();
  const save = page.getByRole('link', { name: `Save ccpa-7102-${lastYear}.csv` });
  const [download] = await Promise.all([page.waitForEvent('download'), save.click()]);
  const csv = readFileSync(await download.path(), 'utf8');
  expect(csv.split('\r\n')[0]).toMatch(/^Category,Received,Complied with in whole,/);
  expect(csv).toContain('Requests to know,');

  await page.getByLabel('Year received').selectOption(String(lastYear + 1));
  await expect(
    page.getByRole('table', { name: `CCPA — 11 CCR §7102 request metrics, ${lastYear + 1}` }),
  ).toBeVisible();
});
