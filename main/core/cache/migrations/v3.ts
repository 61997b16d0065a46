// Cache schema version 3 (frozen: shipped SQL never changes; test/unit/core-migrations-frozen.test.ts).
import type { Migration } from './migration';

/** v3's secondary indexes of access_events (frozen: the v3 migration's SQL must never change). */
const V3_EVENT_INDEXES: readonly { name: string; sql: string }[] = [
  { name: 'access_events_id', sql: 'CREATE UNIQUE INDEX access_events_id ON access_events(id)' },
  // decision and ip4 included: the histogram and decision/CIDR filters read the index alone.
  {
    name: 'access_events_time',
    sql: 'CREATE INDEX access_events_time ON access_events(time_ms, id, decision, ip4)',
  },
  {
    name: 'access_events_subject',
    sql: 'CREATE INDEX access_events_subject ON access_events(subject_id, time_ms, id)',
  },
  {
    name: 'access_events_user',
    sql: 'CREATE INDEX access_events_user ON access_events(username, time_ms, id)',
  },
  {
    name: 'access_events_app',
    sql: 'CREATE INDEX access_events_app ON access_events(app, time_ms, id, decision)',
  },
  {
    name: 'access_events_device',
    sql: 'CREATE INDEX access_events_device ON access_events(device_name, time_ms, id)',
  },
  {
    name: 'access_events_ip4',
    sql: 'CREATE INDEX access_events_ip4 ON access_events(ip4) WHERE ip4 IS NOT NULL',
  },
  {
    name: 'access_events_ip6',
    sql: 'CREATE INDEX access_events_ip6 ON access_events(ip6) WHERE ip6 IS NOT NULL',
  },
];
const V3_EVENT_INDEXES_SQL = V3_EVENT_INDEXES.map((i) => `${i.sql};`).join('\n');

/** v3's triggers keeping its row-level FTS5 table in step (frozen, like the indexes). */
const V3_EVENT_FTS_TRIGGERS: readonly { name: string; sql: string }[] = [
  {
    name: 'access_events_fts_ai',
    sql: `CREATE TRIGGER access_events_fts_ai AFTER INSERT ON access_events BEGIN
      INSERT INTO access_events_fts(rowid, username, ip, device_name, app)
      VALUES (new.n, new.username, new.ip, new.device_name, new.app); END`,
  },
  {
    name: 'access_events_fts_ad',
    sql: `CREATE TRIGGER access_events_fts_ad AFTER DELETE ON access_events BEGIN
      INSERT INTO access_events_fts(access_events_fts, rowid, username, ip, device_name, app)
      VALUES ('delete', old.n, old.username, old.ip, old.device_name, old.app); END`,
  },
  {
    name: 'access_events_fts_au',
    sql: `CREATE TRIGGER access_events_fts_au AFTER UPDATE OF username, ip, device_name, app ON access_events BEGIN
      INSERT INTO access_events_fts(access_events_fts, rowid, username, ip, device_name, app)
      VALUES ('delete', old.n, old.username, old.ip, old.device_name, old.app);
      INSERT INTO access_events_fts(rowid, username, ip, device_name, app)
      VALUES (new.n, new.username, new.ip, new.device_name, new.app); END`,
  },
];
/** v3's hourly rollup triggers (frozen, like the indexes). */
const V3_EVENT_HOURS_TRIGGERS: readonly { name: string; sql: string }[] = [
  {
    name: 'access_events_hours_ai',
    sql: `CREATE TRIGGER access_events_hours_ai AFTER INSERT ON access_events BEGIN
      INSERT INTO event_hours (hour, allow, deny)
      VALUES (new.time_ms / 3600000, new.decision = 'allow', new.decision = 'deny')
      ON CONFLICT(hour) DO UPDATE SET allow = allow + excluded.allow, deny = deny + excluded.deny; END`,
  },
  {
    name: 'access_events_hours_ad',
    sql: `CREATE TRIGGER access_events_hours_ad AFTER DELETE ON access_events BEGIN
      UPDATE event_hours SET allow = allow - (old.decision = 'allow'), deny = deny - (old.decision = 'deny')
      WHERE hour = old.time_ms / 3600000; END`,
  },
  {
    name: 'access_events_hours_au',
    sql: `CREATE TRIGGER access_events_hours_au AFTER UPDATE OF time_ms, decision ON access_events BEGIN
      UPDATE event_hours SET allow = allow - (old.decision = 'allow'), deny = deny - (old.decision = 'deny')
      WHERE hour = old.time_ms / 3600000;
      INSERT INTO event_hours (hour, allow, deny)
      VALUES (new.time_ms / 3600000, new.decision = 'allow', new.decision = 'deny')
      ON CONFLICT(hour) DO UPDATE SET allow = allow + excluded.allow, deny = deny + excluded.deny; END`,
  },
];
const V3_EVENT_HOURS_TRIGGERS_SQL = V3_EVENT_HOURS_TRIGGERS.map((t) => `${t.sql};`).join('\n');

const V3_EVENT_FTS_TRIGGERS_SQL = V3_EVENT_FTS_TRIGGERS.map((t) => `${t.sql};`).join('\n');

// access_events is rebuilt (it is a mirror: the stream re-pulls from cursor 0) with an
// integer rowid for FTS5, IP range keys and flags.
export const v3: Migration = {
  version: 3,
  description: 'access-log review: FTS5, IP range keys, filter indexes, triage flags, saved views',
  sql: `
      DROP TABLE access_events;
      CREATE TABLE access_events (
        n INTEGER PRIMARY KEY,         -- rowid = time_ms * 65536 + counter; the FTS5 content rowid
        id TEXT NOT NULL,
        time_ms INTEGER NOT NULL,
        subject_id TEXT NOT NULL,
        username TEXT NOT NULL,
        ip TEXT NOT NULL,
        ip4 INTEGER,                   -- IPv4 as an unsigned 32-bit integer (NULL otherwise)
        ip6 TEXT,                      -- IPv6 as 32 hex digits (NULL otherwise)
        device_id TEXT NOT NULL,
        device_name TEXT NOT NULL,
        os_version TEXT NOT NULL,
        app TEXT NOT NULL,
        decision TEXT NOT NULL CHECK (decision IN ('allow', 'deny')),
        reason TEXT,
        seq INTEGER NOT NULL,
        flags INTEGER NOT NULL DEFAULT 0 -- bit i = FLAG_KINDS[i]
      );
      ${V3_EVENT_INDEXES_SQL}
      CREATE VIRTUAL TABLE access_events_fts USING fts5(
        username, ip, device_name, app, content='access_events', content_rowid='n'
      );
      ${V3_EVENT_FTS_TRIGGERS_SQL}
      CREATE TABLE event_hours (
        hour INTEGER PRIMARY KEY,      -- time_ms / 3600000
        allow INTEGER NOT NULL,
        deny INTEGER NOT NULL
      );
      ${V3_EVENT_HOURS_TRIGGERS_SQL}
      DELETE FROM sync_state WHERE stream = 'access_events';

      -- Incremental flag state per subject (never recomputed by rescanning events).
      CREATE TABLE flag_state (
        subject_id TEXT PRIMARY KEY,
        state TEXT NOT NULL            -- JSON: devices, networks, hours[24], total, recent denials
      );

      CREATE TABLE saved_views (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        query TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
    `,
};
