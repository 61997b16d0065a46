// Cache schema version 1 (frozen: shipped SQL never changes; test/unit/core-migrations-frozen.test.ts).
import type { Migration } from './migration';

export const v1: Migration = {
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
};
