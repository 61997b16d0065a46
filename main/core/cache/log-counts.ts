// Counts and the histogram of the access events a logs filter admits: from the hourly rollup when
// the filter is a time range and a decision only, otherwise over the matching rows.
import type { Database } from 'better-sqlite3-multiple-ciphers';
import {
  LOGS_COUNT_CAP,
  type HistogramBucketSize,
  type LogsCount,
  type LogsFilter,
  type LogsHistogram,
} from '../../../shared/contract-logs';
import { rowidAt } from './events';
import { matchingContexts, rowsWhere } from './log-filter';
import { timeToMs } from './store';

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
