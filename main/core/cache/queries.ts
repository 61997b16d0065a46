// Read queries over the cache (run in the worker).
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { CacheStats, LogsCursor, LogsFilter, LogsPage } from '../../../shared/contract';
import type { AccessEvent } from '../../../shared/domain';
import { STREAMS } from '../../../shared/protocol';
import { schemaVersion } from './migrations';
import { timeToMs, type CacheStore } from './store';

interface EventRow {
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
}

function toEvent(r: EventRow): AccessEvent {
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

export interface LogsPageQuery {
  filter: LogsFilter;
  after?: LogsCursor | undefined;
  limit: number;
}

/**
 * Keyset page over access events, newest first: ORDER BY time_ms DESC, id DESC.
 * `from` is inclusive and `to` exclusive (a half-open range of instants).
 */
export function logsPage(db: Database, q: LogsPageQuery): LogsPage {
  const where: string[] = [];
  const params: (string | number)[] = [];
  const f = q.filter;
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
  if (f.decision !== undefined) {
    where.push('decision = ?');
    params.push(f.decision);
  }
  if (f.app !== undefined) {
    where.push('app = ?');
    params.push(f.app);
  }
  if (q.after !== undefined) {
    where.push('(time_ms, id) < (?, ?)');
    params.push(timeToMs(q.after.time), q.after.id);
  }
  const limit = Math.max(1, Math.min(1000, Math.trunc(q.limit)));
  const sql =
    'SELECT id, time_ms, subject_id, username, ip, device_id, device_name, os_version, app, decision, reason FROM access_events' +
    (where.length ? ` WHERE ${where.join(' AND ')}` : '') +
    ' ORDER BY time_ms DESC, id DESC LIMIT ?';
  const rows = db.prepare(sql).all(...params, limit + 1) as EventRow[];
  const more = rows.length > limit;
  const page = (more ? rows.slice(0, limit) : rows).map((r) => ({ ...toEvent(r), flags: [] }));
  const last = page[page.length - 1];
  return { rows: page, next: more && last ? { time: last.time, id: last.id } : null };
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
