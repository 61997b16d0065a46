// Cache schema version 5 (frozen: shipped SQL never changes; test/unit/core-migrations-frozen.test.ts).
import { EVENT_INDEXES, eventTriggers } from './event-schema';
import { type Migration, sqlOf } from './migration';

// access_events becomes a fact table + a dimension of contexts (see EVENT_INDEXES in ./event-schema.ts). It
// is a mirror: the stream re-pulls from cursor 0. The view keeps the old columns for readers.
export const v5: Migration = {
  version: 5,
  description: 'access events: small fact rows, a dimension of event contexts, FTS5 over contexts',
  sql: `
      DROP TABLE access_events_fts;
      DROP TABLE access_events;
      DELETE FROM event_hours;
      DELETE FROM flag_state;
      DELETE FROM sync_state WHERE stream = 'access_events';
      DELETE FROM settings WHERE key = 'events.bulk';

      CREATE TABLE event_contexts (
        k INTEGER PRIMARY KEY,
        subject_id TEXT NOT NULL,
        username TEXT NOT NULL,
        ip TEXT NOT NULL,
        ip4 INTEGER,                   -- IPv4 as an unsigned 32-bit integer (NULL otherwise)
        ip6 TEXT,                      -- IPv6 as 32 hex digits (NULL otherwise)
        device_id TEXT NOT NULL,
        device_name TEXT NOT NULL,
        os_version TEXT NOT NULL,
        app TEXT NOT NULL,
        events INTEGER NOT NULL DEFAULT 0, -- live event rows with this context; 0 ⇒ deleted
        denies INTEGER NOT NULL DEFAULT 0, -- how many of them are denials (for query planning)
        UNIQUE (subject_id, username, ip, device_id, device_name, os_version, app)
      );
      CREATE INDEX event_contexts_user ON event_contexts(username);
      CREATE INDEX event_contexts_app ON event_contexts(app);
      CREATE INDEX event_contexts_device ON event_contexts(device_name);
      CREATE INDEX event_contexts_os ON event_contexts(os_version);
      CREATE INDEX event_contexts_ip4 ON event_contexts(ip4) WHERE ip4 IS NOT NULL;
      CREATE INDEX event_contexts_ip6 ON event_contexts(ip6) WHERE ip6 IS NOT NULL;
      CREATE VIRTUAL TABLE event_contexts_fts USING fts5(
        username, ip, device_name, app, content='event_contexts', content_rowid='k'
      );
      -- Contexts are inserted and deleted, never edited (a different value is another context).
      CREATE TRIGGER event_contexts_fts_ai AFTER INSERT ON event_contexts BEGIN
        INSERT INTO event_contexts_fts(rowid, username, ip, device_name, app)
        VALUES (new.k, new.username, new.ip, new.device_name, new.app); END;
      CREATE TRIGGER event_contexts_fts_ad AFTER DELETE ON event_contexts BEGIN
        INSERT INTO event_contexts_fts(event_contexts_fts, rowid, username, ip, device_name, app)
        VALUES ('delete', old.k, old.username, old.ip, old.device_name, old.app); END;

      CREATE TABLE access_event_rows (
        n INTEGER PRIMARY KEY,         -- time_ms * 65536 + counter within the millisecond
        id TEXT NOT NULL,
        ctx INTEGER NOT NULL,          -- event_contexts.k
        decision TEXT NOT NULL CHECK (decision IN ('allow', 'deny')),
        reason TEXT,
        seq INTEGER NOT NULL,
        flags INTEGER NOT NULL DEFAULT 0 -- bit i = FLAG_KINDS[i]
      );
      ${sqlOf(EVENT_INDEXES)}
      ${sqlOf(eventTriggers(false))}

      -- Tombstones met during a bootstrap (before the id index exists), applied at its end.
      CREATE TABLE event_bulk_deletes (id TEXT PRIMARY KEY);

      CREATE VIEW access_events AS
        SELECT e.n, e.id, e.n >> 16 AS time_ms, c.subject_id, c.username, c.ip, c.ip4, c.ip6, c.device_id,
               c.device_name, c.os_version, c.app, e.decision, e.reason, e.seq, e.flags, e.ctx
          FROM access_event_rows AS e JOIN event_contexts AS c ON c.k = e.ctx;
    `,
};
