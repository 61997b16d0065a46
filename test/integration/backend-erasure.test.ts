// Erasure carried out on the real backend (PGlite), over HTTP (issue 11): the person's profile,
// devices and events leave every table (tombstones blanked, events anonymised under the default
// policy), one receipt with its SHA-256, the ledger erases late arrivals, and the refusals:
// role, legal hold on another request, restriction, executed twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBackend, type RunningBackend } from '../../backend/index';
import { pageItems, pullReplySchema, type StreamName } from '../../shared/protocol';
import type { AccessEvent, RequestEvent, Subject } from '../../shared/domain';
import { receiptIsIntact, receiptOf } from '../../shared/erasure';
import { action, approvedErasure, identifiersOf, push, searchBackend } from '../helpers/erasure-fixtures';
import { runRetention } from '../../backend/retention';

let backend: RunningBackend;
let subjects: Subject[] = [];

async function pull<S extends StreamName>(stream: S, after = 0) {
  const res = await fetch(`${backend.url}/v1/sync/${stream}?after=${after}&limit=10000`, {
    headers: { authorization: `Bearer ${backend.tokens.viewer}` },
  });
  const page = pullReplySchema(stream).parse(await res.json());
  if (page.reset) throw new Error('reset');
  return page;
}

async function eventsOf(subjectId: string): Promise<number> {
  const rows = await backend.db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM access_events WHERE subject_id = $1 AND NOT deleted',
    [subjectId],
  );
  return Number(rows[0]?.n ?? 0);
}

/** Subjects with the most events first (an erasure with something to erase). */
async function busiest(): Promise<Subject[]> {
  const rows = await backend.db.query<{ id: string }>(
    `SELECT subject_id::text AS id FROM access_events WHERE NOT deleted GROUP BY subject_id ORDER BY count(*) DESC`,
  );
  const byId = new Map(subjects.map((s) => [s.id, s]));
  return rows.flatMap((r) => {
    const s = byId.get(r.id);
    return s && !s.restricted ? [s] : [];
  });
}

beforeAll(async () => {
  backend = await startBackend({ seed: { users: 20, events: 2000, seed: 5 } });
  subjects = (await pull('subjects')).items.flatMap((i) => (i.op === 'upsert' ? [i.data] : []));
});
afterAll(async () => {
  await backend?.close();
});

