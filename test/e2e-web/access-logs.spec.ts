// Access-log review in Chromium through the browser host, over the embedded demo organisation
// (60 people, 6,000 events): combined filters with an IP range, full-text search and its syntax
// errors, brushing the histogram to zoom the time range, the event drawer and the subject
// timeline, saved views and a CSV export downloaded to disk. No CSP violation is tolerated.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { startCli, type RunningCli } from '../helpers/cli-process';
import { FLAG_EXPLANATIONS, FLAG_LABELS } from '../../renderer/src/logs/flag-text';
import { LOGIN_URL, openAccessLogs } from '../helpers/e2e-console';

const PASSPHRASE = { ZTA_CACHE_PASSPHRASE: 'e2e access logs correct horse battery' };
const SCREENSHOTS = 'test-results/screenshots';
const EVENTS = 6000;

interface Row {
  time: string;
  user: string;
  ip: string;
  device: string;
  os: string;
  app: string;
  decision: string;
}

test.describe.configure({ mode: 'serial' });

let consoleProcess: RunningCli;
let context: BrowserContext;
let page: Page;
const problems: string[] = [];

const dataRows = (p: Page): Locator =>
  p.getByRole('rowgroup', { name: 'Access event rows (scrollable)' }).getByRole('row');
const countLine = (p: Page): Locator => p.getByText(/^[\d,]+ events?( match)?|^No cached events match/);

/** The little of the DOM the row reader needs (the test tsconfig has no DOM types). */
interface El {
  textContent: string | null;
  getAttribute(name: string): string | null;
  querySelector(selector: string): El | null;
  querySelectorAll(selector: string): ArrayLike<El>;
}

/** The rows currently rendered (the virtual window), read in one go so a re-render cannot split them. */
async function readRows(p: Page): Promise<Row[]> {
  return dataRows(p).evaluateAll((rows: El[]) =>
    rows
      .filter((r) => r.getAttribute('aria-busy') !== 'true')
      .map((r) => {
        const cells = Array.from(r.querySelectorAll('[role="cell"]')).map((c) =>
          (c.textContent ?? '').trim(),
        );
        return {
          time: r.querySelector('time')?.getAttribute('datetime') ?? '',
          user: cells[1] ?? '',
          ip: cells[2] ?? '',
          device: cells[3] ?? '',
          os: cells[4] ?? '',
          app: cells[5] ?? '',
          decision: cells[6] ?? '',
        };
      }),
  );
}

async function countOf(p: Page): Promise<number> {
  const text = (await countLine(p).textContent()) ?? '';
  const m = text.match(/^([\d,]+)/);
  return m ? Number(m[1]?.replace(/,/g, '')) : 0;
}

/** Waits until the count line settles on a value other than `previous`. */
async function waitForNewCount(p: Page, previous: number): Promise<number> {
  await expect.poll(() => countOf(p)).not.toBe(previous);
  await expect(p.getByText('updating…')).toHaveCount(0);
  return countOf(p);
}

async function clearFilters(p: Page): Promise<void> {
  const bar = p.getByRole('search', { name: 'Filter access events' });
  await bar.getByLabel('Time range').selectOption('all');
  await bar.getByLabel('Decision').selectOption('all');
  for (const label of ['User', 'App', 'IP or CIDR', 'Device', 'OS', 'Search'])
    await bar.getByLabel(label, { exact: true }).fill('');
  await expect(countLine(p)).toHaveText(`${EVENTS.toLocaleString('en')} events`);
  await expect(dataRows(p).first()).not.toHaveAttribute('aria-busy', 'true');
}

