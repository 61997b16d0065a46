// Cache v4 (issue 5): the 24-month record of each request as columns of their own, an upgrade
// from v3 that keeps the mirror and re-pulls requests, and the purge running off the response
// date. Also the queue's "close as duplicates of the oldest" plan.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCacheDb } from '../../main/core/cache/open';
import { CacheDatabase } from '../../main/core/cache/store';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, schemaVersion } from '../../main/core/cache/migrations';
import { purgeClosedRequests } from '../../main/core/cache/retention';
import type { PrivacyRequest } from '../../shared/domain';
import { duplicatePlan } from '../../renderer/src/stores/request-queue';
import { requestFixture } from '../helpers/request-fixture';

const key = () => ({ kind: 'raw' as const, key: new Uint8Array(randomBytes(32)) });
const path = () => join(mkdtempSync(join(tmpdir(), 'zta-records-unit-')), 'cache.sqlite');
const id = (n: string) => `019d0000-0000-7000-8000-0000000000${n}`;

const REQ = requestFixture({
  id: id('a1'),
  subjectId: 's-1',
  jurisdiction: 'ccpa',
  status: 'denied',
  channel: 'letter',
  receivedOn: '2024-01-10',
  version: 3,
  updatedAt: '2024-02-01T10:00:00.000Z',
  respondedOn: '2024-02-01',
  response: 'denied',
  denialBasis: 'ccpa-1798.105-d-8',
});

describe('cache v4: request records', () => {
  it('upgrades a v3 cache in place: record columns from the mirror, requests pulled again', () => {
    const p = path();
    const k = key();
    const v3 = openCacheDb({ path: p, key: k, migrations: MIGRATIONS.filter((m) => m.version <= 3) });
    expect(schemaVersion(v3)).toBe(3);
    // A row written before records existed (no record fields in its JSON).
    const { respondedOn: _r, response: _s, denialBasis: _d, ...legacy } = REQ;
    void [_r, _s, _d];
    v3.prepare(
      'INSERT INTO requests (id, data, status, type, jurisdiction, subject_id, version, seq) VALUES (?, ?, ?, ?, ?, ?, ?, 7)',
    ).run(REQ.id, JSON.stringify(legacy), REQ.status, REQ.type, REQ.jurisdiction, REQ.subjectId, REQ.version);
    v3.prepare("INSERT INTO sync_state (stream, cursor, epoch) VALUES ('requests', 7, 'e1')").run();
    v3.close();

    // Opened by this build: v4 (and every later migration) applies.
    const v4 = openCacheDb({ path: p, key: k });
    expect(schemaVersion(v4)).toBe(LATEST_SCHEMA_VERSION);
    expect(v4.prepare('SELECT received_on, channel, responded_on, response FROM requests').get()).toEqual({
      received_on: '2024-01-10',
      channel: 'letter',
      responded_on: null,
      response: null,
    });
    expect(v4.prepare("SELECT cursor, epoch FROM sync_state WHERE stream = 'requests'").get()).toEqual({
      cursor: 0,
      epoch: 'e1',
    });
    // The re-pull brings the record; the generated columns follow the mirrored JSON.
    new CacheDatabase(v4).applyItems('requests', [{ op: 'upsert', seq: 9, data: REQ }]);
    expect(v4.prepare('SELECT responded_on, response, denial_basis FROM requests').get()).toEqual({
      responded_on: '2024-02-01',
      response: 'denied',
      denial_basis: 'ccpa-1798.105-d-8',
    });
    expect(v4.pragma('integrity_check', { simple: true })).toBe('ok');
    v4.close();
  });

  it('purges closed requests 24 months after the response date, not the last update', () => {
    const db = openCacheDb({ path: path(), key: key() });
    const store = new CacheDatabase(db);
    const later = '2026-04-01T09:00:00.000Z'; // a note after the decision does not extend the record
    store.applyItems('requests', [
      // Answered 2024-03-01: more than 24 months before 2026-05-15 → purged.
      { op: 'upsert', seq: 1, data: { ...REQ, id: id('b1'), respondedOn: '2024-03-01', updatedAt: later } },
      // Answered 2024-06-01: within 24 months → kept.
      { op: 'upsert', seq: 2, data: { ...REQ, id: id('b2'), respondedOn: '2024-06-01', updatedAt: later } },
      // No record (answered before records existed): the last update counts → purged.
      {
        op: 'upsert',
        seq: 3,
        data: { ...REQ, id: id('b3'), respondedOn: null, updatedAt: '2024-01-01T00:00:00.000Z' },
      },
      // Open: never purged.
      {
        op: 'upsert',
        seq: 4,
        data: { ...REQ, id: id('b4'), status: 'in_progress', respondedOn: null, response: null },
      },
    ]);
    expect(purgeClosedRequests(store, Date.parse('2026-05-15T00:00:00.000Z'))).toBe(2);
    expect(db.prepare('SELECT id FROM requests ORDER BY id').pluck().all()).toEqual([id('b2'), id('b4')]);
    db.close();
  });
});

describe('duplicatePlan', () => {
  const r = (n: string, receivedOn: string, over: Partial<PrivacyRequest> = {}): PrivacyRequest => ({
    ...REQ,
    id: id(n),
    status: 'received',
    receivedOn,
    respondedOn: null,
    response: null,
    denialBasis: null,
    ...over,
  });
  it('keeps the oldest request open and closes the others as its duplicates', () => {
    const plan = duplicatePlan([r('c2', '2026-01-09'), r('c3', '2026-01-02'), r('c1', '2026-01-02')]);
    expect(plan).toMatchObject({ ok: true, keep: { id: id('c1') } });
    if (plan.ok) expect(plan.close.map((x) => x.id)).toEqual([id('c3'), id('c2')]);
  });
  it('refuses one request, mixed subjects, unknown subjects and decided requests', () => {
    expect(duplicatePlan([r('c1', '2026-01-01')])).toMatchObject({ ok: false });
    expect(duplicatePlan([r('c1', '2026-01-01'), r('c2', '2026-01-02', { subjectId: 's-2' })])).toMatchObject(
      {
        ok: false,
        message: expect.stringContaining('same person'),
      },
    );
    expect(
      duplicatePlan([r('c1', '2026-01-01', { subjectId: null }), r('c2', '2026-01-02', { subjectId: null })]),
    ).toMatchObject({ ok: false });
    expect(duplicatePlan([r('c1', '2026-01-01'), r('c2', '2026-01-02', { status: 'denied' })])).toMatchObject(
      {
        ok: false,
        message: expect.stringContaining('Already decided'),
      },
    );
  });
});
