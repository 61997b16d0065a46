// The IPC contract (docs/ARCHITECTURE.md §3): every channel declared once with its input and output
// schema. Main validates every input and every output at the boundary; both transports
// (Electron IPC and the browser host's HTTP) speak exactly this.
import { z } from 'zod';
import { ActionIntent, RejectionCode, StoredAction } from './actions';
import {
  AccessDecision,
  AccessEvent,
  Device,
  Id,
  Instant,
  Jurisdiction,
  PrivacyRequest,
  RequestEvent,
  RequestStatus,
  RequestType,
  Role,
  SubjectRestriction,
} from './domain';
import { parseIpFilter } from './ipnet';
import { StreamName } from './protocol';
import { OrgSettings, OrgSettingsRecord } from './org-settings';
import { ReportCsv, ReportsGetInput, ReportView } from './reports';
import type { EventChannel, InvokeChannel } from './channels';
import { LocalAuditInput, LocalAuditPage, OrgAuditPage, OrgAuditQuery } from './audit';

/** Channels that take no input accept `undefined` or `{}`. */
export const NoInput = z.object({}).strict().optional();

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  transport: z.enum(['electron', 'browser']),
});
export type AppInfo = z.infer<typeof AppInfo>;

/** What a renderer error boundary reports: which part failed, and how (no data values). */
export const RenderErrorReport = z
  .object({
    /** The part of the UI that failed: a room's label, or `console` for the whole app. */
    scope: z.string().min(1).max(64),
    code: z.string().min(1).max(64),
    message: z.string().max(2000),
    stack: z.string().max(8000).optional(),
    componentStack: z.string().max(8000).optional(),
  })
  .strict();
export type RenderErrorReport = z.infer<typeof RenderErrorReport>;

export const SessionStatus = z.object({
  signedIn: z.boolean(),
  backendUrl: z.string().nullable(),
  orgName: z.string().nullable(),
  adminName: z.string().nullable(),
  role: Role.nullable(),
});
export type SessionStatus = z.infer<typeof SessionStatus>;

export const BackendUrl = z
  .url({ protocol: /^https?$/, error: 'Backend URL must be an http(s) URL' })
  .max(2048);

export const SignInInput = z.object({
  backendUrl: BackendUrl,
  token: z.string().trim().min(16, 'Token looks too short').max(512),
});
export type SignInInput = z.infer<typeof SignInInput>;

const ErrorInfoSchema = z.object({
  code: z.string(),
  message: z.string(),
  details: z.unknown().optional(),
});

export const SyncProgress = z.object({
  stream: StreamName,
  /** Items applied in this run for the stream. */
  applied: z.number().int().nonnegative(),
  cursor: z.number().int().nonnegative(),
  watermark: z.number().int().nonnegative(),
});
export type SyncProgress = z.infer<typeof SyncProgress>;

