// Subjects, saved views, settings and retention over the cache (run in the worker).
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { randomUUID } from 'node:crypto';
import { RETENTION_DAYS_DEFAULT, type ConsoleSettings } from '../../../shared/contract-app';
import { type SavedView, type SortOrder, type LogsCursor } from '../../../shared/contract-logs';
import { FLAG_KINDS } from '../../../shared/flag-kinds';
import { type RequestSubject } from '../../../shared/contract-requests';
import { type SubjectSummary, type SubjectTimeline } from '../../../shared/contract-subjects';
import { PrivacyRequest, Subject } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { DECIDED_STATUSES } from '../../../shared/action-rules';
import { requestSubjectOf } from '../outbox/subject-overlay';
import { FLAG_BIT } from './flags';
import { rowidAt } from './events';
import { logsPage } from './queries';
import type { CacheDatabase } from './store';

const RETENTION_KEY = 'retention.days';
const DAY_MS = 86_400_000;

export function getSettings(store: CacheDatabase): ConsoleSettings {
  const v = Number(store.getSetting(RETENTION_KEY));
  return { retentionDays: Number.isInteger(v) && v >= 1 ? v : RETENTION_DAYS_DEFAULT };
}

export function setSettings(store: CacheDatabase, patch: Partial<ConsoleSettings>): ConsoleSettings {
  if (patch.retentionDays !== undefined) store.setSetting(RETENTION_KEY, String(patch.retentionDays));
  return getSettings(store);
}

/**
 * Deletes events older than the retention window in batches (so other work interleaves), then
 * the contexts no event refers to any more (their FTS entries go with them through the delete
 * trigger): an expired person's username, IP and devices leave the cache. Returns the number purged.
 */
export function purgeExpired(store: CacheDatabase, now = Date.now()): number {
  const cutoff = rowidAt(now - getSettings(store).retentionDays * DAY_MS);
  const del = store.db.prepare(
    'DELETE FROM access_event_rows WHERE n IN (SELECT n FROM access_event_rows WHERE n < ? ORDER BY n LIMIT 5000)',
  );
  let total = 0;
  for (;;) {
    const { changes } = store.db.transaction(() => del.run(cutoff))();
    total += changes;
    if (changes === 0) break;
  }
  if (total > 0) store.db.transaction(() => store.events.dropUnusedContexts())();
  return total;
}

/** Closed requests are kept this many months (11 CCR §7101), then purged from the cache. */
export const CLOSED_REQUEST_RETENTION_MONTHS = 24;

/**
 * Deletes closed (decided) requests whose record is more than 24 months old, with their history;
 * a request with an action still in the outbox is kept. The age runs from the record's response
 * date (cache v4), or from the last update for a request answered before records were kept.
 * Returns the number purged.
 */
export function purgeClosedRequests(store: CacheDatabase, now = Date.now()): number {
  const cutoff = new Date(now);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - CLOSED_REQUEST_RETENTION_MONTHS);
  const statuses = DECIDED_STATUSES.map(() => '?').join(', ');
  return store.db.transaction(() => {
    const ids = store.db
      .prepare(
        `SELECT id FROM requests WHERE status IN (${statuses})
           AND coalesce(responded_on, substr(json_extract(data, '$.updatedAt'), 1, 10)) < ?
           AND id NOT IN (SELECT request_id FROM outbox WHERE status = 'pending')`,
      )
      .pluck()
      .all(...DECIDED_STATUSES, cutoff.toISOString().slice(0, 10)) as string[];
    const delEvents = store.db.prepare('DELETE FROM request_events WHERE request_id = ?');
    const delRequest = store.db.prepare('DELETE FROM requests WHERE id = ?');
    for (const id of ids) {
      delEvents.run(id);
      delRequest.run(id);
    }
    return ids.length;
  })();
}

