// Casework carried out through the real core (worker, encrypted cache, outbox) and the real
// backend (PGlite), with a TCP proxy to take the backend away (issue 5): a request entered by
// hand offline shows at once as pending in the queue and syncs back once the backend returns;
// a correction and a restriction queued offline show over the subject at once, and after the
// pull the mirror (request page, subject timeline) has the corrected values and the flag.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackend, type RunningBackend } from '../../backend/index';
import { openCore, passphraseKeyProvider, type CoreClient } from '../../main/core/index';
import {
  OutboxEntry,
  OutboxList,
  RequestDetail,
  RequestsList,
  RequestSubject,
} from '../../shared/contract-requests';
import { SubjectsList, SubjectTimeline } from '../../shared/contract-subjects';
import { TcpProxy } from '../helpers/tcp-proxy';

const APP = { name: 'test', version: '0.0.0', transport: 'browser' as const };
const PASS = 'casework integration passphrase';

let backend: RunningBackend;
let proxy: TcpProxy;
let core: CoreClient;

async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false>, ms = 45_000) {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function call<T>(channel: string, input: unknown, schema: { parse(v: unknown): T }) {
  const r = await core.invoke(channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
  return schema.parse(r.value);
}
const submit = (intent: unknown) => call('actions:submit', intent, OutboxEntry);
const detailOf = (id: string) => call('requests:get', { id }, RequestDetail);
const pendingCount = async () => (await call('outbox:list', {}, OutboxList)).counts.pending;

/** Waits until every queued action is resolved and a pull has brought `id` back with no overlay. */
async function settled(id: string): Promise<RequestDetail> {
  return waitFor(`request ${id} to sync back`, async () => {
    await core.syncNow().catch(() => undefined);
    const d = await detailOf(id);
    return d.pending.length === 0 && (await pendingCount()) === 0 ? d : null;
  });
}

beforeAll(async () => {
  backend = await startBackend({
    port: 0,
    seed: { users: 20, events: 200, seed: 4, now: new Date('2026-05-01T10:00:00Z') },
  });
  proxy = await new TcpProxy('127.0.0.1', Number(new URL(backend.url).port)).start();
  core = await openCore({
    dataDir: mkdtempSync(join(tmpdir(), 'zta-casework-core-')),
    keyProvider: passphraseKeyProvider(PASS),
    app: APP,
    autoSyncIntervalMs: 500,
    backoff: { baseMs: 50, capMs: 800 },
  });
  expect(
    (await core.invoke('session:signIn', { backendUrl: proxy.url, token: backend.tokens.owner })).ok,
  ).toBe(true);
  await core.syncNow();
}, 120_000);
afterAll(async () => {
  await core?.close();
  await proxy?.close();
  await backend?.close();
});

describe('casework carried out through the outbox', () => {
  it('a request entered by hand offline is pending at once, then synced back', async () => {
    const subject = (await call('subjects:list', { search: '', limit: 5 }, SubjectsList)).subjects[0]!;
    proxy.mode = 'down';
    proxy.dropAll();

    // Refused before anything is queued.
    const bad = await core.invoke('actions:submit', {
      kind: 'request.intake',
      payload: {
        subject: { by: 'id', id: subject.id },
        type: 'rectification',
        jurisdiction: 'gdpr',
        receivedOn: '2026-02-30',
        channel: 'letter',
      },
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'E_VALIDATION' } });
    expect(JSON.stringify(bad)).toContain('February 2026 has 28 days');
    expect(await pendingCount()).toBe(0);

    const entry = await submit({
      kind: 'request.intake',
      payload: {
        subject: { by: 'id', id: subject.id },
        type: 'rectification',
        jurisdiction: 'gdpr',
        receivedOn: '2026-04-20',
        channel: 'letter',
        note: 'Letter dated 18 April.',
      },
    });
    const requestId = entry.action.requestId;
    expect(requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/); // a client-generated UUIDv7
    const queue = await call('requests:list', { filter: { type: 'rectification' } }, RequestsList);
    expect(queue.rows[0]).toMatchObject({
      request: { id: requestId, status: 'received', receivedOn: '2026-04-20', subjectId: subject.id },
      pending: [{ status: 'pending', action: { kind: 'request.intake' } }],
    });
    // Filtered out by another type; shown by its jurisdiction.
    const other = await call('requests:list', { filter: { type: 'erasure' } }, RequestsList);
    expect(other.rows.some((r) => r.request.id === requestId)).toBe(false);
    const gdpr = await call('requests:list', { filter: { jurisdiction: 'gdpr' } }, RequestsList);
    expect(gdpr.rows.some((r) => r.request.id === requestId)).toBe(true);
    expect((await detailOf(requestId)).subject?.id).toBe(subject.id);

    // Offline, the admin works it further: verify, approve, and then the correction — allowed
    // before queueing because the console sees the pending approval.
    // A correction is verified with data it does not correct (issue 13).
    await submit({
      kind: 'request.verify',
      requestId,
      payload: { points: ['email', 'employee_id'], corrects: ['displayName'] },
    });
    await submit({ kind: 'request.approve', requestId, payload: {} });
    // Only the fields the verification named: the email was one of its matching points.
    const beyond = await core.invoke('actions:submit', {
      kind: 'rectification.apply',
      requestId,
      payload: { changes: { email: 'someone.else@example.test' } },
    });
    expect(beyond).toMatchObject({ ok: false, error: { code: 'E_VALIDATION', message: /not among them/ } });
    const fix = await submit({
      kind: 'rectification.apply',
      requestId,
      payload: { changes: { displayName: 'Corrected Name' } },
    });
    const pendingDetail = await detailOf(requestId);
    expect(pendingDetail.request.status).toBe('completed');
    expect(pendingDetail.subject?.displayName).toBe('Corrected Name');
    expect(pendingDetail.subjectMirrored?.displayName).toBe(subject.displayName);

    proxy.mode = 'up';
    const done = await settled(requestId);
    expect(done.mirrored).toMatchObject({
      id: requestId,
      status: 'completed',
      version: 4,
      response: 'approved',
    });
    expect(done.subjectMirrored?.displayName).toBe('Corrected Name');
    expect(done.events.find((e) => e.id === fix.action.id)).toMatchObject({
      kind: 'rectified',
      detail: { fields: ['displayName'] },
    });
    const timeline = await call('subjects:timeline', { subjectId: subject.id }, SubjectTimeline);
    expect(timeline.profile.displayName).toBe('Corrected Name');
    expect(timeline.requests.some((r) => r.id === requestId)).toBe(true);
  }, 90_000);

  it('a correction that cannot apply is refused before queueing', async () => {
    const subject = (await call('subjects:list', { search: '', limit: 5 }, SubjectsList)).subjects[1]!;
    const entry = await submit({
      kind: 'request.intake',
      payload: {
        subject: { by: 'id', id: subject.id },
        type: 'rectification',
        jurisdiction: 'ccpa',
        receivedOn: '2026-04-21',
        channel: 'email',
      },
    });
    const refused = await core.invoke('actions:submit', {
      kind: 'rectification.apply',
      requestId: entry.action.requestId,
      payload: { changes: { department: 'Legal' } },
    });
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'E_VALIDATION', message: /only after approval/ },
    });
    // Nothing of this kind was queued (the intake itself may be pushed meanwhile by the timer).
    const outbox = await call('outbox:list', { recentLimit: 1000 }, OutboxList);
    expect(
      [...outbox.pending, ...outbox.recent].filter(
        (e) => e.action.kind === 'rectification.apply' && e.action.requestId === entry.action.requestId,
      ),
    ).toEqual([]);
    await settled(entry.action.requestId);
  }, 60_000);

  it('a restriction queued offline shows at once and, after the pull, on the subject timeline', async () => {
    const subject = (await call('subjects:list', { search: '', limit: 5 }, SubjectsList)).subjects[2]!;
    const entry = await submit({
      kind: 'request.intake',
      payload: {
        subject: { by: 'id', id: subject.id },
        type: 'restriction',
        jurisdiction: 'gdpr',
        receivedOn: '2026-04-22',
        channel: 'in_person',
      },
    });
    const requestId = entry.action.requestId;
    await submit({ kind: 'request.verify', requestId, payload: { points: ['email', 'username'] } });
    await submit({ kind: 'request.approve', requestId, payload: {} });
    await settled(requestId);

    proxy.mode = 'down';
    proxy.dropAll();
    await submit({ kind: 'restriction.place', requestId, payload: {} });
    const shown = await detailOf(requestId);
    expect(shown.subject).toMatchObject({ restricted: true, restriction: { requestId } });
    expect(shown.subjectMirrored?.restricted).toBe(false);

    proxy.mode = 'up';
    const done = await settled(requestId);
    expect(done.subjectMirrored).toMatchObject({ restricted: true, restriction: { requestId } });
    const timeline = await call('subjects:timeline', { subjectId: subject.id }, SubjectTimeline);
    expect(timeline.profile).toMatchObject({ restricted: true, restriction: { requestId } });
    // The access-log drawer's one-row read of the subject says so too.
    expect(await call('subjects:get', { id: subject.id }, RequestSubject)).toMatchObject({
      id: subject.id,
      restricted: true,
    });
    expect(await core.invoke('subjects:get', { id: 'nobody' })).toMatchObject({
      ok: false,
      error: { code: 'E_NOT_FOUND' },
    });
  }, 90_000);
});