export const SyncStatus = z.object({
  /** null until the first contact with the backend. */
  online: z.boolean().nullable(),
  running: z.boolean(),
  lastSyncedAt: Instant.nullable(),
  lastError: ErrorInfoSchema.nullable(),
  progress: SyncProgress.nullable(),
  // Added with the outbox (optional so older producers stay valid; the core always sets them).
  /** Last push that reached the backend and got outcomes. */
  lastPushAt: Instant.nullable().optional(),
  /** Actions waiting in the outbox. */
  pendingCount: z.number().int().nonnegative().optional(),
  /** The backend rejected the token (401/403): sign in again; nothing queued is lost. */
  needsSignIn: z.boolean().optional(),
  /** A push is running. */
  pushing: z.boolean().optional(),
  /** When the next automatic retry is due after a transient failure (null: none scheduled). */
  nextRetryAt: Instant.nullable().optional(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

export const StreamState = z.object({
  stream: StreamName,
  count: z.number().int().nonnegative(),
  cursor: z.number().int().nonnegative(),
  epoch: z.string().nullable(),
  lastSyncedAt: Instant.nullable(),
});

/** An item a pull could not accept (issue 14): set aside so the stream goes on. */
export const SetAsideItem = z.object({
  stream: StreamName,
  itemId: z.string(),
  seq: z.number().int(),
  /** Why: validation paths and messages, never the values. */
  reason: z.string(),
  setAsideAt: Instant,
});
export type SetAsideItem = z.infer<typeof SetAsideItem>;

export const CacheStats = z.object({
  schemaVersion: z.number().int(),
  streams: z.array(StreamState),
  pendingActions: z.number().int().nonnegative(),
  /** Items set aside by pulls (count), and the latest of them. */
  setAsideCount: z.number().int().nonnegative().default(0),
  setAside: z.array(SetAsideItem).max(100).default([]),
  /** Casework figures reports show (issue 13): GDPR refusals given after Art. 12(4)'s month. */
  casework: z.object({ lateRefusals: z.number().int().nonnegative() }),
});
export type CacheStats = z.infer<typeof CacheStats>;

/** Largest count `logs:count` computes exactly; above it the answer is `capped`. */
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
    /** FTS5 query over username, ip, device name and app (see FTS_SYNTAX_HELP). */
    text: z.string().trim().min(1).max(512).optional(),
  })
  .strict();
export type LogsFilter = z.infer<typeof LogsFilter>;

export const FTS_SYNTAX_HELP =
  'Words match whole tokens of username, IP, device name or app (case-insensitive). ' +
  'alice* matches a prefix; "two words" matches a phrase; a OR b, a NOT b, (a OR b) c combine; ' +
  'app:okta limits a word to one column (username, ip, device_name, app).';

export const SortOrder = z.enum(['desc', 'asc']);
export type SortOrder = z.infer<typeof SortOrder>;

/** Keyset cursor: the last row of the previous page (pages run in time order, same-millisecond
 * events in arrival order); its id locates it, its time is the fallback once it left the cache. */
export const LogsCursor = z.object({ time: Instant, id: Id });
export type LogsCursor = z.infer<typeof LogsCursor>;

export const FLAG_KINDS = ['new_device', 'new_network', 'deny_burst', 'off_hours'] as const;
export const FlagKind = z.enum(FLAG_KINDS);
export type FlagKind = z.infer<typeof FlagKind>;

export const FLAG_LABELS: Record<FlagKind, string> = {
  new_device: 'New device',
  new_network: 'New network',
  deny_burst: 'Denial burst',
  off_hours: 'Off hours',
};
export const FLAG_EXPLANATIONS: Record<FlagKind, string> = {
  new_device: 'First time this user was seen on this device (the user had other devices before).',
  new_network:
    'First time this user connected from this network (IPv4 /24 or IPv6 /64); the user had used other networks before.',
  deny_burst: `At least ${5} access denials for this user within ${10} minutes, ending with this one.`,
  off_hours:
    'Outside the usual hours of this user: after at least 20 earlier events, none fell within an hour (UTC) of this time of day.',
};

export const Flag = z.object({ kind: FlagKind, label: z.string(), explanation: z.string() });
export type Flag = z.infer<typeof Flag>;

export function flagOf(kind: FlagKind): Flag {
  return { kind, label: FLAG_LABELS[kind], explanation: FLAG_EXPLANATIONS[kind] };
}

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

// ---------------------------------------------------------------------------------------------
// Outbox, conflicts and requests (issue 3)

export const OutboxStatus = z.enum(['pending', 'applied', 'rejected']);
export type OutboxStatus = z.infer<typeof OutboxStatus>;

/** One queued action and what became of it. */
export const OutboxEntry = z.object({
  action: StoredAction,
  status: OutboxStatus,
  /** Push attempts that reached the wire for this action. */
  attempts: z.number().int().nonnegative(),
  /** Milliseconds since the action was queued (console clock, at the time of the reply). */
  ageMs: z.number().int().nonnegative(),
  queuedAt: Instant,
  lastAttemptAt: Instant.nullable(),
  /** The last transient failure (network, 5xx, 429…); null once resolved. */
  lastError: ErrorInfoSchema.nullable(),
  /** When applied: the server's new request version and sequence. */
  serverVersion: z.number().int().nonnegative().nullable(),
  serverSeq: z.number().int().nonnegative().nullable(),
  /** When rejected: the backend's code (verbatim, even when unknown) and message. */
  rejectionCode: RejectionCode.nullable(),
  rejectionMessage: z.string().nullable(),
  resolvedAt: Instant.nullable(),
  /** Consecutive failures of this action (reset by a retry). */
  failures: z.number().int().nonnegative().default(0),
  /** Set while the action is held in Needs attention (it keeps failing on its own). */
  attentionAt: Instant.nullable().default(null),
});
export type OutboxEntry = z.infer<typeof OutboxEntry>;

export const ActionsSubmitInput = ActionIntent;
export type ActionsSubmitInput = z.input<typeof ActionsSubmitInput>;

export const OutboxListInput = z
  .object({
    /** How many resolved (applied / rejected) entries to return, newest first. */
    recentLimit: z.number().int().min(0).max(1000).default(50),
  })
  .strict()
  .default({ recentLimit: 50 });

export const OutboxList = z.object({
  /** Pending actions in push order (oldest first). */
  pending: z.array(OutboxEntry),
  /** Recently resolved actions, newest first. */
  recent: z.array(OutboxEntry),
  counts: z.object({
    pending: z.number().int().nonnegative(),
    applied: z.number().int().nonnegative(),
    rejected: z.number().int().nonnegative(),
    /** Pending actions held in Needs attention. */
    attention: z.number().int().nonnegative().default(0),
  }),
});
export type OutboxList = z.infer<typeof OutboxList>;

/** An action the backend rejected, with the winning state. */
export const Conflict = z.object({
  /** The rejected action's id. */
  id: z.string(),
  action: StoredAction,
  code: RejectionCode,
  /** false when the code is not one this console knows (shown verbatim). */
  knownCode: z.boolean(),
  message: z.string(),
  /** The request as the backend had it when it rejected the action. */
  current: PrivacyRequest.nullable(),
  decidedBy: z.string().nullable(),
  decidedAt: Instant.nullable(),
  rejectedAt: Instant,
  dismissedAt: Instant.nullable(),
  /** Whether acting again could still succeed (e.g. not decided, not on hold, request exists). */
  canRedecide: z.boolean(),
});
export type Conflict = z.infer<typeof Conflict>;

export const ConflictsListInput = z
  .object({ includeDismissed: z.boolean().default(false) })
  .strict()
  .default({ includeDismissed: false });
export const ConflictsList = z.object({ conflicts: z.array(Conflict) });
export type ConflictsList = z.infer<typeof ConflictsList>;

/** An action held in Needs attention, by id (retry / discard). */
export const OutboxActionInput = z.object({ id: z.string().min(1).max(128) }).strict();

export const ConflictsDismissInput = z.object({ id: z.string().min(1).max(128) }).strict();

export const RequestsFilter = z
  .object({
    status: RequestStatus.optional(),
    type: RequestType.optional(),
    jurisdiction: Jurisdiction.optional(),
    subjectId: Id.optional(),
    /** Exact assignee name; `null` = unassigned only. */
    assignee: z.string().trim().min(1).max(256).nullable().optional(),
    /** Only requests with pending actions. */
    pendingOnly: z.boolean().optional(),
  })
  .strict();
export type RequestsFilter = z.infer<typeof RequestsFilter>;

/** Keyset cursor over (receivedOn desc, id desc). */
export const RequestsCursor = z.object({ receivedOn: z.iso.date(), id: Id });

export const RequestsListInput = z
  .object({
    filter: RequestsFilter.default({}),
    after: RequestsCursor.optional(),
    limit: z.number().int().min(1).max(1000).default(200),
  })
  .strict()
  .default({ filter: {}, limit: 200 });
export type RequestsListInput = z.input<typeof RequestsListInput>;

/** A mirrored request with the optimistic overlay of its pending actions applied. */
export const RequestRow = z.object({
  /** The request as the admin should see it: mirror + pending actions applied optimistically. */
  request: PrivacyRequest,
  /** The request exactly as last pulled from the backend. */
  mirrored: PrivacyRequest,
  /** Actions not yet reflected in the mirror (pending, or applied but not yet pulled back). */
  pending: z.array(OutboxEntry),
  /** Undismissed conflicts on this request. */
  conflictCount: z.number().int().nonnegative(),
  /** The request's subject is under restriction of processing (GDPR Art. 18), as last synced. */
  subjectRestricted: z.boolean(),
});
export type RequestRow = z.infer<typeof RequestRow>;

export const RequestsList = z.object({ rows: z.array(RequestRow), next: RequestsCursor.nullable() });
export type RequestsList = z.infer<typeof RequestsList>;

export const RequestsGetInput = z.object({ id: Id }).strict();

/** The subject as the request page shows it: who, the correctable fields, any restriction. */
export const RequestSubject = z.object({
  id: Id,
  username: z.string(),
  displayName: z.string(),
  email: z.string(),
  employeeId: z.string().nullable(),
  department: z.string().nullable(),
  restricted: z.boolean(),
  restriction: SubjectRestriction.nullable(),
});
export type RequestSubject = z.infer<typeof RequestSubject>;

export const RequestDetail = RequestRow.extend({
  events: z.array(RequestEvent),
  conflicts: z.array(Conflict),
  /** The request's subject with pending corrections / restriction changes applied (null: none cached). */
  subject: RequestSubject.nullable().default(null),
  /** The subject exactly as last pulled. */
  subjectMirrored: RequestSubject.nullable().default(null),
});
export type RequestDetail = z.infer<typeof RequestDetail>;

export const OutboxChanged = z.object({
  pendingCount: z.number().int().nonnegative(),
  /** Undismissed conflicts. */
  conflictCount: z.number().int().nonnegative(),
  /** Actions whose status changed (or were queued). */
  changedIds: z.array(z.string()),
});
export type OutboxChanged = z.infer<typeof OutboxChanged>;

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

export const IdInput = z.object({ id: Id }).strict();

export const SubjectsListInput = z
  .object({ search: z.string().max(256).default(''), limit: z.number().int().min(1).max(500).default(100) })
  .default({ search: '', limit: 100 });
export const SubjectSummary = z.object({
  id: Id,
  username: z.string(),
  displayName: z.string(),
  department: z.string().nullable(),
  /** GDPR Art. 18: shown in the list too, so a restricted person stands out before opening. */
  restricted: z.boolean(),
  restriction: SubjectRestriction.nullable(),
  eventCount: z.number().int().nonnegative().nullable(),
  flagCount: z.number().int().nonnegative().nullable(),
});
export type SubjectSummary = z.infer<typeof SubjectSummary>;
export const SubjectsList = z.object({ subjects: z.array(SubjectSummary) });
/** Display names by subject id (issue 16: the request queue names people). */
export const SubjectNamesInput = z.object({ ids: z.array(Id).max(1000) }).strict();
export const SubjectNames = z.object({ names: z.record(z.string(), z.string()) });

export const SubjectFlag = Flag.extend({ count: z.number().int().nonnegative().nullable() });
/** The subject timeline's profile: the request page's view of the subject, plus devices and flags. */
export const SubjectProfile = RequestSubject.extend({
  restriction: SubjectRestriction.nullable().default(null),
  devices: z.array(Device),
  /** Every flag kind with how many of this subject's cached events carry it. */
  flags: z.array(SubjectFlag),
  eventCount: z.number().int().nonnegative().nullable(),
});
export type SubjectProfile = z.infer<typeof SubjectProfile>;
export const SubjectTimelineInput = z.object({
  subjectId: Id,
  order: SortOrder.default('desc'),
  after: LogsCursor.optional(),
  limit: z.number().int().min(1).max(1000).default(100),
});
export const SubjectTimeline = z.object({
  profile: SubjectProfile,
  events: z.array(LogRow),
  next: LogsCursor.nullable(),
  /** The subject's privacy requests in the cache. */
  requests: z.array(PrivacyRequest),
});
export type SubjectTimeline = z.infer<typeof SubjectTimeline>;

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

// --- issue 12: export bundles -----------------------------------------------------------------
/** How a bundle is encrypted: not at all, with a passphrase the core generates (returned once,
 * never stored), or with one the admin types. */
export const BundleEncryption = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('none') }).strict(),
  z.object({ mode: z.literal('generated') }).strict(),
  z
    .object({
      mode: z.literal('typed'),
      passphrase: z.string().min(12, 'Use a passphrase of at least 12 characters').max(1024),
    })
    .strict(),
]);
export type BundleEncryption = z.infer<typeof BundleEncryption>;
export const ExportBundleInput = z
  .object({
    /** Chosen by the caller so it can follow progress events and cancel. */
    operationId: z.uuid(),
    subjectId: Id,
    requestId: Id.nullable().default(null),
    /** Absolute path of the ZIP to write (Electron: the save dialog's; browser host: typed). */
    outPath: z
      .string()
      .min(2)
      .max(4096)
      .refine((p) => p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p), 'Give an absolute path')
      .refine((p) => /\.zip$/i.test(p), 'The file name ends in .zip'),
    encryption: BundleEncryption.default({ mode: 'none' }),
  })
  .strict();
