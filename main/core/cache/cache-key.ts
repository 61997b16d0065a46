// Which key opens a cache (docs/ARCHITECTURE.md §9). A raw 32-byte key is used as it is. A
// passphrase goes through Argon2id with the salt of the sidecar `cache.kdf.json` (kdf.ts):
//   - a fresh cache: the passphrase must be strong (E_WEAK_PASSPHRASE), a new salt is written;
//   - the sidecar's key, then a pending re-key's (`.next`, see rekey.ts), whichever opens it;
//   - no sidecar: a cache made before Argon2id, keyed by the cipher's own PBKDF2 — opened that
//     way and reported as `legacy`, so openCacheDb re-keys it to Argon2id.
import { existsSync, renameSync, rmSync } from 'node:fs';
import type { Database as Db } from 'better-sqlite3-multiple-ciphers';
import { AppError } from '../../../shared/errors';
import type { KeyMaterial } from '../keys';
import { assertStrongPassphrase } from '../passphrase-strength';
import { deriveKey, kdfPath, newKdfParams, pendingKdfPath, readKdf, writeKdf } from './kdf';
import { openKeyed, wrongKeyError } from './keyed-connection';

export interface KeyedCache {
  db: Db;
  /** Opened with the pre-Argon2id passphrase key: re-key it (rekey.ts upgradeLegacyKey). */
  legacy: boolean;
  /** The key that opened it — for a passphrase, the derived raw key (the read worker's, no second derivation). */
  key: KeyMaterial;
}

const rawOf = (key: Uint8Array): KeyMaterial => ({ kind: 'raw', key });

/** Opens `path` (which exists; `fresh` when it is empty, i.e. being created) with `key`. */
export function openWithKey(path: string, key: KeyMaterial, fresh: boolean): KeyedCache {
  if (key.kind === 'raw') return { db: openKeyed(path, key), legacy: false, key };
  const { passphrase } = key;
  if (!passphrase) throw new AppError('E_CACHE_KEY', 'The cache passphrase is empty.');
  const sidecar = kdfPath(path);
  if (fresh) {
    assertStrongPassphrase(passphrase, 'cache passphrase');
    const params = newKdfParams();
    writeKdf(sidecar, params);
    const raw = rawOf(deriveKey(passphrase, params));
    return { db: openKeyed(path, raw), legacy: false, key: raw };
  }
  const current = readKdf(sidecar);
  const pending = pendingKdfPath(path);
  const next = existsSync(pending) ? readKdf(pending) : null;
  for (const params of [current, next]) {
    if (!params) continue;
    try {
      const raw = rawOf(deriveKey(passphrase, params));
      const db = openKeyed(path, raw);
      if (params === next)
        renameSync(pending, sidecar); // finish a re-key cut short
      else if (next) rmSync(pending, { force: true }); // a re-key that never reached the file
      return { db, legacy: false, key: raw };
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'E_CACHE_KEY')) throw err;
    }
  }
  if (current) throw wrongKeyError(path);
  return { db: openKeyed(path, key), legacy: true, key };
}
