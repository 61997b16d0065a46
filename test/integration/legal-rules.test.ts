// The legal rules (issue 13) enforced on both sides with the same shared rules: pushed over HTTP
// to the real backend (PGlite), and submitted through the real console core (worker, encrypted
// cache, outbox), which refuses before queueing what the backend would refuse.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackend, type RunningBackend } from '../../backend/index';
import { openCore, passphraseKeyProvider, type CoreClient } from '../../main/core/index';
import { PushReply, type Outcome } from '../../shared/push-protocol';
import { addDays } from '../../shared/clocks/index';
import { todayIn } from '../../shared/clocks/zone';
import { OutboxEntry, RequestDetail } from '../../shared/contract-requests';
import type { PrivacyRequest, RequestEvent, Role, Subject } from '../../shared/domain';
import { pageItems, pullReplySchema, type StreamName } from '../../shared/protocol';

const SEED = { users: 20, events: 200, seed: 13, now: new Date('2026-01-15T09:00:00.000Z') };
const PASS = 'legal rules integration passphrase';
/** The organisation's time zone is UTC until it configures another (DEFAULT_ORG_SETTINGS). */
const today = () => todayIn('UTC');
const REMEDY = 'You may lodge a complaint with a supervisory authority and seek a judicial remedy.';

let backend: RunningBackend;
let core: CoreClient;
let subjects: Subject[] = [];

async function push(role: Role, actions: unknown[]): Promise<Outcome[]> {
  const res = await fetch(`${backend.url}/v1/actions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${backend.tokens[role]}`, 'content-type': 'application/json' },
    body: JSON.stringify({ actions }),
  });
  expect(res.status).toBe(200);
  return PushReply.parse(await res.json()).outcomes;
}
const one = async (role: Role, a: unknown) => (await push(role, [a]))[0]!;

async function pull<S extends StreamName>(stream: S) {
  const res = await fetch(`${backend.url}/v1/sync/${stream}?after=0&limit=10000`, {
    headers: { authorization: `Bearer ${backend.tokens.viewer}` },
  });
  const page = pullReplySchema(stream).parse(await res.json());
  if (page.reset) throw new Error('reset');
  return page;
}
async function requestNow(id: string): Promise<PrivacyRequest | undefined> {
  return pageItems(await pull('requests'))
    .flatMap((i) => (i.op === 'upsert' ? [i.data as unknown as PrivacyRequest] : []))
    .filter((d) => d.id === id)
    .at(-1);
}
async function eventsOf(requestId: string): Promise<RequestEvent[]> {
  const page = await pull('request_events');
  return page.items.flatMap((i) => (i.op === 'upsert' && i.data.requestId === requestId ? [i.data] : []));
}

function action(kind: string, requestId: string, payload: unknown) {
  return { id: uuidv7(), kind, requestId, baseVersion: 0, payload, createdAt: new Date().toISOString() };
}
/** Enters a request by hand on the backend and returns its id. */
async function entered(payload: Record<string, unknown>): Promise<string> {
  const a = action('request.intake', uuidv7(), {
    type: 'access',
    jurisdiction: 'gdpr',
    receivedOn: today(),
    channel: 'letter',
    subject: { by: 'id', id: subjects[0]!.id },
    ...payload,
  });
  expect(await one('analyst', a)).toMatchObject({ outcome: 'applied' });
  return a.requestId;
}

beforeAll(async () => {
  backend = await startBackend({ port: 0, seed: SEED });
  subjects = (await pull('subjects')).items.flatMap((i) =>
    i.op === 'upsert' && !i.data.restricted ? [i.data] : [],
  );
  core = await openCore({
    dataDir: mkdtempSync(join(tmpdir(), 'zta-legal-core-')),
    keyProvider: passphraseKeyProvider(PASS),
    app: { name: 'test', version: '0.0.0', transport: 'browser' as const },
    autoSyncIntervalMs: 0,
  });
  expect(
    (await core.invoke('session:signIn', { backendUrl: backend.url, token: backend.tokens.owner })).ok,
  ).toBe(true);
}, 120_000);
afterAll(async () => {
  await core?.close();
  await backend?.close();
});

