// Accessibility (issue 16): axe-core scans every room of the console, in the light and the dark
// theme, and fails on any serious or critical violation. The demo organisation gives every room
// something to show.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { ROOMS } from '../../renderer/src/hash-routes';
import { startCli, type RunningCli } from '../helpers/cli-process';
import { LOGIN_URL, nav } from '../helpers/e2e-console';

const PASSPHRASE = { ZTA_CACHE_PASSPHRASE: 'e2e a11y passphrase' };
let consoleProcess: RunningCli;
let loginUrl: string;

test.beforeAll(async () => {
  const data = mkdtempSync(join(tmpdir(), 'zta-e2e-a11y-'));
  consoleProcess = startCli(
    ['start', '--browser', '--data', data, '--seed-users', '30', '--seed-events', '800', '--seed', '13'],
    PASSPHRASE,
  );
  loginUrl = (await consoleProcess.waitFor(LOGIN_URL))[1] ?? '';
});
test.afterAll(() => consoleProcess.stop());

/** Serious and critical violations on the page as it stands, one line each (rule, impact, nodes). */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

// One test: the one-time sign-in link opens one session.
test('every room has no serious or critical axe violation, in the light and the dark theme', async ({
  page,
}) => {
  await page.goto(loginUrl);
  await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
  await expect(page.getByRole('status', { name: 'Sync status' })).toContainText(/Last synced/);

  const found: string[] = [];
  for (const theme of ['Light', 'Dark'] as const) {
    await page.getByRole('combobox', { name: 'Theme' }).selectOption({ label: theme });
    for (const room of ROOMS) {
      await nav(page).getByRole('link', { name: room.label }).click();
      await expect(page.getByRole('heading', { name: room.label, level: 1 })).toBeVisible();
      // Let the room's first read settle: axe should judge the room with its data, not a spinner.
      // (Not 'networkidle': the event stream keeps a request open.)
      await expect(page.getByRole('main').locator('[aria-busy="true"]')).toHaveCount(0, { timeout: 10_000 });
      for (const v of await seriousViolations(page)) found.push(`${theme}, ${room.label}: ${v}`);
    }
  }
  expect(found).toEqual([]);
});
