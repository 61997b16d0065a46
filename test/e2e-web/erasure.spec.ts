// Erasure end to end (issue 11), in Chromium through the browser host against the reference
// backend: an open erasure request is verified and approved, *Execute erasure* is confirmed
// (the confirmation names the subject and what happens to each dataset), the sync carries it
// out, the receipt shows, and the deletion certificate is opened and saved as a screenshot.
import { expect, test, type Page } from '@playwright/test';
import { v7 as uuidv7 } from 'uuid';
import type { RunningCli } from '../helpers/cli-process';
import { action, push } from '../helpers/erasure-fixtures';
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

const PASSPHRASE = { ZTA_CACHE_PASSPHRASE: 'e2e erasure correct horse battery staple' };

interface Req {
  id: string;
  type: string;
  status: string;
  subjectId: string | null;
  legalHold: boolean;
  viaAgent: boolean;
}
interface Subj {
  id: string;
  username: string;
  restricted: boolean;
}

async function pullAll<T>(url: string, token: string, stream: string): Promise<T[]> {
  const res = await fetch(`${url}/v1/sync/${stream}?after=0&limit=10000`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const page = (await res.json()) as { items: { data?: T }[] };
  return page.items.flatMap((i) => (i.data ? [i.data] : []));
}

async function openRequest(page: Page, id: string) {
  await nav(page).getByRole('link', { name: 'Requests' }).click();
  const table = page.getByRole('table', { name: 'Privacy requests' });
  const link = table.getByRole('link', { name: id, exact: true });
  await expect(async () => {
    if ((await link.count()) === 0) {
      const more = page.getByRole('button', { name: 'Load more' });
      if (await more.isVisible()) await more.click();
    }
    expect(await link.count()).toBe(1);
  }).toPass({ timeout: 30_000 });
  await link.click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(id);
}

test.describe('erasure: approve → execute → receipt → certificate', () => {
  let backend: RestartableBackend;
  let tokens: TokensJson;
  let cli: RunningCli;
  let page: Page;
  let request: Req;
  let person: Subj;

  test.beforeAll(async ({ browser }) => {
    backend = await startSeededBackend('erasure', [
      '--seed-users',
      '300',
      '--seed-events',
      '3000',
      '--seed',
      '4',
    ]);
    tokens = backend.tokens();
    const owner = tokens.tokens.owner;
    const requests = await pullAll<Req>(backend.url, owner, 'requests');
    const subjects = new Map((await pullAll<Subj>(backend.url, owner, 'subjects')).map((s) => [s.id, s]));
    const held = new Set(requests.filter((r) => r.legalHold).map((r) => r.subjectId));
    const candidate = [...subjects.values()].find(
      (s) => !s.restricted && !held.has(s.id) && !requests.some((r) => r.subjectId === s.id),
    );
    if (!candidate) throw new Error('the seed holds no unrestricted person without requests');
    // An erasure request as it arrives by email, entered through the backend's action API.
    const requestId = uuidv7();
    const [outcome] = await push({ url: backend.url, tokens: tokens.tokens }, 'analyst', [
      action('request.intake', requestId, {
        type: 'erasure',
        jurisdiction: 'gdpr',
        receivedOn: new Date().toISOString().slice(0, 10),
        channel: 'email',
        subject: { by: 'id', id: candidate.id },
      }),
    ]);
    if (outcome?.outcome !== 'applied') throw new Error(`intake: ${JSON.stringify(outcome)}`);
    const found: Req = {
      id: requestId,
      type: 'erasure',
      status: 'received',
      subjectId: candidate.id,
      legalHold: false,
      viaAgent: false,
    };
    request = found;
    person = subjects.get(found.subjectId!)!;
    ({ cli, page } = await signedInConsole(browser, 'erasure', PASSPHRASE, backend.url, owner));
  });

  test.afterAll(() => closeSession({ page, cli, backend }));

  test('carries out the erasure and shows the receipt and the certificate', async () => {
    await openRequest(page, request.id);
    if (request.status !== 'in_progress') {
      const form = page.getByRole('form', { name: 'Record identity verification' });
      await form.getByLabel('Email address').check();
      await form.getByLabel('Employee id').check();
      await form.getByRole('button', { name: 'Record verification' }).click();
      await syncUntil(page, async () => (await pendingBadge(page).count()) === 0);
    }
    await page.getByRole('button', { name: 'Approve' }).click();
    await syncUntil(
      page,
      async () =>
        (await pendingBadge(page).count()) === 0 && (await statusOf(page).innerText()) === 'Approved',
    );

    const panel = page.getByRole('region', { name: 'Erasure' });
    await panel.getByRole('button', { name: 'Execute erasure' }).click();
    const confirm = panel.getByRole('dialog');
    await expect(confirm).toContainText(person.id);
    const plan = confirm.getByRole('list', { name: 'What happens to each dataset' });
    await expect(plan).toContainText('Profile: deleted');
    await expect(plan).toContainText('Access events: anonymised');
    await confirm.getByRole('button', { name: 'Confirm erasure' }).click();
    await syncUntil(page, async () => (await panel.getByText('Erasure carried out').count()) === 1);
    await expect(statusOf(page)).toHaveText('Completed');

    const receipt = panel.getByRole('table', { name: 'Erasure receipt' });
    await expect(receipt).toContainText('Profile');
    await expect(receipt).toContainText('deleted 1');
    await expect(receipt).toContainText(/anonymised \d+/);

    await panel.getByRole('button', { name: 'Show certificate' }).click();
    const certificate = page.getByRole('article', { name: 'Deletion certificate' });
    await expect(certificate).toContainText('Certificate of erasure');
    await expect(certificate).toContainText(person.id);
    await expect(certificate).not.toContainText(person.username);
    await certificate.scrollIntoViewIfNeeded();
    await certificate.screenshot({ path: 'test-results/screenshots/erasure-certificate.png' });
  });

  // After the test above (same page): its own time budget, the erasure one runs close to its own.
  test("lists the erasure beside the demo's retention erasures", async () => {
    await page.getByRole('button', { name: 'Close certificate' }).click();
    await nav(page).getByRole('link', { name: 'Requests' }).click();
    const erasures = page.getByRole('table', { name: 'Erasures' });
    const row = erasures.getByRole('row').filter({ hasText: person.id });
    await expect(row.getByRole('link', { name: 'Request' })).toHaveAttribute('href', new RegExp(request.id));
    await expect(row).not.toContainText(person.username);
    await expect(erasures.getByRole('row').filter({ hasText: 'Retention' }).first()).toBeVisible();
  });
});
