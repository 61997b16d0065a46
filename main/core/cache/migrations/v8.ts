// Cache schema version 8 (frozen: shipped SQL never changes; test/unit/core-migrations-frozen.test.ts).
// issue 12: export bundles (version 8 is this number; 7 belongs to another)
import type { Migration } from './migration';

// Every bundle made on this machine: where it was saved, its checksum, whether it was
// encrypted and delivered. Erasure of the person and the retention window delete the file
// and the row (main/core/export/registry.ts). No personal data beyond the subject id.
export const v8: Migration = {
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
};
