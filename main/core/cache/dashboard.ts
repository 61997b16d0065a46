// The Dashboard's read (issue 16): the cached request records, the last days' access-event
// buckets and the newest flagged events, turned into figures by the pure functions of
// shared/dashboard.ts. Read-only; runs in the cache worker like every other query.
import type { Database } from 'better-sqlite3-multiple-ciphers';
import {
  deadlineCounts,
  NEWEST_FLAGS,
  openRequestCounts,
  responseTimes,
  volumeSeries,
  VOLUME_WINDOW_DAYS,
  type DashboardView,
  type FlaggedEvent,
} from '../../../shared/dashboard';
import { PrivacyRequest } from '../../../shared/domain';
import { legalContextOf, legalSettingsOf } from '../legal-settings';
import { flagKindsOf } from './flags';
import { logsHistogram } from './log-counts';

const DAY_MS = 86_400_000;
/**
 * The newest flags are looked for among this many newest events only: with no flag at all the
 * scan would otherwise walk the whole table on every visit to the home room.
 */
const FLAG_SCAN_LIMIT = 200_000;

/** Every cached request that parses (a row of a future shape is left out, as reports do). */
function readRequests(db: Database): PrivacyRequest[] {
  const rows = db.prepare('SELECT data FROM requests').all() as { data: string }[];
  const out: PrivacyRequest[] = [];
  for (const r of rows) {
    const p = PrivacyRequest.safeParse(JSON.parse(r.data));
    if (p.success) out.push(p.data);
  }
  return out;
}

function newestFlags(db: Database, limit: number): FlaggedEvent[] {
  const rows = db
    .prepare(
      `SELECT e.id, e.n >> 16 AS time_ms, c.subject_id, c.username, c.app, e.flags
         FROM (SELECT n, id, ctx, flags FROM access_event_rows ORDER BY n DESC LIMIT ?) AS e
         JOIN event_contexts AS c ON c.k = e.ctx
        WHERE e.flags != 0
        ORDER BY e.n DESC LIMIT ?`,
    )
    .all(FLAG_SCAN_LIMIT, limit) as {
    id: string;
    time_ms: number;
    subject_id: string;
    username: string;
    app: string;
    flags: number;
  }[];
  return rows.map((r) => ({
    eventId: r.id,
    time: new Date(r.time_ms).toISOString(),
    subjectId: r.subject_id,
    username: r.username,
    app: r.app,
    kinds: flagKindsOf(r.flags),
  }));
}

/** The dashboard on `now`: deadlines counted on today in the organisation's zone. */
export function dashboardView(db: Database, now: Date = new Date()): DashboardView {
  // Throws E_HOLIDAYS_UNAVAILABLE while a member state's calendar loads, rather than miscount.
  const { today, memberState } = legalContextOf(legalSettingsOf(db), now);
  const requests = readRequests(db);
  const fromMs = Math.floor(now.getTime() / DAY_MS - (VOLUME_WINDOW_DAYS - 1)) * DAY_MS;
  const histogram = logsHistogram(db, { from: new Date(fromMs).toISOString() }, 'day');
  return {
    today,
    deadlines: deadlineCounts(requests, today, memberState),
    responseTimes: responseTimes(requests, today),
    openRequests: openRequestCounts(requests),
    volume: volumeSeries(histogram.buckets, fromMs, VOLUME_WINDOW_DAYS),
    newestFlags: newestFlags(db, NEWEST_FLAGS),
  };
}
