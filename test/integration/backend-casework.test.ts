// Casework carried out on the real backend (PGlite), over HTTP (issue 5): a request entered by
// hand (`request.intake`), a rectification applied to the subject, a restriction placed, honoured
// and lifted, and the 24-month record a decision fills — each applied, replayed as duplicate,
// refused by role and by precondition, and synced back through the pull streams.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PushReply, type Outcome } from '../../shared/push-protocol';
import { pageItems, pullReplySchema, type StreamName } from '../../shared/protocol';
import type { PrivacyRequest, RequestEvent, Role, Subject } from '../../shared/domain';
import { startBackend, type RunningBackend } from '../../backend/index';

const SEED = { users: 30, events: 300, seed: 11, now: new Date('2026-01-15T09:00:00.000Z') };

let backend: RunningBackend;
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
const one = async (role: Role, action: unknown) => (await push(role, [action]))[0]!;

async function pull<S extends StreamName>(stream: S, after = 0) {
  const res = await fetch(`${backend.url}/v1/sync/${stream}?after=${after}&limit=10000`, {
    headers: { authorization: `Bearer ${backend.tokens.viewer}` },
  });
  const page = pullReplySchema(stream).parse(await res.json());
  if (page.reset) throw new Error('reset');
  return page;
}
async function latest<T extends { id: string }>(stream: StreamName, id: string): Promise<T | undefined> {
  const page = await pull(stream);
  return pageItems(page)
    .flatMap((i) => (i.op === 'upsert' ? [i.data as unknown as T] : []))
    .filter((d) => d.id === id)
    .at(-1);
}
const requestNow = (id: string) => latest<PrivacyRequest>('requests', id);
const subjectNow = (id: string) => latest<Subject>('subjects', id);
async function eventsOf(requestId: string): Promise<RequestEvent[]> {
  const page = await pull('request_events');
  return page.items.flatMap((i) => (i.op === 'upsert' && i.data.requestId === requestId ? [i.data] : []));
}

function action(kind: string, requestId: string, payload: unknown) {
  return { id: uuidv7(), kind, requestId, baseVersion: 0, payload, createdAt: new Date().toISOString() };
}
function intake(payload: Record<string, unknown>, requestId = uuidv7()) {
  return action('request.intake', requestId, {
    type: 'access',
    jurisdiction: 'gdpr',
    receivedOn: '2026-01-02',
    channel: 'letter',
    ...payload,
  });
}

/** A request entered by hand for `subject`, verified and approved: ready to be carried out. */
async function approvedRequest(type: string, subject: Subject): Promise<string> {
  const a = intake({ type, subject: { by: 'id', id: subject.id } });
  expect(await one('analyst', a)).toMatchObject({ outcome: 'applied' });
  // A correction is verified with data it does not correct (issue 13, item 8).
  const verify = action(
    'request.verify',
    a.requestId,
    type === 'rectification'
      ? { points: ['employee_id', 'device_name'], corrects: ['email', 'displayName', 'department'] }
      : { points: ['email', 'employee_id'] },
  );
  expect(await one('analyst', verify)).toMatchObject({ outcome: 'applied' });
  expect(await one('approver', action('request.approve', a.requestId, {}))).toMatchObject({
    outcome: 'applied',
  });
  return a.requestId;
}

beforeAll(async () => {
  backend = await startBackend({ port: 0, seed: SEED });
  const page = await pull('subjects');
  subjects = page.items.flatMap((i) => (i.op === 'upsert' && !i.data.restricted ? [i.data] : []));
});
afterAll(async () => {
  await backend?.close();
});

