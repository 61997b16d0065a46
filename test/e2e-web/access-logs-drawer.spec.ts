// Access-log review in Chromium through the browser host, over the embedded demo organisation:
// the event drawer and the subject timeline, saved views, a CSV export downloaded to disk, the
// retention setting, and hostile strings rendered inert. No CSP violation is tolerated.
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { FLAG_EXPLANATIONS, FLAG_LABELS } from '../../renderer/src/logs/flag-text';
import {
  useAccessLogsSession,
  clearFilters,
  countLine,
  countOf,
  dataRows,
  EVENTS,
  readRows,
  SCREENSHOTS,
  waitForNewCount,
} from '../helpers/access-logs-session';
import { nav } from '../helpers/e2e-console';

const session = useAccessLogsSession();

test('the detail drawer explains an event and leads to the subject timeline', async () => {
  const first = (await readRows(session.page))[0];
  expect(first).toBeDefined();
  const user = first?.user ?? '';
  await dataRows(session.page).first().getByRole('cell').nth(2).click();
  const drawer = session.page.getByRole('dialog', { name: 'Event details' });
  await expect(drawer).toBeVisible();
  await expect(drawer).toContainText(user);
  await expect(drawer).toContainText(first?.ip ?? '');
  await expect(drawer.getByRole('heading', { name: 'Flags' })).toBeVisible();
  await session.page.screenshot({ path: `${SCREENSHOTS}/access-logs-drawer.png` });

  await drawer.getByRole('link', { name: /Open the timeline of/ }).click();
  await expect(session.page.getByRole('heading', { level: 1, name: /^Timeline of / })).toBeVisible();
  const profile = session.page.getByRole('definition').first();
  await expect(profile).toHaveText(user);
  const devices = session.page.getByRole('table', { name: 'Devices' }).getByRole('row');
  await expect.poll(() => devices.count()).toBeGreaterThan(1);
  const events = session.page.getByRole('table', { name: 'Access events' });
  await expect.poll(() => events.getByRole('row').count()).toBeGreaterThan(1);
  const eventRows = events.getByRole('row').filter({ has: session.page.getByRole('cell') });
  const users: string[] = [];
  for (let i = 0; i < (await eventRows.count()); i++) {
    users.push(((await eventRows.nth(i).getByRole('cell').nth(1).textContent()) ?? '').trim());
  }
  expect(users.length).toBeGreaterThan(0);
  expect(new Set(users)).toEqual(new Set([user]));
  // Every triage flag is listed with its explanation.
  const flags = session.page.getByRole('list', { name: 'Flags' });
  for (const kind of ['new_device', 'new_network', 'deny_burst', 'off_hours'] as const) {
    await expect(flags).toContainText(FLAG_LABELS[kind]);
    await expect(flags).toContainText(FLAG_EXPLANATIONS[kind]);
  }
  await session.page.screenshot({ path: `${SCREENSHOTS}/subject-timeline.png` });
  await expect(session.page.getByRole('link', { name: /^Privacy requests of / })).toHaveAttribute(
    'href',
    /#\/requests\?subject=/,
  );

  // Back to the logs, from the Subjects list as well.
  await nav(session.page).getByRole('link', { name: 'Subjects' }).click();
  // 60 users and the demo's three leavers still within the inactivity window (three more left
  // before it and were erased by retention at start: backend/seed/leavers.ts), plus the header row.
  await expect(session.page.getByRole('table', { name: 'Subjects' }).getByRole('row')).toHaveCount(64);
  await nav(session.page).getByRole('link', { name: 'Access logs' }).click();
  await expect(countLine(session.page)).toHaveText(`${EVENTS.toLocaleString('en')} events`);
});

test('saved views: save, apply and delete a filter set', async () => {
  const bar = session.page.getByRole('search', { name: 'Filter access events' });
  await bar.getByLabel('Decision').selectOption('deny');
  const denied = await waitForNewCount(session.page, EVENTS);
  await session.page.getByText('Saved views', { exact: true }).click();
  await session.page.getByLabel('View name').fill('Denials <b>only</b>');
  await session.page.getByRole('button', { name: 'Save current filters' }).click();
  const list = session.page.getByRole('list', { name: 'Saved views' });
  await expect(list.getByText('Denials <b>only</b>')).toBeVisible(); // markup stays text

  await clearFilters(session.page);
  await list.getByRole('button', { name: 'Apply view Denials <b>only</b>' }).click();
  await expect(bar.getByLabel('Decision')).toHaveValue('deny');
  await expect.poll(() => countOf(session.page)).toBe(denied);
  await list.getByRole('button', { name: 'Delete view Denials <b>only</b>' }).click();
  await expect(list.getByText('Denials <b>only</b>')).toHaveCount(0);
  await session.page.getByText('Saved views', { exact: true }).click();
  await clearFilters(session.page);
});

