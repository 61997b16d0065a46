// The IPC contract's casework schemas (docs/ARCHITECTURE.md §3–5): the outbox and its conflicts,
// the requests list and a request's page (with its subject as the page shows it).
// Pure TypeScript + zod: no node:*, no DOM.
import { z } from 'zod';
import { ActionIntent, StoredAction } from './action-schemas';
import { RejectionCode } from './push-protocol';
import {
  Id,
  Instant,
  Jurisdiction,
  PrivacyRequest,
  RequestEvent,
  RequestStatus,
  RequestType,
  SubjectRestriction,
} from './domain';
import { ErrorInfoSchema } from './contract-app';
import { DueBucket } from './dashboard';

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
    /** By next deadline (issue 16: the dashboard's deadline tiles lead here): passed, today, ≤ 7 days. */
    due: DueBucket.optional(),
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
