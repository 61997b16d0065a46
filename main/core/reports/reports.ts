// Reports (issue 16) over the cached request records: the worker reads the 24-month records of
// one year and the pure computation in shared/reports.ts turns them into the table. The cache keeps
// closed requests for 24 months (review.ts purgeClosedRequests) and an erasure clears only the
// person's id from them, so a report still holds after erasures.
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { PrivacyRequest } from '../../../shared/domain';
import {
  computeReport,
  reportTable,
  type ReportCsv,
  type ReportRecord,
  type ReportsGetInput,
  type ReportView,
} from '../../../shared/reports';
import { csvRow } from '../export/csv-cell';

/** The CCPA and GDPR records received in `year` (duplicates are dropped by the computation). */
export function readReportRecords(db: Database, year: number): ReportRecord[] {
  const rows = db
    .prepare(
      `SELECT data FROM requests
        WHERE jurisdiction IN ('ccpa', 'gdpr') AND received_on >= ? AND received_on < ?`,
    )
    .all(`${year}-01-01`, `${year + 1}-01-01`) as { data: string }[];
  const out: ReportRecord[] = [];
  for (const r of rows) {
    // Every row was validated when it was synced; a row that no longer parses (a future field
    // shape) is left out rather than failing the whole report.
    const p = PrivacyRequest.safeParse(JSON.parse(r.data));
    if (p.success) out.push(p.data);
  }
  return out;
}

export function getReport(db: Database, input: ReportsGetInput): ReportView {
  return computeReport(input.kind, readReportRecords(db, input.year), input.year);
}

/** The report as CSV through the one CSV cell writer (formula-safe, RFC 4180). */
export function reportCsv(view: ReportView): ReportCsv {
  const csv = reportTable(view)
    .map((row) => csvRow(row))
    .join('');
  return { fileName: `${view.kind}-${view.report.year}.csv`, csv };
}
