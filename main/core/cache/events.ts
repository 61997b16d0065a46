// Writer of the access-events mirror (schema v5: `access_event_rows` facts + `event_contexts`).
// Two modes:
//  - incremental: upsert through the unique id index; triggers keep the hourly rollup and the
//    contexts' event counts; flags are computed per new event;
//  - bulk (a bootstrap: empty table, cursor 0): the two secondary indexes and the triggers are
//    dropped, rows go in many per INSERT, and `finishBulk` builds the indexes (keeping the newest
//    copy of an event that came twice), writes the rollup and counts and applies tombstones.
//    The journal stays WAL throughout, so the read worker keeps paging meanwhile.
// Pages arrive columnar (shared/protocol EventColumns): each page context is resolved once.
// A crash in bulk mode leaves the `events.bulk` marker; opening the store finishes the build.
import type { Database, Statement } from 'better-sqlite3-multiple-ciphers';
import type { AccessDecision } from '../../../shared/domain';
import type { EventColumns, EventContextWire } from '../../../shared/protocol';
import { EventContexts } from './event-contexts';
import { FlagComputer } from './flags';
import { CACHE_SIZE_PRAGMA } from './open';
import { EVENT_DERIVED_REBUILD_SQL, EVENT_INDEXES, EVENT_TRIGGERS } from './migrations/event-schema';

const BULK_MARKER = 'events.bulk';
/** SQLite's default: a checkpoint once the log holds this many pages (4 MB at 4 KiB pages). */
const WAL_AUTOCHECKPOINT_PAGES = 1000;
/** During a bootstrap: one checkpoint per 64 MB of log. */
const BULK_WAL_AUTOCHECKPOINT_PAGES = 16384;

/**
 * The rowid `n` is time-ordered: time_ms * 2^16 + a counter within the millisecond, so a time
 * range is a rowid range and "newest first" is a rowid walk. (n exceeds 2^53: it is computed in
 * SQL and read back only as a BigInt.)
 */
export const N_PER_MS = 65536;
export const N_PER_MS_BIG = 65536n;

/** The first rowid of a millisecond, as a BigInt (exact) for binding. */
export function rowidAt(timeMs: number): bigint {
  return BigInt(Math.trunc(timeMs)) * N_PER_MS_BIG;
}

const INSERT = `INSERT INTO access_event_rows (n, id, ctx, decision, reason, seq, flags) VALUES (
  coalesce((SELECT max(n) + 1 FROM access_event_rows WHERE n >= ? AND n < ? + ${N_PER_MS}), ?),
  ?, ?, ?, ?, ?, ?)`;
/** Rows per statement of the bulk path (7 parameters each, well under SQLite's limit). */
const BULK_ROWS = 64;
const BULK_INSERT = `INSERT INTO access_event_rows (n, id, ctx, decision, reason, seq, flags) VALUES ${Array.from(
  { length: BULK_ROWS },
  () => '(?, ?, ?, ?, ?, ?, ?)',
).join(', ')}`;
const UPDATE = 'UPDATE access_event_rows SET ctx = ?, decision = ?, reason = ?, seq = ? WHERE id = ?';

/** One event as the writer takes it: its context as on the wire, resolved to a key once per page. */
interface EventRow {
  id: string;
  timeMs: number;
  context: EventContextWire;
  ctx: number;
  decision: AccessDecision;
  reason: string | null;
}

