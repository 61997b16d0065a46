// The yearly request metrics the law asks for (issue 16), computed from the 24-month request
// records (11 CCR §7101) — pure, so the worker, the CLI and the tests share one definition.
//
// - CCPA, 11 CCR §7102(a): for requests to know, delete, correct, opt out and limit, the number
//   received, complied with in whole, in part, denied, and the median and mean days to a
//   substantive response.
// - GDPR: the same figures per right exercised (Arts. 15–18, 20, 21), with refusals given after
//   the Art. 12(4) month counted apart.
//
// Rules (issue 16): a request counts in the calendar year of its `receivedOn`; its outcome is its
// `response`; requests closed as duplicates are not counted at all; days run from `receivedOn` to
// `respondedOn` (calendar days). A request without a `respondedOn` (still open, or approved with
// the work still to do) is received but has no days yet. The record holds no personal data
// beyond `subjectId`, which an erasure clears: an erased person's requests still count.
import { z } from 'zod';
import type { PrivacyRequest, RequestType } from './domain';

export const ReportKind = z.enum(['ccpa-7102', 'gdpr']);
export type ReportKind = z.infer<typeof ReportKind>;

export const CCPA_CATEGORIES = ['know', 'delete', 'correct', 'optOut', 'limit'] as const;
export type CcpaCategory = (typeof CCPA_CATEGORIES)[number];

/** Which §7102 category each request type counts under (11 CCR §7102(a)(1)). */
export const CCPA_CATEGORY_OF: Record<RequestType, CcpaCategory | null> = {
  access: 'know',
  access_specific: 'know',
  portability: 'know',
  erasure: 'delete',
  rectification: 'correct',
  opt_out: 'optOut',
  limit: 'limit',
  // Not CCPA requests: a CCPA objection/restriction is recorded as opt_out/limit (issue 13).
  restriction: null,
  objection: null,
};

/** The rights a GDPR request exercises, in article order. */
export const GDPR_RIGHTS = [
  'access',
  'rectification',
  'erasure',
  'restriction',
  'portability',
  'objection',
] as const;
export type GdprRight = (typeof GDPR_RIGHTS)[number];

export const GDPR_RIGHT_OF: Record<RequestType, GdprRight> = {
  access: 'access',
  // CCPA-flavoured types recorded under the GDPR still exercise the nearest right.
  access_specific: 'access',
  portability: 'portability',
  erasure: 'erasure',
  rectification: 'rectification',
  restriction: 'restriction',
  objection: 'objection',
  opt_out: 'objection',
  limit: 'restriction',
};

export const CATEGORY_LABELS: Record<CcpaCategory | GdprRight, string> = {
  know: 'Requests to know',
  delete: 'Requests to delete',
  correct: 'Requests to correct',
  optOut: 'Requests to opt out of sale/sharing',
  limit: 'Requests to limit use of sensitive PI',
  access: 'Access (Art. 15)',
  rectification: 'Rectification (Art. 16)',
  erasure: 'Erasure (Art. 17)',
  restriction: 'Restriction (Art. 18)',
  portability: 'Portability (Art. 20)',
  objection: 'Objection (Art. 21)',
};

/** The key of a denial without a recorded basis in `deniedByReason`. */
export const UNSPECIFIED_REASON = 'unspecified';

export const ReportRow = z.object({
  received: z.number().int().nonnegative(),
  compliedInWhole: z.number().int().nonnegative(),
  compliedInPart: z.number().int().nonnegative(),
  denied: z.number().int().nonnegative(),
  /** Denials per cited basis (an exemption code, or `unspecified`). */
  deniedByReason: z.record(z.string(), z.number().int().nonnegative()),
  /** Over the requests with a response date; null when there is none. */
  medianDays: z.number().nonnegative().nullable(),
  meanDays: z.number().nonnegative().nullable(),
});
export type ReportRow = z.infer<typeof ReportRow>;

export const GdprReportRow = ReportRow.extend({
  /** Refusals given after the one month of Art. 12(4). */
  refusedLate: z.number().int().nonnegative(),
});
export type GdprReportRow = z.infer<typeof GdprReportRow>;

export const Ccpa7102Report = z.object({
  year: z.number().int(),
  categories: z.object({
    know: ReportRow,
    delete: ReportRow,
    correct: ReportRow,
    optOut: ReportRow,
    limit: ReportRow,
  }),
});
export type Ccpa7102Report = z.infer<typeof Ccpa7102Report>;

export const GdprReport = z.object({
  year: z.number().int(),
  categories: z.object({
    access: GdprReportRow,
    rectification: GdprReportRow,
    erasure: GdprReportRow,
    restriction: GdprReportRow,
    portability: GdprReportRow,
    objection: GdprReportRow,
  }),
});
export type GdprReport = z.infer<typeof GdprReport>;

/** The fields of the 24-month record a report reads. */
export type ReportRecord = Pick<
  PrivacyRequest,
  'type' | 'jurisdiction' | 'status' | 'receivedOn' | 'respondedOn' | 'response' | 'denialBasis'
> & { refusedLate?: boolean };

const DAY_MS = 86_400_000;
const dayNumber = (isoDate: string) => Date.parse(`${isoDate}T00:00:00Z`) / DAY_MS;

