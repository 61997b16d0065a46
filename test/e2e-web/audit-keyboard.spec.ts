// Issue 16 on the demo organisation (signed in as its owner): the request queue reads at a glance
// at 1280×800, the keyboard reaches the rooms, the search and the rows, and the Audit room shows
// this console's verified chain (reads included) and the organisation's trail.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startCli, type RunningCli } from '../helpers/cli-process';
import { LOGIN_URL } from '../helpers/e2e-console';

const PASSPHRASE = { ZTA_CACHE_PASSPHRASE: 'e2e audit passphrase' };
let consoleProcess: RunningCli;
let loginUrl: string;
// One page for the three steps: the sign-in link works once.
let page: Page;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  const data = mkdtempSync(join(tmpdir(), 'zta-e2e-audit-'));
  consoleProcess = startCli(
    ['start', '--browser', '--data', data, '--seed-users', '30', '--seed-events', '500', '--seed', '7'],
    PASSPHRASE,
  );
  loginUrl = (await consoleProcess.waitFor(LOGIN_URL))[1] ?? '';
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(loginUrl);
  await expect(page.getByRole('status', { name: 'Sync status' })).toContainText(/Last synced/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
});
test.afterAll(async () => {
  await page?.close();
  consoleProcess.stop();
});

/** Keys pressed on the page body, as a user would (not inside a field). */
async function keys(...sequence: string[]) {
  for (const k of sequence) await page.keyboard.press(k);
}

test('the request queue reads at a glance at 1280×800', async () => {
  await keys('g', 'r');
  await expect(page.getByRole('heading', { name: 'Requests', level: 1 })).toBeVisible();
  const table = page.getByRole('table', { name: 'Privacy requests' });
  await expect(table.getByRole('row').nth(1)).toBeVisible();

  // Sorted by next deadline by default.
  const deadline = table.getByRole('columnheader', { name: /Next deadline/ });
  await expect(deadline).toHaveAttribute('aria-sort', 'ascending');

  // Both clock columns and their first row's cells lie inside the viewport: no sideways scroll.
  const daysLeft = table.getByRole('columnheader', { name: 'Days left' });
  for (const header of [deadline, daysLeft]) {
    const box = await header.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(1280);
  }
  const firstRow = table.getByRole('row').nth(1);
  // (the owner sees the selection column first: then request, next deadline, days left)
  for (const i of [2, 3]) {
    const box = await firstRow.getByRole('cell').nth(i).boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(1280);
  }

  // The whole queue fits: neither the table's box nor the room that holds it scrolls sideways,
  // in the light and in the dark theme (measured in the page: no DOM library in the e2e build).
  const overflow = () =>
    page.evaluate<Array<{ scrollWidth: number; clientWidth: number }>>(
      `(() => { const t = document.querySelector('table[aria-label="Privacy requests"]');
        return [t.parentElement, t.closest('main')].map((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth })); })()`,
    );
  for (const theme of ['Light', 'Dark'] as const) {
    await page.getByRole('combobox', { name: 'Theme' }).selectOption({ label: theme });
    for (const box of await overflow()) expect(box.scrollWidth).toBeLessThanOrEqual(box.clientWidth);
    await page.screenshot({ path: test.info().outputPath(`requests-queue-${theme.toLowerCase()}.png`) });
  }
  // The assignee, no longer a column of its own, reads under the status.
  await expect(firstRow).toContainText(/Assignee: \S|Unassigned/);
  await page.getByRole('combobox', { name: 'Theme' }).selectOption({ label: 'System' });

  // A person's name and the summary lead; the id is secondary text with a copy button.
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
  const links = firstRow.getByRole('link');
  const nameLink = links.first();
  await expect(nameLink).not.toHaveText(uuid);
  await expect(nameLink).not.toHaveText('Unknown person');
  const id = (await links.nth(1).innerText()).trim();
  expect(id).toMatch(uuid);
  await expect(firstRow.getByRole('button', { name: `Copy request id ${id}` })).toBeVisible();
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await firstRow.getByRole('button', { name: `Copy request id ${id}` }).click();
  await expect(firstRow.getByRole('status').filter({ hasText: 'Copied' })).toBeVisible();
  expect(await page.evaluate('navigator.clipboard.readText()')).toBe(id);
});

