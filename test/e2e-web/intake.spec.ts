// Casework carried out end to end (issue 5), in Chromium through the browser host: a request
// entered by hand while the backend is down (refused first for an impossible date, then pending,
// then synced), a rectification applied (corrected value shown), a restriction placed (badge on
// the request page and the subject timeline), the queue filtered by type and jurisdiction, and
// requests closed in bulk as duplicates of the oldest — with the record section on screen.
import { expect, test, type Page } from '@playwright/test';
import type { RunningCli } from '../helpers/cli-process';
import type { RestartableBackend } from '../helpers/backend-process';
import {
  closeSession,
  nav,
  pendingBadge,
  signedInConsole,
  startSeededBackend,
  statusOf,
  syncUntil,
} from '../helpers/e2e-console';
import type { Subject } from '../../shared/domain';
import { pageItems, pullReplySchema, type PullPage, type StreamName } from '../../shared/protocol';

const PASSPHRASE = { ZTA_CACHE_PASSPHRASE: 'e2e intake correct horse battery staple' };
const SCREENSHOTS = 'test-results/screenshots';

/** Unrestricted subjects with at least one access event (the drawer check needs one). */
async function subjectsOf(backendUrl: string, token: string): Promise<Subject[]> {
  const pull = async <S extends StreamName>(stream: S): Promise<PullPage<S>> => {
    const res = await fetch(`${backendUrl}/v1/sync/${stream}?after=0&limit=10000`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const page = pullReplySchema(stream).parse(await res.json());
    if (page.reset) throw new Error(`unexpected reset of ${stream}`);
    return page as PullPage<S>;
  };
  const upserted = <T>(items: ({ op: 'upsert'; data: T } | { op: 'delete' })[]) =>
    items.flatMap((i) => (i.op === 'upsert' ? [i.data] : []));
  const active = new Set(upserted(pageItems(await pull('access_events'))).map((e) => e.subjectId));
  return upserted(pageItems(await pull('subjects'))).filter((s) => !s.restricted && active.has(s.id));
}

const queue = (page: Page) => page.getByRole('table', { name: 'Privacy requests' });

const synced = (page: Page, status: string) => () =>
  syncUntil(
    page,
    async () => (await pendingBadge(page).count()) === 0 && (await statusOf(page).innerText()) === status,
  );

async function openIntakeForm(page: Page) {
  await nav(page).getByRole('link', { name: 'Requests' }).click();
  await page.getByRole('link', { name: 'New request' }).click();
  await expect(page.getByRole('heading', { name: 'New request', level: 1 })).toBeVisible();
  return page.getByRole('form', { name: 'New request' });
}

interface IntakeInput {
  subject: Subject;
  type: string;
  jurisdiction: string;
  receivedOn: string;
  channel: string;
}

async function fillIntake(page: Page, i: IntakeInput) {
  const form = await openIntakeForm(page);
  await form.getByLabel('Search subjects').fill(i.subject.username);
  const pick = form.getByLabel('Subject', { exact: true });
  await expect(pick.getByRole('option', { name: new RegExp(`^${i.subject.username} — `) })).toHaveCount(1);
  await pick.selectOption({ label: `${i.subject.username} — ${i.subject.displayName}` });
  await form.getByLabel('Request type').selectOption({ label: i.type });
  await form.getByLabel('Jurisdiction').selectOption({ label: i.jurisdiction });
  await form.getByLabel('Date received').fill(i.receivedOn);
  await form.getByLabel('Channel').selectOption({ label: i.channel });
  return form;
}

/** Enters a request by hand and returns its id (the page moves to the new request). */
async function enterRequest(page: Page, i: IntakeInput): Promise<string> {
  const form = await fillIntake(page, i);
  await form.getByRole('button', { name: 'Queue the request' }).click();
  await expect(page).toHaveURL(/#\/requests\/[0-9a-f-]{36}$/);
  const id = decodeURIComponent(page.url().split('/').at(-1) ?? '');
  await expect(page.getByRole('heading', { level: 1 })).toContainText(id);
  return id;
}

async function verifyAndApprove(page: Page, corrects?: string) {
  const form = page.getByRole('form', { name: 'Record identity verification' });
  // A correction names the fields it corrects; they are not verification points (issue 13).
  if (corrects) await form.getByLabel(`Corrects: ${corrects}`).check();
  await form.getByLabel('Email address', { exact: true }).check();
  await form.getByLabel('Employee id', { exact: true }).check();
  await form.getByRole('button', { name: 'Record verification' }).click();
  await page.getByRole('button', { name: 'Approve' }).click();
  await expect(statusOf(page)).toHaveText(/^Approved/);
}

test.describe.configure({ mode: 'serial' });

test.describe('casework carried out: intake, rectification, restriction, filters, duplicates', () => {
  let backend: RestartableBackend;
  let cli: RunningCli;
  let page: Page;
  let subjects: Subject[];
  let rectificationId = '';

  test.beforeAll(async ({ browser }) => {
    backend = await startSeededBackend('intake', [
      '--seed-users',
      '60',
      '--seed-events',
      '300',
      '--seed',
      '9',
    ]);
    const tokens = backend.tokens();
    subjects = (await subjectsOf(backend.url, tokens.tokens.owner)).slice(0, 3);
    ({ cli, page } = await signedInConsole(browser, 'intake', PASSPHRASE, backend.url, tokens.tokens.owner));
  });

  test.afterAll(() => closeSession({ page, cli, backend }));

  test('a request entered by hand offline: refused date, then pending, then synced', async () => {
    await backend.stop();
    const form = await fillIntake(page, {
      subject: subjects[0]!,
      type: 'Rectification / correct',
      jurisdiction: 'GDPR',
      receivedOn: '2026-02-30',
      channel: 'Letter',
    });
    await form.getByRole('button', { name: 'Queue the request' }).click();
    const alert = form.getByRole('alert');
    await expect(alert).toContainText('Nothing was queued');
    await expect(alert).toContainText('Date received: 2026-02-30 is not a date: February 2026 has 28 days.');
    await form.getByLabel('Date received').fill('2999-01-01');
    await form.getByRole('button', { name: 'Queue the request' }).click();
    await expect(alert).toContainText('in the future');
    await expect(page).toHaveURL(/#\/requests\/new$/);

    await form.getByLabel('Date received').fill('2026-01-05');
    await form.getByLabel('Note (optional)').fill('Letter dated 3 January, asks to correct the name.');
    await page.screenshot({ path: `${SCREENSHOTS}/intake-form.png`, fullPage: true });
    await form.getByRole('button', { name: 'Queue the request' }).click();
    await expect(page).toHaveURL(/#\/requests\/[0-9a-f-]{36}$/);
    rectificationId = decodeURIComponent(page.url().split('/').at(-1) ?? '');
    await expect(pendingBadge(page)).toContainText('Pending sync');
    await expect(statusOf(page)).toHaveText('Received');
    await expect(page.getByRole('region', { name: 'Record' })).toContainText('2026-01-05');

    // In the queue at once, pending, while the backend is still down.
    await nav(page).getByRole('link', { name: 'Requests' }).click();
    const row = queue(page)
      .getByRole('row')
      .filter({ has: page.getByRole('link', { name: rectificationId }) });
    await expect(row).toContainText('Rectification / correct');
    await expect(row.getByRole('status')).toContainText('Pending sync');

    await backend.start();
    await row.getByRole('link', { name: rectificationId }).click();
    await synced(page, 'Received')();
    await expect(page.getByRole('list').filter({ hasText: 'received by' })).toContainText('letter');
  });

  test('a rectification applied: the corrected value shows, pending then synced', async () => {
    await verifyAndApprove(page, 'Display name');
    await synced(page, 'Approved')();
    const subject = subjects[0]!;
    const details = page.getByLabel('Subject details');
    await expect(details).toContainText(subject.displayName);
    // Offline, so the pending state is there to see (online it may be pushed and pulled at once).
    await backend.stop();
    const fix = page.getByRole('form', { name: 'Apply the correction' });
    await fix.getByLabel('Corrected display name').fill('Corrected Person Name');
    await fix.getByRole('button', { name: 'Apply the correction' }).click();
    await expect(details).toContainText(
      `Corrected Person Name (pending correction; was ${subject.displayName})`,
    );
    await backend.start();
    await synced(page, 'Completed')();
    await expect(details).toContainText('Corrected Person Name');
    await expect(details).not.toContainText('pending correction');
    await expect(page.getByRole('list').filter({ hasText: 'rectified' })).toContainText(
      'fields: ["displayName"]',
    );
  });

  test('a restriction placed: the badge shows on the request page and the subject timeline', async () => {
    const subject = subjects[1]!;
    const restrictionId = await enterRequest(page, {
      subject,
      type: 'Restriction',
      jurisdiction: 'GDPR',
      receivedOn: '2026-01-06',
      channel: 'Email',
    });
    await verifyAndApprove(page);
    await synced(page, 'Approved')();
    await backend.stop();
    await page.getByRole('button', { name: 'Place under restriction' }).click();
    await expect(page.getByText('Restricted processing (pending)')).toBeVisible();
    await backend.start();
    await synced(page, 'Completed')();
    await expect(page.getByText('Restricted processing', { exact: true }).first()).toBeVisible();
    await expect(page.getByRole('form', { name: 'Lift the restriction' })).toContainText(
      'The subject must be told before the restriction is lifted',
    );
    await page.getByLabel('Request summary').getByRole('link', { name: subject.username }).click();
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Restricted processing');
    await expect(page.getByText(/Yes \(Art\. 18\) — since/)).toBeVisible();

    // The access-log detail drawer of one of this person's events shows it too.
    await nav(page).getByRole('link', { name: 'Access logs' }).click();
    const bar = page.getByRole('search', { name: 'Filter access events' });
    await bar.getByLabel('Search', { exact: true }).fill(`"${subject.username}"`);
    const rows = page.getByRole('rowgroup', { name: 'Access event rows (scrollable)' }).getByRole('row');
    await expect(rows.first()).toContainText(subject.username);
    await rows.first().getByRole('cell').nth(2).click();
    const drawer = page.getByRole('dialog', { name: 'Event details' });
    await expect(drawer).toContainText(subject.username);
    await expect(drawer).toContainText('Restricted processing');
    await drawer.getByRole('button', { name: 'Close event details' }).click();
    await bar.getByLabel('Search', { exact: true }).fill('');

    // The Subjects list marks the person, and only them of those found.
    await nav(page).getByRole('link', { name: 'Subjects' }).click();
    await page
      .getByRole('search', { name: 'Find a subject' })
      .getByLabel('Find a person')
      .fill(subject.username);
    const row = page
      .getByRole('table', { name: 'Subjects' })
      .getByRole('row')
      .filter({ has: page.getByRole('link', { name: subject.username, exact: true }) });
    await expect(row).toContainText('Restricted processing');
    const other = subjects[2]!;
    await page
      .getByRole('search', { name: 'Find a subject' })
      .getByLabel('Find a person')
      .fill(other.username);
    const otherRow = page
      .getByRole('table', { name: 'Subjects' })
      .getByRole('row')
      .filter({ has: page.getByRole('link', { name: other.username, exact: true }) });
    await expect(otherRow).toBeVisible();
    await expect(otherRow).not.toContainText('Restricted processing');

    // So does the request's row in the queue.
    await nav(page).getByRole('link', { name: 'Requests' }).click();
    await page.getByLabel('Type', { exact: true }).selectOption({ label: 'Restriction' });
    const queued = queue(page)
      .getByRole('row')
      .filter({ has: page.getByRole('link', { name: restrictionId }) });
    await expect(queued).toContainText('Restricted processing');
    await page.getByLabel('Type', { exact: true }).selectOption({ label: 'Any type' });
  });

  test('the queue filters by type and jurisdiction', async () => {
    await nav(page).getByRole('link', { name: 'Requests' }).click();
    await page.getByLabel('Type', { exact: true }).selectOption({ label: 'Restriction' });
    await page.getByLabel('Jurisdiction', { exact: true }).selectOption({ label: 'GDPR' });
    const rows = queue(page).getByRole('row');
    await expect(rows.nth(1)).toBeVisible();
    const n = await rows.count();
    for (let i = 1; i < n; i++) {
      await expect(rows.nth(i)).toContainText('Restriction');
      await expect(rows.nth(i)).toContainText('GDPR');
    }
    await page.getByLabel('Type', { exact: true }).selectOption({ label: 'Rectification / correct' });
    await expect(queue(page).getByRole('link', { name: rectificationId })).toBeVisible();
    await page.getByLabel('Jurisdiction', { exact: true }).selectOption({ label: 'CCPA/CPRA' });
    await expect(queue(page).getByRole('link', { name: rectificationId })).toHaveCount(0);
    await page.getByLabel('Type', { exact: true }).selectOption({ label: 'Any type' });
    await page.getByLabel('Jurisdiction', { exact: true }).selectOption({ label: 'Any jurisdiction' });
  });

  test('bulk close as duplicates of the oldest; the record section shows the response', async () => {
    const subject = subjects[2]!;
    const base = { subject, type: 'Access / know', jurisdiction: 'CCPA/CPRA', channel: 'Phone' };
    const oldest = await enterRequest(page, { ...base, receivedOn: '2026-01-02' });
    const newer = await enterRequest(page, { ...base, receivedOn: '2026-01-09' });
    await synced(page, 'Received')();

    await nav(page).getByRole('link', { name: 'Requests' }).click();
    for (const id of [newer, oldest]) await queue(page).getByLabel(`Select request ${id}`).check();
    await page.getByRole('group', { name: 'Close duplicates' }).getByRole('button').click();
    await expect(page.getByText(`Close as duplicate of ${oldest}: queued for 1 of 1 request.`)).toBeVisible();

    await queue(page).getByRole('link', { name: newer }).click();
    await synced(page, 'Closed (duplicate)')();
    const record = page.getByRole('region', { name: 'Record' });
    await expect(record).toContainText('2026-01-09');
    await expect(record).toContainText('Access / know');
    await expect(record).toContainText('phone');
    await expect(record).toContainText('Closed as duplicate');
    await expect(record).toContainText(new Date().toISOString().slice(0, 10));
    await record.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENSHOTS}/request-record.png`, fullPage: true });

    await page.goto(page.url().replace(/#.*$/, `#/requests/${oldest}`));
    await expect(statusOf(page)).toHaveText('Received');
  });
});
