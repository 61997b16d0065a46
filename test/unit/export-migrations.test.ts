// Migrations are numbered per issue and may land out of order: the runner applies every known
// migration it has not applied yet, gaps included (issue 12 owns version 8, another issue 7).
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import {
  LATEST_SCHEMA_VERSION,
  MIGRATIONS,
  migrate,
  schemaVersion,
  type Migration,
} from '../../main/core/cache/migrations';
import { generatePassphrase } from '../../main/core/export/service';

const tables = (db: Database.Database) =>
  db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];

describe('migration runner with gaps', () => {
  it('applies 8 before 7 exists, then 7 when it lands; never twice', () => {
    const db = new Database(':memory:');
    const without7 = MIGRATIONS.filter((m) => m.version !== 7 && m.version <= 8);
    expect(migrate(db, without7)).toBe(8);
    expect(tables(db)).toContain('export_bundles');
    const seven: Migration = { version: 7, description: 'late', sql: 'CREATE TABLE late_seven (id TEXT);' };
    const withSeven = [...without7, seven];
    expect(migrate(db, withSeven)).toBe(8);
    expect(tables(db)).toContain('late_seven');
    expect(schemaVersion(db)).toBe(8);
    expect(migrate(db, withSeven)).toBe(8); // nothing pending: no error from re-running 7
    expect(db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8,
    ]);
  });

  it('a cache from before the runner kept its set counts every version up to user_version as applied', () => {
    const db = new Database(':memory:');
    const upTo6 = MIGRATIONS.filter((m) => m.version <= 6);
    for (const m of upTo6) db.exec(m.sql);
    db.pragma('user_version = 6');
    expect(migrate(db)).toBe(LATEST_SCHEMA_VERSION);
    expect(tables(db)).toContain('export_bundles');
  });
});

describe('generated bundle passphrases', () => {
  it('six groups of four unambiguous symbols, different every time', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const p = generatePassphrase();
      expect(p).toMatch(/^([ABCDEFGHJKMNPQRSTUVWXYZ23456789]{4}-){5}[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{4}$/);
      seen.add(p);
    }
    expect(seen.size).toBe(200);
  });
});
