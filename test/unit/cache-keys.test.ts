// Passphrase cache keys (issue 14 item 7): Argon2id over the salt in cache.kdf.json, the raw key
// to SQLite; weak passphrases refused when a cache is created; caches keyed by the cipher's old
// PBKDF2 re-keyed on open; re-keying, with a failure or a cut-short re-key leaving a working key.
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashRawSync } from '@node-rs/argon2';
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import {
  deriveKey,
  kdfPath,
  newKdfParams,
  pendingKdfPath,
  readKdf,
  writeKdf,
} from '../../main/core/cache/kdf';
import { openCacheDb, openCacheReader, openCacheWriter } from '../../main/core/cache/open';
import { rekeyCache } from '../../main/core/cache/rekey';
import type { KeyMaterial } from '../../main/core/keys';
import { TEST_PASSPHRASE } from '../helpers/passphrase';

const pass = (passphrase: string): KeyMaterial => ({ kind: 'passphrase', passphrase });
const NEW_PASSPHRASE = 'another long passphrase for the rekey';

function newCachePath(): string {
  return join(mkdtempSync(join(tmpdir(), 'zta-keys-')), 'cache.sqlite');
}

/** Opens `path` outside the console's code, with exactly one SQLite key pragma. */
function opensWith(path: string, pragma: string): boolean {
  const db = new Database(path, { fileMustExist: true });
  try {
    db.pragma(pragma);
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return true;
  } catch {
    return false;
  } finally {
    db.close();
  }
}

/** The Argon2id key for `passphrase` under the sidecar's parameters, derived independently. */
function argonHex(path: string, passphrase: string): string {
  const kdf = JSON.parse(readFileSync(kdfPath(path), 'utf8')) as {
    m: number;
    t: number;
    p: number;
    salt: string;
  };
  return hashRawSync(passphrase, {
    algorithm: 2, // Argon2id
    memoryCost: kdf.m,
    timeCost: kdf.t,
    parallelism: kdf.p,
    outputLen: 32,
    salt: Buffer.from(kdf.salt, 'base64'),
  }).toString('hex');
}

/** A cache made the way consoles before Argon2id made it: `PRAGMA key` (SQLite3MC's PBKDF2), WAL. */
function legacyCache(path: string, passphrase: string): void {
  const db = openCacheDb({ path, key: { kind: 'raw', key: new Uint8Array(32).fill(1) } });
  db.prepare("INSERT INTO settings (key, value) VALUES ('probe', 'kept')").run();
  db.pragma('journal_mode = DELETE');
  db.pragma(`rekey='${passphrase}'`); // the old `key=` derivation, with no sidecar written
  db.pragma('journal_mode = WAL');
  db.close();
}

const probe = (db: Database.Database) =>
  db.prepare("SELECT value FROM settings WHERE key = 'probe'").pluck().get();

describe('a new passphrase cache', () => {
  it('writes cache.kdf.json (0600, Argon2id m=64 MiB t=3 p=1, 16-byte salt) and is keyed with the derived raw key', () => {
    const path = newCachePath();
    openCacheDb({ path, key: pass(TEST_PASSPHRASE) }).close();
    const kdf = readKdf(kdfPath(path))!;
    expect(kdf).toMatchObject({ v: 1, alg: 'argon2id', m: 65536, t: 3, p: 1 });
    expect(Buffer.from(kdf.salt, 'base64')).toHaveLength(16);
    expect(statSync(kdfPath(path)).mode & 0o777).toBe(0o600);
    expect(opensWith(path, `hexkey='${argonHex(path, TEST_PASSPHRASE)}'`)).toBe(true);
    // Not the cipher's own passphrase derivation any more.
    expect(opensWith(path, `key='${TEST_PASSPHRASE}'`)).toBe(false);
  });

  it('two caches with the same passphrase get different salts, so different keys', () => {
    const a = newCachePath();
    const b = newCachePath();
    openCacheDb({ path: a, key: pass(TEST_PASSPHRASE) }).close();
    openCacheDb({ path: b, key: pass(TEST_PASSPHRASE) }).close();
    expect(readKdf(kdfPath(a))!.salt).not.toBe(readKdf(kdfPath(b))!.salt);
    expect(argonHex(a, TEST_PASSPHRASE)).not.toBe(argonHex(b, TEST_PASSPHRASE));
  });

  it.each(['a', 'review', 'password1234', 'qwertyuiopasdf'])(
    'refuses the weak passphrase %j (E_WEAK_PASSPHRASE) and writes no key',
    (weak) => {
      const path = newCachePath();
      expect(() => openCacheDb({ path, key: pass(weak) })).toThrow(
        expect.objectContaining({ code: 'E_WEAK_PASSPHRASE' }),
      );
      expect(existsSync(kdfPath(path))).toBe(false);
    },
  );

  it('a wrong passphrase is E_CACHE_KEY; the reader opens with the right one', () => {
    const path = newCachePath();
    openCacheDb({ path, key: pass(TEST_PASSPHRASE) }).close();
    expect(() => openCacheDb({ path, key: pass('not the passphrase at all') })).toThrow(
      expect.objectContaining({ code: 'E_CACHE_KEY' }),
    );
    const reader = openCacheReader({ path, key: pass(TEST_PASSPHRASE) });
    expect(reader.pragma('query_only', { simple: true })).toBe(1);
    reader.close();
  });
});

