// Messages between the main side (CoreClient) and its workers: the cache worker and the read worker.
import type { AppInfo } from '../../shared/contract-app';
import type { EventChannel, InvokeChannel } from '../../shared/channels';
import type { ErrorInfo } from '../../shared/errors';
import type { KeyMaterial } from './keys';

export interface WorkerInit {
  dbPath: string;
  key: KeyMaterial;
  app: AppInfo;
  pageSize?: number;
  /** Automatic push + pull period in ms (0 = off: only explicit sync:now / syncNow). */
  autoSyncIntervalMs?: number;
  /** Retry backoff after transient failures (default: full jitter, 1 s base, 5 min cap). */
  backoff?: { baseMs: number; capMs: number };
}

/** What the read worker needs: the cache and its key (it opens it read-only). */
export type ReaderInit = Pick<WorkerInit, 'dbPath' | 'key'>;

/**
 * Tells the read worker to open the cache (sent once the cache worker has migrated it), with the
 * raw key the cache worker derived: the reader does not run Argon2id a second time.
 */
export const OPEN_READER = 'open-reader';
export interface OpenReader {
  type: typeof OPEN_READER;
  key: KeyMaterial;
}

export type WorkerCall =
  | { method: 'invoke'; channel: InvokeChannel; input: unknown }
  /** The cache worker records a read of personal data that the read worker is about to answer. */
  | { method: 'recordRead'; channel: InvokeChannel; input: unknown }
  | { method: 'syncNow' }
  | { method: 'close' };

export type WorkerRequest = WorkerCall & { id: number };

export type WorkerMessage =
  /** `readerKey`: from the cache worker, the raw key that opens the cache. */
  | { type: 'ready'; readerKey?: KeyMaterial }
  | { type: 'fatal'; error: ErrorInfo }
  | { type: 'reply'; id: number; ok: true; value: unknown }
  | { type: 'reply'; id: number; ok: false; error: ErrorInfo }
  | { type: 'event'; event: EventChannel; payload: unknown };
