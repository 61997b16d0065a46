// Writer of the access_events mirror. Two modes:
//  - incremental: upsert with the unique id index, FTS5 kept by triggers, flags per new event;
//  - bulk (a bootstrap: empty table, cursor 0): secondary indexes and FTS triggers are dropped,
//    rows go in with a plain prepared INSERT, and `finishBulk` builds indexes + FTS once.
// A crash in bulk mode leaves the `events.bulk` marker; opening the store finishes the build.
import type { Database, Statement } from 'better-sqlite3-multiple-ciphers';
import type { AccessEvent } from '../../../shared/domain';
import { ipKey } from '../../../shared/ipnet';
import { EVENT_FTS_TRIGGERS, EVENT_HOURS_TRIGGERS, EVENT_INDEXES } from './migrations';

const TRIGGERS = [...EVENT_FTS_TRIGGERS, ...EVENT_HOURS_TRIGGERS];
import { FlagComputer } from './flags';

const BULK_MARKER = 'events.bulk';

const COLS =
  'id, time_ms, subject_id, username, ip, ip4, ip6, device_id, device_name, os_version, app, decision, reason, seq, flags';
/**
 * The rowid `n` is time-ordered: time_ms * 2^16 + a counter within the millisecond (the FTS5
 * search walks its doclist in rowid order, i.e. time order, and stops after a page).
 */
export const N_PER_MS = 65536;
const INSERT = `INSERT INTO access_events (n, ${COLS}) VALUES (
  coalesce((SELECT max(n) + 1 FROM access_events WHERE n >= ? * ${N_PER_MS} AND n < (? + 1) * ${N_PER_MS}), ? * ${N_PER_MS}),
  ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const UPDATE = `UPDATE access_events SET time_ms=?, subject_id=?, username=?, ip=?, ip4=?, ip6=?, device_id=?,
  device_name=?, os_version=?, app=?, decision=?, reason=?, seq=? WHERE id=?`;

export class EventWriter {
  readonly flags: FlagComputer;
  private bulk = false;
  private bulkIds = new Set<string>();
  /** Items met during a bulk run that need the id index (duplicates, deletes), applied after it. */
  private deferred: ({ op: 'upsert'; e: AccessEvent; seq: number } | { op: 'delete'; id: string })[] = [];
  private insertStmt: Statement<unknown[]> | null = null;
  private incr: {
    exists: Statement<unknown[]>;
    update: Statement<unknown[]>;
    del: Statement<unknown[]>;
  } | null = null;

  constructor(private readonly db: Database) {
    this.flags = new FlagComputer(db);
    const marker = db.prepare('SELECT value FROM settings WHERE key = ?').get(BULK_MARKER) as
      { value: string } | undefined;
    if (marker) this.finishBulk();
  }

  isBulk(): boolean {
    return this.bulk;
  }

  private insert(): Statement<unknown[]> {
    return (this.insertStmt ??= this.db.prepare(INSERT));
  }

  private incremental() {
    return (this.incr ??= {
      exists: this.db.prepare('SELECT time_ms, flags FROM access_events WHERE id = ?'),
      update: this.db.prepare(UPDATE),
      del: this.db.prepare('DELETE FROM access_events WHERE id = ?'),
    });
  }

  private row(e: AccessEvent, seq: number, timeMs: number): unknown[] {
    const k = ipKey(e.ip);
    return [
      timeMs,
      e.subjectId,
      e.username,
      e.ip,
      k.ip4,
      k.ip6,
      e.deviceId,
      e.deviceName,
      e.osVersion,
      e.app,
      e.decision,
      e.reason,
      seq,
    ];
  }

  private insertNew(e: AccessEvent, seq: number, keepBits?: number): void {
    const timeMs = Date.parse(e.time);
    const bits =
      keepBits ??
      this.flags.flagsOf({
        subjectId: e.subjectId,
        timeMs,
        ip: e.ip,
        deviceId: e.deviceId,
        decision: e.decision,
      });
    this.insert().run(timeMs, timeMs, timeMs, e.id, ...this.row(e, seq, timeMs), bits);
  }

  upsert(e: AccessEvent, seq: number): void {
    if (this.bulk) {
      if (this.bulkIds.has(e.id)) {
        this.deferred.push({ op: 'upsert', e, seq });
        return;
      }
      this.bulkIds.add(e.id);
      this.insertNew(e, seq);
      return;
    }
    const s = this.incremental();
    const old = s.exists.get(e.id) as { time_ms: number; flags: number } | undefined;
    const timeMs = Date.parse(e.time);
    if (old === undefined) this.insertNew(e, seq);
    else if (old.time_ms !== timeMs) {
      // The rowid follows the time: move the row (flags stay as first computed).
      s.del.run(e.id);
      this.insertNew(e, seq, old.flags);
    } else s.update.run(...this.row(e, seq, timeMs), e.id); // flags stay as first computed
  }

  delete(id: string): void {
    if (this.bulk) this.deferred.push({ op: 'delete', id });
    else this.incremental().del.run(id);
  }

  /** Empties the mirror, its FTS and the flag state (stream reset). */
  clear(): void {
    this.db
      .exec(`DELETE FROM access_events; INSERT INTO access_events_fts(access_events_fts) VALUES('delete-all');
      DELETE FROM flag_state;`);
    this.flags.reset();
  }

  /** Drops secondary indexes and FTS triggers for a bootstrap into an empty table. */
  beginBulk(): void {
    if (this.bulk) return;
    this.db.transaction(() => {
      for (const i of EVENT_INDEXES) this.db.exec(`DROP INDEX IF EXISTS ${i.name}`);
      for (const t of TRIGGERS) this.db.exec(`DROP TRIGGER IF EXISTS ${t.name}`);
      this.db
        .prepare(
          'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value',
        )
        .run(BULK_MARKER, '1');
    })();
    // A big page cache and in-memory, multi-threaded sorts for the one-off index build.
    this.db.exec('PRAGMA cache_size = -131072; PRAGMA temp_store = MEMORY; PRAGMA threads = 2;');
    this.insertStmt = null;
    this.incr = null;
    this.bulk = true;
    this.bulkIds = new Set();
    this.deferred = [];
  }

  /** Builds the indexes and the FTS index once, restores the triggers, applies deferred items. */
  finishBulk(): void {
    const existing = new Set(
      this.db
        .prepare("SELECT name FROM sqlite_master WHERE type IN ('index', 'trigger')")
        .pluck()
        .all() as string[],
    );
    this.insertStmt = null;
    this.incr = null;
    this.db.transaction(() => {
      for (const i of EVENT_INDEXES) if (!existing.has(i.name)) this.db.exec(i.sql);
      this.db.exec("INSERT INTO access_events_fts(access_events_fts) VALUES('rebuild')");
      this.db.exec(`DELETE FROM event_hours;
        INSERT INTO event_hours (hour, allow, deny)
        SELECT time_ms / 3600000, sum(decision = 'allow'), sum(decision = 'deny') FROM access_events GROUP BY 1;`);
      for (const t of TRIGGERS) if (!existing.has(t.name)) this.db.exec(t.sql);
      this.db.prepare('DELETE FROM settings WHERE key = ?').run(BULK_MARKER);
      this.bulk = false;
      for (const d of this.deferred) {
        if (d.op === 'upsert') this.upsert(d.e, d.seq);
        else this.delete(d.id);
      }
      this.flags.flush();
    })();
    this.deferred = [];
    this.bulkIds = new Set();
    this.db.exec('PRAGMA analysis_limit = 1000; ANALYZE access_events; PRAGMA cache_size = -16384;');
  }
}
