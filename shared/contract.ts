// The IPC contract (DESIGN.md §3): every channel declared once with its input and output
// schema. Main validates every input and every output at the boundary; both transports
// (Electron IPC and the browser host's HTTP) speak exactly this.
import { z } from 'zod';
import { AccessDecision, AccessEvent, Id, Instant, Role } from './domain';
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

export const contract = {
  'app:info': { input: NoInput, output: AppInfo },
  'session:status': { input: NoInput, output: SessionStatus },
  'session:signIn': { input: SignInInput, output: SessionStatus },
  'session:signOut': { input: NoInput, output: SessionStatus },
  'sync:status': { input: NoInput, output: SyncStatus },
  'sync:now': { input: NoInput, output: SyncStatus },
  'cache:stats': { input: NoInput, output: CacheStats },
  'logs:page': { input: LogsPageInput, output: LogsPage },
} as const satisfies Record<InvokeChannel, { input: z.ZodType; output: z.ZodType }>;

export const events = {
  'sync:status': SyncStatus,
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
