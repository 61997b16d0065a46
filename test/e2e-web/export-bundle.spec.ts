// Export bundles end to end (issue 12), in Chromium through the browser host: an access or
// portability request is approved, its bundle exported (AES-256, generated passphrase shown
// once) with a progress bar to a path the admin types, listed in the Exports room and marked
// delivered; the saved ZIP passes `zta-console verify-bundle` and opens with 7-Zip; screenshots
// of the room and of the bundle's index.html.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { CLI, type RunningCli } from '../helpers/cli-process';
import type { RestartableBackend, TokensJson } from '../helpers/backend-process';
import {
  closeSession,
  nav,
  pendingBadge,
  signedInConsole,
  startSeededBackend,
  statusOf,
  syncUntil,
} from '../helpers/e2e-console';

const PASSPHRASE = { ZTA_CACHE_PASSPHRASE: 'e2e export bundles correct horse battery staple' };
const SCREENSHOTS = 'test-results/screenshots';

interface MirrorRequest {
  id: string;
  subjectId: string | null;
  status: string;
  legalHold: boolean;
  viaAgent: boolean;
  type: string;
}

async function candidate(backendUrl: string, token: string): Promise<MirrorRequest> {
  const get = async (stream: string) =>
    (
      (await (
        await fetch(`${backendUrl}/v1/sync/${stream}?after=0&limit=5000`, {
          headers: { authorization: `Bearer ${token}` },
        })
      ).json()) as { items: { data?: Record<string, unknown> }[] }
    ).items.flatMap((i) => (i.data ? [i.data] : []));
  const restricted = new Set(
    (await get('subjects')).filter((s) => s['restricted']).map((s) => s['id'] as string),
  );
  const requests = (await get('requests')) as unknown as MirrorRequest[];
  const r = requests.find(
    (q) =>
      q.status === 'in_progress' &&
      (q.type === 'access' || q.type === 'portability') &&
      !q.legalHold &&
      !q.viaAgent &&
      q.subjectId !== null &&
      !restricted.has(q.subjectId),
  );
  if (!r) throw new Error('the seed holds no verified access or portability request');
  return r;
}

/** Opens a request's page by its address (same document: only the hash changes). */
async function openRequest(page: Page, id: string) {
  await page.goto(`${page.url().split('#')[0]}#/requests/${encodeURIComponent(id)}`);
}

test.describe.configure({ mode: 'serial' });

test.describe('export bundles: approve → export → Exports room → verify', () => {
  let backend: RestartableBackend;
  let tokens: TokensJson;
  let cli: RunningCli;
  let page: Page;
  let request: MirrorRequest;
  const outDir = mkdtempSync(join(tmpdir(), 'zta-e2e-bundles-'));
  const bundlePath = join(outDir, 'bundle.zip');
  let passphrase = '';

  test.beforeAll(async ({ browser }) => {
    backend = await startSeededBackend('export', [
      '--seed-users',
      '120',
      '--seed-events',
      '3000',
      '--seed',
      '5',
    ]);
    tokens = backend.tokens();
    request = await candidate(backend.url, tokens.tokens.owner);
    ({ cli, page } = await signedInConsole(browser, 'export', PASSPHRASE, backend.url, tokens.tokens.owner));
  });

  test.afterAll(() => closeSession({ page, cli, backend }));

  test('approve the request, export its bundle with a generated passphrase', async () => {
    await openRequest(page, request.id);
    await expect(page.getByRole('heading', { level: 1 })).toContainText(request.id);
    // Not exportable before it is approved.
    await expect(page.getByRole('form', { name: 'Export bundle' })).toHaveCount(0);
    await page.getByRole('button', { name: 'Approve' }).click();
    await syncUntil(
      page,
      async () =>
        (await pendingBadge(page).count()) === 0 && (await statusOf(page).innerText()) === 'Approved',
    );

    const form = page.getByRole('form', { name: 'Export bundle' });
    await expect(form).toBeVisible();
    await form.getByLabel('Save to (full path of the .zip file)').fill(bundlePath);
    await form.getByLabel('Generate a passphrase').check();
    await form.getByRole('button', { name: 'Export bundle' }).click();
    const status = page.getByRole('status', { name: 'Bundle export' });
    await expect(status).toContainText('Saved to', { timeout: 60_000 });
    await expect(status).toContainText(bundlePath);
    await expect(status).toContainText('Send it to the person by another channel than the bundle');
    passphrase = (await status.getByLabel('Generated passphrase').innerText()).trim();
    expect(passphrase).toMatch(/^([A-Z2-9]{4}-){5}[A-Z2-9]{4}$/);
    // Shown once: dismissing forgets it.
    await status.getByRole('button', { name: 'Dismiss' }).click();
    await expect(status).not.toContainText(passphrase);
  });

  test('the Exports room lists it; Mark delivered; screenshot', async () => {
    await nav(page).getByRole('link', { name: 'Exports' }).click();
    await expect(page.getByRole('heading', { name: 'Exports', exact: true })).toBeVisible();
    const table = page.getByRole('table', { name: 'Export bundles' });
    const row = table
      .getByRole('row')
      .filter({ has: page.getByRole('link', { name: request.id, exact: true }) });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(request.subjectId!);
    await expect(row).toContainText('Yes');
    await expect(row).toContainText('bytes');
    await page.screenshot({ path: `${SCREENSHOTS}/exports-room.png`, fullPage: true });
    await page.getByLabel('Delivered via').selectOption({ label: 'Email' });
    await row.getByRole('button', { name: /Mark delivered/ }).click();
    await expect(row).toContainText('(Email)');
    await expect(row.getByRole('button', { name: /Mark delivered/ })).toHaveCount(0);
    // The request is completed once the backend applied export.delivered.
    await openRequest(page, request.id);
    await syncUntil(
      page,
      async () =>
        (await pendingBadge(page).count()) === 0 && (await statusOf(page).innerText()) === 'Completed',
    );
  });

  test('the saved bundle verifies, opens with 7-Zip with its passphrase only; index.html screenshot', async () => {
    const passFile = join(outDir, 'pass.txt');
    writeFileSync(passFile, `${passphrase}\n`);
    const ok = spawnSync(
      process.execPath,
      [CLI, 'verify-bundle', bundlePath, '--passphrase-file', passFile],
      {
        encoding: 'utf8',
      },
    );
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^OK {3}access-events\.ndjson/m);
    expect(spawnSync('7z', ['t', '-pwrong-passphrase', bundlePath]).status).not.toBe(0);
    const dir = join(outDir, 'open');
    execFileSync('7z', ['x', '-y', `-o${dir}`, `-p${passphrase}`, bundlePath], { stdio: 'ignore' });
    const viewer = await page.context().newPage();
    await viewer.goto(pathToFileURL(join(dir, 'index.html')).href);
    await expect(viewer.getByRole('heading', { name: 'The data held about you' })).toBeVisible();
    await expect(viewer.getByText(request.id).first()).toBeVisible();
    await viewer.screenshot({ path: `${SCREENSHOTS}/bundle-index.png`, fullPage: true });
    await viewer.close();
  });
});
