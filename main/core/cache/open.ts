// Opens the encrypted cache (SQLite3 Multiple Ciphers). Runs in the cache worker only.
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import type { Database as Db } from 'better-sqlite3-multiple-ciphers';
import { AppError } from '../../../shared/errors';
import type { KeyMaterial } from '../keys';
import { assertNotFuture, migrate, type Migration, MIGRATIONS } from './migrations';

export const CACHE_FILE = 'cache.sqlite';
/** Page cache of the connection (KiB when negative): decrypted pages kept hot for paging. */
export const CACHE_SIZE_PRAGMA = -65536;
/**
 * Readers never wait for the writer: queries run on their own connection in the read worker
 * (worker/read-worker.ts) and, on WAL, read the last committed transaction while the cache
 * worker writes — a bootstrap and its index build included, so the journal stays WAL throughout.
 */
export const JOURNAL_MODE = 'WAL';

function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** Sets the key on a fresh connection: a passphrase through `key`, 32 raw bytes through `hexkey`. */
export function applyKey(db: Db, key: KeyMaterial): void {
  if (key.kind === 'passphrase') {
    if (!key.passphrase) throw new AppError('E_CACHE_KEY', 'The cache passphrase is empty.');
    db.pragma(`key=${sqlString(key.passphrase)}`);
  } else {
    if (key.key.length !== 32)
      throw new AppError('E_CACHE_KEY', `The cache key must be 32 bytes, got ${key.key.length}.`);
    db.pragma(`hexkey='${Buffer.from(key.key).toString('hex')}'`);
  }
}

function isNotADatabase(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown };
  return (
    e?.code === 'SQLITE_NOTADB' ||
    (typeof e?.message === 'string' && /file is not a database/i.test(e.message))
  );
}

/** Opens a connection and proves the key opens the file (E_CACHE_KEY otherwise). */
function openKeyed(path: string, key: KeyMaterial): Db {
  let db: Db;
  try {
    db = new Database(path, { fileMustExist: true });
  } catch (err) {
    throw new AppError('E_CACHE', `Cannot open the cache at ${path}: ${(err as Error).message}`);
  }
  try {
    applyKey(db, key);
    try {
      db.prepare('SELECT count(*) FROM sqlite_master').get();
    } catch (err) {
      if (isNotADatabase(err)) {
        throw new AppError(
          'E_CACHE_KEY',
          `The cache key does not open ${path}. Use the passphrase/key it was created with, or move the file aside to start a fresh cache.`,
        );
      }
      throw err;
    }
    return db;
  } catch (err) {
    closeQuietly(db);
    if (err instanceof AppError) throw err;
    throw new AppError('E_CACHE', `Cannot open the cache at ${path}: ${(err as Error).message}`);
  }
}

function closeQuietly(db: Db): void {
  try {
    db.close();
  } catch {
    /* already failing */
  }
}

/**
 * A read-only connection to a cache the writer has opened (and migrated): keyed exactly as
 * `openCacheDb` keys it, `query_only` so no query can write through it, its own page cache.
 * Errors: E_CACHE_KEY, E_CACHE.
 */
export function openCacheReader(opts: { path: string; key: KeyMaterial }): Db {
  const db = openKeyed(opts.path, opts.key);
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
 * Key → verify → refuse a future schema (file untouched) → WAL, secure_delete, foreign keys →
 * migrate. Errors: E_CACHE_KEY, E_CACHE_FUTURE_VERSION, E_CACHE.
 */
export function openCacheDb(opts: OpenCacheOptions): Db {
  const { path } = opts;
  try {
    if (!existsSync(dirname(path))) mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    // Owner-only from the first byte: SQLite gives its -wal/-shm files the database's mode.
    if (!existsSync(path)) writeFileSync(path, '', { mode: 0o600 });
    else chmodSync(path, 0o600);
  } catch (err) {
    throw new AppError('E_CACHE', `Cannot open the cache at ${path}: ${(err as Error).message}`);
  }
  const db = openKeyed(path, opts.key);
  try {
    assertNotFuture(db, opts.migrations ?? MIGRATIONS);
    db.pragma(`journal_mode = ${JOURNAL_MODE}`);
    db.pragma('secure_delete = ON');
    db.pragma('foreign_keys = ON');
    // FULL, not NORMAL: in WAL mode NORMAL may lose the last commits on power loss, and a
    // queued action must survive that. Pages commit in large transactions, so the cost is small.
    db.pragma('synchronous = FULL');
    db.pragma(`cache_size = ${CACHE_SIZE_PRAGMA}`);
    migrate(db, opts.migrations ?? MIGRATIONS);
    return db;
  } catch (err) {
    closeQuietly(db);
    if (err instanceof AppError) throw err;
    throw new AppError('E_CACHE', `Cannot open the cache at ${path}: ${(err as Error).message}`);
  }
}
