// Read queries over the cache (run in the worker).
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { cheapestPlan, type PagePlan } from './page-plan';
import { cached } from './statements';
import {
  flagOf,
  FTS_SYNTAX_HELP,
  LOGS_COUNT_CAP,
  type CacheStats,
  type HistogramBucketSize,
  type LogRow,
  type LogsCount,
  type LogsCursor,
  type LogsFilter,
  type LogsHistogram,
  type LogsPage,
  type SortOrder,
} from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { parseIpFilter } from '../../../shared/ipnet';
import { N_PER_MS_BIG, rowidAt } from './events';
import { flagKindsOf } from './flags';
import type { AccessEvent } from '../../../shared/domain';
import { STREAMS } from '../../../shared/protocol';
import { schemaVersion } from './migrations';
import { timeToMs, type CacheStore } from './store';

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
  return { ...toEvent(r), flags: flagKindsOf(r.flags).map(flagOf) };
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

/** SQL and parameters (BigInt for rowids: they exceed 2^53). */
type Param = string | number | bigint;

/**
 * The filter's context-level predicates (who, where from, what device/OS/app, the text search)
 * as a WHERE over event_contexts, or null when the filter has none.
 */
function contextWhere(f: LogsFilter): { where: string; params: Param[] } | null {
  const where: string[] = [];
  const params: Param[] = [];
  const eq = (col: string, v: string | undefined) => {
    if (v === undefined) return;
    where.push(`${col} = ?`);
    params.push(v);
  };
  eq('subject_id', f.subjectId);
  eq('username', f.user);
  eq('app', f.app);
  eq('device_name', f.device);
  eq('os_version', f.os);
  if (f.ip !== undefined) {
    const parsed = parseIpFilter(f.ip);
    if (!parsed.ok) throw new AppError('E_VALIDATION', parsed.message);
    const r = parsed.range;
    where.push(r.family === 4 ? 'ip4 BETWEEN ? AND ?' : 'ip6 BETWEEN ? AND ?');
    params.push(r.lo, r.hi);
  }
  if (f.text !== undefined) {
    where.push('k IN (SELECT rowid FROM event_contexts_fts WHERE event_contexts_fts MATCH ?)');
    params.push(f.text);
  }
  return where.length ? { where: where.join(' AND '), params } : null;
}

/** Live events of a context by decision. */
const EVENTS_OF = { any: 'events', deny: 'denies', allow: 'events - denies' } as const;

/** A context a filter admits, with how many live events of it the filter's decision admits. */
interface MatchedContext {
  k: number;
  events: number;
}

/** The contexts a filter admits (with their live event counts), or null when it admits all. */
function matchingContexts(db: Database, f: LogsFilter): MatchedContext[] | null {
  const c = contextWhere(f);
  if (!c) return null;
  return withFts(
    f,
    () =>
      cached(
        db,
        `SELECT k, ${EVENTS_OF[f.decision ?? 'any']} AS events FROM event_contexts WHERE ${c.where} AND ${EVENTS_OF[f.decision ?? 'any']} > 0`,
      ).all(...c.params) as MatchedContext[],
  );
}

/** The filter's event-level predicates: the time range (a rowid range) and the decision. */
function eventWhere(f: LogsFilter): { where: string[]; params: Param[] } {
  const where: string[] = [];
  const params: Param[] = [];
  if (f.from !== undefined) {
    where.push('n >= ?');
    params.push(rowidAt(timeToMs(f.from)));
  }
  if (f.to !== undefined) {
    where.push('n < ?');
    params.push(rowidAt(timeToMs(f.to)));
  }
  if (f.decision !== undefined) {
    where.push('decision = ?');
    params.push(f.decision);
  }
  return { where, params };
}

/** A set of context keys as one parameter (for `IN (SELECT value FROM json_each(?))`). */
const keySet = (ctxs: readonly { k: number }[]) => JSON.stringify(ctxs.map((c) => c.k));

/** WHERE (without the keyword) over access_event_rows for a filter whose contexts are resolved. */
function rowsWhere(
  f: LogsFilter,
  ctxs: readonly { k: number }[] | null,
  extra: { where: string[]; params: Param[] } = { where: [], params: [] },
): { where: string; params: Param[] } {
  const ev = eventWhere(f);
  const where = [...ev.where, ...extra.where];
  const params = [...ev.params, ...extra.params];
  if (ctxs) {
    where.push('ctx IN (SELECT value FROM json_each(?))');
    params.push(keySet(ctxs));
  }
  return { where: where.length ? where.join(' AND ') : '1', params };
}

/** Runs a query that may carry an FTS5 expression; syntax errors become a readable E_VALIDATION. */
export function withFts<T>(f: LogsFilter, run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (
      f.text !== undefined &&
      err instanceof Error &&
      /fts5|unterminated|no such column/i.test(err.message)
    ) {
      throw new AppError(
        'E_VALIDATION',
        `The search "${f.text.slice(0, 80)}" is not valid search syntax (${err.message.replace(/^fts5: /, '')}). ${FTS_SYNTAX_HELP}`,
      );
    }
    throw err;
  }
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

const HOUR_MS = 3_600_000;

/**
 * Filters of time range and decision only are answered from the hourly rollup (whole hours)
 * plus the events of the partial hours at either edge. Returns null for other filters.
 */
