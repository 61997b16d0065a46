// Offline-first actions end to end, in Chromium through the browser host:
//  1. an action taken while the backend is down is queued (pending badge, outbox row), pushed
//     when the backend is back on the same port and data dir, and the request shows the applied
//     state with the badge cleared;
//  2. a second console (another admin) decides the same request first while the first console
//     is offline; when the first comes back, its action is rejected and a conflict naming the
//     winning decision appears in its Conflicts inbox.
import { expect, test, type Browser, type Page } from '@playwright/test';
import type { RunningCli } from '../helpers/cli-process';
import { freePort, type RestartableBackend, type TokensJson } from '../helpers/backend-process';
import {
  nav,
  pendingBadge,
  signIn,
  startConsole,
  startSeededBackend,
  statusOf,
  syncUntil,
} from '../helpers/e2e-console';
import { startSwitchableProxy, type SwitchableProxy } from '../helpers/switchable-proxy';

const PASSPHRASE = { ZTA_CACHE_PASSPHRASE: 'e2e offline correct horse battery staple' };
const SCREENSHOTS = 'test-results/screenshots';
const OPEN = new Set(['received', 'verifying', 'in_progress']);

interface MirrorRequest {
  id: string;
  status: string;
  legalHold: boolean;
  type: string;
}

async function backendGet<T>(url: string, token: string): Promise<T> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

/** Open, undecided requests not on legal hold, straight from the backend. */
async function openRequests(backendUrl: string, token: string): Promise<MirrorRequest[]> {
  const page = await backendGet<{ items: { op: string; data?: MirrorRequest }[] }>(
    `${backendUrl}/v1/sync/requests?after=0&limit=1000`,
    token,
  );
  return page.items
    .map((i) => i.data)
    .filter((r): r is MirrorRequest => !!r && OPEN.has(r.status) && !r.legalHold);
}

async function backendRequest(
  backendUrl: string,
  token: string,
  id: string,
): Promise<MirrorRequest | undefined> {
  const page = await backendGet<{ items: { op: string; data?: MirrorRequest }[] }>(
    `${backendUrl}/v1/sync/requests?after=0&limit=1000`,
    token,
  );
  // The newest upsert of the row wins, whatever the stream's history looks like.
  return page.items
    .map((i) => i.data)
    .filter((r) => r?.id === id)
    .at(-1);
}

const syncLink = (page: Page) => nav(page).getByRole('link', { name: /Sync & outbox/ });
/** The status line of the open request's summary (the overlay shows pending values there). */

async function openRequest(page: Page, id: string) {
  await nav(page).getByRole('link', { name: 'Requests' }).click();
  await expect(page.getByRole('heading', { name: 'Requests', exact: true })).toBeVisible();
  await page
    .getByRole('table', { name: 'Privacy requests' })
    .getByRole('link', { name: id, exact: true })
    .click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(id);
}

test.describe.configure({ mode: 'serial' });