export type ExportBundleInput = z.input<typeof ExportBundleInput>;
export const ExportRecord = z.object({
  id: Id,
  subjectId: Id,
  requestId: Id.nullable(),
  path: z.string(),
  createdAt: Instant,
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  encrypted: z.boolean(),
  caughtUp: z.boolean(),
  deliveredAt: Instant.nullable(),
  deliveredVia: z.string().nullable(),
});
export type ExportRecord = z.infer<typeof ExportRecord>;
export const ExportBundleResult = z.object({
  export: ExportRecord,
  /** The generated passphrase, shown once: the console never stores it. */
  passphrase: z.string().nullable(),
  warnings: z.array(z.string()),
});
export type ExportBundleResult = z.infer<typeof ExportBundleResult>;
export const ExportsList = z.object({ exports: z.array(ExportRecord) });
export const DELIVERY_CHANNELS = ['secure_link', 'email', 'portal', 'post', 'other'] as const;
export const ExportDeliveredInput = z
  .object({ id: Id, deliveredVia: z.enum(DELIVERY_CHANNELS).default('secure_link') })
  .strict();
export const ExportCancelInput = z.object({ operationId: z.uuid() }).strict();
export const BundleProgressEvent = z.object({
  operationId: z.uuid(),
  file: z.string().nullable(),
  rowsWritten: z.number().int().nonnegative(),
  rowsTotal: z.number().int().nonnegative(),
  done: z.boolean(),
});
export type BundleProgressEvent = z.infer<typeof BundleProgressEvent>;