export class EventWriter {
  readonly flags: FlagComputer;
  private bulk = false;
  private readonly contexts: EventContexts;
  private insertStmt: Statement<unknown[]> | null = null;
  /**
   * Bulk path: rows in time order get their rowid here (no lookup) and go in BULK_ROWS per
   * statement. `lastMs`/`lastCount` are the newest millisecond inserted and its row count; an
   * older event (out of order) flushes the buffer and takes the looked-up path.
   */
  private bulkStmt: Statement<unknown[]> | null = null;
  private bulkBuffer: unknown[] = [];
  private lastMs = -Infinity;
  private lastCount = 0;
  /**
   * What the dropped triggers would maintain, counted while bulk rows go in: allow/deny per hour
   * and events/denies/flagged per context. Null when it cannot be trusted (a page rolled back, or a build
   * resumed after a crash): `finishBulk` then recomputes it from the rows in SQL.
   */
  private derived: {
    hours: Map<number, [number, number]>;
    contexts: Map<number, [events: number, denies: number, flagged: number]>;
  } | null = null;
  private incr: {
    exists: Statement<unknown[]>;
    update: Statement<unknown[]>;
    del: Statement<unknown[]>;
  } | null = null;
  /** Set by incremental deletes and changed events: a context may have lost its last event. */
  private contextsMayBeUnused = false;

