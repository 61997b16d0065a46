// Versioned cache schema. `PRAGMA user_version` holds the version; every pending migration is
// applied in ONE transaction (with the new user_version), so a crash never leaves half a schema.
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { AppError } from '../../../shared/errors';

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

// --- access events since v5: a fact table of small rows plus a dimension of event contexts ---
//
// An event's searchable, filterable attributes (person, IP, device, OS, app) repeat heavily: a
// million events of 400 people share ~7,000 distinct combinations. v5 stores each combination
// once in `event_contexts` and gives every event row an integer `ctx`. Filters and the FTS5
// search run over the few thousand contexts; the million event rows carry only their id, time
// (in the rowid), decision, reason, seq and flags. That shrinks rows, leaves two secondary
// indexes instead of seven, and reduces the FTS5 index to one document per context: the bulk
// ingest of a bootstrap is dominated by those costs (docs/ARCHITECTURE.md §10). Row-level FTS semantics are
// kept exactly, because the searchable columns are exactly the context's columns.
// The `access_events` VIEW keeps the old column names for readers.

/** Secondary indexes of access_event_rows: dropped during a bootstrap pull, built once at its end. */
export const EVENT_INDEXES: readonly { name: string; sql: string }[] = [
  { name: 'access_event_rows_id', sql: 'CREATE UNIQUE INDEX access_event_rows_id ON access_event_rows(id)' },
  // (ctx, decision) + the implicit rowid: the newest rows of one context (and decision) in order.
  {
    name: 'access_event_rows_ctx',
    sql: 'CREATE INDEX access_event_rows_ctx ON access_event_rows(ctx, decision)',
  },
];

/** The hour of a rowid (rowid = time_ms * 65536 + counter). */
const HOUR_OF = (row: 'new' | 'old') => `((${row}.n >> 16) / 3600000)`;

/** A trigger's step on its event's context: count it in (+) or out (-). v6 added `flagged`. */
const countInContext = (row: 'new' | 'old', sign: '+' | '-', flagged: boolean) =>
  `UPDATE event_contexts SET events = events ${sign} 1, denies = denies ${sign} (${row}.decision = 'deny')${
    flagged ? `, flagged = flagged ${sign} (${row}.flags != 0)` : ''
  } WHERE k = ${row}.ctx;`;

/**
 * Triggers over access_event_rows that keep the hourly rollup and the contexts' counts (dropped
 * during a bootstrap and recomputed in one pass at its end). `flagged`: the v6 form, which also
 * counts flagged events per context; v5 shipped without it (its migration keeps that text).
 */
function eventTriggers(flagged: boolean): readonly { name: string; sql: string }[] {
  return [
    {
      name: 'access_event_rows_ai',
      sql: `CREATE TRIGGER access_event_rows_ai AFTER INSERT ON access_event_rows BEGIN
      INSERT INTO event_hours (hour, allow, deny)
      VALUES (${HOUR_OF('new')}, new.decision = 'allow', new.decision = 'deny')
      ON CONFLICT(hour) DO UPDATE SET allow = allow + excluded.allow, deny = deny + excluded.deny;
      ${countInContext('new', '+', flagged)} END`,
    },
    {
      name: 'access_event_rows_ad',
      sql: `CREATE TRIGGER access_event_rows_ad AFTER DELETE ON access_event_rows BEGIN
      UPDATE event_hours SET allow = allow - (old.decision = 'allow'), deny = deny - (old.decision = 'deny')
      WHERE hour = ${HOUR_OF('old')};
      ${countInContext('old', '-', flagged)} END`,
    },
    {
      name: 'access_event_rows_au',
      sql: `CREATE TRIGGER access_event_rows_au AFTER UPDATE OF n, decision, ctx${flagged ? ', flags' : ''} ON access_event_rows BEGIN
      UPDATE event_hours SET allow = allow - (old.decision = 'allow'), deny = deny - (old.decision = 'deny')
      WHERE hour = ${HOUR_OF('old')};
      INSERT INTO event_hours (hour, allow, deny)
      VALUES (${HOUR_OF('new')}, new.decision = 'allow', new.decision = 'deny')
      ON CONFLICT(hour) DO UPDATE SET allow = allow + excluded.allow, deny = deny + excluded.deny;
      ${countInContext('old', '-', flagged)}
      ${countInContext('new', '+', flagged)} END`,
    },
  ];
}