test('CSV export of the filtered view: progress, then a download with every row', async () => {
  const bar = session.page.getByRole('search', { name: 'Filter access events' });
  await bar.getByLabel('Decision').selectOption('deny');
  const denied = await waitForNewCount(session.page, EVENTS);

  await session.page.getByRole('button', { name: 'Export CSV' }).click();
  const status = session.page.getByRole('status', { name: 'CSV export' });
  const link = status.getByRole('link', { name: 'Download CSV' });
  await expect(link).toBeVisible();
  await expect(status).toContainText(`${denied.toLocaleString('en')} rows`);
  const progress = (await session.page.evaluate('window.__exportProgress')) as string[];
  expect(progress.length).toBeGreaterThan(0); // the progress bar was shown while the file was written
  const [download] = await Promise.all([session.page.waitForEvent('download'), link.click()]);
  const file = await download.path();
  const text = readFileSync(file, 'utf8');
  const lines = text.replace(/\r?\n$/, '').split(/\r?\n/);
  expect(lines[0]?.toLowerCase()).toMatch(/time.*user.*ip.*device.*os.*app.*decision/);
  expect(lines.length - 1).toBe(denied);
  expect(lines.slice(1).every((l) => /(^|,)"?deny"?(,|$)/.test(l))).toBe(true);
  await clearFilters(session.page);
});

test('settings: the local retention window defaults to 90 days and can be changed', async () => {
  const rooms = nav(session.page);
  await rooms.getByRole('link', { name: 'Settings' }).click();
  const days = session.page.getByLabel('Retention window (days)');
  await expect(days).toHaveValue('90');
  await days.fill('0');
  await session.page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(session.page.getByRole('alert')).toContainText('between 1 and 3650');
  await days.fill('120');
  await session.page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(session.page.getByText('Saved.')).toBeVisible();
  await session.page.reload();
  await expect(session.page.getByLabel('Retention window (days)')).toHaveValue('120');
  await nav(session.page).getByRole('link', { name: 'Access logs' }).click();
  await expect(countLine(session.page)).toHaveText(`${EVENTS.toLocaleString('en')} events`);
});

test('hostile strings in events render as inert text', async () => {
  // The host's reply is altered on the wire: markup, a control character and an RTL override.
  const device = '<img src=x onerror="window.__pwned=1">\u202Egnp.exe';
  const app = 'Pay\u0007roll<script>window.__pwned=2</script>';
  const pageCalls = /\/api\/invoke\/logs(:|%3A)page$/i;
  await session.page.route(pageCalls, async (route) => {
    const response = await route.fetch();
    const body = (await response.json()) as {
      ok: boolean;
      value?: { rows: { deviceName: string; app: string }[] };
    };
    const first = body.value?.rows[0];
    if (first) {
      first.deviceName = device;
      first.app = app;
    }
    await route.fulfill({ response, json: body });
  });
  const bar = session.page.getByRole('search', { name: 'Filter access events' });
  await bar.getByLabel('Decision').selectOption('allow');
  await waitForNewCount(session.page, EVENTS);
  await expect
    .poll(async () => (await readRows(session.page))[0]?.device)
    .toBe('<img src=x onerror="window.__pwned=1">\\u202egnp.exe');
  const row = (await readRows(session.page))[0];
  expect(row?.app).toBe('Pay\\u0007roll<script>window.__pwned=2</script>');
  expect(await session.page.evaluate('window.__pwned')).toBeUndefined();
  expect(await session.page.locator('img, script:not([src])').count()).toBe(0);
  await session.page.unroute(pageCalls);
  await clearFilters(session.page);
});

test('no CSP violation or page error was seen', () => {
  expect(session.problems).toEqual([]);
});
