// logs:page keyset paging as a property: for any events (with tied timestamps) and any
// filter, page size and query plan, walking the pages yields exactly the filtered rows, once
// each, in (time desc, arrival desc) order.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { openCacheDb } from '../../main/core/cache/open';
import { logsPage } from '../../main/core/cache/queries';
import { CacheDatabase } from '../../main/core/cache/store';
import type { LogsCursor, LogsFilter } from '../../shared/contract-logs';
import type { AccessEvent } from '../../shared/domain';
import { TEST_PASSPHRASE } from '../helpers/passphrase';

const BASE = Date.parse('2026-05-01T00:00:00.000Z');

const eventArb = fc.record({
  id: fc.stringMatching(/^[a-f0-9]{1,6}$/),
  t: fc.integer({ min: 0, max: 20 }),
  subject: fc.constantFrom('s1', 's2', 's3'),
  app: fc.constantFrom('mail', 'wiki'),
  decision: fc.constantFrom('allow' as const, 'deny' as const),
});

const filterArb = fc.record(
  {
    from: fc.integer({ min: 0, max: 20 }),
    to: fc.integer({ min: 0, max: 21 }),
    subjectId: fc.constantFrom('s1', 's2', 's3'),
    decision: fc.constantFrom('allow' as const, 'deny' as const),
    app: fc.constantFrom('mail', 'wiki'),
  },
  { requiredKeys: [] },
);

describe('logsPage keyset paging (property)', () => {
  let db: Database;
  let store: CacheDatabase;
  beforeAll(() => {
    db = openCacheDb({
      path: join(mkdtempSync(join(tmpdir(), 'zta-core-q-')), 'cache.sqlite'),
      key: { kind: 'passphrase', passphrase: TEST_PASSPHRASE },
    });
    store = new CacheDatabase(db);
  });
  afterAll(() => db.close());

  it('returns each matching row exactly once, in order, for any page size', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(eventArb, { selector: (e) => e.id, maxLength: 40 }),
        filterArb,
        fc.integer({ min: 1, max: 7 }),
        fc.constantFrom(undefined, 'scan' as const, 'per-context' as const, 'index-sort' as const),
        (specs, f, limit, plan) => {
          const events: AccessEvent[] = specs.map((s) => ({
            id: s.id,
            time: new Date(BASE + s.t * 1000).toISOString(),
            subjectId: s.subject,
            username: `u-${s.subject}`,
            ip: '10.0.0.1',
            deviceId: 'd',
            deviceName: 'Laptop',
            osVersion: 'Linux',
            app: s.app,
            decision: s.decision,
            reason: null,
          }));
          db.transaction(() => {
            store.clearStream('access_events');
            store.applyItems(
              'access_events',
              events.map((data, i) => ({ op: 'upsert' as const, seq: i + 1, data })),
            );
          })();
          const filter: LogsFilter = {
            ...(f.from !== undefined ? { from: new Date(BASE + f.from * 1000).toISOString() } : {}),
            ...(f.to !== undefined ? { to: new Date(BASE + f.to * 1000).toISOString() } : {}),
            ...(f.subjectId ? { subjectId: f.subjectId } : {}),
            ...(f.decision ? { decision: f.decision } : {}),
            ...(f.app ? { app: f.app } : {}),
          };
          const expected = events
            .filter(
              (e) =>
                (filter.from === undefined || e.time >= filter.from) &&
                (filter.to === undefined || e.time < filter.to) &&
                (filter.subjectId === undefined || e.subjectId === filter.subjectId) &&
                (filter.decision === undefined || e.decision === filter.decision) &&
                (filter.app === undefined || e.app === filter.app),
            )
            // Same-millisecond events keep their arrival (sync) order.
            .sort((a, b) =>
              a.time === b.time ? events.indexOf(b) - events.indexOf(a) : a.time < b.time ? 1 : -1,
            );

          const got: AccessEvent[] = [];
          let after: LogsCursor | undefined;
          for (let pages = 0; pages < 100; pages++) {
            const page = logsPage(db, { filter, after, limit, plan });
            expect(page.rows.length).toBeLessThanOrEqual(limit);
            got.push(...page.rows.map(({ flags: _flags, ...e }) => e));
            if (!page.next) break;
            after = page.next;
          }
          expect(got).toEqual(expected);
        },
      ),
      { numRuns: 200 },
    );
  });
});
