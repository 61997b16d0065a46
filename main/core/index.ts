// The console core, main side. The database lives in worker threads (no DB call on the
// Electron main thread or the host's event loop): the cache worker writes and answers most
// channels, the read worker answers the read channels on its own connection. This file holds
// the RPC client and the contract dispatch both transports use through CoreClient.invoke.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { events as eventSchemas, type EventPayload } from '../../shared/contract';
import {
  CacheStats,
  SyncStatus as SyncStatusSchema,
  type AppInfo,
  type SyncProgress,
  type SyncStatus,
} from '../../shared/contract-app';
import type { EventChannel, InvokeChannel } from '../../shared/channels';
import { AppError, isErrorCode, type ErrorInfo, type Result } from '../../shared/errors';
import { appFile, COMPILED_ENTRIES, RUNS_FROM_SOURCE } from './app-root';
import { CACHE_FILE } from './cache/open';
import { dispatch } from './dispatch';
import type { KeyMaterial, KeyProvider } from './keys';
import {
  OPEN_READER,
  type OpenReader,
  type ReaderInit,
  type WorkerCall,
  type WorkerInit,
  type WorkerMessage,
  type WorkerRequest,
} from './rpc';
import { isReadChannel } from './worker/read-channels';
import { auditedRead } from './audited-reads';

export { dispatch } from './dispatch';
export {
  generatedKeyFileProvider,
  keyFileKeyProvider,
  passphraseKeyProvider,
  type KeyMaterial,
  type KeyProvider,
} from './keys';
export { CACHE_FILE } from './cache/open';
export { LATEST_SCHEMA_VERSION } from './cache/migrations';

export interface CoreOptions {
  dataDir: string;
  keyProvider: KeyProvider;
  app: AppInfo;
  /** Automatic push + pull period (default 60 s; 0 = only on demand). */
  autoSyncIntervalMs?: number;
  /** Retry backoff after transient failures (default: full jitter, 1 s base, 5 min cap). */
  backoff?: { baseMs: number; capMs: number };
}

export interface CoreClient {
  /** Validates input with the contract, runs the handler in the worker, validates output; never throws. */
  invoke(channel: string, input: unknown): Promise<Result<unknown>>;
  on<E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
  /** For the CLI: run a full pull now and resolve when caught up (rejects with AppError on failure). */
  syncNow(onProgress?: (p: SyncProgress) => void): Promise<SyncStatus>;
  stats(): Promise<CacheStats>;
  close(): Promise<void>;
}

function toAppError(info: ErrorInfo): AppError {
  return new AppError(isErrorCode(info.code) ? info.code : 'E_INTERNAL', info.message, info.details);
}

/**
 * A worker's entry: the compiled one beside the bundle, or — when the core itself runs from its
 * TypeScript sources (tests, bench) — the dev shim that loads the sources through tsx.
 */
function workerEntry(which: 'cache' | 'read'): URL {
  if (which === 'cache')
    return RUNS_FROM_SOURCE
      ? new URL('./worker/entry.mjs', import.meta.url)
      : pathToFileURL(appFile(COMPILED_ENTRIES.cacheWorker));
  return RUNS_FROM_SOURCE
    ? new URL('./worker/read-entry.mjs', import.meta.url)
    : pathToFileURL(appFile(COMPILED_ENTRIES.readWorker));
}

type Pending = { resolve: (value: unknown) => void; reject: (err: AppError) => void };

/** One worker thread's request/reply link: ids, pending calls, and its failure once stopped. */
class WorkerLink {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  stopped: AppError | null = null;

  constructor(
    readonly worker: Worker,
    what: string,
    onEvent: (msg: Extract<WorkerMessage, { type: 'event' }>) => void = () => undefined,
  ) {
    worker.on('message', (msg: WorkerMessage) => {
      if (msg.type === 'reply') {
        const p = this.pending.get(msg.id);
        if (!p) return;
        this.pending.delete(msg.id);
        if (msg.ok) p.resolve(msg.value);
        else p.reject(toAppError(msg.error));
      } else if (msg.type === 'event') onEvent(msg);
    });
    worker.on('error', (err) => this.fail(new AppError('E_CACHE', `The ${what} failed: ${err.message}`)));
    worker.on('exit', (code) =>
      this.fail(new AppError('E_CACHE', `The ${what} stopped (exit code ${code}).`)),
    );
  }

  fail(err: AppError): void {
    if (!this.stopped) this.stopped = err;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  call(req: WorkerCall): Promise<unknown> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextId++;
    return new Promise((resolvePromise, reject) => {
      this.pending.set(id, { resolve: resolvePromise, reject });
      const message: WorkerRequest = { ...req, id };
      this.worker.postMessage(message);
    });
  }

  /** Asks the worker to close its database, then ends the thread (whether or not it answered). */
  async close(): Promise<void> {
    try {
      if (!this.stopped) await this.call({ method: 'close' });
    } finally {
      this.fail(new AppError('E_CACHE', 'The cache is closed.'));
      await this.worker.terminate();
    }
  }
}

/**
 * The cache worker writes (sync, actions, purges) and answers most channels; the read worker
 * answers the read channels on its own connection, so a page never waits behind a write
 * transaction. Should the read worker stop, the cache worker answers them (slower during a
 * sync, never wrong).
 */
