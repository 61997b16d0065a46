// Versioned cache schema. `PRAGMA user_version` holds the version; every pending migration is
// applied in ONE transaction (with the new user_version), so a crash never leaves half a schema.
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { AppError } from '../../../../shared/errors';
import type { Migration } from './migration';
import { v1 } from './v1';
import { v2 } from './v2';
import { v3 } from './v3';
import { v4 } from './v4';
import { v5 } from './v5';
import { v6 } from './v6';
import { v7 } from './v7';
import { v8 } from './v8';
import { v9 } from './v9';

export type { Migration } from './migration';

/** Every shipped migration, one file each (v1.ts … v9.ts). */
export const MIGRATIONS: readonly Migration[] = [v1, v2, v3, v4, v5, v6, v7, v8, v9];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Throws E_CACHE_FUTURE_VERSION (before writing anything) when the file is newer than this build. */
export function assertNotFuture(db: Database, migrations: readonly Migration[] = MIGRATIONS): number {
  const current = schemaVersion(db);
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  if (current > latest) {
    throw new AppError(
      'E_CACHE_FUTURE_VERSION',
      `This cache was written by a newer version of the console (schema ${current}, this build knows ${latest}). Update the console, or move the cache aside.`,
      { schemaVersion: current, knownVersion: latest },
    );
  }
  return current;
}

/**
 * Versions already applied. Migrations are numbered per issue and may land out of order (8 before
 * 7), so the runner keeps the set it applied in `schema_migrations`; a cache that predates the
 * table applied every known version up to its user_version.
 */
function appliedVersions(db: Database, current: number, migrations: readonly Migration[]): Set<number> {
  const hasTable = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
    .get();
  if (hasTable) return new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  return new Set(migrations.filter((m) => m.version <= current).map((m) => m.version));
}

/** Applies every pending migration (gaps included, in order) in one transaction; returns the version. */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): number {
  const current = assertNotFuture(db, migrations);
  const applied = appliedVersions(db, current, migrations);
  const pending = [...migrations]
    .filter((m) => !applied.has(m.version))
    .sort((a, b) => a.version - b.version);
  if (pending.length === 0) return current;
  const target = Math.max(current, pending[pending.length - 1]!.version);
  db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)');
    const record = db.prepare('INSERT OR IGNORE INTO schema_migrations (version) VALUES (?)');
    for (const v of applied) record.run(v);
    for (const m of pending) {
      db.exec(m.sql);
      record.run(m.version);
    }
    db.pragma(`user_version = ${Math.trunc(target)}`);
  }).immediate();
  return target;
}
