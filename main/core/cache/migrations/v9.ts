// Cache schema version 9 (frozen: shipped SQL never changes; test/unit/core-migrations-frozen.test.ts).
// issue 14 (security hardening)
import type { Migration } from './migration';

// An action that keeps failing on its own moves to Needs attention instead of jamming the
// outbox (issue 14, item 2); an item a pull cannot accept is set aside, not a stopped stream
// (item 3).
export const v9: Migration = {
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
};
