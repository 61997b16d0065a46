// Upgrades from the files older consoles left (test/fixtures/cache-vN.db, one per shipped schema
// version, written by scripts/make-cache-fixtures.ts with the frozen migrations 1…N): today's code
// opens each, migrates it to the latest version, and every row it held is still there and still
// reads; a file from a newer console is refused before anything is written to it.
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kdfPath } from '../../main/core/cache/kdf';
import { openCacheDb } from '../../main/core/cache/open';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, schemaVersion } from '../../main/core/cache/migrations';
import { readSubject, subjectHistory, subjectRequests } from '../../main/core/export/datasets';
import { AppError } from '../../shared/errors';
import { FIXTURE_KEY, fixturePath, fixtureRows } from '../../scripts/make-cache-fixtures';

const work = mkdtempSync(join(tmpdir(), 'zta-upgrade-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A copy of version `v`'s fixture (opening migrates it in place: the fixture itself stays as shipped). */
function copyOf(v: number): string {
  const path = join(work, `cache-v${v}-${Math.random().toString(36).slice(2)}.db`);
  copyFileSync(fixturePath(v), path);
  // Fixtures 1…9 predate Argon2id (no sidecar: opened with the old key, re-keyed on open); a
  // later one comes with its cache-vN.kdf.json, which travels with it.
  if (existsSync(kdfPath(fixturePath(v)))) copyFileSync(kdfPath(fixturePath(v)), kdfPath(path));
  return path;
}

const VERSIONS = MIGRATIONS.map((m) => m.version).sort((a, b) => a - b);
const rows = fixtureRows();

describe('cache upgrade from shipped versions', () => {
  it('has a fixture for every shipped schema version', () => {
    for (const v of VERSIONS)
      expect(
        existsSync(fixturePath(v)),
        `no fixture for schema ${v}: run scripts/make-cache-fixtures.ts`,
      ).toBe(true);
    expect(rows.subjects.length).toBeGreaterThan(0);
    expect(rows.requests.length).toBeGreaterThan(0);
    expect(rows.requestEvents.length).toBeGreaterThan(0);
  });

  it.each(VERSIONS)('a version %i cache opens, migrates to the latest and keeps its rows', (v) => {
    const path = copyOf(v);
    // The fixture is what version v left: its schema v (opened by a build that knows 1…v).
    const before = openCacheDb({
      path: copyOf(v),
      key: FIXTURE_KEY,
      migrations: MIGRATIONS.filter((m) => m.version <= v),
    });
    expect(schemaVersion(before)).toBe(v);
    before.close();

    const db = openCacheDb({ path, key: FIXTURE_KEY });
    try {
      expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
      const applied = db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all();
      expect(applied).toEqual(VERSIONS);
      for (const s of rows.subjects) expect(readSubject(db, s.id)).toEqual(s);
      for (const s of rows.subjects) {
        const mine = rows.requests.filter((r) => r.subjectId === s.id);
        expect(subjectRequests(db, s.id)).toEqual([...mine].sort((a, b) => a.id.localeCompare(b.id)));
      }
      const history = subjectHistory(
        db,
        rows.requests.map((r) => r.id),
      );
      expect(history.map((e) => e.id).sort()).toEqual(rows.requestEvents.map((e) => e.id).sort());
      for (const [key, value] of Object.entries(rows.settings))
        expect(db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key)).toBe(value);
      if (v >= 2) {
        const pending = db.prepare("SELECT id, request_id FROM outbox WHERE status = 'pending'").all();
        expect(pending).toEqual([
          { id: '01970000-0000-7000-8000-000000000001', request_id: rows.requests[0]!.id },
        ]);
      }
      // A second open finds nothing left to do.
      db.close();
      const again = openCacheDb({ path, key: FIXTURE_KEY });
      expect(schemaVersion(again)).toBe(LATEST_SCHEMA_VERSION);
      again.close();
    } finally {
      if (db.open) db.close();
    }
  });

  it('refuses a cache from a newer console, and leaves the file as it was', () => {
    const path = copyOf(VERSIONS[VERSIONS.length - 1]!);
    const db = openCacheDb({ path, key: FIXTURE_KEY });
    db.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`);
    db.pragma('journal_mode = DELETE');
    db.close();
    const bytes = readFileSync(path);
    let caught: unknown;
    try {
      openCacheDb({ path, key: FIXTURE_KEY }).close();
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe('E_CACHE_FUTURE_VERSION');
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });
});
