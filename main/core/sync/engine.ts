// The sync engine (docs/ARCHITECTURE.md §5). Runs in the cache worker. One cycle = push
// (push.ts), then pull (pull.ts); the automatic mode's timer and retries are auto-sync.ts.
// A 401/403 stops the automatic mode until the next sign-in.
import { PUSH_BATCH_MAX } from '../../../shared/push-protocol';
import type { SyncStatus } from '../../../shared/contract-app';
import type { OutboxChanged } from '../../../shared/contract-requests';
import { AppError, type ErrorInfo } from '../../../shared/errors';
import { PULL_PAGE_MAX } from '../../../shared/protocol';
import type { CacheDatabase } from '../cache/store';
import { dropHeldDeviceRemovals, pendingPurges, runPendingPurges } from '../cache/purge';
import type { Outbox } from '../outbox/outbox';
import { AutoSync } from './auto-sync';
import type { FetchLike } from './backend-client';
import { DEFAULT_BACKOFF, isTransient, type BackoffPolicy } from './backoff';
import {
  errorInfoOf,
  LAST_PUSH_SETTING,
  LAST_SYNCED_SETTING,
  NEEDS_SIGN_IN_SETTING,
  type SyncCycle,
  type SyncSession,
} from './cycle';
import { pullOrgSettings, pullStream, SYNC_ORDER } from './pull';
import { pushPending } from './push';
import { log } from '../log';

export interface SyncEngineOptions {
  pageSize?: number;
  /** Actions per POST /v1/actions (≤ PUSH_BATCH_MAX). */
  pushBatchSize?: number;
  /** The outbox to push; without one the engine only pulls. */
  outbox?: Outbox;
  onOutboxChanged?: (change: OutboxChanged) => void;
  fetch?: FetchLike;
  now?: () => Date;
  backoff?: BackoffPolicy;
  random?: () => number;
  /** Runs after every successful pull (retention purge). */
  afterRun?: () => void;
  /** The backend said this console's token was revoked (issue 14): purge and sign out. */
  onRevoked?: (info: ErrorInfo) => void;
  /** The data folder, whose files an erased person's purge also removes (null: files untouched). */
  dataDir?: string | null;
}

export class SyncEngine {
  private status: SyncStatus;
  private current: Promise<SyncStatus> | null = null;
  private abort: AbortController | null = null;
  private readonly pageSize: number;
  private readonly pushBatchSize: number;
  private readonly outbox: Outbox | undefined;
  private readonly fetchImpl: FetchLike | undefined;
  private readonly now: () => Date;
  private readonly onOutboxChanged: (change: OutboxChanged) => void;
  private readonly afterRun: () => void;
  private readonly onRevoked: (info: ErrorInfo) => void;
  private readonly dataDir: string | null;
  private readonly auto: AutoSync;

  constructor(
    private readonly store: CacheDatabase,
    private readonly session: () => SyncSession | null,
    private readonly emit: (status: SyncStatus) => void,
    opts: SyncEngineOptions = {},
  ) {
    this.pageSize = opts.pageSize ?? PULL_PAGE_MAX;
    this.pushBatchSize = Math.min(PUSH_BATCH_MAX, Math.max(1, opts.pushBatchSize ?? 200));
    this.outbox = opts.outbox;
    this.fetchImpl = opts.fetch;
    this.now = opts.now ?? (() => new Date());
    this.onOutboxChanged = opts.onOutboxChanged ?? (() => undefined);
    this.afterRun = opts.afterRun ?? (() => undefined);
    this.onRevoked = opts.onRevoked ?? (() => undefined);
    this.dataDir = opts.dataDir ?? null;
    this.auto = new AutoSync(
      {
        start: () => this.start(),
        isRunning: () => this.isRunning(),
        canRun: () => this.session() !== null && !this.status.needsSignIn,
        report: (patch) => this.set(patch),
        note: (patch) => this.note(patch),
      },
      this.now,
      opts.backoff ?? DEFAULT_BACKOFF,
      opts.random ?? Math.random,
    );
    this.status = {
      online: null,
      running: false,
      lastSyncedAt: store.getSetting(LAST_SYNCED_SETTING),
      lastError: null,
      progress: null,
      lastPushAt: store.getSetting(LAST_PUSH_SETTING),
      pendingCount: this.outbox?.pendingCount() ?? store.pendingActions(),
      needsSignIn: store.getSetting(NEEDS_SIGN_IN_SETTING) === '1',
      pushing: false,
      nextRetryAt: null,
    };
  }

  getStatus(): SyncStatus {
    return { ...this.status, pendingCount: this.outbox?.pendingCount() ?? this.status.pendingCount ?? 0 };
  }

  // ------------------------------------------------------------------------------------------
  // Automatic mode (auto-sync.ts)

  /** Turns on automatic push + pull: now, then every `intervalMs`, and after each queued action. */
  startAuto(intervalMs: number): void {
    this.auto.start(intervalMs);
  }

  /** Run a cycle as soon as possible (joins / follows a running one). */
  kick(): void {
    this.auto.kick();
  }

