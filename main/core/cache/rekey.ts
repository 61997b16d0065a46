// Re-keying an open cache: to a new passphrase (`zta-console rekey`), or from the cipher's old
// PBKDF2 passphrase key to the Argon2id one (cache-key.ts, on open). Crash-safe in this order:
//   1. the new salt is written to `cache.kdf.json.next` (the old sidecar stays);
//   2. SQLite3MC rewrites every page under the new key in one transaction (rollback journal —
//      it cannot re-key in WAL mode); if that fails the file keeps its old key;
//   3. `.next` is renamed over `cache.kdf.json`.
// A crash between 2 and 3 leaves `.next` holding the salt of the file's key: cache-key.ts tries
// it when the sidecar's key fails, and finishes the rename.
import { renameSync, rmSync } from 'node:fs';
import type { Database as Db } from 'better-sqlite3-multiple-ciphers';
import { AppError } from '../../../shared/errors';
import { assertStrongPassphrase } from '../passphrase-strength';
import { deriveKey, kdfPath, newKdfParams, pendingKdfPath, writeKdf, type KdfParams } from './kdf';

/** Runs `fn` with the rollback journal (WAL folded in first) and restores the journal mode after. */
function inRollbackJournal(db: Db, fn: () => void): void {
  const before = String(db.pragma('journal_mode', { simple: true })).toLowerCase();
  if (before === 'wal') {
    db.pragma('wal_checkpoint(TRUNCATE)');
    const now = String(db.pragma('journal_mode = DELETE', { simple: true })).toLowerCase();
    if (now === 'wal')
      throw new AppError(
        'E_CACHE',
        'The cache is in use by another console process; close the console and try again.',
      );
  }
  try {
    fn();
  } finally {
    if (before === 'wal') db.pragma('journal_mode = WAL');
  }
}

/** Re-keys `db` (the cache at `dbPath`) to Argon2id(passphrase, a fresh salt). */
function rekeyTo(db: Db, dbPath: string, passphrase: string): { params: KdfParams; key: Uint8Array } {
  const params = newKdfParams();
  const key = deriveKey(passphrase, params);
  const hex = Buffer.from(key).toString('hex');
  const pending = pendingKdfPath(dbPath);
  writeKdf(pending, params);
  try {
    inRollbackJournal(db, () => db.pragma(`hexrekey='${hex}'`));
  } catch (err) {
    rmSync(pending, { force: true });
    if (err instanceof AppError) throw err;
    throw new AppError(
      'E_CACHE',
      `Re-keying the cache failed; it still opens with its old key: ${(err as Error).message}`,
    );
  }
  try {
    renameSync(pending, kdfPath(dbPath));
  } catch (err) {
    // The file has the new key and `.next` its salt: the next open finds it there.
    throw new AppError(
      'E_CACHE',
      `The cache was re-keyed but ${kdfPath(dbPath)} could not be replaced (${(err as Error).message}); the next open completes it.`,
    );
  }
  return { params, key };
}

/** `zta-console rekey`: a new passphrase (refused when weak) for an open cache. */
export function rekeyCache(db: Db, dbPath: string, newPassphrase: string): KdfParams {
  assertStrongPassphrase(newPassphrase, 'new passphrase');
  return rekeyTo(db, dbPath, newPassphrase).params;
}

/** A cache keyed by the cipher's PBKDF2 moves to Argon2id under the same passphrase (no strength check: it was chosen already). */
export function upgradeLegacyKey(db: Db, dbPath: string, passphrase: string): Uint8Array {
  return rekeyTo(db, dbPath, passphrase).key;
}