export const EVENT_TRIGGERS = eventTriggers(true);

/** Recomputes what EVENT_TRIGGERS maintain, in one pass each (end of a bootstrap). */
export const EVENT_DERIVED_REBUILD_SQL = `
  DELETE FROM event_hours;
  INSERT INTO event_hours (hour, allow, deny)
    SELECT (n >> 16) / 3600000, sum(decision = 'allow'), sum(decision = 'deny') FROM access_event_rows GROUP BY 1;
  UPDATE event_contexts SET (events, denies, flagged) =
    (SELECT count(*), count(*) FILTER (WHERE decision = 'deny'), count(*) FILTER (WHERE flags != 0)
       FROM access_event_rows WHERE ctx = event_contexts.k);`;

const sqlOf = (items: readonly { sql: string }[]) => items.map((i) => `${i.sql};`).join('\n');

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
  {
    // access_events is rebuilt (it is a mirror: the stream re-pulls from cursor 0) with an
    // integer rowid for FTS5, IP range keys and flags.
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
  },
  {
    // The 24-month record of each request (11 CCR §7101) as columns of their own, generated
    // from the mirrored JSON so every writer of `data` keeps them right. The requests stream is
    // pulled again from the start so rows cached before the backend sent these fields get them.
    version: 4,
    description: 'request records: received, nature, channel, response date, response, denial basis',
    sql: `
      ALTER TABLE requests ADD COLUMN received_on TEXT
        GENERATED ALWAYS AS (json_extract(data, '$.receivedOn')) VIRTUAL;
      ALTER TABLE requests ADD COLUMN channel TEXT
        GENERATED ALWAYS AS (json_extract(data, '$.channel')) VIRTUAL;
      ALTER TABLE requests ADD COLUMN responded_on TEXT
        GENERATED ALWAYS AS (json_extract(data, '$.respondedOn')) VIRTUAL;
      ALTER TABLE requests ADD COLUMN response TEXT
        GENERATED ALWAYS AS (json_extract(data, '$.response')) VIRTUAL;
      ALTER TABLE requests ADD COLUMN denial_basis TEXT
        GENERATED ALWAYS AS (json_extract(data, '$.denialBasis')) VIRTUAL;
      CREATE INDEX requests_record ON requests(status, responded_on);
      UPDATE sync_state SET cursor = 0 WHERE stream = 'requests';
    `,
  },
  {
    // access_events becomes a fact table + a dimension of contexts (see EVENT_INDEXES above). It
    // is a mirror: the stream re-pulls from cursor 0. The view keeps the old columns for readers.
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
  },
  {
    // The Subjects list shows each person's flagged events: counted per context like events and
    // denies, so the list sums a few contexts instead of reading every event of every person.
    version: 6,
    description: 'event contexts count their flagged events',
    sql: `
      ALTER TABLE event_contexts ADD COLUMN flagged INTEGER NOT NULL DEFAULT 0; -- events with any flag
      ${EVENT_TRIGGERS.map((t) => `DROP TRIGGER IF EXISTS ${t.name};`).join('\n')}
      ${sqlOf(EVENT_TRIGGERS)}
      -- One pass over the rows (no index needed: a bootstrap cut off may have none yet).
      UPDATE event_contexts SET flagged = f.n
        FROM (SELECT ctx, count(*) AS n FROM access_event_rows WHERE flags != 0 GROUP BY ctx) AS f
       WHERE f.ctx = event_contexts.k;
    `,
  },
  {
    // Erasure carried out (issue 11): the organisation's synced settings (one document), the
    // people whose erasure this console still has to purge (with the identifiers to look for in
    // saved views and files, kept only until the purge), and the deletion journal of data-folder
    // files, so a crash between the purge's commit and the unlink resumes on the next open.
    version: 7,
    description: 'organisation settings, purge queue, deletion journal',
    sql: `
      CREATE TABLE org_settings (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        seq INTEGER NOT NULL,
        version INTEGER NOT NULL,
        data TEXT NOT NULL            -- shared/org-settings OrgSettingsRecord (JSON)
      );
      CREATE TABLE purge_queue (
        subject_id TEXT PRIMARY KEY,
        terms TEXT NOT NULL,          -- JSON array of the person's identifiers
        queued_at TEXT NOT NULL
      );
      CREATE TABLE deletion_journal (
        path TEXT PRIMARY KEY,        -- relative to the data folder
        subject_id TEXT NOT NULL,
        queued_at TEXT NOT NULL
      );
    `,
  },
  // --- issue 12: export bundles (version 8 is this issue's number; 7 belongs to another) -------
  {
    // Every bundle made on this machine: where it was saved, its checksum, whether it was
    // encrypted and delivered. Erasure of the person and the retention window delete the file
    // and the row (main/core/export/registry.ts). No personal data beyond the subject id.
    version: 8,
    description: 'registry of export bundles made on this machine',
    sql: `
      CREATE TABLE export_bundles (
        id TEXT PRIMARY KEY,
        subject_id TEXT NOT NULL,
        request_id TEXT,
        path TEXT NOT NULL,            -- where the admin saved it (absolute)
        created_at TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        sha256 TEXT NOT NULL,          -- of the ZIP file
        encrypted INTEGER NOT NULL,
        caught_up INTEGER NOT NULL,
        watermark TEXT NOT NULL,       -- JSON: the manifest's dataAsOf
        delivered_at TEXT,
        delivered_via TEXT
      );
      CREATE INDEX export_bundles_subject ON export_bundles(subject_id);
      CREATE INDEX export_bundles_created ON export_bundles(created_at);
    `,
  },
  // --- issue 14 (security hardening) -------------------------------------------------------
  {
    // An action that keeps failing on its own moves to Needs attention instead of jamming the
    // outbox (issue 14, item 2); an item a pull cannot accept is set aside, not a stopped stream
    // (item 3).
    version: 9,
    description: 'outbox failures and needs-attention; sync items set aside',
    sql: `
      ALTER TABLE outbox ADD COLUMN failures INTEGER NOT NULL DEFAULT 0; -- consecutive failures alone
      ALTER TABLE outbox ADD COLUMN attention_at TEXT;                   -- set: held for an admin
      CREATE TABLE sync_set_aside (
        stream TEXT NOT NULL,
        item_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        reason TEXT NOT NULL,                  -- the validation message (paths, no values)
        set_aside_at TEXT NOT NULL,
        PRIMARY KEY (stream, item_id)
      );
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

/**
 * Versions already applied. Migrations are numbered per issue and may land out of order (8 before
 * 7), so the runner keeps the set it applied in `schema_migrations`; a cache that predates the
 * table applied every known version up to its user_version.
 */
function appliedVersions(db: Database, current: number, migrations: readonly Migration[]): Set<number> {
  const hasTable = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
    .get();
  if (hasTable) return new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  return new Set(migrations.filter((m) => m.version <= current).map((m) => m.version));
}

/** Applies every pending migration (gaps included, in order) in one transaction; returns the version. */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): number {
  const current = assertNotFuture(db, migrations);
  const applied = appliedVersions(db, current, migrations);
  const pending = [...migrations]
    .filter((m) => !applied.has(m.version))
    .sort((a, b) => a.version - b.version);
  if (pending.length === 0) return current;
  const target = Math.max(current, pending[pending.length - 1]!.version);
  db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)');
    const record = db.prepare('INSERT OR IGNORE INTO schema_migrations (version) VALUES (?)');
    for (const v of applied) record.run(v);
    for (const m of pending) {
      db.exec(m.sql);
      record.run(m.version);
    }
    db.pragma(`user_version = ${Math.trunc(target)}`);
  }).immediate();
  return target;
}
