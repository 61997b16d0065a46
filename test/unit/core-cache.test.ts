// The encrypted cache: encryption on disk, wrong keys, future schemas, migrations, key providers.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import { openCacheDb } from '../../main/core/cache/open';
import { TEST_PASSPHRASE } from '../helpers/passphrase';
import {
  LATEST_SCHEMA_VERSION,
  migrate,
  MIGRATIONS,
  schemaVersion,
  type Migration,
} from '../../main/core/cache/migrations';
import { CacheDatabase } from '../../main/core/cache/store';
import type { AccessEvent } from '../../shared/domain';
import {
  generatedKeyFileProvider,
  keyFileKeyProvider,
  openCore,
  passphraseKeyProvider,
  type CoreClient,
  type KeyMaterial,
  type KeyProvider,
} from '../../main/core/index';

const APP = { name: 'test', version: '0.0.0', transport: 'browser' as const };
const PASS: KeyMaterial = { kind: 'passphrase', passphrase: "it's a 'quoted' passphrase" };
const tmp = () => mkdtempSync(join(tmpdir(), 'zta-core-cache-'));
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

let cores: CoreClient[] = [];
afterEach(async () => {
  await Promise.all(cores.map((c) => c.close()));
  cores = [];
});

async function open(dir: string, keyProvider: KeyProvider): Promise<CoreClient> {
  const core = await openCore({ dataDir: dir, keyProvider, app: APP });
  cores.push(core);
  return core;
}

