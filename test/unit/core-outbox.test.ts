// Outbox, audit chain, overlay and migration v2 on a real encrypted SQLite file.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCacheDb } from '../../main/core/cache/open';
import { CacheDatabase } from '../../main/core/cache/store';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, schemaVersion } from '../../main/core/cache/migrations';
import { verifyAuditChain } from '../../main/core/outbox/audit';
import { Outbox } from '../../main/core/outbox/outbox';
import { purgeClosedRequests } from '../../main/core/cache/retention';
import { ActionIntent } from '../../shared/action-schemas';
import { requestFixture } from '../helpers/request-fixture';

const key = () => ({ kind: 'raw' as const, key: new Uint8Array(randomBytes(32)) });
const path = () => join(mkdtempSync(join(tmpdir(), 'zta-outbox-unit-')), 'cache.sqlite');

const REQ = requestFixture({
  id: '019d0000-0000-7000-8000-0000000000a1',
  subjectId: null,
  receivedOn: '2026-05-01',
  version: 4,
  summary: 'erase me',
  updatedAt: '2026-05-01T10:00:00.000Z',
});

function seeded() {
  const db = openCacheDb({ path: path(), key: key() });
  const store = new CacheDatabase(db);
  store.applyItems('requests', [{ op: 'upsert', seq: 10, data: REQ }]);
  store.putState({ stream: 'requests', cursor: 10, epoch: 'e', lastSyncedAt: null });
  return { db, store, outbox: new Outbox(db, { actor: () => 'Ada' }) };
}

describe('outbox', () => {
  it('enqueue = outbox row + audit entry in one transaction (a failing audit write leaves no row)', () => {
    const { db, outbox } = seeded();
    const e = outbox.enqueue(
      ActionIntent.parse({ kind: 'request.note', requestId: REQ.id, payload: { text: 'hi' } }),
    );
    expect(e).toMatchObject({
      status: 'pending',
      attempts: 0,
      action: { baseVersion: 4, kind: 'request.note' },
    });
    expect(verifyAuditChain(db)).toEqual({ ok: true, entries: 1 });
    db.exec("CREATE TRIGGER boom BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    expect(() =>
      outbox.enqueue(
        ActionIntent.parse({ kind: 'request.note', requestId: REQ.id, payload: { text: 'lost?' } }),
      ),
    ).toThrow(/disk full/);
    expect(outbox.list(10).counts.pending).toBe(1);
    db.close();
  });

  it('refuses before queueing: a decision on a decided request, a verification short of the requirement', () => {
    const { db, store, outbox } = seeded();
    expect(() =>
      outbox.enqueue(
        ActionIntent.parse({ kind: 'request.verify', requestId: REQ.id, payload: { points: ['email'] } }),
      ),
    ).toThrow(/at least 2 matching data points/);
    store.applyItems('requests', [{ op: 'upsert', seq: 11, data: { ...REQ, status: 'denied', version: 5 } }]);
    expect(() =>
      outbox.enqueue(ActionIntent.parse({ kind: 'request.approve', requestId: REQ.id, payload: {} })),
    ).toThrow(/already decided/);
    expect(outbox.list(10).counts.pending).toBe(0);
    db.close();
  });

  it('overlay: pending actions apply over the mirror until a pull passes their server seq', () => {
    const { db, store, outbox } = seeded();
    const approve = outbox.enqueue(
      ActionIntent.parse({ kind: 'request.approve', requestId: REQ.id, payload: {} }),
    );
    const hold = outbox.enqueue(
      ActionIntent.parse({ kind: 'request.hold', requestId: REQ.id, payload: { reason: 'lit' } }),
    );
    let row = outbox.requests.list({ filter: {}, limit: 10 }).rows[0]!;
    expect(row.mirrored.status).toBe('received');
    expect(row.request).toMatchObject({ status: 'approved', legalHold: true });
    expect(row.pending.map((p) => p.action.id)).toEqual([approve.action.id, hold.action.id]);

    outbox.applyOutcomes([
      { outcome: 'applied', id: approve.action.id, version: 5, seq: 11 },
      { outcome: 'rejected', id: hold.action.id, code: 'NOT_PERMITTED', message: 'no' },
    ]);
    row = outbox.requests.list({ filter: {}, limit: 10 }).rows[0]!;
    expect(row.pending.map((p) => p.action.id)).toEqual([approve.action.id]); // applied, not yet pulled
    expect(row.request).toMatchObject({ status: 'approved', legalHold: false, version: 5 });
    expect(row.conflictCount).toBe(1);

    // The pull brings the change (seq 11) back: the overlay clears.
    store.applyItems('requests', [
      { op: 'upsert', seq: 11, data: { ...REQ, status: 'approved', version: 5 } },
    ]);
    store.putState({ stream: 'requests', cursor: 11, epoch: 'e', lastSyncedAt: null });
    row = outbox.requests.list({ filter: {}, limit: 10 }).rows[0]!;
    expect(row.pending).toEqual([]);
    expect(row.request).toEqual(row.mirrored);
    expect(outbox.requests.list({ filter: { pendingOnly: true }, limit: 10 }).rows).toEqual([]);

    // Applying the same reply again changes nothing (idempotent on the console side too).
    expect(
      outbox.applyOutcomes([{ outcome: 'applied', id: approve.action.id, version: 5, seq: 11 }]),
    ).toEqual([]);
    expect(verifyAuditChain(db)).toEqual({ ok: true, entries: 4 });
    db.close();
  });
});

