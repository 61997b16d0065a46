// The access-log review E2E set-up (access-logs-*.spec.ts): a console on the browser host over the
// embedded demo organisation (60 people, 6,000 events) with the Access-logs view open, recording
// every CSP violation and page error; and readers of the virtual table and its count line.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { startCli, type RunningCli } from './cli-process';
import { LOGIN_URL, openAccessLogs } from './e2e-console';

const PASSPHRASE = { ZTA_CACHE_PASSPHRASE: 'e2e access logs correct horse battery' };
export const SCREENSHOTS = 'test-results/screenshots';
export const EVENTS = 6000;

export interface Row {
  time: string;
  user: string;
  ip: string;
  device: string;
  os: string;
  app: string;
  decision: string;
}

export const dataRows = (p: Page): Locator =>
  p.getByRole('rowgroup', { name: 'Access event rows (scrollable)' }).getByRole('row');
export const countLine = (p: Page): Locator =>
  p.getByText(/^[\d,]+ events?( match)?|^No cached events match/);

/** The little of the DOM the row reader needs (the test tsconfig has no DOM types). */
interface El {
  textContent: string | null;
  getAttribute(name: string): string | null;
  querySelector(selector: string): El | null;
  querySelectorAll(selector: string): ArrayLike<El>;
}

/** The rows currently rendered (the virtual window), read in one go so a re-render cannot split them. */
export async function readRows(p: Page): Promise<Row[]> {
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

export async function countOf(p: Page): Promise<number> {
  const text = (await countLine(p).textContent()) ?? '';
  const m = text.match(/^([\d,]+)/);
  return m ? Number(m[1]?.replace(/,/g, '')) : 0;
}

/** Waits until the count line settles on a value other than `previous`. */
export async function waitForNewCount(p: Page, previous: number): Promise<number> {
  await expect.poll(() => countOf(p)).not.toBe(previous);
  await expect(p.getByText('updating…')).toHaveCount(0);
  return countOf(p);
}

export async function clearFilters(p: Page): Promise<void> {
  const bar = p.getByRole('search', { name: 'Filter access events' });
  await bar.getByLabel('Time range').selectOption('all');
  await bar.getByLabel('Decision').selectOption('all');
  for (const label of ['User', 'App', 'IP or CIDR', 'Device', 'OS', 'Search'])
    await bar.getByLabel(label, { exact: true }).fill('');
  await expect(countLine(p)).toHaveText(`${EVENTS.toLocaleString('en')} events`);
  await expect(dataRows(p).first()).not.toHaveAttribute('aria-busy', 'true');
}

export interface AccessLogsSession {
  consoleProcess: RunningCli;
  context: BrowserContext;
  page: Page;
  /** CSP violations and page errors seen so far: a test run must end with none. */
  problems: string[];
}

/** Starts the demo console and opens its Access-logs view, all {EVENTS} events synced. */
async function openAccessLogsSession(browser: Browser): Promise<AccessLogsSession> {
  const problems: string[] = [];
  const data = mkdtempSync(join(tmpdir(), 'zta-e2e-logs-'));
  const consoleProcess = startCli(
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
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
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
  return { consoleProcess, context, page, problems };
}

async function closeAccessLogsSession(session: AccessLogsSession | undefined): Promise<void> {
  await session?.context.close();
  await session?.consoleProcess.stop();
}

/**
 * Registers the set-up of a spec file: its tests run in order on one console and one page (each
 * picks up where the last left the filters), started before the first and stopped after the last.
 * The returned session is filled in before the first test runs.
 */
export function useAccessLogsSession(): AccessLogsSession {
  const session = {} as AccessLogsSession;
  test.describe.configure({ mode: 'serial' });
  test.beforeAll(async ({ browser }) => {
    Object.assign(session, await openAccessLogsSession(browser));
  });
  test.afterAll(async () => {
    await closeAccessLogsSession(session.context ? session : undefined);
  });
  return session;
}
