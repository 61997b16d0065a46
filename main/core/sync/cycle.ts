// What one sync cycle's push and pull share: the session, the abort signal, the cache, and the
// two ways to update the engine's status (with or without telling the UI at once).
import type { SyncStatus } from '../../../shared/contract-app';
import { AppError, toErrorInfo, type ErrorInfo } from '../../../shared/errors';
import type { CacheDatabase } from '../cache/store';
import type { FetchLike } from './backend-client';

export const LAST_SYNCED_SETTING = 'sync.lastSyncedAt';
export const LAST_PUSH_SETTING = 'sync.lastPushAt';
export const NEEDS_SIGN_IN_SETTING = 'sync.needsSignIn';

export interface SyncSession {
  backendUrl: string;
  token: string;
}

export interface SyncCycle {
  session: SyncSession;
  /** Aborted by stop() (sign-out, close, another organisation). */
  signal: AbortSignal;
  store: CacheDatabase;
  fetch: FetchLike | undefined;
  now: () => Date;
  /** Updates the status and tells the UI. */
  report(patch: Partial<SyncStatus>): void;
  /** Updates the status quietly: the next report carries it. */
  note(patch: Partial<SyncStatus>): void;
}

/** Throws E_SYNC_STOPPED once the cycle was stopped, between pages and batches. */
export function throwIfStopped(signal: AbortSignal): void {
  if (signal.aborted) throw new AppError('E_SYNC_STOPPED', 'The sync was stopped.');
}

/** Anything thrown in the worker, as ErrorInfo; database failures become E_CACHE. */
export function errorInfoOf(err: unknown): ErrorInfo {
  if (err instanceof AppError) return err.toInfo();
  if (err instanceof Error && err.name === 'SqliteError')
    return { code: 'E_CACHE', message: `Cache error: ${err.message}` };
  return toErrorInfo(err);
}