class WorkerCoreClient implements CoreClient {
  private readonly writer: WorkerLink;
  private readonly listeners = new Map<EventChannel, Set<(payload: never) => void>>();
  private closing: Promise<void> | null = null;

  constructor(
    writer: Worker,
    private readonly reader: WorkerLink,
  ) {
    this.writer = new WorkerLink(writer, 'cache worker', (msg) => this.onEvent(msg));
  }

  private onEvent(msg: Extract<WorkerMessage, { type: 'event' }>): void {
    const schema = eventSchemas[msg.event];
    const parsed = schema?.safeParse(msg.payload);
    if (!parsed?.success) return;
    for (const listener of this.listeners.get(msg.event) ?? []) {
      try {
        (listener as (p: unknown) => void)(parsed.data);
      } catch {
        /* a listener's bug must not break the core */
      }
    }
  }

  invoke(channel: string, input: unknown): Promise<Result<unknown>> {
    return dispatch(channel, input, async (c: InvokeChannel, parsed) => {
      if (!isReadChannel(c) || this.reader.stopped || this.writer.stopped)
        return this.writer.call({ method: 'invoke', channel: c, input: parsed });
      // No read without its record: an audited read (a people search, a timeline opened) waits for
      // the cache worker to write its audit entry; browsing and paging go straight to the reader.
      if (auditedRead(c, parsed)) await this.writer.call({ method: 'recordRead', channel: c, input: parsed });
      return this.reader.call({ method: 'invoke', channel: c, input: parsed });
    });
  }

  on<E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  async syncNow(onProgress?: (p: SyncProgress) => void): Promise<SyncStatus> {
    const off = onProgress
      ? this.on('sync:status', (s) => {
          if (s.progress) onProgress(s.progress);
        })
      : () => undefined;
    try {
      return SyncStatusSchema.parse(await this.writer.call({ method: 'syncNow' }));
    } finally {
      off();
    }
  }

  async stats(): Promise<CacheStats> {
    const result = await this.invoke('cache:stats', undefined);
    if (!result.ok) throw toAppError(result.error);
    return CacheStats.parse(result.value);
  }

  close(): Promise<void> {
    // The reader first: the writer's last checkpoint then has the WAL to itself.
    this.closing ??= this.reader
      .close()
      .catch(() => undefined)
      .then(() => this.writer.close())
      .finally(() => this.listeners.clear());
    return this.closing;
  }
}

/**
 * Waits for a started worker's `ready` (or its `fatal`, as an AppError); ends it on failure.
 * Resolves with the raw key the worker reported opening the cache with, if it did.
 */
async function whenReady(worker: Worker, what: string): Promise<KeyMaterial | undefined> {
  try {
    return await new Promise<KeyMaterial | undefined>((resolveReady, reject) => {
      const onMessage = (msg: WorkerMessage) => {
        if (msg.type === 'ready') done(() => resolveReady(msg.readerKey));
        else if (msg.type === 'fatal') done(() => reject(toAppError(msg.error)));
      };
      const onError = (err: Error) =>
        done(() => reject(new AppError('E_CACHE', `The ${what} failed to start: ${err.message}`)));
      const onExit = (code: number) =>
        done(() =>
          reject(new AppError('E_CACHE', `The ${what} exited while opening the cache (code ${code}).`)),
        );
      const done = (settle: () => void) => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        settle();
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
    });
  } catch (err) {
    await worker.terminate();
    throw err;
  }
}

/** Opens (creating if needed) the encrypted cache in `<dataDir>/cache.sqlite`, in a worker thread. */
export async function openCore(opts: CoreOptions): Promise<CoreClient> {
  let key: KeyMaterial;
  try {
    key = await opts.keyProvider.getKey();
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('E_CACHE_KEY', `Cannot get the cache key: ${(err as Error).message}`);
  }
  const dataDir = resolve(opts.dataDir);
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  } catch (err) {
    throw new AppError('E_CACHE', `Cannot create the data directory ${dataDir}: ${(err as Error).message}`);
  }
  const init: WorkerInit = {
    dbPath: join(dataDir, CACHE_FILE),
    key,
    app: { ...opts.app },
    ...(opts.autoSyncIntervalMs !== undefined ? { autoSyncIntervalMs: opts.autoSyncIntervalMs } : {}),
    ...(opts.backoff ? { backoff: { ...opts.backoff } } : {}),
  };
  // Both threads boot at once (loading the code is most of the wait); the reader opens the cache
  // only when told, once the writer has created and migrated it.
  const readerInit: ReaderInit = { dbPath: init.dbPath, key };
  const reader = new Worker(workerEntry('read'), { workerData: readerInit });
  const writer = new Worker(workerEntry('cache'), { workerData: init });
  let readerKey: KeyMaterial;
  try {
    readerKey = (await whenReady(writer, 'cache worker')) ?? key;
  } catch (err) {
    await reader.terminate();
    throw err;
  }
  try {
    reader.postMessage({ type: OPEN_READER, key: readerKey } satisfies OpenReader);
    await whenReady(reader, 'read worker');
  } catch (err) {
    await new WorkerLink(writer, 'cache worker').close();
    throw err;
  }
  return new WorkerCoreClient(writer, new WorkerLink(reader, 'read worker'));
}
