// Prepared statements over the cache schema: mirror writers per stream, sync state, settings.
import type { Database, Statement } from 'better-sqlite3-multiple-ciphers';

type Stmt = Statement<unknown[]>;
import type { PrivacyRequest, RequestEvent, Subject } from '../../../shared/domain';
import {
  eventColumnsOf,
  STREAMS,
  type EventColumns,
  type PullPage,
  type StreamItem,
  type StreamName,
} from '../../../shared/protocol';
import { receiptOf } from '../../../shared/erasure';
import { EventWriter } from './events';
import { captureAnonymisedIdentifiers, captureRemovedDevices, queueSubjectPurge } from './purge';

export interface StreamState {
  stream: StreamName;
  cursor: number;
  epoch: string | null;
  lastSyncedAt: string | null;
}

/** Table of each stream (listed so no string ever reaches SQL unchecked). */
const TABLE: Record<StreamName, string> = {
  subjects: 'subjects',
  access_events: 'access_event_rows', // the fact table behind the access_events view
  requests: 'requests',
  request_events: 'request_events',
};

export function timeToMs(iso: string): number {
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) throw new Error(`Unparseable instant: ${iso}`);
  return ms;
}

/**
 * The worker's handle on the encrypted SQLite cache: stream writers, sync state and settings.
 * (Not the renderer's `CacheStore`, a zustand store of cache statistics.)
 */
export class CacheDatabase {
  private readonly upserts: {
    [S in Exclude<StreamName, 'access_events'>]: (
      data: Extract<StreamItem<S>, { op: 'upsert' }>['data'],
      seq: number,
    ) => void;
  };
  private readonly deletes: Record<StreamName, Stmt>;
  private readonly clears: Record<StreamName, Stmt>;
  private readonly counts: Record<StreamName, Stmt>;
  private readonly getStateStmt;
  private readonly putStateStmt;
  private readonly getSettingStmt;
  private readonly putSettingStmt;
  private readonly deleteSettingStmt;

  readonly events: EventWriter;