export const RETENTION_DAYS_DEFAULT = 90;
export const ConsoleSettings = z.object({
  /** Events older than this many days are purged from the cache. */
  retentionDays: z.number().int().min(1).max(3650),
});
export type ConsoleSettings = z.infer<typeof ConsoleSettings>;
export const SettingsPatch = ConsoleSettings.partial().strict();

// ---------------------------------------------------------------------------------------------
// issue 11 (erasure): the organisation's synced settings, and the settings change still queued.

export const OrgSettingsView = z.object({
  record: OrgSettingsRecord,
  /** A settings.update queued on this console and not yet answered by the backend. */
  pending: OrgSettings.nullable(),
});
export type OrgSettingsView = z.infer<typeof OrgSettingsView>;

export const contract = {
  'app:info': { input: NoInput, output: AppInfo },
  'app:reportError': { input: RenderErrorReport, output: z.object({ reported: z.literal(true) }) },
  'session:status': { input: NoInput, output: SessionStatus },
  'session:signIn': { input: SignInInput, output: SessionStatus },
  'session:signOut': { input: NoInput, output: SessionStatus },
  'sync:status': { input: NoInput, output: SyncStatus },
  'sync:now': { input: NoInput, output: SyncStatus },
  'cache:stats': { input: NoInput, output: CacheStats },
  'logs:page': { input: LogsPageInput, output: LogsPage },
  'actions:submit': { input: ActionsSubmitInput, output: OutboxEntry },
  'outbox:list': { input: OutboxListInput, output: OutboxList },
  'conflicts:list': { input: ConflictsListInput, output: ConflictsList },
  'conflicts:dismiss': { input: ConflictsDismissInput, output: Conflict },
  'requests:list': { input: RequestsListInput, output: RequestsList },
  'requests:get': { input: RequestsGetInput, output: RequestDetail },
  'logs:count': { input: LogsCountInput, output: LogsCount },
  'logs:histogram': { input: LogsHistogramInput, output: LogsHistogram },
  'logs:event': { input: IdInput, output: LogRow },
  'logs:exportCsv': { input: ExportCsvInput, output: ExportProgress },
  'subjects:list': { input: SubjectsListInput, output: SubjectsList },
  'subjects:timeline': { input: SubjectTimelineInput, output: SubjectTimeline },
  'subjects:get': { input: IdInput, output: RequestSubject },
  'views:list': { input: NoInput, output: ViewsList },
  'views:save': { input: ViewSaveInput, output: SavedView },
  'views:delete': { input: IdInput, output: ViewDeleteResult },
  'settings:get': { input: NoInput, output: ConsoleSettings },
  'settings:set': { input: SettingsPatch, output: ConsoleSettings },
  // issue 11 (erasure)
  'orgSettings:get': { input: NoInput, output: OrgSettingsView },
  // --- issue 12: export bundles ---
  'exports:bundle': { input: ExportBundleInput, output: ExportBundleResult },
  'exports:cancel': { input: ExportCancelInput, output: z.object({ cancelled: z.boolean() }) },
  'exports:list': { input: NoInput, output: ExportsList },
  'exports:markDelivered': { input: ExportDeliveredInput, output: ExportRecord },
  // issue 14 (security hardening)
  'outbox:retry': { input: OutboxActionInput, output: OutboxEntry },
  'outbox:discard': { input: OutboxActionInput, output: OutboxEntry },
  // issue 16 (reports)
  'reports:get': { input: ReportsGetInput, output: ReportView },
  'reports:csv': { input: ReportsGetInput, output: ReportCsv },
  // issue 16 (audit)
  'audit:local': { input: LocalAuditInput, output: LocalAuditPage },
  'audit:org': { input: OrgAuditQuery, output: OrgAuditPage },
  'subjects:names': { input: SubjectNamesInput, output: SubjectNames },
} as const satisfies Record<InvokeChannel, { input: z.ZodType; output: z.ZodType }>;

export const events = {
  'sync:status': SyncStatus,
  'outbox:changed': OutboxChanged,
  'export:progress': ExportProgress,
  // --- issue 12 ---
  'bundle:progress': BundleProgressEvent,
} as const satisfies Record<EventChannel, z.ZodType>;

// Compile-time proof that channels.ts and this table list the same channels.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const channelsMatch: Same<keyof typeof contract, InvokeChannel> = true;
const eventsMatch: Same<keyof typeof events, EventChannel> = true;
void channelsMatch;
void eventsMatch;

export type Contract = typeof contract;
export type ChannelInput<C extends InvokeChannel> = z.input<Contract[C]['input']>;
export type ChannelParsedInput<C extends InvokeChannel> = z.output<Contract[C]['input']>;
export type ChannelOutput<C extends InvokeChannel> = z.output<Contract[C]['output']>;
export type EventPayload<E extends EventChannel> = z.output<(typeof events)[E]>;

/** The shape both transports give the renderer (preload's `window.zta`, the HTTP client). */
export interface Bridge {
  invoke(channel: string, input?: unknown): Promise<unknown>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}