export function listSubjects(db: Database, search: string, limit: number): SubjectSummary[] {
  const like = `%${search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = db
    .prepare(
      `SELECT id, username, display_name, data FROM subjects
        WHERE username LIKE ? ESCAPE '\\' OR display_name LIKE ? ESCAPE '\\' OR email LIKE ? ESCAPE '\\'
        ORDER BY username LIMIT ?`,
    )
    .all(like, like, like, limit) as { id: string; username: string; display_name: string; data: string }[];
  // The contexts carry their counts (schema v6): a few rows per person, not every event.
  const countStmt = db.prepare(
    'SELECT coalesce(sum(events), 0) AS events, coalesce(sum(flagged), 0) AS flagged FROM event_contexts WHERE subject_id = ?',
  );
  return rows.map((r) => {
    const s = Subject.safeParse(JSON.parse(r.data));
    const counts = countStmt.get(r.id) as { events: number; flagged: number };
    return {
      id: r.id,
      username: r.username,
      displayName: r.display_name,
      department: s.success ? s.data.department : null,
      restricted: s.success && s.data.restricted,
      restriction: s.success ? s.data.restriction : null,
      eventCount: counts.events,
      flagCount: counts.flagged,
    };
  });
}

/** One cached subject, as the request page and the event drawer show it (one indexed read). */
export function getSubject(db: Database, id: string): RequestSubject {
  const row = db.prepare('SELECT data FROM subjects WHERE id = ?').get(id) as { data: string } | undefined;
  if (!row) throw new AppError('E_NOT_FOUND', 'This person is not in the cache.');
  return requestSubjectOf(Subject.parse(JSON.parse(row.data)));
}

export function subjectTimeline(
  db: Database,
  q: { subjectId: string; order: SortOrder; after?: LogsCursor | undefined; limit: number },
): SubjectTimeline {
  const row = db.prepare('SELECT data FROM subjects WHERE id = ?').get(q.subjectId) as
    { data: string } | undefined;
  if (!row) throw new AppError('E_NOT_FOUND', 'This person is not in the cache.');
  const s = Subject.parse(JSON.parse(row.data));
  const counts = db
    .prepare(
      `SELECT count(*) AS n, ${FLAG_KINDS.map((k) => `sum((flags & ${FLAG_BIT[k]}) != 0) AS ${k}`).join(', ')}
         FROM access_events WHERE subject_id = ?`,
    )
    .get(q.subjectId) as Record<string, number | null>;
  const page = logsPage(db, {
    filter: { subjectId: q.subjectId },
    order: q.order,
    after: q.after,
    limit: q.limit,
  });
  const requests = (
    db.prepare('SELECT data FROM requests WHERE subject_id = ? ORDER BY id').all(q.subjectId) as {
      data: string;
    }[]
  ).flatMap((r) => {
    const p = PrivacyRequest.safeParse(JSON.parse(r.data));
    return p.success ? [p.data] : [];
  });
  return {
    profile: {
      ...requestSubjectOf(s),
      devices: s.devices,
      flags: FLAG_KINDS.map((k) => ({ kind: k, count: counts[k] ?? 0 })),
      eventCount: counts.n ?? 0,
    },
    events: page.rows,
    next: page.next,
    requests,
  };
}

interface ViewRow {
  id: string;
  name: string;
  query: string;
  created_at: string;
  updated_at: string;
}
const toView = (r: ViewRow): SavedView => ({
  id: r.id,
  name: r.name,
  query: JSON.parse(r.query) as Record<string, unknown>,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export function listViews(db: Database): { views: SavedView[] } {
  return {
    views: (db.prepare('SELECT * FROM saved_views ORDER BY name COLLATE NOCASE').all() as ViewRow[]).map(
      toView,
    ),
  };
}

export function saveView(
  db: Database,
  v: { id?: string | undefined; name: string; query: Record<string, unknown> },
): SavedView {
  const now = new Date().toISOString();
  return db.transaction(() => {
    const existing = (
      v.id !== undefined
        ? db.prepare('SELECT * FROM saved_views WHERE id = ?').get(v.id)
        : db.prepare('SELECT * FROM saved_views WHERE name = ?').get(v.name)
    ) as ViewRow | undefined;
    if (v.id !== undefined && !existing)
      throw new AppError('E_NOT_FOUND', 'That saved view no longer exists.');
    const clash = db.prepare('SELECT id FROM saved_views WHERE name = ?').pluck().get(v.name) as
      string | undefined;
    if (clash !== undefined && clash !== existing?.id)
      throw new AppError('E_VALIDATION', `A view named "${v.name}" already exists.`);
    const id = existing?.id ?? randomUUID();
    db.prepare(
      `INSERT INTO saved_views (id, name, query, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET name = excluded.name, query = excluded.query, updated_at = excluded.updated_at`,
    ).run(id, v.name, JSON.stringify(v.query), existing?.created_at ?? now, now);
    return toView(db.prepare('SELECT * FROM saved_views WHERE id = ?').get(id) as ViewRow);
  })();
}

export function deleteView(db: Database, id: string): { deleted: boolean } {
  return { deleted: db.prepare('DELETE FROM saved_views WHERE id = ?').run(id).changes > 0 };
}
