// The people in the cache: the subject list, one subject for the request page and the event
// drawer, and a subject's timeline (profile, flag counts, events, requests).
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { type LogsCursor, type SortOrder } from '../../../shared/contract-logs';
import { type RequestSubject } from '../../../shared/contract-requests';
import { type SubjectSummary, type SubjectTimeline } from '../../../shared/contract-subjects';
import { FLAG_KINDS } from '../../../shared/flag-kinds';
import { PrivacyRequest, Subject } from '../../../shared/domain';
import { AppError } from '../../../shared/errors';
import { requestSubjectOf } from '../outbox/subject-overlay';
import { FLAG_BIT } from './flags';
import { logsPage } from './queries';

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
