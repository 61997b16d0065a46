// The Dashboard's read in the core (issue 16): requests and events written as a sync would write
// them, then `dashboardView` on a fixed day.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { dashboardView } from '../../main/core/cache/dashboard';
import { openCacheDb } from '../../main/core/cache/open';
import { CacheDatabase } from '../../main/core/cache/store';
import { Outbox } from '../../main/core/outbox/outbox';
import type { AccessEvent, PrivacyRequest } from '../../shared/domain';
import { TEST_PASSPHRASE } from '../helpers/passphrase';

const NOW = new Date('2026-03-10T12:00:00.000Z'); // Tuesday; the default zone gives 10 March

function request(id: string, p: Partial<PrivacyRequest>): PrivacyRequest {
  return {
    id,
    subjectId: 's1',
    type: 'erasure',
    jurisdiction: 'gdpr',
    status: 'received',
    channel: 'email',
    receivedOn: '2026-03-01',
    version: 1,
    assignee: null,
    viaAgent: false,
    extended: false,
    legalHold: false,
    summary: '',
    updatedAt: '2026-03-01T00:00:00.000Z',
    respondedOn: null,
    response: null,
    denialBasis: null,
    acknowledgedOn: null,
    acknowledgedVia: null,
    refusedLate: false,
    ...p,
  };
}

function event(id: string, time: string, decision: 'allow' | 'deny'): AccessEvent {
  return {
    id,
    time,
    subjectId: 's1',
    username: 'alice',
    ip: '10.0.0.1',
    deviceId: 'd1',
    deviceName: 'Laptop',
    osVersion: 'Linux',
    app: 'mail',
    decision,
    reason: null,
  };
}

describe('dashboardView', () => {
  let db: Database;
  beforeAll(() => {
    db = openCacheDb({
      path: join(mkdtempSync(join(tmpdir(), 'zta-core-dash-')), 'cache.sqlite'),
      key: { kind: 'passphrase', passphrase: TEST_PASSPHRASE },
    });
    const store = new CacheDatabase(db);
    const requests = [
      request('overdue', { receivedOn: '2026-01-05' }),
      request('today', { receivedOn: '2026-02-10', type: 'access' }),
      request('answered', {
        receivedOn: '2026-02-01',
        status: 'completed',
        respondedOn: '2026-02-11',
        response: 'approved',
      }),
    ];
    // Two allowed on 8 March, then a burst of denials on 9 March.
    const events = [
      event('e1', '2026-03-08T09:00:00.000Z', 'allow'),
      event('e2', '2026-03-08T10:00:00.000Z', 'allow'),
      ...[0, 1, 2, 3, 4, 5].map((i) => event(`d${i}`, `2026-03-09T10:0${i}:00.000Z`, 'deny')),
    ];
    db.transaction(() => {
      store.applyItems(
        'requests',
        requests.map((data, i) => ({ op: 'upsert' as const, seq: i + 1, data })),
      );
      store.applyItems(
        'access_events',
        events.map((data, i) => ({ op: 'upsert' as const, seq: i + 1, data })),
      );
    })();
  });
  afterAll(() => db.close());

  it('counts deadlines, response times and open requests from the cached records', () => {
    const view = dashboardView(db, NOW);
    expect(view.today).toBe('2026-03-10');
    expect(view.deadlines.find((d) => d.jurisdiction === 'gdpr')).toEqual({
      jurisdiction: 'gdpr',
      dueToday: 1,
      dueThisWeek: 0,
      overdue: 1,
    });
    expect(view.responseTimes).toMatchObject({ answered: 1, medianDays: 10, p90Days: 10 });
    expect(view.openRequests).toEqual([
      { type: 'access', status: 'received', count: 1 },
      { type: 'erasure', status: 'received', count: 1 },
    ]);
  });

  it("the queue's Due filter keeps what each deadline figure counts (the tile's link)", () => {
    const outbox = new Outbox(db, { now: () => NOW });
    const ids = (due: 'overdue' | 'today' | 'week') =>
      outbox.requests
        .list({ filter: { jurisdiction: 'gdpr', due }, limit: 50 })
        .rows.map((r) => r.request.id);
    expect(ids('overdue')).toEqual(['overdue']);
    expect(ids('today')).toEqual(['today']);
    expect(ids('week')).toEqual([]);
    // Paging still holds: one row a page, the cursor leads to the next.
    const first = outbox.requests.list({ filter: { due: 'overdue' }, limit: 1 });
    expect(first.rows).toHaveLength(1);
  });

  it('gives 30 days of event volume with the denial rate, and the newest flags first', () => {
    const view = dashboardView(db, NOW);
    expect(view.volume).toHaveLength(30);
    expect(view.volume.at(-1)?.start).toBe('2026-03-10T00:00:00.000Z');
    expect(view.volume.find((p) => p.start.startsWith('2026-03-08'))).toMatchObject({
      total: 2,
      deny: 0,
      denialRate: 0,
    });
    expect(view.volume.find((p) => p.start.startsWith('2026-03-09'))).toMatchObject({
      total: 6,
      deny: 6,
      denialRate: 1,
    });
    const times = view.newestFlags.map((f) => f.time);
    expect(times).toEqual([...times].sort().reverse());
    expect(view.newestFlags[0]).toMatchObject({ subjectId: 's1', username: 'alice' });
    expect(view.newestFlags.some((f) => f.kinds.includes('deny_burst'))).toBe(true);
  });
});
