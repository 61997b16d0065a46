// Versioned cache schema. `PRAGMA user_version` holds the version; every pending migration is
// applied in ONE transaction (with the new user_version), so a crash never leaves half a schema.
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { AppError } from '../../../shared/errors';

export interface Migration {
  version: number;
  description: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'mirror tables, sync state, settings, outbox',
    sql: `
      CREATE TABLE subjects (
        id TEXT PRIMARY KEY,
        username TEXT NOT NULL,
        email TEXT NOT NULL,
        display_name TEXT NOT NULL,
        data TEXT NOT NULL,            -- the full Subject as JSON
        seq INTEGER NOT NULL
      );
      CREATE INDEX subjects_username ON subjects(username);

      CREATE TABLE access_events (
        id TEXT PRIMARY KEY,
        time_ms INTEGER NOT NULL,      -- epoch milliseconds; returned as ISO-8601 UTC
        subject_id TEXT NOT NULL,
        username TEXT NOT NULL,
        ip TEXT NOT NULL,
        device_id TEXT NOT NULL,
        device_name TEXT NOT NULL,
        os_version TEXT NOT NULL,
        app TEXT NOT NULL,
        decision TEXT NOT NULL CHECK (decision IN ('allow', 'deny')),
        reason TEXT,
        seq INTEGER NOT NULL
      );
      CREATE INDEX access_events_time ON access_events(time_ms DESC, id DESC);
      CREATE INDEX access_events_subject_time ON access_events(subject_id, time_ms DESC, id DESC);
      CREATE INDEX access_events_app_time ON access_events(app, time_ms DESC, id DESC);

      CREATE TABLE requests (
        id TEXT PRIMARY KEY,
        data TEXT NOT NULL,            -- the full PrivacyRequest as JSON
        status TEXT NOT NULL,
        type TEXT NOT NULL,
        jurisdiction TEXT NOT NULL,
        subject_id TEXT,
        version INTEGER NOT NULL,
        seq INTEGER NOT NULL
      );
      CREATE INDEX requests_subject ON requests(subject_id);

      CREATE TABLE request_events (
        id TEXT PRIMARY KEY,
        request_id TEXT NOT NULL,
        at TEXT NOT NULL,
        data TEXT NOT NULL,            -- the full RequestEvent as JSON
        seq INTEGER NOT NULL
      );
      CREATE INDEX request_events_request ON request_events(request_id, at);

      CREATE TABLE sync_state (
        stream TEXT PRIMARY KEY,
        cursor INTEGER NOT NULL DEFAULT 0,
        epoch TEXT,
        last_synced_at TEXT
      );

      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT
      );

      CREATE TABLE outbox (
        id TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        payload TEXT NOT NULL,         -- JSON
        created_at TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending'
      );
      CREATE INDEX outbox_status ON outbox(status, created_at);
    `,
  },
  {
    version: 2,
    description: 'outbox of action intents, append-only hash-chained audit log, conflicts',
    sql: `
      -- v1's outbox was never written to (no action could be queued before v2): replace it.
      DROP TABLE IF EXISTS outbox;
      CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, -- queue order (local creation order)
        id TEXT NOT NULL UNIQUE,               -- the action's UUIDv7 (idempotency key)
        kind TEXT NOT NULL,
        request_id TEXT NOT NULL,
        action TEXT NOT NULL,                  -- the full Action as JSON, exactly as pushed
        queued_at TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'applied', 'rejected')),
        attempts INTEGER NOT NULL DEFAULT 0,
        last_attempt_at TEXT,
        last_error TEXT,                       -- JSON ErrorInfo of the last transient failure
        server_version INTEGER,
        server_seq INTEGER,
        rejection_code TEXT,
        rejection_message TEXT,
        resolved_at TEXT
      );
      CREATE INDEX outbox_status ON outbox(status, seq);
      CREATE INDEX outbox_request ON outbox(request_id, seq);

      -- Append-only and tamper-evident: each entry's hash covers the previous entry's hash.
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        actor TEXT,
        event TEXT NOT NULL,
        ref TEXT,                              -- the action id the entry is about
        detail TEXT NOT NULL,                  -- JSON, never personal data values
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      );
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

      CREATE TABLE conflicts (
        id TEXT PRIMARY KEY,                   -- the rejected action's id
        request_id TEXT NOT NULL,
        code TEXT NOT NULL,                    -- verbatim, even when unknown to this build
        message TEXT NOT NULL,
        current TEXT,                          -- JSON PrivacyRequest: the winning state
        decided_by TEXT,
        decided_at TEXT,
        rejected_at TEXT NOT NULL,
        dismissed_at TEXT
      );
      CREATE INDEX conflicts_request ON conflicts(request_id);
    `,
  },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);

export function schemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Throws E_CACHE_FUTURE_VERSION (before writing anything) when the file is newer than this build. */
export function assertNotFuture(db: Database, migrations: readonly Migration[] = MIGRATIONS): number {
  const current = schemaVersion(db);
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  if (current > latest) {
    throw new AppError(
      'E_CACHE_FUTURE_VERSION',
      `This cache was written by a newer version of the console (schema ${current}, this build knows ${latest}). Update the console, or move the cache aside.`,
      { schemaVersion: current, knownVersion: latest },
    );
  }
  return current;
}

/** Applies every pending migration in one transaction; returns the resulting version. */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): number {
  const current = assertNotFuture(db, migrations);
  const pending = [...migrations].filter((m) => m.version > current).sort((a, b) => a.version - b.version);
  if (pending.length === 0) return current;
  const target = pending[pending.length - 1]!.version;
  db.transaction(() => {
    for (const m of pending) db.exec(m.sql);
    db.pragma(`user_version = ${Math.trunc(target)}`);
  }).immediate();
  return target;
}