function fromRollup(db: Database, f: LogsFilter): { hour: number; allow: number; deny: number }[] | null {
  const keys = Object.keys(f).filter((k) => f[k as keyof LogsFilter] !== undefined);
  if (!keys.every((k) => k === 'from' || k === 'to' || k === 'decision')) return null;
  const fromMs = f.from !== undefined ? timeToMs(f.from) : null;
  const toMs = f.to !== undefined ? timeToMs(f.to) : null;
  if ((fromMs !== null && fromMs < 0) || (toMs !== null && toMs < 0)) return null;
  const h0 = fromMs === null ? null : Math.ceil(fromMs / HOUR_MS);
  const h1 = toMs === null ? null : Math.floor(toMs / HOUR_MS);
  const out: { hour: number; allow: number; deny: number }[] = [];
  const whole: string[] = [];
  const wp: number[] = [];
  if (h0 !== null) {
    whole.push('hour >= ?');
    wp.push(h0);
  }
  if (h1 !== null) {
    whole.push('hour < ?');
    wp.push(h1);
  }
  out.push(
    ...(db
      .prepare(
        `SELECT hour, allow, deny FROM event_hours WHERE (allow > 0 OR deny > 0)${whole.map((w) => ` AND ${w}`).join('')}`,
      )
      .all(...wp) as { hour: number; allow: number; deny: number }[]),
  );
  const edge = (lo: number, hi: number) => {
    if (hi <= lo) return;
    out.push(
      ...(db
        .prepare(
          `SELECT (n >> 16) / ${HOUR_MS} AS hour, sum(decision = 'allow') AS allow, sum(decision = 'deny') AS deny
             FROM access_event_rows WHERE n >= ? AND n < ? GROUP BY 1`,
        )
        .all(rowidAt(lo), rowidAt(hi)) as { hour: number; allow: number; deny: number }[]),
    );
  };
  if (h0 !== null && fromMs !== null)
    edge(fromMs, h1 !== null && toMs !== null ? Math.min(h0 * HOUR_MS, toMs) : h0 * HOUR_MS);
  if (h1 !== null && toMs !== null && (h0 === null || h1 >= h0))
    edge(Math.max(h1 * HOUR_MS, fromMs ?? -Infinity), toMs);
  if (f.decision === 'allow') for (const r of out) r.deny = 0;
  if (f.decision === 'deny') for (const r of out) r.allow = 0;
  return out;
}

export function logsCount(db: Database, filter: LogsFilter): LogsCount {
  const capped = (n: number): LogsCount =>
    n > LOGS_COUNT_CAP ? { count: LOGS_COUNT_CAP, capped: true } : { count: n, capped: false };
  const rolled = fromRollup(db, filter);
  if (rolled) return capped(rolled.reduce((s, r) => s + r.allow + r.deny, 0));
  const ctxs = matchingContexts(db, filter);
  if (ctxs && ctxs.length === 0) return capped(0);
  // No time range: the contexts' live counts (per decision) are exact.
  if (ctxs && filter.from === undefined && filter.to === undefined)
    return capped(ctxs.reduce((s, c) => s + c.events, 0));
  const { where, params } = rowsWhere(filter, ctxs);
  return capped(
    db
      .prepare(`SELECT count(*) FROM (SELECT 1 FROM access_event_rows WHERE ${where} LIMIT ?)`)
      .pluck()
      .get(...params, LOGS_COUNT_CAP + 1) as number,
  );
}

const BUCKET_MS: Record<HistogramBucketSize, number> = { hour: 3_600_000, day: 86_400_000 };

export function logsHistogram(db: Database, filter: LogsFilter, bucket: HistogramBucketSize): LogsHistogram {
  const size = BUCKET_MS[bucket];
  const rolled = fromRollup(db, filter);
  if (rolled) {
    const per = size / HOUR_MS;
    const acc = new Map<number, { allow: number; deny: number }>();
    for (const r of rolled) {
      if (r.allow === 0 && r.deny === 0) continue;
      const b = Math.floor(r.hour / per);
      const cur = acc.get(b) ?? { allow: 0, deny: 0 };
      cur.allow += r.allow;
      cur.deny += r.deny;
      acc.set(b, cur);
    }
    return {
      bucket,
      buckets: [...acc.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([b, c]) => ({ start: new Date(b * size).toISOString(), allow: c.allow, deny: c.deny })),
    };
  }
  const ctxs = matchingContexts(db, filter);
  if (ctxs && ctxs.length === 0) return { bucket, buckets: [] };
  const { where, params } = rowsWhere(filter, ctxs);
  const rows = db
    .prepare(
      `SELECT ((n >> 16) / ${size}) AS b, sum(decision = 'allow') AS allow, sum(decision = 'deny') AS deny
         FROM access_event_rows WHERE ${where} GROUP BY b ORDER BY b`,
    )
    .all(...params) as { b: number; allow: number; deny: number }[];
  return {
    bucket,
    buckets: rows.map((r) => ({ start: new Date(r.b * size).toISOString(), allow: r.allow, deny: r.deny })),
  };
}

export function logsEvent(db: Database, id: string): LogRow {
  const row = db.prepare(`SELECT ${EVENT_COLUMNS} FROM access_events WHERE id = ?`).get(id) as
    EventRow | undefined;
  if (!row) throw new AppError('E_NOT_FOUND', 'This event is not in the cache (it may have been purged).');
  return toLogRow(row);
}

export function cacheStats(store: CacheStore): CacheStats {
  return {
    schemaVersion: schemaVersion(store.db),
    streams: STREAMS.map((stream) => {
      const state = store.getState(stream);
      return {
        stream,
        count: store.count(stream),
        cursor: state.cursor,
        epoch: state.epoch,
        lastSyncedAt: state.lastSyncedAt,
      };
    }),
    pendingActions: store.pendingActions(),
    setAsideCount: store.setAsideCount(),
    setAside: store.setAsideItems(100),
    casework: { lateRefusals: store.lateRefusals() },
  };
}
