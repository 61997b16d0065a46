// Shared set-up of the access-log review tests (core-logs-review-*.test.ts): a real encrypted
// cache, a deterministic set of events, and helpers to apply them in pages and to walk every page.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCacheDb } from '../../main/core/cache/open';
import { logsPage, type PagePlan } from '../../main/core/cache/queries';
import { CacheDatabase } from '../../main/core/cache/store';
import type { LogRow, LogsCursor, LogsFilter, SortOrder } from '../../shared/contract-logs';
import type { AccessEvent } from '../../shared/domain';
import { TEST_PASSPHRASE } from './passphrase';

export const DAY = 86_400_000;
export const NOW = Date.now();
/** Midnight UTC twenty days ago: the generated events fall in the fifteen days after it. */
export const BASE = Math.floor(NOW / DAY) * DAY - 20 * DAY;

/** A fresh encrypted cache in `dir` (a new temporary folder unless given, to reopen the same file). */
export function openStore(dir = mkdtempSync(join(tmpdir(), 'zta-review-'))): CacheDatabase {
  return new CacheDatabase(
    openCacheDb({
      path: join(dir, 'cache.sqlite'),
      key: { kind: 'passphrase', passphrase: TEST_PASSPHRASE },
    }),
  );
}

const USERS = ['alice', 'bob', 'carol', 'dave'];
const APPS = ['mail', 'wiki', 'payroll'];
const IPS = [
  '10.1.2.3',
  '10.1.9.9',
  '192.168.0.7',
  '2001:db8::1',
  '2001:db8:0:1::5',
  'fe80::1',
  '::ffff:10.1.2.200',
];
const OSES = ['macOS 15', 'Windows 11'];

/** A deterministic pseudo-random set of events. */
export function makeEvents(n: number, seed = 1): AccessEvent[] {
  let x = seed;
  const r = (m: number) => {
    // mulberry32
    x = (x + 0x6d2b79f5) | 0;
    let t = Math.imul(x ^ (x >>> 15), 1 | x);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * m);
  };
  const out: AccessEvent[] = [];
  for (let i = 0; i < n; i++) {
    const u = r(USERS.length);
    out.push({
      id: `e${String(i).padStart(5, '0')}`,
      time: new Date(BASE + r(15 * 24) * 3_600_000 + r(3600) * 1000).toISOString(),
      subjectId: `s-${USERS[u]}`,
      username: USERS[u]!,
      ip: IPS[r(IPS.length)]!,
      deviceId: `d${u}-${r(3)}`,
      deviceName: `${USERS[u]}-laptop-${r(3)}`,
      osVersion: OSES[r(2)]!,
      app: APPS[r(APPS.length)]!,
      decision: r(3) === 0 ? 'deny' : 'allow',
      reason: null,
    });
  }
  return out;
}

/** Applies the events as sync pages of `pageSize` upserts, one transaction each, seqs from seq0 + 1. */
export function apply(store: CacheDatabase, events: AccessEvent[], pageSize: number, seq0 = 0): void {
  for (let i = 0; i < events.length; i += pageSize) {
    const page = events
      .slice(i, i + pageSize)
      .map((e, j) => ({ op: 'upsert' as const, seq: seq0 + i + j + 1, data: e }));
    store.db.transaction(() => store.applyItems('access_events', page))();
  }
}

/** Every row the filter selects, read page by page with the keyset cursor. */
export function walk(
  store: CacheDatabase,
  filter: LogsFilter,
  order: SortOrder,
  limit: number,
  plan?: PagePlan,
): LogRow[] {
  const rows: LogRow[] = [];
  let after: LogsCursor | undefined;
  for (let guard = 0; guard < 10_000; guard++) {
    const page = logsPage(store.db, { filter, order, after, limit, plan });
    rows.push(...page.rows);
    if (!page.next) return rows;
    after = page.next;
  }
  throw new Error('paging never ended');
}

/** The common cache of the review tests: 600 events applied in pages of 97. */
export function reviewCache(): { events: AccessEvent[]; store: CacheDatabase } {
  const events = makeEvents(600);
  const store = openStore();
  apply(store, events, 97);
  return { events, store };
}