  constructor(readonly db: Database) {
    this.events = new EventWriter(db);
    const subject = db.prepare(
      `INSERT INTO subjects (id, username, email, display_name, data, seq) VALUES (@id, @username, @email, @displayName, @data, @seq)
       ON CONFLICT(id) DO UPDATE SET username=excluded.username, email=excluded.email, display_name=excluded.display_name,
         data=excluded.data, seq=excluded.seq`,
    );
    const request = db.prepare(
      `INSERT INTO requests (id, data, status, type, jurisdiction, subject_id, version, seq)
       VALUES (@id, @data, @status, @type, @jurisdiction, @subjectId, @version, @seq)
       ON CONFLICT(id) DO UPDATE SET data=excluded.data, status=excluded.status, type=excluded.type,
         jurisdiction=excluded.jurisdiction, subject_id=excluded.subject_id, version=excluded.version, seq=excluded.seq`,
    );
    const requestEvent = db.prepare(
      `INSERT INTO request_events (id, request_id, at, data, seq) VALUES (@id, @requestId, @at, @data, @seq)
       ON CONFLICT(id) DO UPDATE SET request_id=excluded.request_id, at=excluded.at, data=excluded.data, seq=excluded.seq`,
    );
    this.upserts = {
      subjects: (s: Subject, seq) =>
        subject.run({
          id: s.id,
          username: s.username,
          email: s.email,
          displayName: s.displayName,
          data: JSON.stringify(s),
          seq,
        }),
      requests: (r: PrivacyRequest, seq) =>
        request.run({
          id: r.id,
          data: JSON.stringify(r),
          status: r.status,
          type: r.type,
          jurisdiction: r.jurisdiction,
          subjectId: r.subjectId,
          version: r.version,
          seq,
        }),
      request_events: (e: RequestEvent, seq) =>
        requestEvent.run({ id: e.id, requestId: e.requestId, at: e.at, data: JSON.stringify(e), seq }),
    };
    const per = (sql: (table: string) => string) =>
      Object.fromEntries(STREAMS.map((s) => [s, db.prepare<unknown[]>(sql(TABLE[s]))])) as Record<
        StreamName,
        Stmt
      >;
    this.deletes = per((t) => `DELETE FROM ${t} WHERE id = ?`);
    this.clears = per((t) => `DELETE FROM ${t}`);
    this.counts = per((t) => `SELECT count(*) AS n FROM ${t}`);
    this.getStateStmt = db.prepare('SELECT cursor, epoch, last_synced_at FROM sync_state WHERE stream = ?');
    this.putStateStmt = db.prepare(
      `INSERT INTO sync_state (stream, cursor, epoch, last_synced_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(stream) DO UPDATE SET cursor=excluded.cursor, epoch=excluded.epoch, last_synced_at=excluded.last_synced_at`,
    );
    this.getSettingStmt = db.prepare('SELECT value FROM settings WHERE key = ?');
    this.putSettingStmt = db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value',
    );
    this.deleteSettingStmt = db.prepare('DELETE FROM settings WHERE key = ?');
  }

  /** Applies a validated pull page (call inside a transaction). */
  applyPage(page: PullPage<StreamName>): void {
    if ('events' in page) this.applyEventColumns(page.events);
    else this.applyItems(page.stream, page.items as readonly StreamItem<typeof page.stream>[]);
  }

  /** Applies a validated access_events page (call inside a transaction). */
  applyEventColumns(columns: EventColumns): void {
    this.events.applyColumns(columns);
    // A delete or a changed event may leave a context unused: its personal data goes too.
    if (!this.events.isBulk()) this.events.dropContextsLeftUnused();
    this.events.flags.flush();
  }

  /** Applies validated items (call inside a transaction). */
  applyItems<S extends StreamName>(stream: S, items: readonly StreamItem<S>[]): void {
    if (stream === 'access_events') {
      this.applyEventColumns(eventColumnsOf(items as readonly StreamItem<'access_events'>[]));
      return;
    }
    const upsert = this.upserts[stream as Exclude<StreamName, 'access_events'>] as (
      data: unknown,
      seq: number,
    ) => void;
    const del = this.deletes[stream];
    for (const item of items) {
      if (item.op === 'upsert') {
        // An anonymised profile: the identifiers it replaces are queued before they are lost.
        // Devices it removes: queued, or held until the run shows whether the person was erased.
        if (stream === 'subjects') {
          captureAnonymisedIdentifiers(this.db, item.data as Subject);
          captureRemovedDevices(this.db, item.data as Subject);
        }
        upsert(item.data, item.seq);
        if (stream === 'request_events') this.noteErasure(item.data as RequestEvent);
      } else {
        // An erased person's profile: queued for the purge (cache/purge.ts) before it goes.
        if (stream === 'subjects') queueSubjectPurge(this.db, item.id);
        del.run(item.id);
      }
    }
  }

  /** A request's `erased` entry: its person is purged from this cache (whatever the policy kept). */
  private noteErasure(e: RequestEvent): void {
    if (e.kind !== 'erased') return;
    const receipt = receiptOf(e.detail);
    if (receipt) queueSubjectPurge(this.db, receipt.subjectId);
  }

  clearStream(stream: StreamName): void {
    if (stream === 'access_events') this.events.clear();
    else this.clears[stream].run();
    this.db.prepare('DELETE FROM sync_set_aside WHERE stream = ?').run(stream);
  }

  /** Items a pull could not accept (issue 14): kept with id and reason, shown and counted. */
  setAside(
    stream: StreamName,
    items: readonly { itemId: string; seq: number; reason: string }[],
    at: string,
  ): void {
    const put = this.db.prepare(
      `INSERT INTO sync_set_aside (stream, item_id, seq, reason, set_aside_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (stream, item_id) DO UPDATE SET seq = excluded.seq, reason = excluded.reason, set_aside_at = excluded.set_aside_at`,
    );
    for (const i of items) put.run(stream, i.itemId, i.seq, i.reason, at);
  }

  /** A later valid version of an item replaces its set-aside entry. */
  clearSetAside(stream: StreamName, ids: readonly string[]): void {
    if (ids.length === 0 || this.setAsideCount() === 0) return;
    this.db
      .prepare('DELETE FROM sync_set_aside WHERE stream = ? AND item_id IN (SELECT value FROM json_each(?))')
      .run(stream, JSON.stringify(ids));
  }

  setAsideCount(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM sync_set_aside').get() as { n: number }).n;
  }

  setAsideItems(
    limit: number,
  ): { stream: StreamName; itemId: string; seq: number; reason: string; setAsideAt: string }[] {
    return (
      this.db
        .prepare(
          'SELECT stream, item_id, seq, reason, set_aside_at FROM sync_set_aside ORDER BY set_aside_at DESC, seq DESC LIMIT ?',
        )
        .all(limit) as {
        stream: StreamName;
        item_id: string;
        seq: number;
        reason: string;
        set_aside_at: string;
      }[]
    ).map((r) => ({
      stream: r.stream,
      itemId: r.item_id,
      seq: r.seq,
      reason: r.reason,
      setAsideAt: r.set_aside_at,
    }));
  }

  count(stream: StreamName): number {
    return (this.counts[stream].get() as { n: number }).n;
  }

  getState(stream: StreamName): StreamState {
    const row = this.getStateStmt.get(stream) as
      { cursor: number; epoch: string | null; last_synced_at: string | null } | undefined;
    return {
      stream,
      cursor: row?.cursor ?? 0,
      epoch: row?.epoch ?? null,
      lastSyncedAt: row?.last_synced_at ?? null,
    };
  }

  putState(state: StreamState): void {
    this.putStateStmt.run(state.stream, state.cursor, state.epoch, state.lastSyncedAt);
  }

  getSetting(key: string): string | null {
    const row = this.getSettingStmt.get(key) as { value: string | null } | undefined;
    return row?.value ?? null;
  }

  setSetting(key: string, value: string | null): void {
    if (value === null) this.deleteSettingStmt.run(key);
    else this.putSettingStmt.run(key, value);
  }

  /** Requests refused after the month of GDPR Art. 12(4) (recorded late, issue 13). */
  lateRefusals(): number {
    return (
      this.db
        .prepare("SELECT count(*) AS n FROM requests WHERE json_extract(data, '$.refusedLate') = 1")
        .get() as { n: number }
    ).n;
  }

  pendingActions(): number {
    return (
      this.db.prepare("SELECT count(*) AS n FROM outbox WHERE status = 'pending'").get() as { n: number }
    ).n;
  }
}
