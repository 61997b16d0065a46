// The sync engine (docs/ARCHITECTURE.md §5). Runs in the cache worker. One cycle = push, then pull.
// Push: the outbox's pending actions in queue order, in batches; the reply is validated whole
// before anything is written, and its outcomes are applied in ONE transaction.
// Pull, per stream: GET a page, validate it BEFORE touching the DB, then apply its items and its
// cursor in ONE transaction. Interrupted anywhere ⇒ the next run resumes from the stored state.
// Automatic mode: a cycle on start, on a timer, after each queued action, and — after a
// transient failure — again after a full-jitter backoff delay (honouring Retry-After), until
// the backend is reachable again. A 401/403 stops the automatic mode until the next sign-in.
import { type Action } from '../../../shared/action-schemas';
import { PUSH_BATCH_MAX, PushReply } from '../../../shared/push-protocol';
import type { SyncStatus } from '../../../shared/contract-app';
import type { OutboxChanged } from '../../../shared/contract-requests';
import { AppError, toErrorInfo, type ErrorInfo } from '../../../shared/errors';
import {
  pageItemCount,
  pageItems,
  pullReplySchema,
  PULL_PAGE_MAX,
  type StreamItem,
  type StreamName,
} from '../../../shared/protocol';
import type { CacheDatabase } from '../cache/store';
import type { Outbox } from '../outbox/outbox';
import { ORG_SETTINGS_STREAM, OrgSettingsPage } from '../../../shared/org-settings';
import { clearOrgSettings, readOrgSettingsState, writeOrgSettings } from '../cache/org-settings';
import { pendingPurges, runPendingPurges } from '../cache/purge';
import { requestJson, type FetchLike } from './backend-client';
import { salvagePage } from './salvage';
import { DEFAULT_BACKOFF, fullJitterDelay, isTransient, retryAfterOf, type BackoffPolicy } from './backoff';
import { issueList } from '../../../shared/zod-issues';

/** Referenced rows first, the big stream last. */
export const SYNC_ORDER: readonly StreamName[] = ['subjects', 'requests', 'request_events', 'access_events'];

export const LAST_SYNCED_SETTING = 'sync.lastSyncedAt';
export const LAST_PUSH_SETTING = 'sync.lastPushAt';
export const NEEDS_SIGN_IN_SETTING = 'sync.needsSignIn';
const MAX_RESETS_PER_RUN = 3;

export interface SyncSession {
  backendUrl: string;
  token: string;
}

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
  /** The data folder, whose files an erased person's purge also removes (null: files untouched). */
  dataDir?: string | null;
}

/** Anything thrown in the worker, as ErrorInfo; database failures become E_CACHE. */
export function errorInfoOf(err: unknown): ErrorInfo {
  if (err instanceof AppError) return err.toInfo();
  if (err instanceof Error && err.name === 'SqliteError')
    return { code: 'E_CACHE', message: `Cache error: ${err.message}` };
  return toErrorInfo(err);
}

/**
 * A push failure that may be caused by the actions sent rather than by the network or load:
 * HTTP 500 (the backend's internal error) or a 4xx other than auth, timeout and rate limit.
 * (503 / 502 / 504 and 429 are the backend being busy or away: never counted against an action.)
 */
export function isActionFault(info: ErrorInfo): boolean {
  if (info.code !== 'E_BACKEND') return false;
  const status = (info.details as { status?: unknown } | undefined)?.status;
  if (typeof status !== 'number') return false;
  return status === 500 || (status >= 400 && status < 500 && ![401, 403, 408, 429].includes(status));
}

const itemIdOf = (i: StreamItem<StreamName>): string => (i.op === 'delete' ? i.id : i.data.id);

export class SyncEngine {
  private status: SyncStatus;
  private current: Promise<SyncStatus> | null = null;
  private abort: AbortController | null = null;
  private readonly pageSize: number;
  private readonly pushBatchSize: number;
  private readonly outbox: Outbox | undefined;
  private readonly fetchImpl: FetchLike | undefined;
  private readonly now: () => Date;
  private readonly backoff: BackoffPolicy;
  private readonly random: () => number;
  private readonly onOutboxChanged: (change: OutboxChanged) => void;
  // Automatic mode
  private autoIntervalMs = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private failures = 0;
  private again = false;
  private closed = false;
  private readonly afterRun: () => void;
  private readonly dataDir: string | null;

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
    this.backoff = opts.backoff ?? DEFAULT_BACKOFF;
    this.random = opts.random ?? Math.random;
    this.onOutboxChanged = opts.onOutboxChanged ?? (() => undefined);
    this.afterRun = opts.afterRun ?? (() => undefined);
    this.dataDir = opts.dataDir ?? null;
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
  // Automatic mode

