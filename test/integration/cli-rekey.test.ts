// `zta-console rekey` as a child process: the current key from ZTA_CACHE_PASSPHRASE (or the demo
// key file), the new one from --new-passphrase-file or stdin; weak ones refused (exit 1).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CACHE_FILE, openCacheDb } from '../../main/core/cache/open';
import { generatedKeyFileProvider } from '../../main/core/keys';
import { CLI } from '../helpers/cli-process';
import { TEST_PASSPHRASE } from '../helpers/passphrase';

const NEXT = 'a brand new cache passphrase for rekey';

const rekey = (args: string[], env: NodeJS.ProcessEnv, input?: string) =>
  spawnSync(process.execPath, [CLI, 'rekey', ...args], {
    encoding: 'utf8',
    env: { ...process.env, ZTA_CACHE_PASSPHRASE: '', ...env },
    ...(input !== undefined ? { input } : {}),
  });

function cacheWith(passphrase: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'zta-rekey-'));
  const db = openCacheDb({ path: join(dir, CACHE_FILE), key: { kind: 'passphrase', passphrase } });
  db.prepare("INSERT INTO settings (key, value) VALUES ('probe', 'kept')").run();
  db.close();
  return dir;
}

const probeWith = (dir: string, passphrase: string) => {
  const db = openCacheDb({ path: join(dir, CACHE_FILE), key: { kind: 'passphrase', passphrase } });
  try {
    return db.prepare("SELECT value FROM settings WHERE key = 'probe'").pluck().get();
  } finally {
    db.close();
  }
};

describe('zta-console rekey', () => {
  it('moves the cache to the new passphrase (--json); the old one then fails with E_CACHE_KEY', () => {
    const dir = cacheWith(TEST_PASSPHRASE);
    const file = join(dir, 'new.txt');
    writeFileSync(file, `${NEXT}\nignored\n`);
    const r = rekey(['--data', dir, '--new-passphrase-file', file, '--json'], {
      ZTA_CACHE_PASSPHRASE: TEST_PASSPHRASE,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ kdf: { alg: 'argon2id', m: 65536, t: 3, p: 1 } });
    expect(probeWith(dir, NEXT)).toBe('kept');
    const old = rekey(['--data', dir, '--new-passphrase-file', file], {
      ZTA_CACHE_PASSPHRASE: TEST_PASSPHRASE,
    });
    expect(old.status).toBe(1);
    expect(old.stderr).toMatch(/\[E_CACHE_KEY\]\n$/);
  });

  it('refuses a weak new passphrase (exit 1, E_WEAK_PASSPHRASE) and the cache keeps its key', () => {
    const dir = cacheWith(TEST_PASSPHRASE);
    const r = rekey(['--data', dir], { ZTA_CACHE_PASSPHRASE: TEST_PASSPHRASE }, 'password1\n');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/too short.*\[E_WEAK_PASSPHRASE\]/);
    expect(probeWith(dir, TEST_PASSPHRASE)).toBe('kept');
  });

  it('from the demo key file: reads the new passphrase on stdin and removes the key file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zta-rekey-'));
    const key = await generatedKeyFileProvider(join(dir, 'cache.key')).getKey();
    openCacheDb({ path: join(dir, CACHE_FILE), key }).close();
    const r = rekey(['--data', dir], {}, `${NEXT}\n`);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Re-keyed .*Argon2id/);
    expect(existsSync(join(dir, 'cache.key'))).toBe(false);
    openCacheDb({ path: join(dir, CACHE_FILE), key: { kind: 'passphrase', passphrase: NEXT } }).close();
  });

  it('no cache ⇒ exit 1 E_NOT_FOUND; no new passphrase ⇒ exit 2', () => {
    const empty = mkdtempSync(join(tmpdir(), 'zta-rekey-'));
    const none = rekey(['--data', empty], { ZTA_CACHE_PASSPHRASE: TEST_PASSPHRASE }, `${NEXT}\n`);
    expect(none.status).toBe(1);
    expect(none.stderr).toMatch(/\[E_NOT_FOUND\]/);
    const dir = cacheWith(TEST_PASSPHRASE);
    const usage = rekey(['--data', dir], { ZTA_CACHE_PASSPHRASE: TEST_PASSPHRASE }, '');
    expect(usage.status).toBe(2);
  });
});