describe('a cache keyed before Argon2id', () => {
  it('opens with its (even weak) passphrase, is re-keyed to Argon2id on open and keeps its rows', () => {
    const path = newCachePath();
    legacyCache(path, 'review');
    expect(existsSync(kdfPath(path))).toBe(false);
    expect(opensWith(path, "key='review'")).toBe(true);

    const db = openCacheDb({ path, key: pass('review') });
    expect(probe(db)).toBe('kept');
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    expect(readKdf(kdfPath(path))).toMatchObject({ alg: 'argon2id' });
    expect(existsSync(pendingKdfPath(path))).toBe(false);
    expect(opensWith(path, "key='review'")).toBe(false);
    expect(opensWith(path, `hexkey='${argonHex(path, 'review')}'`)).toBe(true);
    const again = openCacheDb({ path, key: pass('review') });
    expect(probe(again)).toBe('kept');
    again.close();
  });

  it('a wrong passphrase is E_CACHE_KEY and the file is not re-keyed', () => {
    const path = newCachePath();
    legacyCache(path, 'legacy passphrase');
    expect(() => openCacheDb({ path, key: pass('wrong') })).toThrow(
      expect.objectContaining({ code: 'E_CACHE_KEY' }),
    );
    expect(existsSync(kdfPath(path))).toBe(false);
    expect(opensWith(path, "key='legacy passphrase'")).toBe(true);
  });
});

describe('the key handed to the read worker', () => {
  it('is the raw key that opens the file — for a new, an Argon2id and an upgraded cache alike', () => {
    const path = newCachePath();
    const first = openCacheWriter({ path, key: pass(TEST_PASSPHRASE) });
    first.db.close();
    expect(first.key.kind).toBe('raw');
    const again = openCacheWriter({ path, key: pass(TEST_PASSPHRASE) });
    again.db.close();
    expect(again.key).toEqual(first.key);
    openCacheReader({ path, key: again.key }).close();

    const old = newCachePath();
    legacyCache(old, 'legacy passphrase');
    const upgraded = openCacheWriter({ path: old, key: pass('legacy passphrase') });
    upgraded.db.close();
    expect(upgraded.key.kind).toBe('raw');
    openCacheReader({ path: old, key: upgraded.key }).close();
  });
});

describe('re-keying', () => {
  it('the new passphrase opens the cache, the old one no longer does, and the rows stay', () => {
    const path = newCachePath();
    const db = openCacheDb({ path, key: pass(TEST_PASSPHRASE) });
    db.prepare("INSERT INTO settings (key, value) VALUES ('probe', 'kept')").run();
    const oldSalt = readKdf(kdfPath(path))!.salt;
    const kdf = rekeyCache(db, path, NEW_PASSPHRASE);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    expect(kdf.salt).not.toBe(oldSalt);
    expect(readKdf(kdfPath(path))).toEqual(kdf);
    expect(() => openCacheDb({ path, key: pass(TEST_PASSPHRASE) })).toThrow(
      expect.objectContaining({ code: 'E_CACHE_KEY' }),
    );
    const again = openCacheDb({ path, key: pass(NEW_PASSPHRASE) });
    expect(probe(again)).toBe('kept');
    again.close();
  });

  it('refuses a weak new passphrase and leaves the key as it was', () => {
    const path = newCachePath();
    const db = openCacheDb({ path, key: pass(TEST_PASSPHRASE) });
    const before = readFileSync(kdfPath(path), 'utf8');
    expect(() => rekeyCache(db, path, 'letmein')).toThrow(
      expect.objectContaining({ code: 'E_WEAK_PASSPHRASE', message: expect.stringMatching(/too short/) }),
    );
    db.close();
    expect(readFileSync(kdfPath(path), 'utf8')).toBe(before);
    openCacheDb({ path, key: pass(TEST_PASSPHRASE) }).close();
  });

  it('a re-key that fails (another connection holds the cache) leaves the old key working', () => {
    const path = newCachePath();
    const db = openCacheDb({ path, key: pass(TEST_PASSPHRASE) });
    const before = readFileSync(kdfPath(path), 'utf8');
    const other = openCacheReader({ path, key: pass(TEST_PASSPHRASE) });
    other.prepare('SELECT count(*) FROM settings').get();
    expect(() => rekeyCache(db, path, NEW_PASSPHRASE)).toThrow(expect.objectContaining({ code: 'E_CACHE' }));
    other.close();
    db.close();
    expect(readFileSync(kdfPath(path), 'utf8')).toBe(before);
    expect(existsSync(pendingKdfPath(path))).toBe(false);
    openCacheDb({ path, key: pass(TEST_PASSPHRASE) }).close();
    expect(() => openCacheDb({ path, key: pass(NEW_PASSPHRASE) })).toThrow(
      expect.objectContaining({ code: 'E_CACHE_KEY' }),
    );
  });

  it('a re-key cut short after the file changed key is completed by the next open (the pending salt)', () => {
    const path = newCachePath();
    openCacheDb({ path, key: pass(TEST_PASSPHRASE) }).close();
    // Steps 1 and 2 of rekey.ts, then the process "dies" before the rename.
    const params = newKdfParams();
    writeKdf(pendingKdfPath(path), params);
    const db = new Database(path);
    db.pragma(`hexkey='${argonHex(path, TEST_PASSPHRASE)}'`);
    db.pragma('journal_mode = DELETE');
    db.pragma(`hexrekey='${Buffer.from(deriveKey(NEW_PASSPHRASE, params)).toString('hex')}'`);
    db.close();

    openCacheDb({ path, key: pass(NEW_PASSPHRASE) }).close();
    expect(readKdf(kdfPath(path))).toEqual(params);
    expect(existsSync(pendingKdfPath(path))).toBe(false);
  });
});