test.beforeAll(async ({ browser }) => {
  const data = mkdtempSync(join(tmpdir(), 'zta-e2e-logs-'));
  consoleProcess = startCli(
    [
      'start',
      '--browser',
      '--data',
      data,
      '--seed-users',
      '60',
      '--seed-events',
      String(EVENTS),
      '--seed',
      '11',
    ],
    PASSPHRASE,
  );
  const loginUrl = (await consoleProcess.waitFor(LOGIN_URL))[1] ?? '';
  context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  // CSP violations are reported as events in the page, and as console errors.
  await page.addInitScript({
    content:
      "document.addEventListener('securitypolicyviolation', (e) => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));",
  });
  // Records the largest value the export progress bar showed (it may be on screen only briefly).
  await page.addInitScript({
    content: `window.__exportProgress = [];
      new MutationObserver(() => {
        const bar = document.querySelector('progress[aria-label="Export progress"]');
        if (bar) window.__exportProgress.push(bar.value + '/' + bar.max);
      }).observe(document, { subtree: true, childList: true, attributes: true });`,
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy|CSP violation/i.test(msg.text()))
      problems.push(msg.text());
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  await page.goto(loginUrl);
  await openAccessLogs(page);
  await expect(page.getByRole('status', { name: 'Sync status' })).toContainText(/Last synced/);
  await expect(countLine(page)).toHaveText(`${EVENTS.toLocaleString('en')} events`);
});

test.afterAll(async () => {
  await context?.close();
  await consoleProcess?.stop();
});

test('the table windows all events; sorting by time reverses it', async () => {
  const table = page.getByRole('table', { name: 'Access events' });
  await expect(table).toHaveAttribute('aria-rowcount', String(EVENTS + 1));
  // Only a window of rows is in the DOM.
  const rendered = await dataRows(page).count();
  expect(rendered).toBeGreaterThan(5);
  expect(rendered).toBeLessThan(80);
  const newest = await readRows(page);
  const times = newest.map((r) => r.time);
  expect([...times].sort().reverse()).toEqual(times);

  await page.getByRole('columnheader', { name: /Time/ }).getByRole('button').click();
  await expect(page.getByRole('columnheader', { name: /Time/ })).toHaveAttribute('aria-sort', 'ascending');
  const oldestShown = Date.parse(times[times.length - 1] ?? '');
  await expect.poll(async () => Date.parse((await readRows(page))[0]?.time ?? '')).toBeLessThan(oldestShown);
  const oldest = (await readRows(page)).map((r) => r.time);
  expect([...oldest].sort()).toEqual(oldest);

  // Scrolling to the far end of the scaled scrollbar reaches the last rows.
  await page.getByRole('rowgroup', { name: 'Access event rows (scrollable)' }).focus();
  await page.keyboard.press('End');
  await expect(dataRows(page).last()).toHaveAttribute('aria-rowindex', String(EVENTS + 1));
  await page.keyboard.press('Home');
  await expect(dataRows(page).first()).toHaveAttribute('aria-rowindex', '2');
  await page.getByRole('columnheader', { name: /Time/ }).getByRole('button').click();
  await expect(page.getByRole('columnheader', { name: /Time/ })).toHaveAttribute('aria-sort', 'descending');
});

test('filters combine: decision, app and an IP range; an invalid CIDR is flagged', async () => {
  const bar = page.getByRole('search', { name: 'Filter access events' });
  await bar.getByLabel('Decision').selectOption('deny');
  let count = await waitForNewCount(page, EVENTS);
  expect(count).toBeLessThan(EVENTS);
  // The app and network of a denial, so the combined filter has at least that match whatever
  // the seeded data of the day holds.
  const sample = (await readRows(page)).find((r) => /^\d+\.\d+\./.test(r.ip));
  expect(sample).toBeDefined();
  const app = sample?.app ?? '';
  const prefix = (sample?.ip ?? '').split('.').slice(0, 2).join('.');
  expect(prefix).toMatch(/^\d+\.\d+$/);
  await bar.getByLabel('App', { exact: true }).fill(app);
  count = await waitForNewCount(page, count);
  await bar.getByLabel('IP or CIDR').fill(`${prefix}.0.0/16`);
  await expect
    .poll(async () => {
      const rows = await readRows(page);
      return rows.length > 0 && rows.every((r) => r.ip.startsWith(`${prefix}.`));
    })
    .toBe(true);
  const rows = await readRows(page);
  for (const r of rows) {
    expect(r.decision).toBe('deny');
    expect(r.app).toBe(app);
    expect(r.ip.startsWith(`${prefix}.`)).toBe(true);
  }
  const narrowed = await countOf(page);

  // A CIDR that does not parse is flagged where it was typed, and nothing is sent.
  const ip = bar.getByLabel('IP or CIDR');
  await ip.fill('10.0.0.0/33');
  await expect(ip).toHaveAttribute('aria-invalid', 'true');
  await expect(bar.getByRole('alert')).toContainText('prefix length');
  await expect(ip).toHaveAccessibleDescription(/prefix length/);
  expect(await countOf(page)).toBe(narrowed);
  await ip.fill('');
  await expect(ip).not.toHaveAttribute('aria-invalid', 'true');
  await clearFilters(page);
});

test('full-text search: a username finds that person only; a syntax error is explained', async () => {
  const bar = page.getByRole('search', { name: 'Filter access events' });
  const user = (await readRows(page))[0]?.user ?? '';
  expect(user).not.toBe('');
  await bar.getByText('Search syntax').click();
  await expect(bar.getByText(/— a prefix$/)).toBeVisible();
  await bar.getByText('Search syntax').click(); // closes the help again

  await bar.getByLabel('Search', { exact: true }).fill(`"${user}"`);
  await waitForNewCount(page, EVENTS);
  const rows = await readRows(page);
  expect(rows.length).toBeGreaterThan(0);
  for (const r of rows) expect(r.user).toBe(user);

  const search = bar.getByLabel('Search', { exact: true });
  await search.fill('alice AND OR (');
  await expect(bar.getByRole('alert')).toBeVisible();
  await expect(bar.getByRole('alert')).toContainText(/search|syntax|query/i);
  await expect(search).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('heading', { name: 'Access logs' })).toBeVisible();
  await expect(countLine(page)).toHaveText('No cached events match these filters.');
  await clearFilters(page);
});