describe('the backend applies the legal rules', () => {
  it('refuses a CCPA objection at intake, naming the opt-out', async () => {
    const a = action('request.intake', uuidv7(), {
      type: 'objection',
      jurisdiction: 'ccpa',
      receivedOn: today(),
      channel: 'email',
      subject: { by: 'id', id: subjects[0]!.id },
    });
    expect(await one('analyst', a)).toMatchObject({
      outcome: 'rejected',
      code: 'INVALID',
      message: /opt_out/,
    });
  });

  it('an opt-out: 15 business days, not verified, answered by its approval', async () => {
    const id = await entered({ type: 'opt_out', jurisdiction: 'ccpa' });
    expect(await one('analyst', action('request.verify', id, { points: ['email', 'phone'] }))).toMatchObject({
      code: 'INVALID',
      message: /not verified/,
    });
    expect(await one('approver', action('request.approve', id, {}))).toMatchObject({ outcome: 'applied' });
    expect(await requestNow(id)).toMatchObject({ status: 'approved', respondedOn: today() });
  });

  it('an agent’s request: signed permission or a power of attorney, recorded as such', async () => {
    const id = await entered({
      jurisdiction: 'ccpa',
      agent: { name: 'Counsel LLP', signedPermission: false },
    });
    const points = ['email', 'employee_id'];
    expect(await one('analyst', action('request.verify', id, { points }))).toMatchObject({
      code: 'INVALID',
      message: /signed permission checked, or a power of attorney/,
    });
    const poa = action('request.verify', id, { points, agentAuthority: 'power_of_attorney' });
    expect(await one('analyst', poa)).toMatchObject({ outcome: 'applied' });
    const ev = (await eventsOf(id)).find((e) => e.id === poa.id);
    expect(ev?.detail).toMatchObject({ agentAuthority: 'power_of_attorney' });
  });

  it('extensions: within the first period and once; a late one is refused', async () => {
    const fresh = await entered({});
    const ext = (id: string) => action('request.extend', id, { reason: 'Three systems to search.' });
    expect(await one('approver', ext(fresh))).toMatchObject({ outcome: 'applied' });
    expect(await one('approver', ext(fresh))).toMatchObject({
      code: 'INVALID',
      message: /already extended once/,
    });
    const old = await entered({ receivedOn: addDays(today(), -40) });
    expect(await one('approver', ext(old))).toMatchObject({
      code: 'INVALID',
      message: /within the first period/,
    });
    expect((await requestNow(old))?.extended).toBe(false);
  });

  it('a GDPR refusal after one month is applied and recorded as late; one in time is not', async () => {
    const late = await entered({ type: 'erasure', receivedOn: addDays(today(), -40) });
    const inTime = await entered({ type: 'erasure' });
    const deny = (id: string, extra: object = { remedyInfo: REMEDY }) =>
      action('request.deny', id, { reason: 'Legal obligation', exemption: 'gdpr-17-3-b', ...extra });
    expect(await one('approver', deny(late, {}))).toMatchObject({
      code: 'INVALID',
      message: /Art\. 12\(4\)/,
    });
    expect(await one('approver', deny(late))).toMatchObject({ outcome: 'applied' });
    expect(await one('approver', deny(inTime))).toMatchObject({ outcome: 'applied' });
    expect(await requestNow(late)).toMatchObject({
      status: 'denied',
      refusedLate: true,
      respondedOn: today(),
    });
    expect(await requestNow(inTime)).toMatchObject({ status: 'denied', refusedLate: false });
    const ev = (await eventsOf(late)).find((e) => e.kind === 'decided');
    expect(ev?.detail).toMatchObject({ late: true, remedyInfo: REMEDY });
  });

  it('an exemption that does not fit the request is refused', async () => {
    const id = await entered({ jurisdiction: 'ccpa' });
    const out = await one(
      'approver',
      action('request.deny', id, { reason: 'Legal claims', exemption: 'gdpr-17-3-e' }),
    );
    expect(out).toMatchObject({ code: 'INVALID', message: /does not apply to a CCPA access request/ });
  });

  it('the clock runs until the export is delivered; respondedOn is that day', async () => {
    const id = await entered({});
    await one('analyst', action('request.verify', id, { points: ['email', 'employee_id'] }));
    await one('approver', action('request.approve', id, {}));
    expect(await requestNow(id)).toMatchObject({
      status: 'approved',
      response: 'approved',
      respondedOn: null,
    });
    await one(
      'approver',
      action('export.delivered', id, { bundleSha256: 'c'.repeat(64), deliveredVia: 'portal' }),
    );
    expect(await requestNow(id)).toMatchObject({ status: 'completed', respondedOn: today() });
  });

  it('a signed declaration keeps who recorded it, when, and its reference', async () => {
    const id = await entered({ type: 'access_specific', jurisdiction: 'ccpa' });
    const sha256 = 'd'.repeat(64);
    const v = action('request.verify', id, {
      points: ['email', 'employee_id', 'device_name'],
      signedDeclaration: true,
      declaration: { sha256 },
    });
    expect(await one('analyst', v)).toMatchObject({ outcome: 'applied' });
    const ev = (await eventsOf(id)).find((e) => e.id === v.id);
    expect(ev?.detail).toMatchObject({
      declaration: { sha256, recordedBy: expect.any(String), recordedAt: expect.any(String) },
    });
  });

  it('request.acknowledge records the confirmation once', async () => {
    const id = await entered({ jurisdiction: 'ccpa' });
    const ack = action('request.acknowledge', id, { channel: 'email', on: today() });
    expect(await one('analyst', ack)).toMatchObject({ outcome: 'applied' });
    expect(await requestNow(id)).toMatchObject({ acknowledgedOn: today(), acknowledgedVia: 'email' });
    expect(await one('analyst', { ...ack, id: uuidv7() })).toMatchObject({
      code: 'INVALID',
      message: /already confirmed/,
    });
  });
});

