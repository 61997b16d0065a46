// The IPC contract's app, session and sync schemas (docs/ARCHITECTURE.md §3): who is signed in,
// how the sync is doing, what the cache holds, and the console's and organisation's settings.
// The channel table is contract.ts. Pure TypeScript + zod: no node:*, no DOM.
import { z } from 'zod';
import { Instant, Role } from './domain';
import { StreamName } from './protocol';
import { OrgSettings, OrgSettingsRecord } from './org-settings';
import { CacheLock } from './offline-lock';

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
  // issue 14 (optional so older producers stay valid; the core always sets them):
  /** The offline lock: data channels refuse with E_CACHE_LOCKED while `locked`. */
  lock: CacheLock.optional(),
  /** Why this console was signed out by the backend (its token revoked), until the next sign-in. */
  revoked: z
    .object({ at: Instant, message: z.string().max(2000) })
    .nullable()
    .optional(),
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

/** An error as the contract carries it (code, message, optional details). */
export const ErrorInfoSchema = z.object({
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
