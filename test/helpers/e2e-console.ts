// The setup the e2e-web suites share: a seeded reference backend that can be stopped and
// restarted, a console started with the browser host (no demo backend), and the sign-in.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import { freePort, restartableBackend, type RestartableBackend } from './backend-process';
import { startCli, type RunningCli } from './cli-process';

/** The one-time sign-in URL the console prints. */
export const LOGIN_URL = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/;

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
): Promise<{ proc: RunningCli; loginUrl: string }> {
  const data = mkdtempSync(join(tmpdir(), `zta-e2e-${name}-`));
  const proc = startCli(['start', '--browser', '--no-demo', '--data', data], env);
  const loginUrl = (await proc.waitFor(LOGIN_URL))[1] ?? '';
  return { proc, loginUrl };
}

/** Signs in from the console's sign-in screen and waits for the first sync. */
export async function signIn(page: Page, loginUrl: string, backendUrl: string, token: string): Promise<void> {
  await page.goto(loginUrl);
  await page.getByLabel('Backend URL').fill(backendUrl);
  await page.getByLabel('Admin token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: 'Access logs' })).toBeVisible();
  await expect(page.getByRole('status', { name: 'Sync status' })).toContainText('Last synced');
}