  /** A cycle now in the background: through the automatic mode (with its retries) when on. */
  startSoon(): void {
    if (this.auto.isOn()) this.auto.kick();
    else this.start().catch(() => undefined);
  }

  /** After a successful sign-in: the token works again. */
  signedIn(): void {
    this.store.setSetting(NEEDS_SIGN_IN_SETTING, null);
    this.auto.resetFailures();
    this.set({ needsSignIn: false, lastError: null });
  }

  /** Stops the timer for good (close). */
  shutdown(): void {
    this.auto.shutdown();
  }

  /** After the cache was emptied (another organisation signed in). */
  forgetHistory(): void {
    this.status = { ...this.status, lastSyncedAt: null, lastError: null, progress: null };
  }

  isRunning(): boolean {
    return this.current !== null;
  }

  /** Starts a full pull, or joins the one running. Resolves caught up; rejects with AppError. */
  start(): Promise<SyncStatus> {
    if (this.current) return this.current;
    const session = this.session();
    if (!session)
      return Promise.reject(new AppError('E_NOT_SIGNED_IN', 'Sign in to a backend before syncing.'));
    const abort = new AbortController();
    this.abort = abort;
    this.current = this.run(session, abort.signal).finally(() => {
      this.current = null;
      this.abort = null;
    });
    return this.current;
  }

  /** Stops a running cycle (sign-out, close) and waits for it to settle. */
  async stop(): Promise<void> {
    const running = this.current;
    this.abort?.abort();
    if (running) await running.catch(() => undefined);
  }

  private set(patch: Partial<SyncStatus>): void {
    this.status = { ...this.status, ...patch };
    this.emit(this.getStatus());
  }

  private note(patch: Partial<SyncStatus>): void {
    this.status = { ...this.status, ...patch };
  }

  private async run(session: SyncSession, signal: AbortSignal): Promise<SyncStatus> {
    const started = Date.now();
    this.set({ running: true, lastError: null, progress: null });
    const cycle: SyncCycle = {
      session,
      signal,
      store: this.store,
      fetch: this.fetchImpl,
      now: this.now,
      report: (patch) => this.set(patch),
      note: (patch) => this.note(patch),
    };
    try {
      // Push first, so the pull brings our own applied actions back. A transient push failure
      // does not keep the pull from running (the mirror stays fresh); it is reported after.
      let pushError: unknown = null;
      try {
        if (this.outbox) await pushPending(cycle, this.outbox, this.pushBatchSize, this.onOutboxChanged);
      } catch (err) {
        const info = errorInfoOf(err);
        // Unreachable: the pull would fail the same way. Other transient failures (5xx, a bad
        // or incomplete reply) still let the pull keep the mirror fresh.
        if (!isTransient(info) || info.code === 'E_BACKEND_UNREACHABLE') throw err;
        pushError = err;
      }
      for (const stream of SYNC_ORDER) await pullStream(cycle, stream, this.pageSize);
      await pullOrgSettings(cycle);
      this.afterRun();
      const now = this.now().toISOString();
      this.store.setSetting(LAST_SYNCED_SETTING, now);
      // Every stream caught up: device removals no `erased` entry claimed were ordinary ones.
      dropHeldDeviceRemovals(this.store.db);
      // Erased people: purged after every stream (and any bootstrap) of this run has landed,
      // last, so the checkpoint that ends the purge leaves an empty WAL.
      if (pendingPurges(this.store.db) > 0) {
        const purged = runPendingPurges(this.store.db, this.dataDir);
        log('purge').info(
          { subjects: purged.length, files: purged.reduce((n, p) => n + p.files, 0) },
          'erased people purged',
        );
        this.store.events.reset();
      }
      if (pushError) throw pushError;
      log('sync').info({ durationMs: Date.now() - started }, 'sync done');
      this.set({ online: true, running: false, lastSyncedAt: now, lastError: null, progress: null });
      return this.getStatus();
    } catch (err) {
      const info = errorInfoOf(err);
      log('sync').warn({ code: info.code, durationMs: Date.now() - started }, 'sync failed');
      // Revoked (issue 14): the synced data goes now, in this cycle, before anything else reads it.
      if (info.code === 'E_REVOKED') this.onRevoked(info);
      if (info.code === 'E_AUTH' || info.code === 'E_REVOKED') {
        // Nothing is lost: the outbox keeps every pending action until the admin signs in again.
        this.store.setSetting(NEEDS_SIGN_IN_SETTING, '1');
        this.status.needsSignIn = true;
      }
      if (this.status.lastSyncedAt !== this.store.getSetting(LAST_SYNCED_SETTING))
        this.status.lastSyncedAt = this.store.getSetting(LAST_SYNCED_SETTING);
      const online =
        info.code === 'E_BACKEND_UNREACHABLE'
          ? false
          : info.code === 'E_AUTH' ||
              info.code === 'E_REVOKED' ||
              info.code === 'E_BACKEND' ||
              info.code === 'E_BAD_PAGE'
            ? true
            : this.status.online;
      this.set({ online, running: false, lastError: info, progress: null });
      throw new AppError(info.code, info.message, info.details);
    }
  }
}
