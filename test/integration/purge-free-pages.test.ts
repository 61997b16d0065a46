// Issue 11, "every page of the database, free pages included": the purge leaves none of the
// person's text in any page of the file. The file is scanned byte by byte, so the check needs the
// pages as SQLite writes them — before the cipher: the cache is built here on an unencrypted file
// with the same migrations, pragmas and purge (encryption happens below SQLite's pager, page by
// page, so what holds for these pages holds for the pages the cipher encrypts; this SQLite build has
// no sqlite_dbpage to read decrypted pages from an encrypted file). A control shows the scan is
// not blind: the same rows deleted without secure_delete stay readable in the free pages.
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../main/core/cache/migrations/index';
import { identifiersOfSubject, purgeSubject } from '../../main/core/cache/purge';
import { CacheDatabase } from '../../main/core/cache/store';
import type { AccessEvent, Subject } from '../../shared/domain';

const MARK = 'zebrafinch'; // in every identifier of the erased person, and nowhere else
const ERASED = '0190a1b2-0000-7000-8000-000000000001';
const KEPT = '0190a1b2-0000-7000-8000-000000000002';

function person(id: string, name: string): Subject {
  return {
    id,
    username: name,
    email: `${name}@example.test`,
    displayName: `Display ${name}`,
    employeeId: `E-${name}`,
    department: 'Engineering',
    restricted: false,
    restriction: null,
    devices: [0, 1].map((d) => ({
      id: `dev-${name}-${d}`,
      name: `${name}-laptop-${d}`,
      osVersion: 'Linux 6.1',
      firstSeenAt: '2026-01-01T00:00:00.000Z',
    })),
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
}

function events(s: Subject, n: number): AccessEvent[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${s.username}-e${i}`,
    time: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
    subjectId: s.id,
    username: s.username,
    ip: `10.1.${i % 200}.${i % 250}`,
    deviceId: s.devices[i % 2]!.id,
    deviceName: s.devices[i % 2]!.name,
    osVersion: 'Linux 6.1',
    app: ['mail', 'wiki', 'payroll'][i % 3]!,
    decision: i % 7 === 0 ? 'deny' : 'allow',
    reason: i % 7 === 0 ? 'device posture' : null,
  }));
}

/** Case-insensitive: does any byte range of the file spell `term`? */
const fileHolds = (path: string, term: string) =>
  readFileSync(path).toString('latin1').toLowerCase().includes(term.toLowerCase());

let dir: string;
const erased = person(ERASED, `${MARK}`);
const kept = person(KEPT, 'otterkept');

/** A cache file (unencrypted, see the header) holding both people and their events. */
function buildCache(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('secure_delete = ON');
  migrate(db);
  const store = new CacheDatabase(db);
  db.transaction(() => {
    store.applyItems(
      'subjects',
      [erased, kept].map((data, i) => ({ op: 'upsert' as const, seq: i + 1, data })),
    );
    store.applyItems(
      'access_events',
      [...events(erased, 3000), ...events(kept, 500)].map((data, i) => ({
        op: 'upsert' as const,
        seq: i + 1,
        data,
      })),
    );
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  return db;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'zta-purge-pages-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the purge leaves nothing of the person in any page of the file', () => {
  it('before: the scan reads the person in the file', () => {
    const path = join(dir, 'before.sqlite');
    buildCache(path).close();
    expect(fileHolds(path, MARK)).toBe(true);
    expect(fileHolds(path, 'otterkept')).toBe(true);
  });

  it('after the purge: no page, free pages included, holds the person; the WAL is 0 bytes', () => {
    const path = join(dir, 'purged.sqlite');
    const db = buildCache(path);
    const result = purgeSubject(db, ERASED, identifiersOfSubject(erased), null);
    expect(result.events).toBe(3000);
    // The person's pages went to the freelist (not reused yet): the scan below reads them too.
    expect(db.pragma('freelist_count', { simple: true })).toBeGreaterThan(0);
    expect(statSync(`${path}-wal`).size).toBe(0);
    // Copy while open, as a thief of the disk would: the WAL is empty, the file is all there is.
    copyFileSync(path, join(dir, 'stolen.sqlite'));
    db.close();
    for (const term of [MARK, ...identifiersOfSubject(erased)])
      expect(fileHolds(join(dir, 'stolen.sqlite'), term), term).toBe(false);
    // The other person is untouched.
    expect(fileHolds(join(dir, 'stolen.sqlite'), 'otterkept')).toBe(true);
    expect(existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0).toBe(0);
  });

  it('control: deleted without secure_delete, the rows stay readable in the free pages', () => {
    const path = join(dir, 'careless.sqlite');
    const db = buildCache(path);
    db.pragma('secure_delete = OFF');
    db.prepare('DELETE FROM access_event_rows').run();
    db.prepare('DELETE FROM event_contexts').run();
    db.prepare('DELETE FROM subjects').run();
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    expect(fileHolds(path, MARK)).toBe(true);
  });
});