test('keyboard: rooms, search, rows, the list of shortcuts, visible focus', async () => {
  // `?` lists the shortcuts; Escape closes the dialog.
  await keys('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  await expect(help.getByRole('row', { name: /g then a\s+Go to Audit/ })).toBeVisible();
  await keys('Escape');
  await expect(help).toBeHidden();
  // The header's button opens the same list, for those who do not know about `?`.
  await page.getByRole('banner').getByRole('button', { name: 'Keyboard shortcuts' }).click();
  await expect(help).toBeVisible();
  await expect(help.getByRole('row', { name: /g then r\s+Go to Requests/ })).toBeVisible();
  await help.getByRole('button', { name: 'Close' }).click();
  await expect(help).toBeHidden();

  // `/` focuses the access logs' search; typing there is text, not a shortcut.
  await keys('g', 'l');
  await expect(page.getByRole('heading', { name: 'Access logs', level: 1 })).toBeVisible();
  await keys('/');
  const focusedType = await page.evaluate('document.activeElement?.type');
  expect(focusedType).toBe('search');
  await page.keyboard.type('gr');
  await expect(page.getByRole('heading', { name: 'Access logs', level: 1 })).toBeVisible();

  // j / k walk the request queue's rows.
  await page.getByRole('heading', { name: 'Access logs', level: 1 }).focus();
  await keys('g', 'r');
  await expect(page.getByRole('heading', { name: 'Requests', level: 1 })).toBeVisible();
  const rows = page.getByRole('table', { name: 'Privacy requests' }).getByRole('row');
  await expect(rows.nth(2)).toBeVisible();
  // (evaluated in the page: the e2e files are compiled without the DOM library)
  const focusedRow = () =>
    page.evaluate(
      "(() => { const tr = document.activeElement?.closest('tr'); return tr ? [...tr.parentElement.children].indexOf(tr) : -1; })()",
    );
  await keys('j');
  expect(await focusedRow()).toBe(0);
  await keys('j');
  expect(await focusedRow()).toBe(1);
  await keys('k');
  expect(await focusedRow()).toBe(0);

  // The focused control is visibly outlined (:focus-visible), here after Tab.
  await keys('Tab');
  const outline = (await page.evaluate(
    '(() => { const el = document.activeElement; const s = getComputedStyle(el); return { style: s.outlineStyle, width: s.outlineWidth, visible: el.matches(":focus-visible") }; })()',
  )) as { style: string; width: string; visible: boolean };
  expect(outline.visible).toBe(true);
  expect(outline.style).not.toBe('none');
  expect(outline.width).not.toBe('0px');

  // `/` in a room without a search box focuses its first filter.
  await keys('Escape');
  await page.getByRole('heading', { name: 'Requests', level: 1 }).focus();
  await keys('/');
  await expect(page.getByLabel('Status', { exact: true })).toBeFocused();
});

test('the Audit room shows the verified local chain, reads included, and the organisation trail', async () => {
  // A read worth recording: someone's timeline. (Keys from the page, not the filter focused before.)
  await page.getByRole('heading', { level: 1 }).focus();
  await keys('g', 's');
  await expect(page.getByRole('heading', { name: 'Subjects', level: 1 })).toBeVisible();
  await page.getByRole('main').getByRole('link').first().click();
  await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('Subjects');

  await page.getByRole('heading', { level: 1 }).focus();
  await keys('g', 'a');
  await expect(page.getByRole('heading', { name: 'Audit', level: 1 })).toBeVisible();
  await expect(page.getByText(/Not built yet/)).toHaveCount(0);
  await expect(page.getByRole('status').filter({ hasText: /Chain verified: all \d+ entries/ })).toBeVisible();
  const local = page.getByRole('table', { name: 'Actions and reads on this console' });
  await expect(local.getByRole('row', { name: /Opened a person's timeline/ }).first()).toBeVisible();

  // The organisation's trail answers (the demo admin is the owner): a table, or nothing yet.
  const org = page.getByRole('region', { name: 'In the organisation' });
  await expect(
    org
      .getByRole('table', { name: 'Admin actions in the organisation' })
      .or(org.getByText(/No admin action/)),
  ).toBeVisible();
  await expect(org.getByRole('alert')).toHaveCount(0);

  // Filtering by action kind narrows the local chain to that kind (reads carry none).
  await page.getByLabel('Action', { exact: true }).selectOption('request.approve');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(local.getByRole('row', { name: /Opened a person's timeline/ })).toHaveCount(0);
});
