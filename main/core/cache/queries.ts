// Read queries over the cache (run in the worker).
import type { Database } from 'better-sqlite3-multiple-ciphers';
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
import { N_PER_MS } from './events';
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

export interface LogsPageQuery {
  filter: LogsFilter;
  order?: SortOrder | undefined;
  after?: LogsCursor | undefined;
  limit: number;
}

/** WHERE clause (without the keyword, '1' when empty) and its parameters for a filter. */
export function filterSql(
  f: LogsFilter,
  opts: { withText?: boolean; ipByTime?: boolean } = {},
): { where: string; params: (string | number)[] } {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (f.from !== undefined) {
    where.push('time_ms >= ?');
    params.push(timeToMs(f.from));
  }
  if (f.to !== undefined) {
    where.push('time_ms < ?');
    params.push(timeToMs(f.to));
  }
  if (f.subjectId !== undefined) {
    where.push('subject_id = ?');
    params.push(f.subjectId);
  }
  if (f.user !== undefined) {
    where.push('username = ?');
    params.push(f.user);
  }
  if (f.decision !== undefined) {
    where.push('decision = ?');
    params.push(f.decision);
  }
  if (f.app !== undefined) {
    where.push('app = ?');
    params.push(f.app);
  }
  if (f.device !== undefined) {
    where.push('device_name = ?');
    params.push(f.device);
  }
  if (f.os !== undefined) {
    where.push('os_version = ?');
    params.push(f.os);
  }
  if (f.ip !== undefined) {
    const parsed = parseIpFilter(f.ip);
    if (!parsed.ok) throw new AppError('E_VALIDATION', parsed.message);
    const r = parsed.range;
    // `+col` keeps SQLite off the IP index when the range is broad (then walking the time
    // index and testing each row beats sorting every match).
    const plus = opts.ipByTime ? '+' : '';
    where.push(r.family === 4 ? `${plus}ip4 BETWEEN ? AND ?` : `${plus}ip6 BETWEEN ? AND ?`);
    params.push(r.lo, r.hi);
  }
  if (f.text !== undefined && opts.withText !== false) {
    where.push('n IN (SELECT rowid FROM access_events_fts WHERE access_events_fts MATCH ?)');
    params.push(f.text);
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

/**
 * Keyset page over access events in time order (desc: newest first, the default; asc: oldest
 * first), ties broken by id. `from` is inclusive and `to` exclusive.
 */
export function logsPage(db: Database, q: LogsPageQuery): LogsPage {
  if (q.filter.text !== undefined) return withFts(q.filter, () => ftsPage(db, q));
  const { where, params } = filterSql(q.filter, { ipByTime: broadIpRange(db, q.filter) });
  const asc = q.order === 'asc';
  let keyset = '';
  if (q.after !== undefined) {
    keyset = asc ? ' AND (time_ms, id) > (?, ?)' : ' AND (time_ms, id) < (?, ?)';
    params.push(timeToMs(q.after.time), q.after.id);
  }
  const limit = Math.max(1, Math.min(1000, Math.trunc(q.limit)));
  const dir = asc ? 'ASC' : 'DESC';
  const sql = `SELECT ${EVENT_COLUMNS} FROM access_events WHERE ${where}${keyset} ORDER BY time_ms ${dir}, id ${dir} LIMIT ?`;
  const rows = withFts(q.filter, () => db.prepare(sql).all(...params, limit + 1) as EventRow[]);
  const more = rows.length > limit;
  const page = (more ? rows.slice(0, limit) : rows).map(toLogRow);
  const last = page[page.length - 1];
  return { rows: page, next: more && last ? { time: last.time, id: last.id } : null };
}

/** Does the IP filter match many rows (≥ 2000)? Probed on the IP index, which stops early. */
function broadIpRange(db: Database, f: LogsFilter): boolean {
  if (f.ip === undefined) return false;
  const parsed = parseIpFilter(f.ip);
  if (!parsed.ok) return false;
  const r = parsed.range;
  const col = r.family === 4 ? 'ip4' : 'ip6';
  const n = db
    .prepare(`SELECT count(*) FROM (SELECT 1 FROM access_events WHERE ${col} BETWEEN ? AND ? LIMIT 2000)`)
    .pluck()
    .get(r.lo, r.hi) as number;
  return n >= 2000;
}

const byTimeId = (asc: boolean) => (a: EventRow, b: EventRow) => {
  const c = a.time_ms - b.time_ms || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return asc ? c : -c;
};

/**
 * A search page. The FTS5 doclist is walked in rowid order, which is time order (rowid =
 * time_ms * N_PER_MS + counter), so the first hits come without sorting every match. Ties
 * inside one millisecond are ordered by id like every other page: the rows of the boundary
 * millisecond (and of the cursor's millisecond) are read in full and sorted here.
 */
function ftsPage(db: Database, q: LogsPageQuery): LogsPage {
  const text = q.filter.text!;
  const { where, params } = filterSql(q.filter, { withText: false });
  const asc = q.order === 'asc';
  const limit = Math.max(1, Math.min(1000, Math.trunc(q.limit)));
  const K = N_PER_MS;
  const group = (timeMs: number, afterId: string | null) =>
    db
      .prepare(
        `SELECT ${EVENT_COLUMNS} FROM access_events
          WHERE n IN (SELECT rowid FROM access_events_fts WHERE access_events_fts MATCH ? AND rowid >= ? * ${K} AND rowid < (? + 1) * ${K})
            AND ${where}${afterId === null ? '' : asc ? ' AND id > ?' : ' AND id < ?'}`,
      )
      .all(text, timeMs, timeMs, ...params, ...(afterId === null ? [] : [afterId])) as EventRow[];
  const cursorMs = q.after ? timeToMs(q.after.time) : null;
  const bound =
    cursorMs === null ? '' : asc ? ` AND rowid >= (${'?'} + 1) * ${K}` : ` AND rowid < ${'?'} * ${K}`;
  const main = db
    .prepare(
      `SELECT ${EVENT_COLUMNS} FROM
         (SELECT rowid AS fr FROM access_events_fts WHERE access_events_fts MATCH ?${bound})
         CROSS JOIN access_events ON n = fr
        WHERE ${where} ORDER BY fr ${asc ? 'ASC' : 'DESC'} LIMIT ?`,
    )
    .all(text, ...(cursorMs === null ? [] : [cursorMs]), ...params, limit + 1) as EventRow[];
  const rows = new Map<string, EventRow>();
  if (cursorMs !== null) for (const r of group(cursorMs, q.after!.id)) rows.set(r.id, r);
  for (const r of main) rows.set(r.id, r);
  const last = main[main.length - 1];
  if (main.length > limit && last) for (const r of group(last.time_ms, null)) rows.set(r.id, r);
  const sorted = [...rows.values()].sort(byTimeId(asc));
  const more = sorted.length > limit;
  const page = (more ? sorted.slice(0, limit) : sorted).map(toLogRow);
  const end = page[page.length - 1];
  return { rows: page, next: more && end ? { time: end.time, id: end.id } : null };
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
          `SELECT time_ms / ${HOUR_MS} AS hour, sum(decision = 'allow') AS allow, sum(decision = 'deny') AS deny
             FROM access_events WHERE time_ms >= ? AND time_ms < ? GROUP BY 1`,
        )
        .all(lo, hi) as { hour: number; allow: number; deny: number }[]),
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
  const rolled = fromRollup(db, filter);
  if (rolled) {
    const n = rolled.reduce((s, r) => s + r.allow + r.deny, 0);
    return n > LOGS_COUNT_CAP ? { count: LOGS_COUNT_CAP, capped: true } : { count: n, capped: false };
  }
  const { where, params } = filterSql(filter);
  const n = withFts(
    filter,
    () =>
      db
        .prepare(`SELECT count(*) FROM (SELECT 1 FROM access_events WHERE ${where} LIMIT ?)`)
        .pluck()
        .get(...params, LOGS_COUNT_CAP + 1) as number,
  );
  return n > LOGS_COUNT_CAP ? { count: LOGS_COUNT_CAP, capped: true } : { count: n, capped: false };
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
  const { where, params } = filterSql(filter);
  const rows = withFts(
    filter,
    () =>
      db
        .prepare(
          `SELECT (time_ms / ${size}) AS b, sum(decision = 'allow') AS allow, sum(decision = 'deny') AS deny
             FROM access_events WHERE ${where} GROUP BY b ORDER BY b`,
        )
        .all(...params) as { b: number; allow: number; deny: number }[],
  );
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
  };
}
