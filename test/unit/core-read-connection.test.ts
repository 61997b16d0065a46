// Reads never wait for the writer (issue 15, item 9): a reader connection keyed like the writer
// pages the last committed rows while a bootstrap writes and builds its indexes, and cannot write.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCacheDb, openCacheReader } from '../../main/core/cache/open';
import { logsPage } from '../../main/core/cache/queries';
import { CacheDatabase } from '../../main/core/cache/store';
import type { AccessEvent } from '../../shared/domain';
import { TEST_PASSPHRASE } from '../helpers/passphrase';

const KEY = { kind: 'passphrase' as const, passphrase: TEST_PASSPHRASE };
const T0 = Date.UTC(2026, 0, 5);

function events(from: number, n: number): AccessEvent[] {
  return Array.from({ length: n }, (_, j) => {
    const i = from + j;
    return {
      id: `e${String(i).padStart(6, '0')}`,
      time: new Date(T0 + i * 60_000).toISOString(),
      subjectId: `s-${i % 7}`,
      username: `user${i % 7}`,
      ip: `10.0.${i % 5}.${i % 250}`,
      deviceId: `d${i % 11}`,
      deviceName: `laptop-${i % 11}`,
      osVersion: 'macOS 15',
      app: ['mail', 'wiki', 'payroll'][i % 3]!,
      decision: i % 4 === 0 ? 'deny' : 'allow',
      reason: null,
    };
  });
}

function apply(store: CacheDatabase, list: AccessEvent[]): void {
  for (let i = 0; i < list.length; i += 100) {
    const page = list
      .slice(i, i + 100)
      .map((data) => ({ op: 'upsert' as const, seq: Number(data.id.slice(1)) + 1, data }));
    store.db.transaction(() => store.applyItems('access_events', page))();
  }
}

const ids = (db: Parameters<typeof logsPage>[0], filter: { decision?: 'deny' }) =>
  logsPage(db, { filter, limit: 1000 }).rows.map((r) => r.id);

describe('the read connection', () => {
  it('pages the last committed rows while a bootstrap writes and builds its indexes', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'zta-reader-')), 'cache.sqlite');
    const writer = new CacheDatabase(openCacheDb({ path, key: KEY }));
    const reader = openCacheReader({ path, key: KEY });
    // A wait would be the failure itself: the reader must never be told the file is busy.
    reader.pragma('busy_timeout = 0');
    writer.events.beginBulk();
    apply(writer, events(0, 300));
    expect(ids(reader, {})).toHaveLength(300);

    // One long write transaction whose pages spill into the file before it commits, as a large
    // sync page or the index build does: with a rollback journal that locks every reader out.
    writer.db.pragma('cache_size = 2');
    writer.db.exec('BEGIN IMMEDIATE');
    apply(writer, events(300, 500));
    writer.events.finishBulk();
    const newest = ids(reader, {});
    expect(newest).toHaveLength(300);
    expect(newest[0]).toBe('e000299');
    expect(ids(reader, { decision: 'deny' })).toHaveLength(75);
    writer.db.exec('COMMIT');

    expect(ids(reader, {})).toHaveLength(800);
    expect(ids(reader, {})[0]).toBe('e000799');
    expect(ids(reader, { decision: 'deny' })).toHaveLength(200);
    reader.close();
    writer.db.close();
  });

  it('cannot write, and a wrong key does not open it', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'zta-reader-')), 'cache.sqlite');
    const writer = new CacheDatabase(openCacheDb({ path, key: KEY }));
    const reader = openCacheReader({ path, key: KEY });
    expect(() => reader.exec("INSERT INTO settings (key, value) VALUES ('x', 'y')")).toThrow(/readonly/i);
    expect(() => openCacheReader({ path, key: { kind: 'passphrase', passphrase: 'wrong' } })).toThrow(
      expect.objectContaining({ code: 'E_CACHE_KEY' }),
    );
    reader.close();
    writer.db.close();
  });
});