test.describe('offline actions: outbox, reconnection, conflicts', () => {
  let backend: RestartableBackend;
  let proxy: SwitchableProxy;
  let tokens: TokensJson;
  let first: { proc: RunningCli; loginUrl: string };
  let second: { proc: RunningCli; loginUrl: string };
  let candidates: MirrorRequest[];
  let firstPage: Page;
  let otherPage: Page | undefined;

  test.beforeAll(async ({ browser }: { browser: Browser }) => {
    backend = await startSeededBackend('offline', [
      '--seed-users',
      '40',
      '--seed-events',
      '400',
      '--seed',
      '11',
    ]);
    tokens = backend.tokens();
    // The first console reaches the backend through a proxy that can be cut on its own.
    proxy = await startSwitchableProxy({
      port: await freePort(),
      targetPort: Number(new URL(backend.url).port),
    });
    candidates = await openRequests(backend.url, tokens.tokens.owner);
    expect(candidates.length).toBeGreaterThanOrEqual(2);
    [first, second] = await Promise.all([
      startConsole('first', PASSPHRASE),
      startConsole('second', PASSPHRASE),
    ]);
    firstPage = await (await browser.newContext()).newPage();
  });

  test.afterAll(async () => {
    await firstPage?.context().close();
    await otherPage?.context().close();
    await Promise.all([first?.proc.stop(), second?.proc.stop()]);
    await proxy?.stop();
    await backend?.stop();
  });

  test('an action taken offline is queued, pushed on reconnection, and applied', async () => {
    const page = firstPage;
    const target = candidates[0];
    if (!target) throw new Error('no open request');
    await signIn(page, first.loginUrl, proxy.url, tokens.tokens.owner);
    await openRequest(page, target.id);
    await expect(pendingBadge(page)).toHaveCount(0);

    await backend.stop();
    await page.getByLabel('Note', { exact: true }).fill('Requester confirmed by phone (offline).');
    await page.getByRole('button', { name: 'Add note' }).click();
    await page.getByRole('button', { name: 'Approve' }).click();

    // Pending at once, over the mirrored data, and counted in the navigation.
    await expect(pendingBadge(page)).toContainText('Pending sync');
    await expect(statusOf(page)).toHaveText(/^Approved \(pending; was .+\)$/);
    await expect(syncLink(page)).toContainText('2 pending');
    await page.screenshot({ path: SCREENSHOTS + '/request-pending.png', fullPage: true });

    // The queue marks the request's row too.
    await nav(page).getByRole('link', { name: 'Requests' }).click();
    const row = page
      .getByRole('table', { name: 'Privacy requests' })
      .getByRole('row')
      .filter({ hasText: target.id });
    await expect(row.getByRole('status')).toHaveText('Pending sync (2)');
    await expect(row).toContainText('Approved');
    await page.screenshot({ path: SCREENSHOTS + '/requests-queue.png' });
    await page.getByLabel('Only with pending actions').check();
    await expect(page.getByRole('table', { name: 'Privacy requests' }).getByRole('row')).toHaveCount(2);
    await page.getByLabel('Only with pending actions').uncheck();

    await syncLink(page).click();
    await expect(page.getByRole('heading', { name: 'Sync & outbox' })).toBeVisible();
    const outbox = page.getByRole('table', { name: 'Pending actions' });
    await expect(outbox.getByRole('row', { name: /Approve/ })).toContainText(target.id);
    await expect(outbox.getByRole('row', { name: /Note/ })).toContainText(target.id);
    await page.screenshot({ path: SCREENSHOTS + '/outbox-offline.png', fullPage: true });

    // Back online on the same port and data: the outbox drains and the badge clears.
    await backend.start();
    await syncUntil(page, async () => !(await syncLink(page).textContent())?.includes('pending'));
    await expect(page.getByText('No actions waiting to be pushed.')).toBeVisible();

    await openRequest(page, target.id);
    await syncUntil(page, async () => (await pendingBadge(page).count()) === 0);
    await expect(statusOf(page)).toHaveText('Approved');
    // The backend's own history now has the decision and the note, pulled back.
    await expect(page.getByRole('listitem').filter({ hasText: 'decided by' })).toContainText('approved');
    await expect(
      page
        .getByRole('listitem')
        .filter({ hasText: 'note by' })
        .filter({ hasText: 'Requester confirmed by phone' }),
    ).toHaveCount(1);
  });

  test('a second admin decides first while this console is offline: a visible conflict', async ({
    browser,
  }) => {
    const target = candidates[1];
    if (!target) throw new Error('no second open request');
    const approver = await backendGet<{ adminName: string }>(`${backend.url}/v1/me`, tokens.tokens.approver);

    // This console goes offline (only it: the second console talks to the backend directly).
    await proxy.stop();
    const page = firstPage;
    await openRequest(page, target.id);
    await page.getByRole('button', { name: 'Approve' }).click();
    await expect(pendingBadge(page)).toBeVisible();
    await expect(syncLink(page)).toContainText('1 pending');

    // Meanwhile the approver denies the same request from another console.
    const other = await (await browser.newContext()).newPage();
    otherPage = other;
    await signIn(other, second.loginUrl, backend.url, tokens.tokens.approver);
    await openRequest(other, target.id);
    await other.getByRole('button', { name: 'Deny' }).click();
    const denyForm = other.getByRole('form', { name: 'Deny the request' });
    const confirm = denyForm.getByRole('button', { name: 'Confirm denial' });
    await expect(confirm).toBeDisabled(); // no reason, no exemption yet
    await denyForm.getByLabel('Reason').fill('Data needed for an ongoing legal claim.');
    await expect(confirm).toBeDisabled(); // still no exemption
    // Only the bases that fit this request's law and type are offered (issue 13): take the first.
    const exemption = denyForm.getByLabel('Exemption');
    const fitting = await exemption.locator('option:not([value=""])').first().getAttribute('value');
    await exemption.selectOption(fitting ?? '');
    // A GDPR refusal records the complaint and remedy information given (Art. 12(4)).
    const remedy = denyForm.getByLabel('Complaint and remedy information given');
    if ((await remedy.count()) > 0)
      await remedy.fill('You may complain to your supervisory authority or seek a judicial remedy.');
    await confirm.click();
    await expect(statusOf(other)).toHaveText(/^Denied/); // at once (pending or already pushed)
    // Online, so it is pushed straight away: the backend has the denial before we go on.
    await expect
      .poll(async () => (await backendRequest(backend.url, tokens.tokens.owner, target.id))?.status, {
        timeout: 60_000,
      })
      .toBe('denied');
    await syncUntil(other, async () => (await pendingBadge(other).count()) === 0);
    await expect(statusOf(other)).toHaveText('Denied');

    // Back online: the first console's approval is rejected, visibly.
    await proxy.start();
    await syncLink(page).click();
    await expect(page.getByRole('heading', { name: 'Sync & outbox' })).toBeVisible();
    const conflict = page.getByRole('article').filter({ hasText: target.id });
    await syncUntil(page, async () => (await conflict.count()) > 0);
    await expect(conflict).toContainText('ALREADY_DECIDED');
    await expect(conflict).toContainText('Another admin decided first');
    await expect(conflict.getByRole('definition').filter({ hasText: /^Denied/ })).toBeVisible();
    await expect(conflict).toContainText(approver.adminName);
    await expect(syncLink(page)).toContainText('1 conflict');
    await expect(syncLink(page)).not.toContainText('pending');
    await page.screenshot({ path: SCREENSHOTS + '/conflicts.png', fullPage: true });

    // The request shows the winning state; the conflict can be dismissed.
    await conflict.getByRole('link', { name: /Open request/ }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText(target.id);
    await syncUntil(page, async () => (await statusOf(page).textContent()) === 'Denied');
    await syncLink(page).click();
    await page
      .getByRole('article')
      .filter({ hasText: target.id })
      .getByRole('button', { name: 'Dismiss' })
      .click();
    await expect(page.getByRole('article').filter({ hasText: target.id })).toHaveCount(0);
    await expect(syncLink(page)).not.toContainText('conflict');
  });

  test('what a role cannot do is not offered (the backend checks again)', async () => {
    const page = otherPage;
    if (!page) throw new Error('the second console is not open');
    const target = candidates[2] ?? candidates[0];
    if (!target) throw new Error('no request');
    // The second console signs out (approver) and back in as an analyst.
    await nav(page).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Backend URL').fill(backend.url);
    await page.getByLabel('Admin token').fill(tokens.tokens.analyst);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('banner')).toContainText('analyst'); // back in the room it left
    await openRequest(page, target.id);
    await expect(page.getByRole('button', { name: 'Add note' })).toBeVisible();
    await expect(page.getByLabel('Note', { exact: true })).toBeEditable();
    for (const name of ['Approve', 'Deny', 'Extend', 'Place on legal hold']) {
      await expect(page.getByRole('button', { name, exact: true })).toHaveCount(0);
    }
  });
});