  /** Turns on automatic push + pull: now, then every `intervalMs`, and after each queued action. */
  startAuto(intervalMs: number): void {
    this.autoIntervalMs = intervalMs;
    this.kick();
  }

  /** Run a cycle as soon as possible (joins / follows a running one). */
  kick(): void {
    if (this.closed || this.autoIntervalMs <= 0) return;
    if (!this.session() || this.status.needsSignIn) return;
    if (this.current) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.autoCycle();
    }, delayMs);
    this.timer.unref?.();
  }

  private autoCycle(): void {
    if (this.closed || this.autoIntervalMs <= 0) return;
    if (!this.session() || this.status.needsSignIn) return;
    this.start().then(
      () => {
        this.failures = 0;
        this.status.nextRetryAt = null;
        if (this.again) {
          this.again = false;
          this.schedule(0);
        } else this.schedule(this.autoIntervalMs);
      },
      (err: unknown) => {
        const info = errorInfoOf(err);
        this.again = false;
        // Wait for sign-in; a stopped cycle (sign-out, close) is not retried either.
        if (info.code === 'E_AUTH' || info.code === 'E_NOT_SIGNED_IN' || info.code === 'E_SYNC_STOPPED')
          return;
        const delay = isTransient(info)
          ? fullJitterDelay(this.failures++, this.backoff, this.random, retryAfterOf(info))
          : this.autoIntervalMs;
        this.set({ nextRetryAt: new Date(this.now().getTime() + delay).toISOString() });
        this.schedule(delay);
      },
    );
  }

  /** A cycle now in the background: through the automatic mode (with its retries) when on. */
  startSoon(): void {
    if (this.autoIntervalMs > 0 && !this.closed) this.kick();
    else this.start().catch(() => undefined);
  }

  /** After a successful sign-in: the token works again. */
  signedIn(): void {
    this.store.setSetting(NEEDS_SIGN_IN_SETTING, null);
    this.failures = 0;
    this.set({ needsSignIn: false, lastError: null });
  }

  /** Stops the timer for good (close). */
  shutdown(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
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

  private async run(session: SyncSession, signal: AbortSignal): Promise<SyncStatus> {
    this.set({ running: true, lastError: null, progress: null });
    try {
      // Push first, so the pull brings our own applied actions back. A transient push failure
      // does not keep the pull from running (the mirror stays fresh); it is reported after.
      let pushError: unknown = null;
      try {
        await this.pushAll(session, signal);
      } catch (err) {
        const info = errorInfoOf(err);
        // Unreachable: the pull would fail the same way. Other transient failures (5xx, a bad
        // or incomplete reply) still let the pull keep the mirror fresh.
        if (!isTransient(info) || info.code === 'E_BACKEND_UNREACHABLE') throw err;
        pushError = err;
      }
      for (const stream of SYNC_ORDER) await this.pullStream(stream, session, signal);
      await this.pullOrgSettings(session, signal);
      this.afterRun();
      const now = this.now().toISOString();
      this.store.setSetting(LAST_SYNCED_SETTING, now);
      // Erased people: purged after every stream (and any bootstrap) of this run has landed,
      // last, so the checkpoint that ends the purge leaves an empty WAL.
      if (pendingPurges(this.store.db) > 0) {
        runPendingPurges(this.store.db, this.dataDir);
        this.store.events.reset();
      }
      if (pushError) throw pushError;
      this.set({ online: true, running: false, lastSyncedAt: now, lastError: null, progress: null });
      return this.getStatus();
    } catch (err) {
      const info = errorInfoOf(err);
      if (info.code === 'E_AUTH') {
        // Nothing is lost: the outbox keeps every pending action until the admin signs in again.
        this.store.setSetting(NEEDS_SIGN_IN_SETTING, '1');
        this.status.needsSignIn = true;
      }
      if (this.status.lastSyncedAt !== this.store.getSetting(LAST_SYNCED_SETTING))
        this.status.lastSyncedAt = this.store.getSetting(LAST_SYNCED_SETTING);
      const online =
        info.code === 'E_BACKEND_UNREACHABLE'
          ? false
          : info.code === 'E_AUTH' || info.code === 'E_BACKEND' || info.code === 'E_BAD_PAGE'
            ? true
            : this.status.online;
      this.set({ online, running: false, lastError: info, progress: null });
      throw new AppError(info.code, info.message, info.details);
    }
  }

  /** Pushes every pending action, batch by batch, in queue order. */
  private async pushAll(session: SyncSession, signal: AbortSignal): Promise<void> {
    const outbox = this.outbox;
    if (!outbox) return;
    for (;;) {
      if (signal.aborted) throw new AppError('E_SYNC_STOPPED', 'The sync was stopped.');
      const batch: Action[] = outbox.pendingBatch(this.pushBatchSize);
      if (batch.length === 0) return;
      const ids = batch.map((a) => a.id);
      outbox.markAttempt(ids);
      this.set({ pushing: true });
      let body: unknown;
      try {
        body = await requestJson(session.backendUrl, '/v1/actions', {
          method: 'POST',
          body: { actions: batch },
          token: session.token,
          signal,
          fetch: this.fetchImpl,
        });
      } catch (err) {
        const info = errorInfoOf(err);
        // A fault that points at the actions (500, a refused request) is counted per action:
        // the next push sends a failed action alone, and one that keeps failing alone moves to
        // Needs attention, so the actions behind it carry on.
        const moved = isActionFault(info) ? outbox.recordFault(ids, info) : (outbox.markError(ids, info), []);
        this.set({ pushing: false, ...(info.code === 'E_BACKEND_UNREACHABLE' ? { online: false } : {}) });
        this.onOutboxChanged(outbox.changed(moved));
        throw err;
      }
      this.status.online = true;
      const parsed = PushReply.safeParse(body);
      if (!parsed.success) {
        // Rejected whole: nothing from it is written; the actions stay pending.
        const info: ErrorInfo = {
          code: 'E_BAD_PAGE',
          message: 'The backend sent an invalid reply to a push; nothing was written.',
          details: {
            issues: issueList(parsed.error, 10),
          },
        };
        outbox.markError(ids, info);
        this.set({ pushing: false });
        throw new AppError(info.code, info.message, info.details);
      }
      const sent = new Set(ids);
      // Only outcomes about actions of this batch, and a duplicate only with its own first.
      const outcomes = parsed.data.outcomes.filter(
        (o) => sent.has(o.id) && (o.outcome !== 'duplicate' || o.first.id === o.id),
      );
      const changed = outbox.applyOutcomes(outcomes);
      const lastPushAt = this.now().toISOString();
      this.store.setSetting(LAST_PUSH_SETTING, lastPushAt);
      this.set({ pushing: false, lastPushAt });
      this.onOutboxChanged(outbox.changed(changed));
      const answered = new Set(outcomes.map((o) => o.id));
      const missing = ids.filter((id) => !answered.has(id));
      if (missing.length > 0) {
        // An action without an outcome stays pending, and is retried later.
        const info: ErrorInfo = {
          code: 'E_BACKEND',
          message: `The backend's reply had no outcome for ${missing.length} action(s); they stay pending.`,
          details: { missing: missing.slice(0, 20) },
        };
        outbox.markError(missing, info);
        throw new AppError(info.code, info.message, info.details);
      }
    }
  }

  /**
   * The organisation's settings (one document). A backend without the stream (404) leaves the
   * cached document, or the defaults, in place.
   */
  private async pullOrgSettings(session: SyncSession, signal: AbortSignal): Promise<void> {
    const db = this.store.db;
    for (let attempt = 0; attempt < 2; attempt++) {
      const after = readOrgSettingsState(db).seq;
      let body: unknown;
      try {
        body = await requestJson(session.backendUrl, `/v1/sync/${ORG_SETTINGS_STREAM}?after=${after}`, {
          token: session.token,
          signal,
          fetch: this.fetchImpl,
        });
      } catch (err) {
        const info = errorInfoOf(err);
        const status = (info.details as { status?: number } | undefined)?.status;
        if (info.code === 'E_BACKEND' && status === 404) return;
        throw err;
      }
      const parsed = OrgSettingsPage.safeParse(body);
      if (!parsed.success)
        throw new AppError(
          'E_BAD_PAGE',
          'The backend sent invalid organisation settings; nothing was written.',
        );
      const page = parsed.data;
      if (page.reset) {
        clearOrgSettings(db);
        continue;
      }
      const item = page.items[0];
      if (item) db.transaction(() => writeOrgSettings(db, item.seq, item.data))();
      return;
    }
  }

  private async pullStream(stream: StreamName, session: SyncSession, signal: AbortSignal): Promise<void> {
    const schema = pullReplySchema(stream);
    let { cursor, epoch } = this.store.getState(stream);
    let applied = 0;
    let resets = 0;
    const resetStream = (newEpoch: string) => {
      if (++resets > MAX_RESETS_PER_RUN) {
        throw new AppError('E_BACKEND', `The backend keeps resetting the ${stream} stream; try again later.`);
      }
      this.store.db.transaction(() => {
        this.store.clearStream(stream);
        this.store.putState({ stream, cursor: 0, epoch: newEpoch, lastSyncedAt: null });
      })();
      cursor = 0;
      epoch = newEpoch;
      applied = 0;
    };
    const events = stream === 'access_events' ? this.store.events : null;
    // A bootstrap (empty mirror, cursor 0): bulk-load, then build indexes + FTS once at the end.
    if (events && cursor === 0 && this.store.count(stream) === 0) events.beginBulk();
    const fetchPage = (after: number, ep: string | null) => {
      const query = new URLSearchParams({ after: String(after), limit: String(this.pageSize) });
      if (ep !== null) query.set('epoch', ep);
      return requestJson(session.backendUrl, `/v1/sync/${stream}?${query}`, {
        token: session.token,
        signal,
        fetch: this.fetchImpl,
      });
    };
    let prefetched: { after: number; body: Promise<unknown> } | null = null;
    try {
      for (;;) {
        if (signal.aborted) throw new AppError('E_SYNC_STOPPED', 'The sync was stopped.');
        const pending: Promise<unknown> =
          prefetched && prefetched.after === cursor ? prefetched.body : fetchPage(cursor, epoch);
        prefetched = null;
        const body = await pending;
        this.status.online = true;
        const parsed = schema.safeParse(body);
        // Items the page's schema refuses are set aside one by one (the stream goes on); only a
        // broken envelope refuses the whole page.
        const salvaged = parsed.success ? null : salvagePage(stream, body);
        if (!parsed.success && !salvaged) {
          throw new AppError(
            'E_BAD_PAGE',
            `The backend sent an invalid ${stream} page (after ${cursor}); nothing was written.`,
            {
              stream,
              after: cursor,
              issues: issueList(parsed.error, 10),
            },
          );
        }
        const reply = parsed.success ? parsed.data : salvaged!.page;
        const setAside = salvaged?.setAside ?? [];
        if (reply.stream !== stream) {
          throw new AppError(
            'E_BAD_PAGE',
            `Asked for ${stream}, the backend answered with ${reply.stream}; nothing was written.`,
          );
        }
        if (reply.reset || (epoch !== null && reply.epoch !== epoch)) {
          prefetched = null;
          resetStream(reply.epoch);
          continue;
        }
        if (reply.next < cursor || (reply.hasMore && reply.next === cursor)) {
          throw new AppError(
            'E_BAD_PAGE',
            `The backend's ${stream} cursor went from ${cursor} to ${reply.next}; nothing was written.`,
          );
        }
        // Overlap: ask for page N+1 while page N is applied.
        if (reply.hasMore) {
          const body = fetchPage(reply.next, reply.epoch);
          body.catch(() => undefined); // awaited (and its error surfaced) on the next turn
          prefetched = { after: reply.next, body };
        }
        const now = this.now().toISOString();
        try {
          this.store.db.transaction(() => {
            this.store.applyPage(reply);
            if (this.store.setAsideCount() > 0)
              this.store.clearSetAside(stream, pageItems(reply).map(itemIdOf));
            if (setAside.length > 0) this.store.setAside(stream, setAside, now);
            this.store.putState({ stream, cursor: reply.next, epoch: reply.epoch, lastSyncedAt: now });
          })();
        } catch (err) {
          events?.reset();
          throw err;
        }
        cursor = reply.next;
        epoch = reply.epoch;
        applied += pageItemCount(reply);
        this.set({
          online: true,
          progress: { stream, applied, cursor, watermark: Math.max(reply.watermark, cursor) },
        });
        if (!reply.hasMore) return;
      }
    } finally {
      if (events?.isBulk()) events.finishBulk();
    }
  }
}
