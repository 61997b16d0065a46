// Opens the encrypted cache (SQLite3 Multiple Ciphers). Runs in the cache worker only.
import { chmodSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Database as Db } from 'better-sqlite3-multiple-ciphers';
import { AppError } from '../../../shared/errors';
import type { KeyMaterial } from '../keys';
import { openWithKey } from './cache-key';
import { closeQuietly } from './keyed-connection';
import { assertNotFuture, migrate, type Migration, MIGRATIONS } from './migrations';
import { upgradeLegacyKey } from './rekey';

export const CACHE_FILE = 'cache.sqlite';
/** Page cache of the connection (KiB when negative): decrypted pages kept hot for paging. */
export const CACHE_SIZE_PRAGMA = -65536;
/**
 * Readers never wait for the writer: queries run on their own connection in the read worker
 * (worker/read-worker.ts) and, on WAL, read the last committed transaction while the cache
 * worker writes — a bootstrap and its index build included, so the journal stays WAL throughout.
 */
export const JOURNAL_MODE = 'WAL';

/**
 * A read-only connection to a cache the writer has opened (and migrated): keyed exactly as
 * `openCacheDb` keys it, `query_only` so no query can write through it, its own page cache.
 * Errors: E_CACHE_KEY, E_CACHE.
 */
export function openCacheReader(opts: { path: string; key: KeyMaterial }): Db {
  const { db } = openWithKey(opts.path, opts.key, false);
  try {
    db.pragma('query_only = ON');
    db.pragma(`cache_size = ${CACHE_SIZE_PRAGMA}`);
    return db;
  } catch (err) {
    closeQuietly(db);
    throw new AppError('E_CACHE', `Cannot open the cache at ${opts.path}: ${(err as Error).message}`);
  }
}

export interface OpenCacheOptions {
  path: string;
  key: KeyMaterial;
  migrations?: readonly Migration[];
}

/**
 * Key (cache-key.ts: Argon2id for a passphrase; a new cache's passphrase must be strong) → verify
 * → refuse a future schema (file untouched) → move a pre-Argon2id key to Argon2id → WAL,
 * secure_delete, foreign keys → migrate.
 * Errors: E_CACHE_KEY, E_WEAK_PASSPHRASE, E_CACHE_FUTURE_VERSION, E_CACHE.
 */
export function openCacheDb(opts: OpenCacheOptions): Db {
  return openCacheWriter(opts).db;
}

/** `openCacheDb`, also giving the raw key that now opens the file (handed to the read worker). */
export function openCacheWriter(opts: OpenCacheOptions): { db: Db; key: KeyMaterial } {
  const { path } = opts;
  let fresh: boolean;
  try {
    if (!existsSync(dirname(path))) mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    // Owner-only from the first byte: SQLite gives its -wal/-shm files the database's mode.
    fresh = !existsSync(path) || statSync(path).size === 0;
    if (!existsSync(path)) writeFileSync(path, '', { mode: 0o600 });
    else chmodSync(path, 0o600);
  } catch (err) {
    throw new AppError('E_CACHE', `Cannot open the cache at ${path}: ${(err as Error).message}`);
  }
  const opened = openWithKey(path, opts.key, fresh);
  const { db } = opened;
  let { key } = opened;
  try {
    assertNotFuture(db, opts.migrations ?? MIGRATIONS);
    if (opened.legacy && opts.key.kind === 'passphrase')
      key = { kind: 'raw', key: upgradeLegacyKey(db, path, opts.key.passphrase) };
    db.pragma(`journal_mode = ${JOURNAL_MODE}`);
    db.pragma('secure_delete = ON');
    db.pragma('foreign_keys = ON');
    // FULL, not NORMAL: in WAL mode NORMAL may lose the last commits on power loss, and a
    // queued action must survive that. Pages commit in large transactions, so the cost is small.
    db.pragma('synchronous = FULL');
    db.pragma(`cache_size = ${CACHE_SIZE_PRAGMA}`);
    migrate(db, opts.migrations ?? MIGRATIONS);
    return { db, key };
  } catch (err) {
    closeQuietly(db);
    if (err instanceof AppError) throw err;
    throw new AppError('E_CACHE', `Cannot open the cache at ${path}: ${(err as Error).message}`);
  }
}