  constructor(private readonly db: Database) {
    this.flags = new FlagComputer(db);
    this.contexts = new EventContexts(db);
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
      exists: this.db.prepare('SELECT n >> 16 AS time_ms, flags FROM access_event_rows WHERE id = ?'),
      update: this.db.prepare(UPDATE),
      del: this.db.prepare('DELETE FROM access_event_rows WHERE id = ?'),
    });
  }

  /**
   * Applies a validated columnar page (call inside the page's transaction): each of the page's
   * contexts is resolved to its key once, then every item is a few array reads.
   */
  applyColumns(c: EventColumns): void {
    const keys: (number | undefined)[] = new Array<number | undefined>(c.contexts.length);
    for (let i = 0; i < c.seq.length; i++) {
      const j = c.ctx[i];
      if (j === null || j === undefined) {
        this.delete(c.id[i]!);
        continue;
      }
      const context = c.contexts[j]!;
      const row: EventRow = {
        id: c.id[i]!,
        timeMs: c.time[i]!,
        context,
        ctx: (keys[j] ??= this.contexts.keyOf(context)),
        decision: c.decision[i]!,
        reason: c.reason[i] ?? null,
      };
      this.upsert(row, c.seq[i]!);
    }
    this.flushBulkRows();
  }

  private insertNew(e: EventRow, seq: number, keepBits?: number): void {
    const { timeMs, ctx } = e;
    const bits =
      keepBits ??
      this.flags.flagsOf(
        { subjectId: e.context[0], ip: e.context[2], deviceId: e.context[3], decision: e.decision },
        timeMs,
      );
    if (this.bulk && this.derived) {
      const deny = e.decision === 'deny' ? 1 : 0;
      const hour = Math.floor(timeMs / 3_600_000);
      const h = this.derived.hours.get(hour);
      if (h) h[deny]++;
      else this.derived.hours.set(hour, deny ? [0, 1] : [1, 0]);
      const flagged = bits !== 0 ? 1 : 0;
      const counts = this.derived.contexts.get(ctx);
      if (counts) {
        counts[0]++;
        counts[1] += deny;
        counts[2] += flagged;
      } else this.derived.contexts.set(ctx, [1, deny, flagged]);
    }
    if (this.bulk && timeMs >= this.lastMs) {
      if (timeMs > this.lastMs) {
        this.lastMs = timeMs;
        this.lastCount = 0;
      }
      const n = rowidAt(timeMs) + BigInt(this.lastCount++);
      this.bulkBuffer.push(n, e.id, ctx, e.decision, e.reason, seq, bits);
      if (this.bulkBuffer.length === BULK_ROWS * 7) this.flushBulkRows();
      return;
    }
    this.flushBulkRows(); // the lookup below must see every buffered row
    const n0 = rowidAt(timeMs);
    this.insert().run(n0, n0, n0, e.id, ctx, e.decision, e.reason, seq, bits);
  }

  /** Writes the rollup and the context counts counted during a bulk run (the table started empty). */
  private writeDerived(d: NonNullable<EventWriter['derived']>): void {
    this.db.exec('DELETE FROM event_hours');
    const hour = this.db.prepare('INSERT INTO event_hours (hour, allow, deny) VALUES (?, ?, ?)');
    for (const [h, [allow, deny]] of d.hours) hour.run(h, allow, deny);
    const ctx = this.db.prepare('UPDATE event_contexts SET events = ?, denies = ?, flagged = ? WHERE k = ?');
    this.db.exec('UPDATE event_contexts SET events = 0, denies = 0, flagged = 0');
    for (const [k, [events, denies, flagged]] of d.contexts) ctx.run(events, denies, flagged, k);
  }

  /** Writes buffered bulk rows (`applyColumns` ends with it, inside the page's transaction). */
  private flushBulkRows(): void {
    const buf = this.bulkBuffer;
    if (buf.length === 0) return;
    if (buf.length === BULK_ROWS * 7) (this.bulkStmt ??= this.db.prepare(BULK_INSERT)).run(...buf);
    else {
      const one = this.db.prepare(
        'INSERT INTO access_event_rows (n, id, ctx, decision, reason, seq, flags) VALUES (?, ?, ?, ?, ?, ?, ?)',
      );
      for (let i = 0; i < buf.length; i += 7) one.run(...buf.slice(i, i + 7));
    }
    this.bulkBuffer = [];
  }

  private upsert(e: EventRow, seq: number): void {
    // Bulk: no id index yet. An event changed during the bootstrap comes twice (at its old and
    // its new seq); `finishBulk` keeps the newest copy, with the flags of the first.
    if (this.bulk) {
      this.insertNew(e, seq);
      return;
    }
    const s = this.incremental();
    const old = s.exists.get(e.id) as { time_ms: number; flags: number } | undefined;
    if (old !== undefined) this.contextsMayBeUnused = true;
    if (old === undefined) this.insertNew(e, seq);
    else if (old.time_ms !== e.timeMs) {
      // The rowid follows the time: move the row (flags stay as first computed).
      s.del.run(e.id);
      this.insertNew(e, seq, old.flags);
    } else s.update.run(e.ctx, e.decision, e.reason, seq, e.id); // flags stay as first computed
  }

  private delete(id: string): void {
    // Bulk: noted durably (committed with the page and its cursor, so a crash cannot lose a
    // tombstone) and applied by `finishBulk` once the id index exists.
    if (this.bulk) this.db.prepare('INSERT OR IGNORE INTO event_bulk_deletes (id) VALUES (?)').run(id);
    else {
      this.incremental().del.run(id);
      this.contextsMayBeUnused = true;
    }
  }

  /**
   * Deletes contexts no event refers to any more (after deletes and purges), so a person's
   * username, IP and device leave the cache with their last event. Call inside a transaction.
   */
  dropUnusedContexts(): void {
    this.contextsMayBeUnused = false;
    this.contexts.dropUnused();
  }

  /** `dropUnusedContexts`, only when a delete or a changed event since the last one may need it. */
  dropContextsLeftUnused(): void {
    if (this.contextsMayBeUnused) this.dropUnusedContexts();
  }

  /** Forget cached state that a rolled-back transaction may have invalidated. */
  reset(): void {
    this.flags.reset();
    this.contexts.forget();
    this.bulkBuffer = []; // rolled back with the page (the counters may only leave gaps)
    this.derived = null; // counted rows were rolled back: recount from the table
  }

  /** Empties the mirror, its contexts (and their FTS), the rollup and the flag state (stream reset). */
  clear(): void {
    this.db.exec(`DELETE FROM access_event_rows; DELETE FROM event_contexts; DELETE FROM event_hours;
      DELETE FROM flag_state;`);
    this.reset();
  }

  /** Drops secondary indexes and triggers for a bootstrap into an empty table. */
  beginBulk(): void {
    if (this.bulk) return;
    this.db.transaction(() => {
      for (const i of EVENT_INDEXES) this.db.exec(`DROP INDEX IF EXISTS ${i.name}`);
      for (const t of EVENT_TRIGGERS) this.db.exec(`DROP TRIGGER IF EXISTS ${t.name}`);
      this.db
        .prepare(
          'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value',
        )
        .run(BULK_MARKER, '1');
    })();
    // A big page cache and in-memory, multi-threaded sorts for the one-off index build.
    this.db.exec('PRAGMA cache_size = -131072; PRAGMA temp_store = MEMORY; PRAGMA threads = 2;');
    // The journal stays WAL (a rollback journal, which would spare appended pages their second
    // write, locks readers out during commits and the index build: pages must not wait). Fewer,
    // larger checkpoints while the table grows: each one copies and syncs, so the default's one
    // per 4 MB of log made a million-event bootstrap pay ~40 of them.
    this.db.pragma(`wal_autocheckpoint = ${BULK_WAL_AUTOCHECKPOINT_PAGES}`);
    this.insertStmt = null;
    this.incr = null;
    this.bulk = true;
    this.bulkBuffer = [];
    this.bulkStmt = null;
    this.lastMs = -Infinity;
    this.lastCount = 0;
    this.derived = { hours: new Map(), contexts: new Map() };
  }

  /**
   * Keeps one row per id after a bulk run: the newest copy (highest seq), with the flags of the
   * first (as the incremental path would). Rare: only events changed during the bootstrap.
   * Returns whether any row was removed.
   */
  private dropBulkDuplicates(): boolean {
    const rows = this.db
      .prepare(
        `SELECT n, id, seq, flags FROM access_event_rows
          WHERE id IN (SELECT id FROM access_event_rows GROUP BY id HAVING count(*) > 1) ORDER BY id, seq`,
      )
      .safeIntegers()
      .all() as { n: bigint; id: string; seq: bigint; flags: bigint }[];
    const setFlags = this.db.prepare('UPDATE access_event_rows SET flags = ? WHERE n = ?');
    const del = this.db.prepare('DELETE FROM access_event_rows WHERE n = ?');
    for (let i = 0; i < rows.length;) {
      let j = i;
      while (j + 1 < rows.length && rows[j + 1]!.id === rows[i]!.id) j++;
      setFlags.run(rows[i]!.flags, rows[j]!.n);
      for (let k = i; k < j; k++) del.run(rows[k]!.n);
      i = j + 1;
    }
    return rows.length > 0;
  }

  /** Builds the indexes, recomputes rollup and counts, restores triggers, applies noted deletes. */
  finishBulk(): void {
    this.flushBulkRows();
    const existing = new Set(
      this.db
        .prepare("SELECT name FROM sqlite_master WHERE type IN ('index', 'trigger')")
        .pluck()
        .all() as string[],
    );
    this.insertStmt = null;
    this.incr = null;
    this.db.transaction(() => {
      for (const i of EVENT_INDEXES) {
        if (existing.has(i.name)) continue;
        try {
          this.db.exec(i.sql);
        } catch (err) {
          // The unique id index meets an event that came twice: keep its newest copy, recount.
          if ((err as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE' || !this.dropBulkDuplicates())
            throw err;
          this.derived = null;
          this.db.exec(i.sql);
        }
      }
      if (this.derived) this.writeDerived(this.derived);
      else this.db.exec(EVENT_DERIVED_REBUILD_SQL);
      for (const t of EVENT_TRIGGERS) if (!existing.has(t.name)) this.db.exec(t.sql);
      this.db.prepare('DELETE FROM settings WHERE key = ?').run(BULK_MARKER);
      this.bulk = false;
      this.db.exec(`DELETE FROM access_event_rows WHERE id IN (SELECT id FROM event_bulk_deletes);
        DELETE FROM event_bulk_deletes;`);
      this.dropUnusedContexts();
      this.flags.flush();
    })();
    this.derived = null;
    this.db.exec(
      `PRAGMA analysis_limit = 400; ANALYZE access_event_rows; ANALYZE event_contexts; PRAGMA cache_size = ${CACHE_SIZE_PRAGMA};`,
    );
    this.db.pragma(`wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
  }
}
