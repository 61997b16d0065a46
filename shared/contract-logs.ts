// The IPC contract's access-log schemas (docs/ARCHITECTURE.md §3): the filter, pages, counts
// and histogram of the Access-logs room, its saved views and its CSV export. A triage flag
// travels as its kind; the words shown for it are the renderer's (renderer/src/logs/flag-text.ts).
// Pure TypeScript + zod: no node:*, no DOM.
import { z } from 'zod';
import { AccessDecision, AccessEvent, Id, Instant } from './domain';
import { parseIpFilter } from './ipnet';
import { FlagKind } from './flag-kinds';

export const LOGS_COUNT_CAP = 2_000_000;

export const LogsFilter = z
  .object({
    /** Inclusive lower bound. */
    from: Instant.optional(),
    /** Exclusive upper bound. */
    to: Instant.optional(),
    subjectId: Id.optional(),
    /** Exact username. */
    user: z.string().trim().min(1).max(256).optional(),
    /** Exact app name. */
    app: z.string().trim().min(1).max(256).optional(),
    decision: AccessDecision.optional(),
    /** One address or a CIDR range, IPv4 or IPv6 ("10.1.0.0/16", "2001:db8::/32"). */
    ip: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .superRefine((v, ctx) => {
        const r = parseIpFilter(v);
        if (!r.ok) ctx.addIssue({ code: 'custom', message: r.message });
      })
      .optional(),
    /** Exact device name. */
    device: z.string().trim().min(1).max(256).optional(),
    /** Exact OS version string. */
    os: z.string().trim().min(1).max(128).optional(),
    /** FTS5 query over username, ip, device name and app (renderer/src/logs/search-help.ts explains the syntax). */
    text: z.string().trim().min(1).max(512).optional(),
  })
  .strict();
export type LogsFilter = z.infer<typeof LogsFilter>;

export const SortOrder = z.enum(['desc', 'asc']);
export type SortOrder = z.infer<typeof SortOrder>;

/** Keyset cursor: the last row of the previous page (pages run in time order, same-millisecond
 * events in arrival order); its id locates it, its time is the fallback once it left the cache. */
export const LogsCursor = z.object({ time: Instant, id: Id });
export type LogsCursor = z.infer<typeof LogsCursor>;

export const Flag = z.object({ kind: FlagKind });
export type Flag = z.infer<typeof Flag>;

/** An access event as the console shows it: the event plus its triage flags. */
export const LogRow = AccessEvent.extend({ flags: z.array(Flag) });
export type LogRow = z.infer<typeof LogRow>;

export const LogsPageInput = z.object({
  filter: LogsFilter.default({}),
  /** Time order: newest first (default) or oldest first. */
  order: SortOrder.default('desc'),
  after: LogsCursor.optional(),
  limit: z.number().int().min(1).max(1000).default(100),
});
export type LogsPageInput = z.input<typeof LogsPageInput>;

export const LogsPage = z.object({
  rows: z.array(LogRow),
  /** Cursor of the next page in the same order, null at the end. */
  next: LogsCursor.nullable(),
});
export type LogsPage = z.infer<typeof LogsPage>;

export const LogsCountInput = z.object({ filter: LogsFilter.default({}) });
export const LogsCount = z.object({
  /** Exact when `capped` is false; otherwise LOGS_COUNT_CAP (there are at least that many). */
  count: z.number().int().nonnegative(),
  capped: z.boolean(),
});
export type LogsCount = z.infer<typeof LogsCount>;

export const HistogramBucketSize = z.enum(['hour', 'day']);
export type HistogramBucketSize = z.infer<typeof HistogramBucketSize>;
export const LogsHistogramInput = z.object({ filter: LogsFilter.default({}), bucket: HistogramBucketSize });
export const HistogramBucket = z.object({
  /** Bucket start (UTC hour or UTC day). */
  start: Instant,
  allow: z.number().int().nonnegative(),
  deny: z.number().int().nonnegative(),
});
export const LogsHistogram = z.object({
  bucket: HistogramBucketSize,
  /** Non-empty buckets only, in time order. */
  buckets: z.array(HistogramBucket),
});
export type LogsHistogram = z.infer<typeof LogsHistogram>;

/** A saved view: a named filter set. `query` is the renderer's own query object (JSON). */
export const SavedView = z.object({
  id: Id,
  name: z.string().min(1).max(120),
  query: z.record(z.string(), z.unknown()),
  createdAt: Instant,
  updatedAt: Instant,
});
export type SavedView = z.infer<typeof SavedView>;
export const ViewsList = z.object({ views: z.array(SavedView) });
export const ViewSaveInput = z
  .object({
    /** Present: replace that view. Absent: a view with the same name is replaced, else a new one. */
    id: Id.optional(),
    name: z.string().trim().min(1, 'Give the view a name').max(120),
    query: z.record(z.string(), z.unknown()).refine((q) => JSON.stringify(q).length <= 16_384, {
      message: 'The view is too large',
    }),
  })
  .strict();
export const ViewDeleteResult = z.object({ deleted: z.boolean() });

/** File names the core gives exports: `access-events-<timestamp>-<random>.csv`. */
export const EXPORT_NAME_RE = /^access-events-\d{8}T\d{6}Z-[a-z0-9]{8}\.csv$/;
export const ExportName = z.string().regex(EXPORT_NAME_RE);
export const ExportCsvInput = z.object({ filter: LogsFilter.default({}), order: SortOrder.default('desc') });
export const ExportProgress = z.object({
  exportId: Id,
  /** File name inside the data directory's `exports/` folder (browser host: GET /api/exports/:name). */
  fileName: ExportName,
  written: z.number().int().nonnegative(),
  /** Rows expected (the filter's count when the export started). */
  total: z.number().int().nonnegative(),
  done: z.boolean(),
  error: z.string().optional(),
  /** On the done event: the key the file is sealed with (issue 12); never stored by the core. */
  key: z
    .string()
    .regex(/^[A-Za-z0-9_-]{43}$/)
    .optional(),
});
export type ExportProgress = z.infer<typeof ExportProgress>;