describe('the console’s outbox applies the same rules before queueing', () => {
  async function submit(intent: unknown) {
    return core.invoke('actions:submit', intent);
  }
  async function synced(ids: string[]) {
    await core.syncNow();
    for (const id of ids) {
      const r = await core.invoke('requests:get', { id });
      expect(r.ok).toBe(true);
    }
  }

  it('refuses a late extension, an unchecked agent, a misfit exemption, a verification by the corrected field', async () => {
    const old = await entered({ receivedOn: addDays(today(), -40) });
    const agent = await entered({
      jurisdiction: 'ccpa',
      agent: { name: 'Agent Co', signedPermission: false },
    });
    const ccpa = await entered({ jurisdiction: 'ccpa' });
    const correction = await entered({ type: 'rectification' });
    await synced([old, agent, ccpa, correction]);
    const refused = async (intent: unknown, message: RegExp) => {
      const r = await submit(intent);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('E_VALIDATION');
        expect(r.error.message).toMatch(message);
      }
    };
    await refused(
      { kind: 'request.extend', requestId: old, payload: { reason: 'late' } },
      /within the first period/,
    );
    await refused(
      { kind: 'request.verify', requestId: agent, payload: { points: ['email', 'employee_id'] } },
      /power of attorney/,
    );
    await refused(
      { kind: 'request.deny', requestId: ccpa, payload: { reason: 'claims', exemption: 'gdpr-17-3-e' } },
      /does not apply/,
    );
    await refused(
      {
        kind: 'request.verify',
        requestId: correction,
        payload: { points: ['email', 'employee_id'], corrects: ['email'] },
      },
      /A field the request corrects is not a verification point/,
    );
    const outbox = await core.invoke('outbox:list', {});
    expect(outbox.ok && (outbox.value as { counts: { pending: number } }).counts.pending).toBe(0);
  });

  it('the casework figures count the late refusal (reports read them)', async () => {
    await core.syncNow();
    // One GDPR refusal was given after its month above; the seeded ones were in time.
    expect((await core.stats()).casework.lateRefusals).toBe(1);
  });

  it('an acknowledgement queued in the console shows at once and syncs back', async () => {
    const id = await entered({ jurisdiction: 'ccpa', type: 'erasure' });
    await synced([id]);
    const r = await submit({
      kind: 'request.acknowledge',
      requestId: id,
      payload: { channel: 'letter', on: today() },
    });
    expect(r.ok).toBe(true);
    OutboxEntry.parse(r.ok ? r.value : null);
    const shown = RequestDetail.parse(
      ((await core.invoke('requests:get', { id })) as { value: unknown }).value,
    );
    expect(shown.request).toMatchObject({ acknowledgedOn: today(), acknowledgedVia: 'letter' });
    expect(shown.mirrored.acknowledgedOn).toBeNull();
    // A second one is refused before queueing (the overlay already has the first).
    const again = await submit({
      kind: 'request.acknowledge',
      requestId: id,
      payload: { channel: 'email', on: today() },
    });
    expect(again.ok).toBe(false);
    await core.syncNow();
    await core.syncNow();
    const after = RequestDetail.parse(
      ((await core.invoke('requests:get', { id })) as { value: unknown }).value,
    );
    expect(after.mirrored).toMatchObject({ acknowledgedOn: today(), acknowledgedVia: 'letter' });
  });
});