test('brushing the histogram zooms the time filter', async () => {
  const chart = page.getByRole('img', { name: /^Events per day, all time: 6,000 events/ });
  await expect(chart).toBeVisible();
  const box = await chart.boundingBox();
  expect(box).not.toBeNull();
  if (!box) return;
  const y = box.y + box.height * 0.45;
  await page.mouse.move(box.x + box.width * 0.55, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.65, y, { steps: 6 });
  await page.mouse.move(box.x + box.width * 0.75, y, { steps: 6 });
  await page.mouse.up();

  const bar = page.getByRole('search', { name: 'Filter access events' });
  await expect(bar.getByLabel('Time range')).toHaveValue('custom');
  const from = new Date(await bar.getByLabel('From', { exact: true }).inputValue());
  const to = new Date(await bar.getByLabel('To', { exact: true }).inputValue());
  expect(to.getTime()).toBeGreaterThan(from.getTime());
  const count = await waitForNewCount(page, EVENTS);
  expect(count).toBeGreaterThan(0);
  expect(count).toBeLessThan(EVENTS);
  // Zoomed in to a few days, the bars are hours and the label says so.
  await expect(page.getByRole('img', { name: /^Events per (hour|day), .+ to .+: / })).toBeVisible();
  const rows = await readRows(page);
  expect(rows.length).toBeGreaterThan(0);
  for (const r of rows) {
    const t = Date.parse(r.time);
    expect(t).toBeGreaterThanOrEqual(from.getTime());
    expect(t).toBeLessThan(to.getTime() + 60_000); // the inputs show minutes
  }
  await clearFilters(page);
});

