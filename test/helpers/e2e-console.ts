// The setup the e2e-web suites share: a seeded reference backend that can be stopped and
// restarted, a console started with the browser host (no demo backend), and the sign-in.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Browser, type Page } from '@playwright/test';
import { freePort, restartableBackend, type RestartableBackend } from './backend-process';
import { startCli, type RunningCli } from './cli-process';

/** The one-time sign-in URL the console prints. */
/** The one-time link: the token, and the session secret in the fragment (issue 14). */
export const LOGIN_URL = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+#session=[\w-]+)/;

/** A started reference backend seeded with `seedArgs`, its data in a fresh temporary directory. */
export async function startSeededBackend(name: string, seedArgs: string[]): Promise<RestartableBackend> {
  const dataDir = join(mkdtempSync(join(tmpdir(), `zta-e2e-${name}-backend-`)), 'data');
  mkdirSync(dataDir);
  const backend = restartableBackend({ port: await freePort(), dataDir, seedArgs });
  await backend.start();
  return backend;
}

/** A console (`start --browser --no-demo`) on a fresh cache; resolves with its login URL. */
export async function startConsole(
  name: string,
  env: NodeJS.ProcessEnv,
): Promise<{ proc: RunningCli; loginUrl: string; data: string }> {
  const data = mkdtempSync(join(tmpdir(), `zta-e2e-${name}-`));
  const proc = startCli(['start', '--browser', '--no-demo', '--data', data], env);
  const loginUrl = (await proc.waitFor(LOGIN_URL))[1] ?? '';
  return { proc, loginUrl, data };
}

/** Signs in from the console's sign-in screen and waits for the first sync. */
export async function signIn(page: Page, loginUrl: string, backendUrl: string, token: string): Promise<void> {
  await page.goto(loginUrl);
  await page.getByLabel('Backend URL').fill(backendUrl);
  await page.getByLabel('Admin token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await openAccessLogs(page);
  await expect(page.getByRole('status', { name: 'Sync status' })).toContainText('Last synced');
}

/**
 * A console on a fresh cache, signed in to `backendUrl` with `token` in a browser context of its
 * own: what the case-work suites start with. A failed sign-in stops the console it started.
 */
export async function signedInConsole(
  browser: Browser,
  name: string,
  env: NodeJS.ProcessEnv,
  backendUrl: string,
  token: string,
): Promise<{ cli: RunningCli; page: Page; data: string }> {
  const { proc, loginUrl, data } = await startConsole(name, env);
  const page = await (await browser.newContext()).newPage();
  try {
    await signIn(page, loginUrl, backendUrl, token);
  } catch (err) {
    await closeSession({ page, cli: proc });
    throw err;
  }
  return { cli: proc, page, data };
}

/** Closes whatever a suite started (any part may be missing when its beforeAll failed). */
export async function closeSession(s: { page?: Page; cli?: RunningCli; backend?: RestartableBackend }) {
  await s.page?.context().close();
  await s.cli?.stop();
  await s.backend?.stop();
}

/** The rooms navigation of the console. */
export const nav = (page: Page) => page.getByRole('navigation', { name: 'Rooms' });

/** The console opens on the Dashboard (issue 16); suites about the logs move on to Access logs. */
export async function openAccessLogs(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
  await nav(page).getByRole('link', { name: 'Access logs' }).click();
  await expect(page.getByRole('heading', { name: 'Access logs', level: 1 })).toBeVisible();
}
/** The status shown in a request page's summary. */
export const statusOf = (page: Page) => page.getByLabel('Request summary').getByRole('definition').first();
/** The badge of an action queued but not yet confirmed by a pull. */
export const pendingBadge = (page: Page) => page.getByRole('status').filter({ hasText: 'Pending sync' });

/** Presses Sync now until `done` holds (the console also retries on its own timer). */
export async function syncUntil(page: Page, done: () => Promise<boolean>, timeoutMs = 90_000) {
  await expect(async () => {
    if (await done()) return;
    const button = page.getByRole('button', { name: 'Sync now' });
    if (await button.isEnabled()) await button.click();
    expect(await done()).toBe(true);
  }).toPass({ timeout: timeoutMs, intervals: [1000, 2000, 3000] });
}
