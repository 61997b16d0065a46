// CSV export of a filtered view: streamed to a file in keyset pages, formula injection
// neutralised, progress reported. Runs in the worker; yields between pages. The file waits in the
// data folder for its download sealed (AES-256-GCM, key never stored: main/core/export/sealed-file.ts)
// and is deleted after the download or by the hourly purge, whichever comes first.
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { createWriteStream, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { createSealer } from '../export/sealed-file';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ExportProgress, LogsCursor, LogsFilter, SortOrder } from '../../../shared/contract-logs';
import { logsCount } from './log-counts';
import { logsPage } from './queries';
import { csvCell, csvRow } from '../export/csv-cell';

export const CSV_HEADER = [
  'time',
  'id',
  'username',
  'subject_id',
  'ip',
  'device_id',
  'device_name',
  'os_version',
  'app',
  'decision',
  'reason',
  'flags',
];

/** One CSV record through the shared safe writer (kept under this name for the log export). */
export function csvLine(cells: readonly string[]): string {
  return csvRow(cells);
}

export { csvCell };

export function exportFileName(now = new Date()): string {
  const ts = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
  const rnd = [...randomBytes(8)].map((b) => 'abcdefghijklmnopqrstuvwxyz0123456789'[b % 36]).join('');
  return `access-events-${ts}-${rnd}.csv`;
}

export function startCsvExport(
  db: Database,
  dir: string,
  q: { filter: LogsFilter; order: SortOrder },
  progress: (p: ExportProgress) => void,
): ExportProgress {
  const total = logsCount(db, q.filter).count; // validates the filter (FTS syntax) up front
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const fileName = exportFileName();
  const exportId = fileName.replace(/\.csv$/, '');
  const partial = join(dir, `${fileName}.part`);
  const out = createWriteStream(partial, { mode: 0o600 });
  const seal = createSealer();
  out.write(seal.header);
  const first: ExportProgress = { exportId, fileName, written: 0, total, done: false };
  let written = 0;
  let after: LogsCursor | undefined;
  const step = () => {
    try {
      const page = logsPage(db, { filter: q.filter, order: q.order, after, limit: 1000 });
      let chunk = written === 0 ? csvLine(CSV_HEADER) : '';
      for (const r of page.rows)
        chunk += csvLine([
          r.time,
          r.id,
          r.username,
          r.subjectId,
          r.ip,
          r.deviceId,
          r.deviceName,
          r.osVersion,
          r.app,
          r.decision,
          r.reason ?? '',
          r.flags.map((f) => f.kind).join(' '),
        ]);
      written += page.rows.length;
      after = page.next ?? undefined;
      const more = page.next !== null;
      const ok = out.write(seal.update(chunk));
      if (more) {
        progress({ exportId, fileName, written, total: Math.max(total, written), done: false });
        if (ok) setImmediate(step);
        else out.once('drain', step);
      } else {
        out.end(seal.final(), () => {
          try {
            renameSync(partial, join(dir, fileName));
          } catch (err) {
            // The partial file vanished (the data folder was cleared): say so rather than hang.
            rmSync(partial, { force: true });
            progress({ exportId, fileName, written, total, done: true, error: (err as Error).message });
            return;
          }
          progress({
            exportId,
            fileName,
            written,
            total: Math.max(total, written),
            done: true,
            key: seal.key,
          });
        });
      }
    } catch (err) {
      out.destroy();
      rmSync(partial, { force: true });
      progress({ exportId, fileName, written, total, done: true, error: (err as Error).message });
    }
  };
  setImmediate(step);
  return first;
}

/** Sealed exports wait this long for their download at most. */
export const EXPORT_KEEP_MS = 60 * 60_000;

/**
 * Deletes sealed exports and partial files older than `keepMs` (0: all — their keys are gone after
 * a restart). Returns how many files were removed.
 */
export function purgeCsvExports(dir: string, keepMs = EXPORT_KEEP_MS, now = Date.now()): number {
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    if (!name.startsWith('access-events-')) continue;
    const path = join(dir, name);
    try {
      // A `.part` file is an export being written right now (its mtime moves with every page):
      // it goes only at start-up (keepMs 0) or once abandoned for as long as a finished one waits.
      // Removing it mid-write made the export hang when a sync's purge ran alongside (CI, stop 20).
      if (keepMs === 0 || now - statSync(path).mtimeMs > keepMs) {
        rmSync(path, { force: true });
        removed++;
      }
    } catch {
      /* gone already */
    }
  }
  return removed;
}