test('the detail drawer explains an event and leads to the subject timeline', async () => {
  const first = (await readRows(page))[0];
  expect(first).toBeDefined();
  const user = first?.user ?? '';
  await dataRows(page).first().getByRole('cell').nth(2).click();
  const drawer = page.getByRole('dialog', { name: 'Event details' });
  await expect(drawer).toBeVisible();
  await expect(drawer).toContainText(user);
  await expect(drawer).toContainText(first?.ip ?? '');
  await expect(drawer.getByRole('heading', { name: 'Flags' })).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/access-logs-drawer.png` });

  await drawer.getByRole('link', { name: /Open the timeline of/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: /^Timeline of / })).toBeVisible();
  const profile = page.getByRole('definition').first();
  await expect(profile).toHaveText(user);
  const devices = page.getByRole('table', { name: 'Devices' }).getByRole('row');
  await expect.poll(() => devices.count()).toBeGreaterThan(1);
  const events = page.getByRole('table', { name: 'Access events' });
  await expect.poll(() => events.getByRole('row').count()).toBeGreaterThan(1);
  const eventRows = events.getByRole('row').filter({ has: page.getByRole('cell') });
  const users: string[] = [];
  for (let i = 0; i < (await eventRows.count()); i++) {
    users.push(((await eventRows.nth(i).getByRole('cell').nth(1).textContent()) ?? '').trim());
  }
  expect(users.length).toBeGreaterThan(0);
  expect(new Set(users)).toEqual(new Set([user]));
  // Every triage flag is listed with its explanation.
  const flags = page.getByRole('list', { name: 'Flags' });
  for (const kind of ['new_device', 'new_network', 'deny_burst', 'off_hours'] as const) {
    await expect(flags).toContainText(FLAG_LABELS[kind]);
    await expect(flags).toContainText(FLAG_EXPLANATIONS[kind]);
  }
  await page.screenshot({ path: `${SCREENSHOTS}/subject-timeline.png` });
  await expect(page.getByRole('link', { name: /^Privacy requests of / })).toHaveAttribute(
    'href',
    /#\/requests\?subject=/,
  );

  // Back to the logs, from the Subjects list as well.
  await page.getByRole('navigation', { name: 'Rooms' }).getByRole('link', { name: 'Subjects' }).click();
  await expect(page.getByRole('table', { name: 'Subjects' }).getByRole('row')).toHaveCount(61);
  await page.getByRole('navigation', { name: 'Rooms' }).getByRole('link', { name: 'Access logs' }).click();
  await expect(countLine(page)).toHaveText(`${EVENTS.toLocaleString('en')} events`);
});

test('saved views: save, apply and delete a filter set', async () => {
  const bar = page.getByRole('search', { name: 'Filter access events' });
  await bar.getByLabel('Decision').selectOption('deny');
  const denied = await waitForNewCount(page, EVENTS);
  await page.getByText('Saved views', { exact: true }).click();
  await page.getByLabel('View name').fill('Denials <b>only</b>');
  await page.getByRole('button', { name: 'Save current filters' }).click();
  const list = page.getByRole('list', { name: 'Saved views' });
  await expect(list.getByText('Denials <b>only</b>')).toBeVisible(); // markup stays text

  await clearFilters(page);
  await list.getByRole('button', { name: 'Apply view Denials <b>only</b>' }).click();
  await expect(bar.getByLabel('Decision')).toHaveValue('deny');
  await expect.poll(() => countOf(page)).toBe(denied);
  await list.getByRole('button', { name: 'Delete view Denials <b>only</b>' }).click();
  await expect(list.getByText('Denials <b>only</b>')).toHaveCount(0);
  await page.getByText('Saved views', { exact: true }).click();
  await clearFilters(page);
});

test('CSV export of the filtered view: progress, then a download with every row', async () => {
  const bar = page.getByRole('search', { name: 'Filter access events' });
  await bar.getByLabel('Decision').selectOption('deny');
  const denied = await waitForNewCount(page, EVENTS);

  await page.getByRole('button', { name: 'Export CSV' }).click();
  const status = page.getByRole('status', { name: 'CSV export' });
  const link = status.getByRole('link', { name: 'Download CSV' });
  await expect(link).toBeVisible();
  await expect(status).toContainText(`${denied.toLocaleString('en')} rows`);
  const progress = (await page.evaluate('window.__exportProgress')) as string[];
  expect(progress.length).toBeGreaterThan(0); // the progress bar was shown while the file was written
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const file = await download.path();
  const text = readFileSync(file, 'utf8');
  const lines = text.replace(/\r?\n$/, '').split(/\r?\n/);
  expect(lines[0]?.toLowerCase()).toMatch(/time.*user.*ip.*device.*os.*app.*decision/);
  expect(lines.length - 1).toBe(denied);
  expect(lines.slice(1).every((l) => /(^|,)"?deny"?(,|$)/.test(l))).toBe(true);
  await clearFilters(page);
});

test('settings: the local retention window defaults to 90 days and can be changed', async () => {
  const nav = page.getByRole('navigation', { name: 'Rooms' });
  await nav.getByRole('link', { name: 'Settings' }).click();
  const days = page.getByLabel('Retention window (days)');
  await expect(days).toHaveValue('90');
  await days.fill('0');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('between 1 and 3650');
  await days.fill('120');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('Saved.')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Retention window (days)')).toHaveValue('120');
  await page.getByRole('navigation', { name: 'Rooms' }).getByRole('link', { name: 'Access logs' }).click();
  await expect(countLine(page)).toHaveText(`${EVENTS.toLocaleString('en')} events`);
});

test('hostile strings in events render as inert text', async () => {
  // The host's reply is altered on the wire: markup, a control character and an RTL override.
  const device = '<img src=x onerror="window.__pwned=1">\u202Egnp.exe';
  const app = 'Pay\u0007roll<script>window.__pwned=2</script>';
  const pageCalls = /\/api\/invoke\/logs(:|%3A)page$/i;
  await page.route(pageCalls, async (route) => {
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
  const bar = page.getByRole('search', { name: 'Filter access events' });
  await bar.getByLabel('Decision').selectOption('allow');
  await waitForNewCount(page, EVENTS);
  await expect
    .poll(async () => (await readRows(page))[0]?.device)
    .toBe('<img src=x onerror="window.__pwned=1">\\u202egnp.exe');
  const row = (await readRows(page))[0];
  expect(row?.app).toBe('Pay\\u0007roll<script>window.__pwned=2</script>');
  expect(await page.evaluate('window.__pwned')).toBeUndefined();
  expect(await page.locator('img, script:not([src])').count()).toBe(0);
  await page.unroute(pageCalls);
  await clearFilters(page);
});

test('the Access-logs view with its histogram (screenshot)', async () => {
  await expect(page.getByRole('img', { name: /^Events per day, all time: 6,000 events/ })).toBeVisible();
  await page.getByRole('heading', { name: 'Access logs' }).click(); // no focus ring in the picture
  await page.screenshot({ path: `${SCREENSHOTS}/access-logs-histogram.png` });
  expect(problems).toEqual([]);
});
