// The IPC contract (DESIGN.md §3): every channel declared once with its input and output
// schema. Main validates every input and every output at the boundary; both transports
// (Electron IPC and the browser host's HTTP) speak exactly this.
import { z } from 'zod';
import { Action, ActionIntent, RejectionCode } from './actions';
import {
  AccessDecision,
  AccessEvent,
  Id,
  Instant,
  Jurisdiction,
  PrivacyRequest,
  RequestEvent,
  RequestStatus,
  RequestType,
  Role,
} from './domain';
import { StreamName } from './protocol';
import type { EventChannel, InvokeChannel } from './channels';

/** Channels that take no input accept `undefined` or `{}`. */
export const NoInput = z.object({}).strict().optional();

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  transport: z.enum(['electron', 'browser']),
});
export type AppInfo = z.infer<typeof AppInfo>;

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

export const CacheStats = z.object({
  schemaVersion: z.number().int(),
  streams: z.array(StreamState),
  pendingActions: z.number().int().nonnegative(),
});
export type CacheStats = z.infer<typeof CacheStats>;

export const LogsFilter = z
  .object({
    from: Instant.optional(),
    to: Instant.optional(),
    subjectId: Id.optional(),
    decision: AccessDecision.optional(),
    app: z.string().max(256).optional(),
  })
  .strict();
export type LogsFilter = z.infer<typeof LogsFilter>;

/** Keyset cursor: the last row of the previous page in (time desc, id desc) order. */
export const LogsCursor = z.object({ time: Instant, id: Id });
export type LogsCursor = z.infer<typeof LogsCursor>;

export const LogsPageInput = z.object({
  filter: LogsFilter.default({}),
  after: LogsCursor.optional(),
  limit: z.number().int().min(1).max(1000).default(100),
});
export type LogsPageInput = z.input<typeof LogsPageInput>;

export const LogsPage = z.object({
  rows: z.array(AccessEvent),
  next: LogsCursor.nullable(),
});
export type LogsPage = z.infer<typeof LogsPage>;

// ---------------------------------------------------------------------------------------------
// Outbox, conflicts and requests (issue 3)

export const OutboxStatus = z.enum(['pending', 'applied', 'rejected']);
export type OutboxStatus = z.infer<typeof OutboxStatus>;

/** One queued action and what became of it. */
export const OutboxEntry = z.object({
  action: Action,
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
  }),
});
export type OutboxList = z.infer<typeof OutboxList>;

/** An action the backend rejected, with the winning state. */
export const Conflict = z.object({
  /** The rejected action's id. */
  id: z.string(),
  action: Action,
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

export const ConflictsDismissInput = z.object({ id: z.string().min(1).max(128) }).strict();

export const RequestsFilter = z
  .object({
    status: RequestStatus.optional(),
    type: RequestType.optional(),
    jurisdiction: Jurisdiction.optional(),
    subjectId: Id.optional(),
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
});
export type RequestRow = z.infer<typeof RequestRow>;

export const RequestsList = z.object({ rows: z.array(RequestRow), next: RequestsCursor.nullable() });
export type RequestsList = z.infer<typeof RequestsList>;

export const RequestsGetInput = z.object({ id: Id }).strict();

export const RequestDetail = RequestRow.extend({
  events: z.array(RequestEvent),
  conflicts: z.array(Conflict),
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

export const contract = {
  'app:info': { input: NoInput, output: AppInfo },
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
} as const satisfies Record<InvokeChannel, { input: z.ZodType; output: z.ZodType }>;

export const events = {
  'sync:status': SyncStatus,
  'outbox:changed': OutboxChanged,
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
