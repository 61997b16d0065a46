// The Dashboard, the home room (issue 16), on the demo organisation: the console opens on it,
// its tiles are labelled regions with figures, a figure leads to the filtered queue behind it,
// and it reads in the light and the dark theme (screenshots of both under the test output).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startCli, type RunningCli } from '../helpers/cli-process';
import { LOGIN_URL, nav } from '../helpers/e2e-console';

const PASSPHRASE = { ZTA_CACHE_PASSPHRASE: 'e2e dashboard passphrase' };
let consoleProcess: RunningCli;
let loginUrl: string;

test.beforeAll(async () => {
  const data = mkdtempSync(join(tmpdir(), 'zta-e2e-dashboard-'));
  consoleProcess = startCli(
    ['start', '--browser', '--data', data, '--seed-users', '30', '--seed-events', '1500', '--seed', '11'],
    PASSPHRASE,
  );
  loginUrl = (await consoleProcess.waitFor(LOGIN_URL))[1] ?? '';
});
test.afterAll(() => consoleProcess.stop());

const tile = (page: Page, name: string) => page.getByRole('region', { name, exact: true });

async function chooseTheme(page: Page, theme: 'Light' | 'Dark' | 'System') {
  await page.getByRole('combobox', { name: 'Theme' }).selectOption({ label: theme });
}

// Evaluated as text: the test files compile without the DOM library.
const background = (page: Page) => page.evaluate<string>('getComputedStyle(document.body).backgroundColor');

test('the console opens on the Dashboard; a tile leads to its filtered view; light and dark themes', async ({
  page,
}, testInfo) => {
  await page.goto(loginUrl);
  await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
  await expect(nav(page).getByRole('link', { name: 'Dashboard' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('status', { name: 'Sync status' })).toContainText(/Last synced/);

  // Every tile, by its label.
  const deadlines = tile(page, 'Deadlines');
  await expect(deadlines.getByRole('rowheader', { name: 'GDPR' })).toBeVisible();
  await expect(deadlines.getByRole('columnheader', { name: 'Overdue' })).toBeVisible();
  await expect(tile(page, 'Days to respond').getByText('Median')).toBeVisible();
  await expect(tile(page, 'Open requests')).toContainText(/\d+ being worked on/);
  await expect(tile(page, 'Access events and denials').getByRole('img')).toHaveAttribute(
    'aria-label',
    /Access events per day, last 30 days: [\d,]+ events/,
  );
  await expect(tile(page, 'Newest triage flags')).toBeVisible();
  const sync = tile(page, 'Sync health');
  await expect(sync.getByText('Pending actions')).toBeVisible();
  await expect(sync.getByRole('link', { name: 'Sync & outbox' })).toHaveAttribute('href', '#/sync');

  // The demo has open requests: the open-requests table counts them, and the sync finished.
  await expect(tile(page, 'Open requests').getByRole('table')).toBeVisible();

  // Tall enough for every tile in one picture (the room scrolls inside its pane).
  await page.setViewportSize({ width: 1280, height: 1500 });
  // Light, then dark: the page's colours change, the choice is kept for the next visit.
  await chooseTheme(page, 'Light');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  const lightBackground = await background(page);
  await page.getByRole('heading', { name: 'Dashboard', level: 1 }).click(); // no focus ring in the picture
  await page.screenshot({ path: testInfo.outputPath('dashboard-light.png'), fullPage: true });
  await chooseTheme(page, 'Dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  const darkBackground = await background(page);
  expect(darkBackground).not.toBe(lightBackground);
  expect(await page.evaluate<string | null>("localStorage.getItem('zta.theme')")).toBe('dark');
  await page.getByRole('heading', { name: 'Dashboard', level: 1 }).click();
  await page.screenshot({ path: testInfo.outputPath('dashboard-dark.png'), fullPage: true });
  await chooseTheme(page, 'System');
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(page.locator('html')).not.toHaveAttribute('data-theme', /.+/);
  // System follows the operating system's scheme with the same palette as the manual choice.
  await page.emulateMedia({ colorScheme: 'dark' });
  expect(await background(page)).toBe(darkBackground);
  await page.emulateMedia({ colorScheme: 'light' });
  expect(await background(page)).toBe(lightBackground);

  // A figure leads to the queue filtered the same way: as many rows as the figure counts. The demo
  // dates its requests back from the moment it is seeded, so which of GDPR's figures is non-zero
  // depends on the hour: the first non-zero one is followed.
  let chosen: { due: string; count: number } | undefined;
  for (const [due, what] of [
    ['overdue', 'overdue'],
    ['today', 'due today'],
    ['week', 'due in \\d+ days'],
  ] as const) {
    const label = await deadlines
      .getByRole('link', { name: new RegExp(`^GDPR: \\d+ ${what}$`) })
      .getAttribute('aria-label');
    const count = Number(/^GDPR: (\d+) /.exec(label ?? '')?.[1]);
    if (count > 0) {
      chosen = { due, count };
      await deadlines.getByRole('link', { name: label ?? '', exact: true }).click();
      break;
    }
  }
  expect(chosen).toBeDefined();
  const { due, count } = chosen!;
  await expect(page.getByRole('heading', { name: 'Requests', level: 1 })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`#/requests\\?jurisdiction=gdpr&due=${due}$`));
  await expect(page.getByLabel('Jurisdiction')).toHaveValue('gdpr');
  await expect(page.getByLabel('Due', { exact: true })).toHaveValue(due);
  const rows = page.getByRole('table', { name: 'Privacy requests' }).getByRole('row');
  await expect(rows).toHaveCount(count + 1);
  for (const row of await rows.all()) {
    const text = (await row.textContent()) ?? '';
    expect(text).not.toMatch(/\bCCPA\b/);
  }
});