describe('erasure.execute on the backend', () => {
  it('erases the person under the default policy: profile and devices deleted, events anonymised', async () => {
    const [person] = await busiest();
    const s = person!;
    const before = await eventsOf(s.id);
    expect(before).toBeGreaterThan(10);
    expect((await searchBackend(backend, identifiersOf(s))).length).toBeGreaterThan(3);
    const requestId = await approvedErasure(backend, s.id);
    const watermark = (await pull('access_events')).watermark;

    const execute = action('erasure.execute', requestId, {});
    const [o] = await push(backend, 'approver', [execute]);
    expect(o).toMatchObject({ outcome: 'applied' });

    // The receipt travels on the request's `erased` history entry.
    const history = (await pull('request_events')).items.flatMap((i) =>
      i.op === 'upsert' && i.data.requestId === requestId ? [i.data as RequestEvent] : [],
    );
    const erased = history.find((e) => e.kind === 'erased');
    const receipt = erased ? receiptOf(erased.detail) : null;
    expect(receipt).not.toBeNull();
    expect(await receiptIsIntact(receipt!)).toBe(true);
    expect(receipt).toMatchObject({ requestId, subjectId: s.id, trigger: 'request' });
    expect(receipt!.outcomes).toEqual([
      { dataset: 'profile', action: 'deleted', count: 1, citation: null, keepUntil: null },
      { dataset: 'devices', action: 'deleted', count: s.devices.length, citation: null, keepUntil: null },
      { dataset: 'access_events', action: 'anonymised', count: before, citation: null, keepUntil: null },
      {
        dataset: 'request_history',
        action: 'deleted',
        count: expect.any(Number),
        citation: null,
        keepUntil: null,
      },
    ]);
    const stored = await backend.db.query<{ sha256: string }>(
      'SELECT sha256 FROM erasure_receipts WHERE request_id = $1',
      [requestId],
    );
    expect(stored.map((r) => r.sha256)).toEqual([receipt!.sha256]);

    // No table holds the person's identifiers any more, tombstones included.
    expect(await searchBackend(backend, identifiersOf(s))).toEqual([]);
    expect(await eventsOf(s.id)).toBe(0);
    const ledger = await backend.db.query('SELECT * FROM erased_subjects WHERE subject_id = $1', [s.id]);
    expect(ledger).toHaveLength(1);
    expect(Object.keys(ledger[0]!).sort()).toEqual(['erased_at', 'org_id', 'subject_id']);

    // Consoles get a subject tombstone and the events anonymised: countable, not linkable.
    const subjectItems = (await pull('subjects')).items.filter(
      (i) => (i.op === 'delete' ? i.id : i.data.id) === s.id,
    );
    expect(subjectItems).toEqual([{ op: 'delete', seq: expect.any(Number), id: s.id }]);
    const changed = pageItems(await pull('access_events', watermark)).flatMap((i) =>
      i.op === 'upsert' ? [i.data as AccessEvent] : [],
    );
    expect(changed).toHaveLength(before);
    const anonIds = new Set(changed.map((e) => e.subjectId));
    expect(anonIds.size).toBe(1);
    expect(anonIds.has(s.id)).toBe(false);
    for (const e of changed) {
      expect(e.username).toMatch(/^anon-[A-Za-z0-9]+$/);
      expect(e.deviceId).toMatch(/^anon-[A-Za-z0-9]+-d\d+$/);
      expect(e.ip).toMatch(/^(\d+\.\d+\.\d+\.0|[0-9a-f:]+::)$/);
    }
    // The token is drawn per erasure and never stored elsewhere.
    const token = changed[0]!.username;
    expect((await searchBackend(backend, [token])).map((h) => h.table)).toEqual(['access_events']);

    // The request keeps its record; the summary no longer says anything about the person.
    const req = (await pull('requests')).items.flatMap((i) =>
      i.op === 'upsert' && i.data.id === requestId ? [i.data] : [],
    );
    expect(req.at(-1)).toMatchObject({ status: 'completed', type: 'erasure', receivedOn: '2026-01-02' });
    expect(req.at(-1)?.summary).toMatch(/^Erased/);

    // Twice: a replay is a duplicate, another admin's execution is told it was carried out.
    expect((await push(backend, 'approver', [execute]))[0]).toMatchObject({ outcome: 'duplicate' });
    expect((await push(backend, 'owner', [action('erasure.execute', requestId, {})]))[0]).toMatchObject({
      outcome: 'rejected',
      code: 'ALREADY_CARRIED_OUT',
      message: expect.stringContaining(receipt!.sha256),
    });
    expect(
      await backend.db.query('SELECT 1 FROM erasure_receipts WHERE request_id = $1', [requestId]),
    ).toHaveLength(1);

    // Erased stays erased: an event that arrives later for the person is removed on arrival.
    await backend.db.query(
      `INSERT INTO access_events (org_id, id, time, subject_id, username, ip, device_id, device_name, os_version, app, decision)
       VALUES ($1, gen_random_uuid(), now(), $2, $3, '10.1.2.3', 'late-device', 'late-name', 'os', 'app', 'allow')`,
      [backend.orgId, s.id, s.username],
    );
    expect(await eventsOf(s.id)).toBe(0);
    expect(await searchBackend(backend, [s.username])).toEqual([]);
  });

  it('refuses an analyst, a hold on another request about the person, and a restricted person', async () => {
    const people = await busiest();
    const held = people[1]!;
    const requestId = await approvedErasure(backend, held.id);
    expect((await push(backend, 'analyst', [action('erasure.execute', requestId, {})]))[0]).toMatchObject({
      outcome: 'rejected',
      code: 'NOT_PERMITTED',
    });
    // A hold on another request about the same person, pushed first, wins.
    const other = await approvedErasure(backend, held.id);
    const outcomes = await push(backend, 'approver', [
      action('request.hold', other, { reason: 'litigation' }),
      action('erasure.execute', requestId, {}),
    ]);
    expect(outcomes[0]).toMatchObject({ outcome: 'applied' });
    expect(outcomes[1]).toMatchObject({ outcome: 'rejected', code: 'ON_LEGAL_HOLD' });
    expect(await eventsOf(held.id)).toBeGreaterThan(0);

    const restricted = people[2]!;
    const erasureId = await approvedErasure(backend, restricted.id);
    await backend.db.query('UPDATE subjects SET restricted = true WHERE id = $1', [restricted.id]);
    expect((await push(backend, 'approver', [action('erasure.execute', erasureId, {})]))[0]).toMatchObject({
      outcome: 'rejected',
      code: 'RESTRICTED',
    });
    expect(await eventsOf(restricted.id)).toBeGreaterThan(0);
  });

  it('retention erases people deactivated longer than the inactivity window, with a receipt, once', async () => {
    const people = (await busiest()).slice(3, 6);
    const [past, recent, restricted] = people as [Subject, Subject, Subject];
    const day = 86_400_000;
    const ago = (d: number) => new Date(Date.now() - d * day).toISOString();
    await backend.db.query('UPDATE subjects SET deactivated_at = $2, seq = next_seq(org_id) WHERE id = $1', [
      past.id,
      ago(40),
    ]);
    await backend.db.query('UPDATE subjects SET deactivated_at = $2, seq = next_seq(org_id) WHERE id = $1', [
      recent.id,
      ago(10),
    ]);
    await backend.db.query(
      'UPDATE subjects SET deactivated_at = $2, restricted = true, seq = next_seq(org_id) WHERE id = $1',
      [restricted.id, ago(90)],
    );
    // The deactivation date is synced with the profile.
    const synced = (await pull('subjects')).items.flatMap((i) =>
      i.op === 'upsert' && i.data.id === recent.id ? [i.data] : [],
    );
    expect(synced.at(-1)?.deactivatedAt?.slice(0, 10)).toBe(ago(10).slice(0, 10));

    const receipts = await runRetention(backend.db);
    expect(receipts.map((r) => r.subjectId)).toEqual([past.id]);
    expect(receipts[0]).toMatchObject({ trigger: 'retention', requestId: null, carriedOutBy: 'retention' });
    expect(await receiptIsIntact(receipts[0]!)).toBe(true);
    expect(await searchBackend(backend, identifiersOf(past))).toEqual([]);
    expect(await eventsOf(recent.id)).toBeGreaterThan(0);
    expect(await eventsOf(restricted.id)).toBeGreaterThan(0);
    expect(await runRetention(backend.db)).toEqual([]);
  });
});
