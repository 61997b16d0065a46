// An encrypted cache holding a seeded organisation (the reference backend's generator), written
// through the real CacheDatabase: the starting point of the export bundle tests.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateOrg, type GeneratedOrg } from '../../backend/seed/generator';
import { openCacheDb } from '../../main/core/cache/open';
import { CacheDatabase } from '../../main/core/cache/store';
import type { AccessEvent, PrivacyRequest, RequestEvent, Subject } from '../../shared/domain';

export const EXPORT_TEST_KEY = { kind: 'passphrase' as const, passphrase: 'export-tests' };

export interface SeededCache {
  dir: string;
  dbPath: string;
  store: CacheDatabase;
  org: GeneratedOrg;
}

export function seededCache(
  opts: { users?: number; events?: number; seed?: number; caughtUp?: boolean } = {},
): SeededCache {
  const dir = mkdtempSync(join(tmpdir(), 'zta-export-'));
  const dbPath = join(dir, 'cache.sqlite');
  const store = new CacheDatabase(openCacheDb({ path: dbPath, key: EXPORT_TEST_KEY }));
  const org = generateOrg({
    users: opts.users ?? 12,
    events: opts.events ?? 3000,
    seed: opts.seed ?? 7,
    now: new Date('2026-11-20T12:00:00Z'),
  });
  let seq = 1;
  store.db.transaction(() => {
    store.applyItems(
      'subjects',
      org.subjects.map(({ timezone: _tz, ...s }) => ({
        op: 'upsert' as const,
        seq: seq++,
        data: s as Subject,
      })),
    );
    store.applyItems(
      'requests',
      org.requests.map((r) => ({ op: 'upsert' as const, seq: seq++, data: r })),
    );
    store.applyItems(
      'request_events',
      org.requestEvents.map((e) => ({ op: 'upsert' as const, seq: seq++, data: e })),
    );
    for (const chunk of org.accessEvents())
      store.applyItems(
        'access_events',
        chunk.map((e) => ({ op: 'upsert' as const, seq: seq++, data: e })),
      );
  })();
  if (opts.caughtUp) markCaughtUp(store);
  return { dir, dbPath, store, org };
}

export function markCaughtUp(store: CacheDatabase, at = new Date()): void {
  for (const stream of ['subjects', 'access_events', 'requests', 'request_events'] as const)
    store.putState({ stream, cursor: 1000, epoch: 'e1', lastSyncedAt: at.toISOString() });
  store.setSetting('sync.lastSyncedAt', at.toISOString());
}

export function upsertSubject(store: CacheDatabase, s: Subject): void {
  store.db.transaction(() => store.applyItems('subjects', [{ op: 'upsert', seq: 999_999, data: s }]))();
}
export function upsertRequest(store: CacheDatabase, r: PrivacyRequest, events: RequestEvent[] = []): void {
  store.db.transaction(() => {
    store.applyItems('requests', [{ op: 'upsert', seq: 999_998, data: r }]);
    store.applyItems(
      'request_events',
      events.map((e, i) => ({ op: 'upsert' as const, seq: 999_000 + i, data: e })),
    );
  })();
}
export function addEvents(store: CacheDatabase, events: AccessEvent[]): void {
  store.db.transaction(() =>
    store.applyItems(
      'access_events',
      events.map((e, i) => ({ op: 'upsert' as const, seq: 2_000_000 + i, data: e })),
    ),
  )();
}
