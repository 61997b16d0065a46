// Access-log bootstrap over a real encrypted cache: bulk bootstrap = incremental-only, a page
// rolled back mid-bootstrap, the WAL journal and a cut-off bootstrap, events that come twice.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { logsCount, logsHistogram } from '../../main/core/cache/log-counts';
import type { CacheDatabase } from '../../main/core/cache/store';
import { apply, makeEvents, openStore, walk } from '../helpers/log-review-fixtures';

describe('bulk bootstrap', () => {
  it('a bulk bootstrap then incremental pages gives the same content as incremental-only', () => {
    const all = makeEvents(900, 7);
    const updated = { ...all[10]!, app: 'changed-app' };
    const bulk = openStore();
    bulk.events.beginBulk();
    apply(bulk, all.slice(0, 700), 128);
    bulk.db.transaction(() =>
      bulk.applyItems('access_events', [{ op: 'delete', seq: 5000, id: all[3]!.id }]),
    )();
    bulk.events.finishBulk();
    apply(bulk, [...all.slice(700), updated], 64, 10_000);
    const incr = openStore();
    apply(incr, all.slice(0, 700), 128);
    incr.db.transaction(() =>
      incr.applyItems('access_events', [{ op: 'delete', seq: 5000, id: all[3]!.id }]),
    )();
    apply(incr, [...all.slice(700), updated], 64, 10_000);
    expect(walk(bulk, {}, 'desc', 300)).toEqual(walk(incr, {}, 'desc', 300));
    expect(logsHistogram(bulk.db, {}, 'hour')).toEqual(logsHistogram(incr.db, {}, 'hour'));
    // What the bulk run counted in memory equals what the triggers maintained row by row.
    const derived = (st: CacheDatabase) => ({
      hours: st.db
        .prepare('SELECT hour, allow, deny FROM event_hours WHERE allow + deny > 0 ORDER BY hour')
        .all(),
      contexts: st.db
        .prepare(
          `SELECT subject_id, username, ip, device_id, device_name, os_version, app, events, denies, flagged
             FROM event_contexts ORDER BY 1, 2, 3, 4, 5, 6, 7`,
        )
        .all(),
    });
    expect(derived(bulk)).toEqual(derived(incr));
    expect(walk(bulk, { text: 'changed' }, 'desc', 50).map((r) => r.id)).toEqual([updated.id]);
    for (const text of ['alice', 'wiki', '"10.1.2.3"'])
      expect(walk(bulk, { text }, 'desc', 300)).toEqual(walk(incr, { text }, 'desc', 300));
    expect(
      bulk.db
        .prepare("SELECT count(*) FROM sqlite_master WHERE name LIKE 'access_event_rows_%'")
        .pluck()
        .get(),
    ).toBe(
      incr.db
        .prepare("SELECT count(*) FROM sqlite_master WHERE name LIKE 'access_event_rows_%'")
        .pluck()
        .get(),
    );
  });
});

describe('bulk bootstrap bookkeeping', () => {
  it('a page rolled back mid-bootstrap makes the build recount from the rows', () => {
    const events = makeEvents(300, 11);
    const s = openStore();
    s.events.beginBulk();
    apply(s, events.slice(0, 200), 50);
    // A page that fails half-way: its rows roll back, and the writer is told (as the engine does).
    expect(() =>
      s.db.transaction(() => {
        s.applyItems(
          'access_events',
          events.slice(200, 260).map((data, i) => ({ op: 'upsert' as const, seq: 1000 + i, data })),
        );
        throw new Error('disk full');
      })(),
    ).toThrow('disk full');
    s.events.reset();
    apply(s, events.slice(200), 50, 2000);
    s.events.finishBulk();
    const byHour = new Map<number, number>();
    for (const e of events) {
      const h = Math.floor(Date.parse(e.time) / 3_600_000);
      byHour.set(h, (byHour.get(h) ?? 0) + 1);
    }
    expect(
      s.db
        .prepare('SELECT hour, allow + deny AS n FROM event_hours WHERE allow + deny > 0 ORDER BY hour')
        .all(),
    ).toEqual([...byHour.entries()].sort((a, b) => a[0] - b[0]).map(([hour, n]) => ({ hour, n })));
    expect(s.db.prepare('SELECT sum(events), sum(denies) FROM event_contexts').raw().get()).toEqual([
      300,
      events.filter((e) => e.decision === 'deny').length,
    ]);
    expect(logsCount(s.db, { user: 'alice' }).count).toBe(
      events.filter((e) => e.username === 'alice').length,
    );
  });
});

describe('the bootstrap journal', () => {
  it('a bootstrap keeps WAL (readers page meanwhile); one cut off is finished on reopen', () => {
    const events = makeEvents(200, 17);
    const dir = mkdtempSync(join(tmpdir(), 'zta-review-'));
    const open = () => openStore(dir);
    const mode = (st: CacheDatabase) => st.db.pragma('journal_mode', { simple: true });
    const s = open();
    expect(mode(s)).toBe('wal');
    s.events.beginBulk();
    expect(mode(s)).toBe('wal');
    apply(s, events.slice(0, 150), 50);
    // The process dies mid-bootstrap: no finishBulk.
    s.db.close();
    const again = open();
    expect(mode(again)).toBe('wal');
    expect(again.events.isBulk()).toBe(false);
    expect(again.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(
      walk(again, {}, 'asc', 1000)
        .map((r) => r.id)
        .sort(),
    ).toEqual(events.slice(0, 150).map((e) => e.id));
    // Finished and indexed: the id index exists again, incremental pages apply.
    apply(again, events.slice(150), 50, 150);
    expect(logsCount(again.db, {}).count).toBe(200);
    // While another connection has the cache open, a bootstrap keeps WAL too.
    const other = open();
    other.events.clear();
    other.events.beginBulk();
    expect(mode(other)).toBe('wal');
    apply(other, events, 50);
    other.events.finishBulk();
    expect(logsCount(other.db, {}).count).toBe(200);
    expect(logsCount(again.db, {}).count).toBe(200);
    other.db.close();
    again.db.close();
  });
});

describe('events that come twice during a bootstrap', () => {
  it('keep their newest copy (and the first flags), like the incremental path; tombstones apply', () => {
    const events = makeEvents(120, 13);
    const changed = [
      { ...events[4]!, app: 'changed-app' }, // same time, new data
      { ...events[9]!, time: new Date(Date.parse(events[9]!.time) + 5_000).toISOString() }, // moved
    ];
    const run = (bulk: boolean) => {
      const s = openStore();
      if (bulk) s.events.beginBulk();
      apply(s, [...events, ...changed], 25);
      s.db.transaction(() =>
        s.applyItems('access_events', [{ op: 'delete', seq: 9_000, id: events[7]!.id }]),
      )();
      if (bulk) s.events.finishBulk();
      return s;
    };
    const bulk = run(true);
    const incr = run(false);
    const all = (s: CacheDatabase) => walk(s, {}, 'desc', 1000);
    expect(all(bulk)).toHaveLength(119);
    expect(all(bulk)).toEqual(all(incr));
    expect(all(bulk).find((r) => r.id === events[4]!.id)?.app).toBe('changed-app');
    expect(all(bulk).some((r) => r.id === events[7]!.id)).toBe(false);
    expect(logsCount(bulk.db, { app: 'changed-app' })).toEqual({ count: 1, capped: false });
    expect(logsHistogram(bulk.db, {}, 'hour')).toEqual(logsHistogram(incr.db, {}, 'hour'));
    expect(bulk.db.prepare('SELECT count(*) FROM event_bulk_deletes').pluck().get()).toBe(0);
  });
});
