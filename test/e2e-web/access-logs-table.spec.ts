// Access-log review in Chromium through the browser host, over the embedded demo organisation:
// the windowed table and its sort, combined filters with an IP range, full-text search and its
// syntax errors, brushing the histogram to zoom the time range. No CSP violation is tolerated.
import { test, expect } from '@playwright/test';
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

const session = useAccessLogsSession();

test('the table windows all events; sorting by time reverses it', async () => {
  const table = session.page.getByRole('table', { name: 'Access events' });
  await expect(table).toHaveAttribute('aria-rowcount', String(EVENTS + 1));
  // Only a window of rows is in the DOM.
  const rendered = await dataRows(session.page).count();
  expect(rendered).toBeGreaterThan(5);
  expect(rendered).toBeLessThan(80);
  const newest = await readRows(session.page);
  const times = newest.map((r) => r.time);
  expect([...times].sort().reverse()).toEqual(times);

  await session.page.getByRole('columnheader', { name: /Time/ }).getByRole('button').click();
  await expect(session.page.getByRole('columnheader', { name: /Time/ })).toHaveAttribute(
    'aria-sort',
    'ascending',
  );
  const oldestShown = Date.parse(times[times.length - 1] ?? '');
  await expect
    .poll(async () => Date.parse((await readRows(session.page))[0]?.time ?? ''))
    .toBeLessThan(oldestShown);
  const oldest = (await readRows(session.page)).map((r) => r.time);
  expect([...oldest].sort()).toEqual(oldest);

  // Scrolling to the far end of the scaled scrollbar reaches the last rows.
  await session.page.getByRole('rowgroup', { name: 'Access event rows (scrollable)' }).focus();
  await session.page.keyboard.press('End');
  await expect(dataRows(session.page).last()).toHaveAttribute('aria-rowindex', String(EVENTS + 1));
  await session.page.keyboard.press('Home');
  await expect(dataRows(session.page).first()).toHaveAttribute('aria-rowindex', '2');
  await session.page.getByRole('columnheader', { name: /Time/ }).getByRole('button').click();
  await expect(session.page.getByRole('columnheader', { name: /Time/ })).toHaveAttribute(
    'aria-sort',
    'descending',
  );
});

test('filters combine: decision, app and an IP range; an invalid CIDR is flagged', async () => {
  const bar = session.page.getByRole('search', { name: 'Filter access events' });
  await bar.getByLabel('Decision').selectOption('deny');
  let count = await waitForNewCount(session.page, EVENTS);
  expect(count).toBeLessThan(EVENTS);
  // The app and network of a denial, so the combined filter has at least that match whatever
  // the seeded data of the day holds.
  const sample = (await readRows(session.page)).find((r) => /^\d+\.\d+\./.test(r.ip));
  expect(sample).toBeDefined();
  const app = sample?.app ?? '';
  const prefix = (sample?.ip ?? '').split('.').slice(0, 2).join('.');
  expect(prefix).toMatch(/^\d+\.\d+$/);
  await bar.getByLabel('App', { exact: true }).fill(app);
  count = await waitForNewCount(session.page, count);
  await bar.getByLabel('IP or CIDR').fill(`${prefix}.0.0/16`);
  await expect
    .poll(async () => {
      const rows = await readRows(session.page);
      return rows.length > 0 && rows.every((r) => r.ip.startsWith(`${prefix}.`));
    })
    .toBe(true);
  const rows = await readRows(session.page);
  for (const r of rows) {
    expect(r.decision).toBe('deny');
    expect(r.app).toBe(app);
    expect(r.ip.startsWith(`${prefix}.`)).toBe(true);
  }
  const narrowed = await countOf(session.page);

  // A CIDR that does not parse is flagged where it was typed, and nothing is sent.
  const ip = bar.getByLabel('IP or CIDR');
  await ip.fill('10.0.0.0/33');
  await expect(ip).toHaveAttribute('aria-invalid', 'true');
  await expect(bar.getByRole('alert')).toContainText('prefix length');
  await expect(ip).toHaveAccessibleDescription(/prefix length/);
  expect(await countOf(session.page)).toBe(narrowed);
  await ip.fill('');
  await expect(ip).not.toHaveAttribute('aria-invalid', 'true');
  await clearFilters(session.page);
});

test('full-text search: a username finds that person only; a syntax error is explained', async () => {
  const bar = session.page.getByRole('search', { name: 'Filter access events' });
  const user = (await readRows(session.page))[0]?.user ?? '';
  expect(user).not.toBe('');
  await bar.getByText('Search syntax').click();
  await expect(bar.getByText(/— a prefix$/)).toBeVisible();
  await bar.getByText('Search syntax').click(); // closes the help again

  await bar.getByLabel('Search', { exact: true }).fill(`"${user}"`);
  await waitForNewCount(session.page, EVENTS);
  const rows = await readRows(session.page);
  expect(rows.length).toBeGreaterThan(0);
  for (const r of rows) expect(r.user).toBe(user);

  const search = bar.getByLabel('Search', { exact: true });
  await search.fill('alice AND OR (');
  await expect(bar.getByRole('alert')).toBeVisible();
  await expect(bar.getByRole('alert')).toContainText(/search|syntax|query/i);
  await expect(search).toHaveAttribute('aria-invalid', 'true');
  await expect(session.page.getByRole('heading', { name: 'Access logs' })).toBeVisible();
  await expect(countLine(session.page)).toHaveText('No cached events match these filters.');
  await clearFilters(session.page);
});

test('brushing the histogram zooms the time filter', async () => {
  const chart = session.page.getByRole('img', { name: /^Events per day, all time: 6,000 events/ });
  await expect(chart).toBeVisible();
  const box = await chart.boundingBox();
  expect(box).not.toBeNull();
  if (!box) return;
  const y = box.y + box.height * 0.45;
  await session.page.mouse.move(box.x + box.width * 0.55, y);
  await session.page.mouse.down();
  await session.page.mouse.move(box.x + box.width * 0.65, y, { steps: 6 });
  await session.page.mouse.move(box.x + box.width * 0.75, y, { steps: 6 });
  await session.page.mouse.up();

  const bar = session.page.getByRole('search', { name: 'Filter access events' });
  await expect(bar.getByLabel('Time range')).toHaveValue('custom');
  const from = new Date(await bar.getByLabel('From', { exact: true }).inputValue());
  const to = new Date(await bar.getByLabel('To', { exact: true }).inputValue());
  expect(to.getTime()).toBeGreaterThan(from.getTime());
  const count = await waitForNewCount(session.page, EVENTS);
  expect(count).toBeGreaterThan(0);
  expect(count).toBeLessThan(EVENTS);
  // Zoomed in to a few days, the bars are hours and the label says so.
  await expect(session.page.getByRole('img', { name: /^Events per (hour|day), .+ to .+: / })).toBeVisible();
  const rows = await readRows(session.page);
  expect(rows.length).toBeGreaterThan(0);
  for (const r of rows) {
    const t = Date.parse(r.time);
    expect(t).toBeGreaterThanOrEqual(from.getTime());
    expect(t).toBeLessThan(to.getTime() + 60_000); // the inputs show minutes
  }
  await clearFilters(session.page);
});

test('the Access-logs view with its histogram (screenshot)', async () => {
  await expect(
    session.page.getByRole('img', { name: /^Events per day, all time: 6,000 events/ }),
  ).toBeVisible();
  await session.page.getByRole('heading', { name: 'Access logs' }).click(); // no focus ring in the picture
  await session.page.screenshot({ path: `${SCREENSHOTS}/access-logs-histogram.png` });
  expect(session.problems).toEqual([]);
});
