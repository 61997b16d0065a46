// Read queries over the cache (run in the worker): a page of access events and one event, and
// the row mapping other readers share. Counts and the histogram: log-counts.ts; filters: log-filter.ts.
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { cheapestPlan, type PagePlan } from './page-plan';
import { cached } from './statements';
import {
  type LogRow,
  type LogsCursor,
  type LogsFilter,
  type LogsPage,
  type SortOrder,
} from '../../../shared/contract-logs';
import { AppError } from '../../../shared/errors';
import { N_PER_MS_BIG, rowidAt } from './events';
import { flagKindsOf } from './flags';
import type { AccessEvent } from '../../../shared/domain';
import { eventWhere, keySet, matchingContexts, rowsWhere, type Param } from './log-filter';
import { timeToMs } from './store';

export interface EventRow {
  id: string;
  time_ms: number;
  subject_id: string;
  username: string;
  ip: string;
  device_id: string;
  device_name: string;
  os_version: string;
  app: string;
  decision: 'allow' | 'deny';
  reason: string | null;
  flags: number;
}

export const EVENT_COLUMNS =
  'id, time_ms, subject_id, username, ip, device_id, device_name, os_version, app, decision, reason, flags';

export function toEvent(r: EventRow): AccessEvent {
  return {
    id: r.id,
    time: new Date(r.time_ms).toISOString(),
    subjectId: r.subject_id,
    username: r.username,
    ip: r.ip,
    deviceId: r.device_id,
    deviceName: r.device_name,
    osVersion: r.os_version,
    app: r.app,
    decision: r.decision,
    reason: r.reason,
  };
}

export function toLogRow(r: EventRow): LogRow {
  return { ...toEvent(r), flags: flagKindsOf(r.flags).map((kind) => ({ kind })) };
}

export type { PagePlan } from './page-plan';

export interface LogsPageQuery {
  filter: LogsFilter;
  order?: SortOrder | undefined;
  after?: LogsCursor | undefined;
  limit: number;
  /** Forces one of the plans (tests prove they agree); by default the cheapest is chosen. */
  plan?: PagePlan | undefined;
}

/** The rowid of the cursor's event; null when that event has left the cache. */
function cursorRowid(db: Database, after: LogsCursor): bigint | null {
  const n = cached(db, 'SELECT n FROM access_event_rows WHERE id = ?')
    .pluck()
    .safeIntegers()
    .get(after.id) as bigint | undefined;
  return n ?? null;
}

/** Live events in the cache (the rollup's total, kept by triggers). */
function totalEvents(db: Database): number {
  return (cached(db, 'SELECT coalesce(sum(allow + deny), 0) FROM event_hours').pluck().get() as number) || 0;
}

/**
 * Keyset page over access events in time order (desc: newest first, the default; asc: oldest
 * first); events of the same millisecond keep their arrival order (the rowid). `from` is
 * inclusive and `to` exclusive. With context predicates the plan is chosen by cost
 * (`cheapestPlan`); every plan returns the same rows.
 */
export function logsPage(db: Database, q: LogsPageQuery): LogsPage {
  const f = q.filter;
  const ctxs = matchingContexts(db, f);
  if (ctxs && ctxs.length === 0) return { rows: [], next: null };
  const asc = q.order === 'asc';
  const dir = asc ? 'ASC' : 'DESC';
  const limit = Math.max(1, Math.min(1000, Math.trunc(q.limit)));
  const keyset: { where: string[]; params: Param[] } = { where: [], params: [] };
  if (q.after !== undefined) {
    // A cursor whose event has gone (purged, erased) resumes at its millisecond.
    const n = cursorRowid(db, q.after) ?? rowidAt(timeToMs(q.after.time)) + (asc ? N_PER_MS_BIG - 1n : 0n);
    keyset.where.push(asc ? 'n > ?' : 'n < ?');
    keyset.params.push(n);
  }
  let rows: EventRow[];
  const plan = q.plan ?? (ctxs ? cheapestPlan(ctxs, totalEvents(db), limit + 1) : 'scan');
  if (ctxs && plan !== 'scan') {
    const ev = eventWhere(f);
    let ns: bigint[];
    if (plan === 'per-context') {
      const where = ['ctx = ?', ...ev.where, ...keyset.where].join(' AND ');
      const stmt = cached(db, `SELECT n FROM access_event_rows WHERE ${where} ORDER BY n ${dir} LIMIT ?`)
        .pluck()
        .safeIntegers();
      ns = [];
      for (const c of ctxs)
        ns.push(...(stmt.all(c.k, ...ev.params, ...keyset.params, limit + 1) as bigint[]));
      ns.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      if (!asc) ns.reverse();
      ns = ns.slice(0, limit + 1);
    } else {
      // Every match from the (ctx, decision, n) index, then a top-k sort inside SQLite.
      const where = ['ctx IN (SELECT value FROM json_each(?))', ...ev.where, ...keyset.where].join(' AND ');
      ns = cached(
        db,
        `SELECT n FROM access_event_rows INDEXED BY access_event_rows_ctx WHERE ${where} ORDER BY n ${dir} LIMIT ?`,
      )
        .pluck()
        .safeIntegers()
        .all(keySet(ctxs), ...ev.params, ...keyset.params, limit + 1) as bigint[];
    }
    rows = ns.length
      ? (cached(
          db,
          `SELECT ${EVENT_COLUMNS} FROM access_events WHERE n IN (SELECT value FROM json_each(?)) ORDER BY n ${dir}`,
        ).all(`[${ns.join(',')}]`) as EventRow[])
      : [];
  } else {
    const { where, params } = rowsWhere(f, null, keyset);
    // `+ctx`: walk the rowids (time order) and test the context; never sort all matches.
    const ctxTest = ctxs ? ' AND +ctx IN (SELECT value FROM json_each(?))' : '';
    rows = cached(
      db,
      `SELECT ${EVENT_COLUMNS} FROM access_events WHERE ${where}${ctxTest} ORDER BY n ${dir} LIMIT ?`,
    ).all(...params, ...(ctxs ? [keySet(ctxs)] : []), limit + 1) as EventRow[];
  }
  const more = rows.length > limit;
  const page = (more ? rows.slice(0, limit) : rows).map(toLogRow);
  const last = page[page.length - 1];
  return { rows: page, next: more && last ? { time: last.time, id: last.id } : null };
}

export function logsEvent(db: Database, id: string): LogRow {
  const row = db.prepare(`SELECT ${EVENT_COLUMNS} FROM access_events WHERE id = ?`).get(id) as
    EventRow | undefined;
  if (!row) throw new AppError('E_NOT_FOUND', 'This event is not in the cache (it may have been purged).');
  return toLogRow(row);
}
