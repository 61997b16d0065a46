// Cache schema version 7 (frozen: shipped SQL never changes; test/unit/core-migrations-frozen.test.ts).
import type { Migration } from './migration';

// Erasure carried out (issue 11): the organisation's synced settings (one document), the
// people whose erasure this console still has to purge (with the identifiers to look for in
// saved views and files, kept only until the purge), and the deletion journal of data-folder
// files, so a crash between the purge's commit and the unlink resumes on the next open.
export const v7: Migration = {
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
};
