// Devices a profile's upsert removes (issue 11, main/core/cache/purge.ts captureRemovedDevices):
// under a policy that keeps the profile and deletes the devices the erasure's upsert carries no
// token, so the removed device ids and names are held until the run shows the person erased —
// their `erased` entry in the same run or an earlier one — and an ordinary removal queues nothing.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCacheDb } from '../../main/core/cache/open';
import { CacheDatabase } from '../../main/core/cache/store';
import { dropHeldDeviceRemovals, pendingPurges, runPendingPurges } from '../../main/core/cache/purge';
import { saveView } from '../../main/core/cache/saved-views';
import type { RequestEvent, Subject } from '../../shared/domain';
import type { ErasureReceipt } from '../../shared/erasure';

const person: Subject = {
  id: '0b6f7a52-3f55-4c84-9d0e-5a3c1d2e4f61',
  username: 'hana.ortiz',
  email: 'hana.ortiz@example.test',
  displayName: 'Hana Ortiz',
  employeeId: 'E-20551',
  department: 'Legal',
  restricted: false,
  restriction: null,
  devices: [
    {
      id: 'dev-5521-laptop',
      name: 'HANA-LAPTOP',
      osVersion: 'macOS 15',
      firstSeenAt: '2026-01-01T00:00:00.000Z',
    },
    {
      id: 'dev-5522-phone',
      name: 'HANA-PHONE',
      osVersion: 'iOS 18',
      firstSeenAt: '2026-01-01T00:00:00.000Z',
    },
  ],
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};
/** What the backend sends under {profile: retain, devices: delete}: the same profile, no devices. */
const retained: Subject = { ...person, devices: [], updatedAt: '2026-02-01T00:00:00.000Z' };
const REQUEST = '019d0000-0000-7000-8000-0000000000a1';

const receipt: ErasureReceipt = {
  id: '019d0000-0000-7000-8000-0000000000b1',
  trigger: 'request',
  requestId: REQUEST,
  subjectId: person.id,
  carriedOutAt: '2026-02-01T00:00:00.000Z',
  carriedOutBy: 'Ada',
  policy: {
    profile: { action: 'retain', citation: 'gdpr-17-3-b', keepUntil: '2030-01-01' },
    devices: { action: 'delete' },
    access_events: { action: 'anonymise' },
    request_history: { action: 'delete' },
  },
  outcomes: [
    { dataset: 'profile', action: 'retained', count: 1, citation: 'gdpr-17-3-b', keepUntil: '2030-01-01' },
    { dataset: 'devices', action: 'deleted', count: 2, citation: null, keepUntil: null },
    { dataset: 'access_events', action: 'anonymised', count: 0, citation: null, keepUntil: null },
    { dataset: 'request_history', action: 'deleted', count: 0, citation: null, keepUntil: null },
  ],
  sha256: '0'.repeat(64),
};
const erased: RequestEvent = {
  id: '019d0000-0000-7000-8000-0000000000c1',
  requestId: REQUEST,
  at: '2026-02-01T00:00:00.000Z',
  actor: 'Ada',
  kind: 'erased',
  detail: { receipt },
};

function cache() {
  const db = openCacheDb({
    path: join(mkdtempSync(join(tmpdir(), 'zta-purge-devices-')), 'cache.sqlite'),
    key: { kind: 'raw', key: new Uint8Array(randomBytes(32)) },
  });
  const store = new CacheDatabase(db);
  store.applyItems('subjects', [{ op: 'upsert', seq: 1, data: person }]);
  saveView(db, { name: 'Laptop', query: { deviceId: 'dev-5521-laptop' } });
  saveView(db, { name: 'Phone', query: { text: 'HANA-PHONE' } });
  saveView(db, { name: 'Unrelated', query: { text: 'nobody-in-particular' } });
  return { db, store };
}

const views = (db: CacheDatabase['db']) =>
  db.prepare('SELECT name FROM saved_views ORDER BY name').pluck().all();
const queuedTerms = (db: CacheDatabase['db'], id: string) =>
  JSON.parse(
    db.prepare('SELECT terms FROM purge_queue WHERE subject_id = ?').pluck().get(id) as string,
  ) as string[];

describe('devices removed by a profile upsert', () => {
  it('the erased entry later in the same run: the removed devices join the purge', () => {
    const { db, store } = cache();
    store.applyItems('subjects', [{ op: 'upsert', seq: 2, data: retained }]);
    // Held, not yet a purge: the run has not shown whether she was erased.
    expect(pendingPurges(db)).toBe(0);
    store.applyItems('request_events', [{ op: 'upsert', seq: 3, data: erased }]);
    expect(pendingPurges(db)).toBe(1);
    expect(queuedTerms(db, person.id)).toEqual(
      expect.arrayContaining(['dev-5521-laptop', 'HANA-LAPTOP', 'dev-5522-phone', 'HANA-PHONE']),
    );
    expect(dropHeldDeviceRemovals(db)).toBe(0); // taken by the erasure, nothing left held
    const [result] = runPendingPurges(db, null);
    expect(result).toMatchObject({ subjectId: person.id, views: 2 });
    expect(views(db)).toEqual(['Unrelated']);
    // The policy retained the profile: it stays, without devices.
    expect(db.prepare('SELECT username FROM subjects WHERE id = ?').pluck().get(person.id)).toBe(
      'hana.ortiz',
    );
    expect(db.prepare('SELECT count(*) FROM purge_queue').pluck().get()).toBe(0);
  });

  it('the erased entry in an earlier run: the removal is queued at once', () => {
    const { db, store } = cache();
    store.applyItems('request_events', [{ op: 'upsert', seq: 2, data: erased }]);
    runPendingPurges(db, null);
    saveView(db, { name: 'Laptop again', query: { deviceId: 'dev-5521-laptop' } });
    store.applyItems('subjects', [{ op: 'upsert', seq: 3, data: retained }]);
    expect(pendingPurges(db)).toBe(1);
    expect(queuedTerms(db, person.id)).toEqual(
      expect.arrayContaining([person.id, 'dev-5521-laptop', 'HANA-LAPTOP', 'dev-5522-phone', 'HANA-PHONE']),
    );
    runPendingPurges(db, null);
    expect(views(db)).toEqual(['Unrelated']);
  });

  it('a person not erased: the removal is forgotten at the end of the run, nothing is purged', () => {
    const { db, store } = cache();
    store.applyItems('subjects', [
      { op: 'upsert', seq: 2, data: { ...person, devices: [person.devices[1]!] } },
    ]);
    expect(pendingPurges(db)).toBe(0);
    expect(dropHeldDeviceRemovals(db)).toBe(1);
    expect(runPendingPurges(db, null)).toEqual([]);
    expect(views(db)).toEqual(['Laptop', 'Phone', 'Unrelated']);
    expect(db.prepare('SELECT count(*) FROM purge_queue').pluck().get()).toBe(0);
  });

  it('an upsert that keeps every device holds nothing', () => {
    const { db, store } = cache();
    store.applyItems('subjects', [{ op: 'upsert', seq: 2, data: { ...person, department: 'Audit' } }]);
    expect(db.prepare('SELECT count(*) FROM purge_queue').pluck().get()).toBe(0);
  });
});