describe('encrypted cache file', () => {
  it('is encrypted from creation: no SQLite header, no username in the raw bytes', () => {
    const dir = tmp();
    const path = join(dir, 'cache.sqlite');
    const db = openCacheDb({ path, key: PASS });
    const marker = 'zz-unique-admin-username-93c1';
    const store = new CacheDatabase(db);
    db.transaction(() =>
      store.applyItems('access_events', [
        {
          op: 'upsert',
          seq: 1,
          data: {
            id: 'e1',
            time: '2026-01-01T00:00:00.000Z',
            subjectId: 's1',
            username: marker,
            ip: '10.1.1.1',
            deviceId: 'd1',
            deviceName: 'Laptop',
            osVersion: 'Linux',
            app: 'wiki',
            decision: 'allow',
            reason: null,
          },
        },
      ]),
    )();
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('secure_delete', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL: queued actions survive power loss
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();

    // Owner-only on disk, whatever the umask.
    expect(statSync(path).mode & 0o777).toBe(0o600);

    const bytes = readFileSync(path);
    expect(bytes.subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');
    expect(bytes.includes(Buffer.from(marker))).toBe(false);
    if (existsSync(`${path}-wal`))
      expect(readFileSync(`${path}-wal`).includes(Buffer.from(marker))).toBe(false);

    // …and the right key reads it back.
    const again = openCacheDb({ path, key: PASS });
    expect(again.prepare('SELECT username FROM access_events').pluck().get()).toBe(marker);
    again.close();
  });

  it('a wrong key ⇒ E_CACHE_KEY with a clear message, and the file is untouched', async () => {
    const dir = tmp();
    const core = await open(dir, passphraseKeyProvider('right passphrase'));
    await core.close();
    const path = join(dir, 'cache.sqlite');
    const before = sha(path);
    const mtime = statSync(path).mtimeMs;

    const wrong = openCore({
      dataDir: dir,
      keyProvider: passphraseKeyProvider('wrong passphrase'),
      app: APP,
    });
    await expect(wrong).rejects.toMatchObject({ name: 'AppError', code: 'E_CACHE_KEY' });
    await expect(wrong).rejects.toThrow(
      `The cache key does not open ${path}. Use the passphrase/key it was created with`,
    );
    const raw = openCore({
      dataDir: dir,
      keyProvider: { getKey: async () => ({ kind: 'raw', key: new Uint8Array(32).fill(7) }) },
      app: APP,
    });
    await expect(raw).rejects.toMatchObject({ code: 'E_CACHE_KEY' });
    expect(sha(path)).toBe(before);
    expect(statSync(path).mtimeMs).toBe(mtime);

    const ok = await open(dir, passphraseKeyProvider('right passphrase'));
    expect((await ok.stats()).schemaVersion).toBe(LATEST_SCHEMA_VERSION);
  });

  it('a raw 256-bit key works through hexkey', async () => {
    const dir = tmp();
    const key = new Uint8Array(32).map((_, i) => i * 7);
    const provider: KeyProvider = { getKey: async () => ({ kind: 'raw', key }) };
    await (await open(dir, provider)).close();
    const core = await open(dir, provider);
    expect((await core.stats()).schemaVersion).toBe(LATEST_SCHEMA_VERSION);
    expect(readFileSync(join(dir, 'cache.sqlite')).subarray(0, 15).toString('latin1')).not.toBe(
      'SQLite format 3',
    );
  });

  it('a cache from a newer build ⇒ E_CACHE_FUTURE_VERSION and the file untouched', async () => {
    const dir = tmp();
    await (await open(dir, passphraseKeyProvider(TEST_PASSPHRASE))).close();
    const path = join(dir, 'cache.sqlite');
    const raw = openCacheDb({ path, key: { kind: 'passphrase', passphrase: TEST_PASSPHRASE } });
    raw.pragma('user_version = 99');
    raw.pragma('wal_checkpoint(TRUNCATE)');
    raw.close();
    const before = sha(path);

    const p = openCore({ dataDir: dir, keyProvider: passphraseKeyProvider(TEST_PASSPHRASE), app: APP });
    await expect(p).rejects.toMatchObject({ code: 'E_CACHE_FUTURE_VERSION' });
    await expect(p).rejects.toThrow(
      `This cache was written by a newer version of the console (schema 99, this build knows ${LATEST_SCHEMA_VERSION}). Update the console, or move the cache aside.`,
    );
    expect(sha(path)).toBe(before);
  });

  it('migrations are idempotent on reopen and keep the data', async () => {
    const dir = tmp();
    const path = join(dir, 'cache.sqlite');
    const db = openCacheDb({ path, key: PASS });
    expect(schemaVersion(db)).toBe(LATEST_SCHEMA_VERSION);
    new CacheDatabase(db).setSetting('probe', 'kept');
    db.close();
    for (let i = 0; i < 2; i++) {
      const again = openCacheDb({ path, key: PASS });
      expect(schemaVersion(again)).toBe(LATEST_SCHEMA_VERSION);
      expect(migrate(again)).toBe(LATEST_SCHEMA_VERSION);
      expect(new CacheDatabase(again).getSetting('probe')).toBe('kept');
      again.close();
    }
    const core = await open(dir, { getKey: async () => PASS });
    expect((await core.stats()).schemaVersion).toBe(LATEST_SCHEMA_VERSION);
  });

  it('v3 → v5: access events move to fact rows + contexts; the stream is pulled again, the rest kept', () => {
    const path = join(tmp(), 'cache.sqlite');
    const v3 = openCacheDb({ path, key: PASS, migrations: MIGRATIONS.filter((m) => m.version <= 3) });
    v3.prepare(
      `INSERT INTO access_events (n, id, time_ms, subject_id, username, ip, device_id, device_name, os_version, app, decision, reason, seq)
       VALUES (1, 'e1', 1000, 's1', 'old-user', '10.0.0.1', 'd1', 'Laptop', 'Linux', 'wiki', 'allow', NULL, 4)`,
    ).run();
    v3.prepare(
      "INSERT INTO sync_state (stream, cursor, epoch) VALUES ('access_events', 4, 'e1'), ('subjects', 3, 'e1')",
    ).run();
    v3.close();
    const v5 = openCacheDb({ path, key: PASS });
    expect(schemaVersion(v5)).toBe(LATEST_SCHEMA_VERSION);
    // The old rows and their FTS index are gone (the mirror is rebuilt by the pull) …
    expect(v5.prepare('SELECT count(*) FROM access_events').pluck().get()).toBe(0);
    expect(
      v5.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'access_events_fts'").pluck().get(),
    ).toBe(0);
    expect(v5.prepare('SELECT stream, cursor FROM sync_state ORDER BY stream').all()).toEqual([
      { stream: 'subjects', cursor: 3 },
    ]);
    // … and the view reads the new tables.
    const store = new CacheDatabase(v5);
    v5.transaction(() =>
      store.applyItems('access_events', [
        {
          op: 'upsert',
          seq: 9,
          data: {
            id: 'e2',
            time: '2026-05-01T10:00:00.123Z',
            subjectId: 's1',
            username: 'u1',
            ip: '10.0.0.2',
            deviceId: 'd1',
            deviceName: 'Laptop',
            osVersion: 'Linux',
            app: 'wiki',
            decision: 'deny',
            reason: 'mfa',
          },
        },
      ]),
    )();
    expect(
      v5.prepare('SELECT id, time_ms, username, ip4, decision, reason FROM access_events').get(),
    ).toEqual({
      id: 'e2',
      time_ms: Date.parse('2026-05-01T10:00:00.123Z'),
      username: 'u1',
      ip4: 0x0a000002,
      decision: 'deny',
      reason: 'mfa',
    });
    expect(v5.prepare('SELECT events, denies FROM event_contexts').get()).toEqual({ events: 1, denies: 1 });
    expect(v5.pragma('integrity_check', { simple: true })).toBe('ok');
    v5.close();
  });

  it('v5 → v6: contexts count their flagged events, and the triggers keep counting', () => {
    const path = join(tmp(), 'cache.sqlite');
    const v5 = openCacheDb({ path, key: PASS, migrations: MIGRATIONS.filter((m) => m.version <= 5) });
    const event = (n: number, over: Partial<AccessEvent> = {}): AccessEvent => ({
      id: `e${n}`,
      time: new Date(Date.UTC(2026, 4, 1, 10) + n * 60_000).toISOString(),
      subjectId: 's1',
      username: 'u1',
      ip: '10.0.0.2',
      deviceId: 'd1',
      deviceName: 'Laptop',
      osVersion: 'Linux',
      app: 'wiki',
      decision: 'allow',
      reason: null,
      ...over,
    });
    // Incremental writes under v5 (its triggers know no `flagged`): a second device and a second
    // network flag events 2 and 3; event 5 shares event 2's context (its device is known by then).
    const items = [
      event(1),
      event(2, { deviceId: 'd2' }),
      event(3, { ip: '192.0.2.9' }),
      event(4),
      event(5, { deviceId: 'd2' }),
    ];
    v5.transaction(() =>
      new CacheDatabase(v5).applyItems(
        'access_events',
        items.map((data, i) => ({ op: 'upsert' as const, seq: i + 1, data })),
      ),
    )();
    const flaggedRows = v5.prepare('SELECT count(*) FROM access_event_rows WHERE flags != 0').pluck().get();
    expect(flaggedRows).toBe(2);
    v5.close();

    const v6 = openCacheDb({ path, key: PASS });
    expect(schemaVersion(v6)).toBe(LATEST_SCHEMA_VERSION);
    const sums = () =>
      v6.prepare('SELECT sum(events) AS events, sum(flagged) AS flagged FROM event_contexts').get();
    expect(sums()).toEqual({ events: 5, flagged: 2 });
    // The v6 triggers count deletes out (event 2's context stays: event 5 still uses it).
    v6.transaction(() =>
      new CacheDatabase(v6).applyItems('access_events', [{ op: 'delete', seq: 9, id: 'e2' }]),
    )();
    expect(sums()).toEqual({ events: 4, flagged: 1 });
    expect(v6.pragma('integrity_check', { simple: true })).toBe('ok');
    v6.close();
  });

  it('all pending migrations apply in one transaction: a failing one leaves nothing behind', () => {
    const db = new Database(':memory:');
    const broken: Migration[] = [
      ...MIGRATIONS,
      {
        version: LATEST_SCHEMA_VERSION + 1,
        description: 'ok',
        sql: 'CREATE TABLE extra (id TEXT PRIMARY KEY);',
      },
      { version: LATEST_SCHEMA_VERSION + 2, description: 'broken', sql: 'CREATE TABLE nope (;' },
    ];
    expect(() => migrate(db, broken)).toThrow();
    expect(schemaVersion(db)).toBe(0);
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table'").pluck().get()).toBe(0);

    expect(migrate(db, broken.slice(0, -1))).toBe(LATEST_SCHEMA_VERSION + 1);
    expect(migrate(db, broken.slice(0, -1))).toBe(LATEST_SCHEMA_VERSION + 1);
    db.close();
  });
});

describe('key providers', () => {
  it('keyFileKeyProvider: trimmed content is the passphrase; missing or empty ⇒ E_CACHE_KEY', async () => {
    const dir = tmp();
    const file = join(dir, 'key.txt');
    await expect(keyFileKeyProvider(file).getKey()).rejects.toMatchObject({
      code: 'E_CACHE_KEY',
      message: expect.stringContaining(file),
    });
    writeFileSync(file, '  \n');
    await expect(keyFileKeyProvider(file).getKey()).rejects.toMatchObject({
      code: 'E_CACHE_KEY',
      message: expect.stringContaining('empty'),
    });
    writeFileSync(file, '  my passphrase \n');
    await expect(keyFileKeyProvider(file).getKey()).resolves.toEqual({
      kind: 'passphrase',
      passphrase: 'my passphrase',
    });
    await expect(passphraseKeyProvider('').getKey()).rejects.toMatchObject({ code: 'E_CACHE_KEY' });
  });

  it('generatedKeyFileProvider: creates a 0600 random 256-bit key once, then reuses it', async () => {
    const dir = tmp();
    const file = join(dir, 'sub', 'cache.key');
    const a = await generatedKeyFileProvider(file).getKey();
    const b = await generatedKeyFileProvider(file).getKey();
    expect(a.kind).toBe('raw');
    expect(a).toEqual(b);
    if (a.kind === 'raw') expect(a.key).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    writeFileSync(file, 'not hex');
    await expect(generatedKeyFileProvider(file).getKey()).rejects.toMatchObject({ code: 'E_CACHE_KEY' });
  });

  it('a key provider failure rejects openCore with its AppError', async () => {
    await expect(
      openCore({ dataDir: tmp(), keyProvider: keyFileKeyProvider('/nonexistent/key'), app: APP }),
    ).rejects.toMatchObject({
      code: 'E_CACHE_KEY',
    });
  });
});
