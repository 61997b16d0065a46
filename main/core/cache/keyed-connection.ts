// One SQLite3 Multiple Ciphers connection with its key set and proven (E_CACHE_KEY otherwise).
import Database from 'better-sqlite3-multiple-ciphers';
import type { Database as Db } from 'better-sqlite3-multiple-ciphers';
import { AppError } from '../../../shared/errors';
import type { KeyMaterial } from '../keys';

function sqlString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * Sets the key on a fresh connection: 32 raw bytes through `hexkey`; a passphrase through `key`,
 * i.e. the cipher's own PBKDF2 — only for caches made before Argon2id (cache-key.ts migrates them).
 */
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

export function closeQuietly(db: Db): void {
  try {
    db.close();
  } catch {
    /* already failing */
  }
}

export function wrongKeyError(path: string): AppError {
  return new AppError(
    'E_CACHE_KEY',
    `The cache key does not open ${path}. Use the passphrase/key it was created with, or move the file aside to start a fresh cache.`,
  );
}

/** Opens a connection and proves the key opens the file (E_CACHE_KEY otherwise). */
export function openKeyed(path: string, key: KeyMaterial): Db {
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
      if (isNotADatabase(err)) throw wrongKeyError(path);
      throw err;
    }
    return db;
  } catch (err) {
    closeQuietly(db);
    if (err instanceof AppError) throw err;
    throw new AppError('E_CACHE', `Cannot open the cache at ${path}: ${(err as Error).message}`);
  }
}
