// The console in any locale: a machine with LANG=C.UTF-8 makes Chromium report `en-US@posix`,
// which Intl rejects; a German and a right-to-left (Arabic) browser must work too. Each room
// renders its heading, and the rooms with rows show their first rows.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startCli, type RunningCli } from '../helpers/cli-process';
import { LOGIN_URL, nav } from '../helpers/e2e-console';

const PASSPHRASE = { ZTA_CACHE_PASSPHRASE: 'e2e correct horse battery staple' };

let consoleProcess: RunningCli;
let loginUrl: string;

// The sign-in link is one-time: each locale gets its own console.
test.beforeEach(async () => {
  const data = mkdtempSync(join(tmpdir(), 'zta-e2e-locales-'));
  consoleProcess = startCli(
    ['start', '--browser', '--data', data, '--seed-users', '30', '--seed-events', '1500', '--seed', '3'],
    PASSPHRASE,
  );
  loginUrl = (await consoleProcess.waitFor(LOGIN_URL))[1] ?? '';
});
test.afterEach(() => consoleProcess.stop());

/** Rooms, their heading, and the rows that show they rendered data (null: a heading suffices). */
const ROOMS: {
  link: string;
  heading: string;
  rows:
    | ((page: import('@playwright/test').Page) => ReturnType<import('@playwright/test').Page['getByRole']>)
    | null;
}[] = [
  { link: 'Dashboard', heading: 'Dashboard', rows: null },
  {
    link: 'Access logs',
    heading: 'Access logs',
    rows: (page) => page.getByRole('rowgroup', { name: 'Access event rows (scrollable)' }).getByRole('row'),
  },
  {
    link: 'Requests',
    heading: 'Requests',
    rows: (page) => page.getByRole('table', { name: 'Privacy requests' }).getByRole('row'),
  },
  { link: 'Subjects', heading: 'Subjects', rows: null },
  { link: 'Exports', heading: 'Exports', rows: null },
  { link: 'Sync & outbox', heading: 'Sync & outbox', rows: null },
  { link: 'Audit', heading: 'Audit', rows: null },
  { link: 'Settings', heading: 'Settings', rows: null },
];

for (const locale of ['en-US@posix', 'de-DE', 'ar']) {
  test(`every room renders with the browser language ${locale}`, async ({ browser }) => {
    const context = await browser.newContext({ locale });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    // What the browser itself reports, before the console mends it.
    expect(
      await page.evaluate(() => (globalThis as { navigator?: { language: string } }).navigator?.language),
    ).toBe(locale);
    await page.goto(loginUrl);
    await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
    await expect(page.getByRole('status', { name: 'Sync status' })).toContainText(/Last synced/);
    for (const room of ROOMS) {
      await nav(page).getByRole('link', { name: room.link }).click();
      await expect(page.getByRole('heading', { name: room.heading, level: 1 })).toBeVisible();
      if (room.rows) await expect(room.rows(page).nth(1)).toBeVisible();
    }
    expect(errors).toEqual([]);
    await context.close();
  });
}
