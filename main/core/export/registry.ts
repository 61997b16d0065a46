// The registry of bundles made on this machine (cache v8 `export_bundles`): the Exports room lists
// it; erasure of the person and the retention window delete each bundle file and its row, so no
// copy of a person's data outlives them on this machine. Runs in the worker.
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { rmSync } from 'node:fs';
import type { BundleWatermark } from '../../../shared/bundle-manifest';
import { AppError } from '../../../shared/errors';

export interface ExportRecord {
  id: string;
  subjectId: string;
  requestId: string | null;
  path: string;
  createdAt: string;
  bytes: number;
  sha256: string;
  encrypted: boolean;
  caughtUp: boolean;
  dataAsOf: BundleWatermark;
  deliveredAt: string | null;
  deliveredVia: string | null;
}

interface Row {
  id: string;
  subject_id: string;
  request_id: string | null;
  path: string;
  created_at: string;
  bytes: number;
  sha256: string;
  encrypted: number;
  caught_up: number;
  watermark: string;
  delivered_at: string | null;
  delivered_via: string | null;
}

const toRecord = (r: Row): ExportRecord => ({
  id: r.id,
  subjectId: r.subject_id,
  requestId: r.request_id,
  path: r.path,
  createdAt: r.created_at,
  bytes: r.bytes,
  sha256: r.sha256,
  encrypted: r.encrypted === 1,
  caughtUp: r.caught_up === 1,
  dataAsOf: JSON.parse(r.watermark) as BundleWatermark,
  deliveredAt: r.delivered_at,
  deliveredVia: r.delivered_via,
});

export function recordExport(
  db: Database,
  rec: Omit<ExportRecord, 'deliveredAt' | 'deliveredVia'>,
): ExportRecord {
  db.prepare(
    `INSERT INTO export_bundles (id, subject_id, request_id, path, created_at, bytes, sha256, encrypted, caught_up, watermark)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    rec.id,
    rec.subjectId,
    rec.requestId,
    rec.path,
    rec.createdAt,
    rec.bytes,
    rec.sha256,
    rec.encrypted ? 1 : 0,
    rec.caughtUp ? 1 : 0,
    JSON.stringify(rec.dataAsOf),
  );
  return getExport(db, rec.id);
}

export function getExport(db: Database, id: string): ExportRecord {
  const row = db.prepare('SELECT * FROM export_bundles WHERE id = ?').get(id) as Row | undefined;
  if (!row) throw new AppError('E_NOT_FOUND', 'No such export bundle on this machine.');
  return toRecord(row);
}

export function listExports(db: Database, limit = 500): ExportRecord[] {
  return (
    db.prepare('SELECT * FROM export_bundles ORDER BY created_at DESC, id DESC LIMIT ?').all(limit) as Row[]
  ).map(toRecord);
}

export function markExportDelivered(db: Database, id: string, via: string, at = new Date()): ExportRecord {
  const { changes } = db
    .prepare('UPDATE export_bundles SET delivered_at = ?, delivered_via = ? WHERE id = ?')
    .run(at.toISOString(), via, id);
  if (changes === 0) throw new AppError('E_NOT_FOUND', 'No such export bundle on this machine.');
  return getExport(db, id);
}

/** Deletes bundle files (a file already gone is fine), then their rows. */
function removeRows(db: Database, rows: Row[]): number {
  for (const r of rows) rmSync(r.path, { force: true });
  const del = db.prepare('DELETE FROM export_bundles WHERE id = ?');
  db.transaction(() => {
    for (const r of rows) del.run(r.id);
  })();
  return rows.length;
}

/**
 * Erasure's cleaner (issue 11 calls it per subject): removes every bundle of the person kept on
 * this machine and their registry rows. Returns how many bundles were removed.
 */
export function purgeSubjectExports(db: Database, subjectId: string): number {
  return removeRows(
    db,
    db.prepare('SELECT * FROM export_bundles WHERE subject_id = ?').all(subjectId) as Row[],
  );
}

/** A revoked console (issue 14): every bundle kept on this machine goes with its row. */
export function purgeAllExports(db: Database): number {
  return removeRows(db, db.prepare('SELECT * FROM export_bundles').all() as Row[]);
}

/** Retention: bundles older than the cache's retention window go with their files. */
export function purgeExpiredExports(db: Database, retentionDays: number, now = Date.now()): number {
  const cutoff = new Date(now - retentionDays * 86_400_000).toISOString();
  return removeRows(db, db.prepare('SELECT * FROM export_bundles WHERE created_at < ?').all(cutoff) as Row[]);
}
