// Cache schema version 2 (frozen: shipped SQL never changes; test/unit/core-migrations-frozen.test.ts).
import type { Migration } from './migration';

export const v2: Migration = {
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
};