describe('records retention of closed requests', () => {
  it("queue rows say whether the request's subject is restricted (Art. 18), as last synced", () => {
    const { store, outbox } = seeded();
    const person = (id: string, restricted: boolean) => ({
      id,
      username: id,
      email: `${id}@example.test`,
      displayName: id,
      employeeId: null,
      department: null,
      restricted,
      restriction: null,
      devices: [],
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    });
    store.applyItems('subjects', [
      { op: 'upsert', seq: 20, data: person('s-free', false) },
      { op: 'upsert', seq: 21, data: person('s-held', true) },
    ]);
    store.applyItems('requests', [
      { op: 'upsert', seq: 22, data: { ...REQ, id: `${REQ.id.slice(0, -1)}2`, subjectId: 's-free' } },
      { op: 'upsert', seq: 23, data: { ...REQ, id: `${REQ.id.slice(0, -1)}3`, subjectId: 's-held' } },
    ]);
    const flags = Object.fromEntries(
      outbox.requests
        .list({ filter: {}, limit: 10 })
        .rows.map((r) => [r.request.subjectId ?? 'none', r.subjectRestricted]),
    );
    expect(flags).toEqual({ none: false, 's-free': false, 's-held': true });
    expect(outbox.requests.get(`${REQ.id.slice(0, -1)}3`).subjectRestricted).toBe(true);
  });

  it('purges closed requests 24 months after their last update, keeping open ones and pending actions', () => {
    const { db, store, outbox } = seeded();
    const old = { updatedAt: '2024-05-01T09:00:00.000Z' };
    const id = (n: string) => `019d0000-0000-7000-8000-0000000000${n}`;
    store.applyItems('requests', [
      { op: 'upsert', seq: 11, data: { ...REQ, id: id('b1'), status: 'denied', ...old } },
      {
        op: 'upsert',
        seq: 12,
        data: { ...REQ, id: id('b2'), status: 'completed', updatedAt: '2024-06-01T09:00:00.000Z' },
      },
      { op: 'upsert', seq: 13, data: { ...REQ, id: id('b3'), status: 'in_progress', ...old } },
      { op: 'upsert', seq: 14, data: { ...REQ, id: id('b4'), status: 'approved', ...old } },
    ]);
    outbox.enqueue(
      ActionIntent.parse({ kind: 'request.note', requestId: id('b4'), payload: { text: 'keep' } }),
    );
    const now = Date.parse('2026-05-15T00:00:00.000Z');
    expect(purgeClosedRequests(store, now)).toBe(1);
    const left = db.prepare('SELECT id FROM requests ORDER BY id').pluck().all();
    expect(left).toEqual([REQ.id, id('b2'), id('b3'), id('b4')]);
    db.close();
  });
});

describe('migrations from v1', () => {
  it('upgrade a v1 cache in place to the latest schema, keeping the request mirror', () => {
    const p = path();
    const k = key();
    const v1 = openCacheDb({ path: p, key: k, migrations: MIGRATIONS.filter((m) => m.version === 1) });
    expect(schemaVersion(v1)).toBe(1);
    // Written with v1's own columns: today's CacheDatabase expects the latest schema.
    v1.prepare(
      'INSERT INTO requests (id, data, status, type, jurisdiction, subject_id, version, seq) VALUES (?, ?, ?, ?, ?, ?, ?, 3)',
    ).run(REQ.id, JSON.stringify(REQ), REQ.status, REQ.type, REQ.jurisdiction, REQ.subjectId, REQ.version);
    v1.close();
    const v2 = openCacheDb({ path: p, key: k });
    expect(schemaVersion(v2)).toBe(LATEST_SCHEMA_VERSION);
    expect(new CacheDatabase(v2).count('requests')).toBe(1);
    for (const t of ['outbox', 'audit_log', 'conflicts'])
      expect(
        v2.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = ?").get(t),
      ).toEqual({ n: 1 });
    expect(v2.pragma('integrity_check', { simple: true })).toBe('ok');
    v2.close();
  });
});