describe('request.intake', () => {
  it('creates the request from the received date, syncs it back, replays as duplicate', async () => {
    const s = subjects[0]!;
    const before = await pull('requests');
    const a = intake({
      type: 'erasure',
      jurisdiction: 'ccpa',
      receivedOn: '2025-12-30',
      channel: 'phone',
      subject: { by: 'id', id: s.id },
      agent: { name: 'Counsel LLP', signedPermission: true },
      note: 'Phoned in, confirmed by letter.',
    });
    const first = await one('analyst', a);
    expect(first).toMatchObject({ outcome: 'applied', id: a.id, version: 1 });
    expect((first as { seq: number }).seq).toBeGreaterThan(before.watermark);
    expect(await requestNow(a.requestId)).toMatchObject({
      id: a.requestId,
      subjectId: s.id,
      type: 'erasure',
      jurisdiction: 'ccpa',
      status: 'received',
      channel: 'phone',
      receivedOn: '2025-12-30',
      viaAgent: true,
      version: 1,
      respondedOn: null,
      response: null,
    });
    const history = await eventsOf(a.requestId);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({
      id: a.id,
      kind: 'received',
      detail: { channel: 'phone', viaAgent: true, agent: { name: 'Counsel LLP', signedPermission: true } },
    });

    expect(await push('analyst', [a, a])).toEqual([
      { outcome: 'duplicate', id: a.id, first },
      { outcome: 'duplicate', id: a.id, first },
    ]);
    const rows = await backend.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM requests WHERE id = $1',
      [a.requestId],
    );
    expect(rows[0]?.n).toBe(1);
    // Another action with the same request id creates nothing.
    expect(await one('analyst', intake({ subject: { by: 'id', id: s.id } }, a.requestId))).toMatchObject({
      outcome: 'rejected',
      code: 'INVALID',
      message: expect.stringContaining('already exists'),
    });
  });

  it('finds the subject by email or username; no match leaves the request without a subject', async () => {
    const s = subjects[1]!;
    const byEmail = intake({ subject: { by: 'email', email: s.email.toUpperCase() } });
    const byUser = intake({ subject: { by: 'username', username: s.username } });
    const nobody = intake({ subject: { by: 'email', email: 'nobody@nowhere.test' } });
    const out = await push('owner', [byEmail, byUser, nobody]);
    expect(out.map((o) => o.outcome)).toEqual(['applied', 'applied', 'applied']);
    expect((await requestNow(byEmail.requestId))?.subjectId).toBe(s.id);
    expect((await requestNow(byUser.requestId))?.subjectId).toBe(s.id);
    expect((await requestNow(nobody.requestId))?.subjectId).toBeNull();
    // The identifier typed is not kept in the history.
    expect(JSON.stringify(await eventsOf(nobody.requestId))).not.toContain('nobody@nowhere.test');
  });

  it.each([
    ['2026-02-30', /February 2026 has 28 days/],
    ['2999-01-01', /in the future/],
    ['2026-1-5', /YYYY-MM-DD/],
  ])('refuses the received date %s again on the backend', async (receivedOn, message) => {
    const a = intake({ receivedOn, subject: { by: 'id', id: subjects[0]!.id } });
    expect(await one('owner', a)).toMatchObject({ outcome: 'rejected', code: 'INVALID', message });
    expect(await requestNow(a.requestId)).toBeUndefined();
  });

  it('refuses a viewer, and a subject id that does not exist', async () => {
    expect(await one('viewer', intake({ subject: { by: 'id', id: subjects[0]!.id } }))).toMatchObject({
      code: 'NOT_PERMITTED',
    });
    expect(
      await one('owner', intake({ subject: { by: 'id', id: '00000000-0000-4000-8000-000000000000' } })),
    ).toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('rectification.apply', () => {
  it('corrects the subject in the same transaction; the history names the fields, not the values', async () => {
    const s = subjects[2]!;
    const requestId = await approvedRequest('rectification', s);
    const subjectsBefore = await pull('subjects');
    const a = action('rectification.apply', requestId, {
      changes: { email: 'corrected.address@example.test', displayName: s.displayName },
    });
    const first = await one('approver', a);
    expect(first).toMatchObject({ outcome: 'applied' });
    const after = await pull('subjects', subjectsBefore.watermark);
    const changed = after.items.find((i) => i.op === 'upsert' && i.data.id === s.id);
    expect(changed && changed.op === 'upsert' ? changed.data : null).toMatchObject({
      email: 'corrected.address@example.test',
      displayName: s.displayName,
      username: s.username,
    });
    expect((await requestNow(requestId))?.status).toBe('completed');
    const ev = (await eventsOf(requestId)).find((e) => e.id === a.id)!;
    expect(ev).toMatchObject({ kind: 'rectified', detail: { fields: ['email'] } });
    expect(JSON.stringify(ev.detail)).not.toContain('corrected.address');
    expect(await one('approver', a)).toEqual({ outcome: 'duplicate', id: a.id, first });
  });

  it('is refused to an analyst, before approval, on a wrong type, and when nothing changes', async () => {
    const s = subjects[3]!;
    const open = intake({ type: 'rectification', subject: { by: 'id', id: s.id } });
    await one('analyst', open);
    const fix = (id: string, changes: Record<string, unknown> = { department: 'Finance' }) =>
      action('rectification.apply', id, { changes });
    expect(await one('analyst', fix(open.requestId))).toMatchObject({ code: 'NOT_PERMITTED' });
    expect(await one('owner', fix(open.requestId))).toMatchObject({
      code: 'INVALID',
      message: expect.stringContaining('only after approval'),
    });
    const access = await approvedRequest('access', s);
    expect(await one('owner', fix(access))).toMatchObject({
      code: 'INVALID',
      message: /not a rectification/,
    });
    const rect = await approvedRequest('rectification', s);
    expect(await one('owner', fix(rect, { displayName: s.displayName }))).toMatchObject({
      code: 'INVALID',
      message: expect.stringContaining('same as the current'),
    });
    // Only the fields the verification named as corrected (it matched on the employee id).
    expect(await one('owner', fix(rect, { employeeId: 'E-0000' }))).toMatchObject({
      code: 'INVALID',
      message: expect.stringContaining('Employee id was not among them'),
    });
    // A refusal leaves the subject and the request as they were.
    expect((await subjectNow(s.id))?.displayName).toBe(s.displayName);
    expect((await requestNow(rect))?.status).toBe('approved');
  });
});

describe('restriction.place / restriction.lift (GDPR Art. 18)', () => {
  it('flags the subject, is honoured by erasure and export, and is lifted with a reason', async () => {
    const s = subjects[4]!;
    const restriction = await approvedRequest('restriction', s);
    const erasure = await approvedRequest('erasure', s);
    const access = await approvedRequest('access', s);

    expect(await one('analyst', action('restriction.place', restriction, {}))).toMatchObject({
      code: 'NOT_PERMITTED',
    });
    const place = action('restriction.place', restriction, { note: 'accuracy contested' });
    const placed = await one('approver', place);
    expect(placed).toMatchObject({ outcome: 'applied' });
    expect(await one('approver', place)).toEqual({ outcome: 'duplicate', id: place.id, first: placed });
    const flagged = await subjectNow(s.id);
    expect(flagged).toMatchObject({
      restricted: true,
      restriction: { by: expect.any(String), requestId: restriction, since: expect.any(String) },
    });
    expect((await requestNow(restriction))?.status).toBe('completed');
    // Placing it twice is refused.
    expect(await one('owner', action('restriction.place', restriction, {}))).toMatchObject({
      code: 'INVALID',
      message: expect.stringContaining('already under restriction'),
    });

    // Honoured: no erasure, no export delivery while restricted; notes still work.
    expect(await one('owner', action('erasure.execute', erasure, {}))).toMatchObject({
      outcome: 'rejected',
      code: 'RESTRICTED',
    });
    expect(
      await one(
        'owner',
        action('export.delivered', access, { bundleSha256: 'b'.repeat(64), deliveredVia: 'portal' }),
      ),
    ).toMatchObject({ code: 'RESTRICTED' });
    expect(
      await one('analyst', action('request.note', erasure, { text: 'waiting on restriction' })),
    ).toMatchObject({ outcome: 'applied' });
    expect((await requestNow(erasure))?.status).toBe('approved');

    // Lifted (reason required), then the erasure goes through.
    expect(await one('owner', action('restriction.lift', restriction, { reason: '' }))).toMatchObject({
      code: 'INVALID',
    });
    expect(
      await one(
        'owner',
        action('restriction.lift', restriction, { reason: 'accuracy verified; subject told' }),
      ),
    ).toMatchObject({ outcome: 'applied' });
    expect(await subjectNow(s.id)).toMatchObject({ restricted: false, restriction: null });
    expect(await one('owner', action('restriction.lift', restriction, { reason: 'again' }))).toMatchObject({
      code: 'INVALID',
      message: expect.stringContaining('not under restriction'),
    });
    const kinds = (await eventsOf(restriction)).map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['restricted', 'restriction_lifted']));
    expect(await one('owner', action('erasure.execute', erasure, {}))).toMatchObject({ outcome: 'applied' });
    // The default erasure policy deletes the person's request history (issue 11); the request
    // rows keep their record fields.
    expect(await eventsOf(restriction)).toEqual([]);
    expect(await requestNow(restriction)).toMatchObject({ type: 'restriction', status: 'completed' });
  });
});

describe('request records (11 CCR §7101)', () => {
  it('a decision fills response date, response and denial basis', async () => {
    const s = subjects[5]!;
    const deny = intake({ type: 'erasure', subject: { by: 'id', id: s.id }, channel: 'email' });
    const partial = intake({ type: 'access', subject: { by: 'id', id: s.id } });
    const dup = intake({ type: 'access', subject: { by: 'id', id: s.id } });
    await push('analyst', [deny, partial, dup]);
    const today = new Date().toISOString().slice(0, 10);
    const out = await push('approver', [
      action('request.deny', deny.requestId, {
        reason: 'legal obligation',
        exemption: 'gdpr-17-3-b',
        remedyInfo: 'You may lodge a complaint with the supervisory authority or go to court.',
      }),
      action('request.approve', partial.requestId, { partial: true, exemption: 'gdpr-15-4' }),
      action('request.close_duplicate', dup.requestId, { duplicateOf: partial.requestId }),
    ]);
    expect(out.map((o) => o.outcome)).toEqual(['applied', 'applied', 'applied']);
    expect(await requestNow(deny.requestId)).toMatchObject({
      receivedOn: '2026-01-02',
      type: 'erasure',
      channel: 'email',
      respondedOn: today,
      response: 'denied',
      denialBasis: 'gdpr-17-3-b',
    });
    // The partial approval of an access request is answered when the export is delivered.
    expect(await requestNow(partial.requestId)).toMatchObject({
      respondedOn: null,
      response: 'partial',
      denialBasis: 'gdpr-15-4',
    });
    expect(await requestNow(dup.requestId)).toMatchObject({ response: 'duplicate', denialBasis: null });
  });
});

describe('closing as a duplicate (shared/duplicates.ts, checked by the backend too)', () => {
  it('keeps the older request open: closing the original onto a later copy, or onto a closed one, is INVALID', async () => {
    const s = subjects[6]!;
    const first = intake({ subject: { by: 'id', id: s.id }, receivedOn: '2026-01-03' });
    const later = intake({ subject: { by: 'id', id: s.id }, receivedOn: '2026-01-05' });
    const third = intake({ subject: { by: 'id', id: s.id }, receivedOn: '2026-01-07' });
    await push('analyst', [first, later, third]);
    const closeOnto = (dup: string, original: string) =>
      action('request.close_duplicate', dup, { duplicateOf: original });

    // The original cannot be closed in favour of a request received after it.
    const backwards = await one('approver', closeOnto(first.requestId, later.requestId));
    expect(backwards).toMatchObject({ outcome: 'rejected', code: 'INVALID' });
    expect(backwards.outcome === 'rejected' && backwards.message).toMatch(/older request/);
    expect(await requestNow(first.requestId)).toMatchObject({ status: 'received' });

    // The later copy closes onto the original.
    expect(await one('approver', closeOnto(later.requestId, first.requestId))).toMatchObject({
      outcome: 'applied',
    });
    expect(await requestNow(later.requestId)).toMatchObject({ status: 'closed_duplicate' });

    // A request closed as a duplicate is not an original another one can point at.
    const chained = await one('approver', closeOnto(third.requestId, later.requestId));
    expect(chained).toMatchObject({ outcome: 'rejected', code: 'INVALID' });
    expect(chained.outcome === 'rejected' && chained.message).toMatch(/itself closed as a duplicate/);
    expect(await requestNow(third.requestId)).toMatchObject({ status: 'received' });
  });
});
