// Access-log contexts over a real encrypted cache: the Subjects list's counts, and contexts that
// follow their events (tombstones, changed events).
import { describe, expect, it } from 'vitest';
import { logsCount } from '../../main/core/cache/log-counts';
import { listSubjects } from '../../main/core/cache/subjects';
import { apply, makeEvents, openStore } from '../helpers/log-review-fixtures';

describe('the Subjects list', () => {
  it("counts each person's events and flagged events from the contexts, bulk or incremental, after deletes", () => {
    const events = makeEvents(600, 19);
    const build = (bulk: boolean) => {
      const s = openStore();
      s.db.transaction(() =>
        s.applyItems(
          'subjects',
          [...new Set(events.map((e) => e.subjectId))].map((id, i) => ({
            op: 'upsert' as const,
            seq: i + 1,
            data: {
              id,
              username: `user-${id}`,
              email: `${id}@example.test`,
              displayName: `Person ${id}`,
              employeeId: null,
              department: null,
              restricted: false,
              restriction: null,
              devices: [],
              createdAt: '2026-01-01T00:00:00.000Z',
              updatedAt: '2026-01-01T00:00:00.000Z',
            },
          })),
        ),
      )();
      if (bulk) s.events.beginBulk();
      apply(s, events.slice(0, 500), 100, 100);
      if (bulk) s.events.finishBulk();
      apply(s, events.slice(500), 50, 1000);
      // Deletes count out: a tombstone, then everything of one person older than a cutoff.
      s.db.transaction(() =>
        s.applyItems('access_events', [{ op: 'delete', seq: 5000, id: events[3]!.id }]),
      )();
      s.db
        .prepare(
          'DELETE FROM access_event_rows WHERE id IN (SELECT id FROM access_events WHERE subject_id = ? LIMIT 40)',
        )
        .run(events[0]!.subjectId);
      return s;
    };
    for (const bulk of [true, false]) {
      const s = build(bulk);
      const expected = s.db
        .prepare(
          `SELECT subject_id AS id, count(*) AS events, count(*) FILTER (WHERE flags != 0) AS flagged
             FROM access_events GROUP BY subject_id ORDER BY subject_id`,
        )
        .all() as { id: string; events: number; flagged: number }[];
      expect(expected.some((r) => r.flagged > 0)).toBe(true);
      const listed = listSubjects(s.db, '', 500)
        .filter((r) => (r.eventCount ?? 0) > 0)
        .map((r) => ({ id: r.id, events: r.eventCount, flagged: r.flagCount }))
        .sort((a, b) => a.id.localeCompare(b.id));
      expect(listed).toEqual(expected);
    }
  });
});

describe('contexts follow their events', () => {
  it('a tombstone or a changed event that leaves a context unused deletes it (and its search entry)', () => {
    const s = openStore();
    const [a, b] = makeEvents(2, 17).map((e, i) => ({
      ...e,
      username: `only-${i}`,
      subjectId: `s-only-${i}`,
    }));
    apply(s, [a!, b!], 10);
    const contextsOf = (name: string) =>
      s.db.prepare('SELECT count(*) FROM event_contexts WHERE username = ?').pluck().get(name);
    expect(contextsOf('only-0')).toBe(1);
    s.db.transaction(() => s.applyItems('access_events', [{ op: 'delete', seq: 50, id: a!.id }]))();
    expect(contextsOf('only-0')).toBe(0);
    expect(logsCount(s.db, { text: 'only' })).toEqual({ count: 1, capped: false });
    // The same event again with other attributes: its old context goes.
    apply(s, [{ ...b!, username: 'renamed' }], 10, 60);
    expect(contextsOf('only-1')).toBe(0);
    expect(contextsOf('renamed')).toBe(1);
    s.db.exec("INSERT INTO event_contexts_fts(event_contexts_fts) VALUES('integrity-check')");
  });
});