/** Whole calendar days from `from` to `to` (both YYYY-MM-DD). */
export function daysBetween(from: string, to: string): number {
  return Math.round(dayNumber(to) - dayNumber(from));
}

const round1 = (n: number) => Math.round(n * 10) / 10;

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : round1((s[mid - 1]! + s[mid]!) / 2);
}

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return round1(values.reduce((a, b) => a + b, 0) / values.length);
}

/** A request closed as a duplicate is not a request of its own (issue 16). */
export function isDuplicate(r: ReportRecord): boolean {
  return r.response === 'duplicate' || r.status === 'closed_duplicate';
}

function rowOf(records: readonly ReportRecord[]): ReportRow {
  const deniedByReason: Record<string, number> = {};
  const days: number[] = [];
  let whole = 0;
  let part = 0;
  let denied = 0;
  for (const r of records) {
    if (r.response === 'approved') whole++;
    else if (r.response === 'partial') part++;
    else if (r.response === 'denied') {
      denied++;
      const key = r.denialBasis ?? UNSPECIFIED_REASON;
      deniedByReason[key] = (deniedByReason[key] ?? 0) + 1;
    }
    // A substantive response: the outcome recorded and the day it was given.
    if (r.response !== null && r.respondedOn !== null) days.push(daysBetween(r.receivedOn, r.respondedOn));
  }
  return {
    received: records.length,
    compliedInWhole: whole,
    compliedInPart: part,
    denied,
    deniedByReason,
    medianDays: median(days),
    meanDays: mean(days),
  };
}

function inYear(records: readonly ReportRecord[], year: number, jurisdiction: 'ccpa' | 'gdpr') {
  const prefix = `${String(year).padStart(4, '0')}-`;
  return records.filter(
    (r) => r.jurisdiction === jurisdiction && r.receivedOn.startsWith(prefix) && !isDuplicate(r),
  );
}

/** The 11 CCR §7102(a) table for calendar `year`. */
export function ccpa7102Report(records: readonly ReportRecord[], year: number): Ccpa7102Report {
  const counted = inYear(records, year, 'ccpa');
  const of = (c: CcpaCategory) => rowOf(counted.filter((r) => CCPA_CATEGORY_OF[r.type] === c));
  return {
    year,
    categories: {
      know: of('know'),
      delete: of('delete'),
      correct: of('correct'),
      optOut: of('optOut'),
      limit: of('limit'),
    },
  };
}

/** The GDPR equivalent: the same figures per right exercised, with late refusals. */
export function gdprReport(records: readonly ReportRecord[], year: number): GdprReport {
  const counted = inYear(records, year, 'gdpr');
  const of = (right: GdprRight): GdprReportRow => {
    const mine = counted.filter((r) => GDPR_RIGHT_OF[r.type] === right);
    return { ...rowOf(mine), refusedLate: mine.filter((r) => r.refusedLate === true).length };
  };
  return {
    year,
    categories: {
      access: of('access'),
      rectification: of('rectification'),
      erasure: of('erasure'),
      restriction: of('restriction'),
      portability: of('portability'),
      objection: of('objection'),
    },
  };
}

export type AnyReport = { kind: 'ccpa-7102'; report: Ccpa7102Report } | { kind: 'gdpr'; report: GdprReport };

export function computeReport(kind: ReportKind, records: readonly ReportRecord[], year: number): AnyReport {
  return kind === 'ccpa-7102'
    ? { kind, report: ccpa7102Report(records, year) }
    : { kind, report: gdprReport(records, year) };
}

/** The report as table rows (header first), for CSV and the printable view. */
export function reportTable(r: AnyReport): (string | number | null)[][] {
  const late = r.kind === 'gdpr';
  const header = [
    r.kind === 'gdpr' ? 'Right' : 'Category',
    'Received',
    'Complied with in whole',
    'Complied with in part',
    'Denied',
    'Denied by reason',
    'Median days to respond',
    'Mean days to respond',
    ...(late ? ['Refused late'] : []),
  ];
  const rows = Object.entries(r.report.categories).map(([key, row]: [string, ReportRow | GdprReportRow]) => [
    CATEGORY_LABELS[key as CcpaCategory | GdprRight],
    row.received,
    row.compliedInWhole,
    row.compliedInPart,
    row.denied,
    Object.entries(row.deniedByReason)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, n]) => `${k}: ${n}`)
      .join('; '),
    row.medianDays,
    row.meanDays,
    ...(late ? [(row as GdprReportRow).refusedLate] : []),
  ]);
  return [header, ...rows];
}

/** A report year: the records go back 24 months, the schema allows any plausible year. */
export const ReportYear = z.number().int().min(1970).max(9999);

export const ReportsGetInput = z.object({ kind: ReportKind, year: ReportYear }).strict();
export type ReportsGetInput = z.infer<typeof ReportsGetInput>;

export const ReportView = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('ccpa-7102'), report: Ccpa7102Report }),
  z.object({ kind: z.literal('gdpr'), report: GdprReport }),
]);
export type ReportView = z.infer<typeof ReportView>;

export const ReportCsv = z.object({
  /** A suggested file name, e.g. `ccpa-7102-2025.csv`. */
  fileName: z.string().min(1).max(128),
  /** RFC 4180 text (CRLF records), formula-safe cells. */
  csv: z.string(),
});
export type ReportCsv = z.infer<typeof ReportCsv>;
