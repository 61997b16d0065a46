// The pull side of the sync protocol (DESIGN.md §5). Runs in the cache worker.
// Per stream: GET a page, validate it BEFORE touching the DB, then apply its items and its
// cursor in ONE transaction. Interrupted anywhere ⇒ the next run resumes from the stored cursor.
import type { SyncStatus } from '../../../shared/contract';
import { AppError, toErrorInfo, type ErrorInfo } from '../../../shared/errors';
import { pullReplySchema, PULL_PAGE_MAX, type StreamName } from '../../../shared/protocol';
import type { CacheStore } from '../cache/store';
import { getJson } from './backend-client';

/** Referenced rows first, the big stream last. */
export const SYNC_ORDER: readonly StreamName[] = ['subjects', 'requests', 'request_events', 'access_events'];

export const LAST_SYNCED_SETTING = 'sync.lastSyncedAt';
const MAX_RESETS_PER_RUN = 3;

export interface SyncSession {
  backendUrl: string;
  token: string;
}

export interface SyncEngineOptions {
  pageSize?: number;
  /** Runs after every successful pull (retention purge). */
  afterRun?: () => void;
}

/** Anything thrown in the worker, as ErrorInfo; database failures become E_CACHE. */
export function errorInfoOf(err: unknown): ErrorInfo {
  if (err instanceof AppError) return err.toInfo();
  if (err instanceof Error && err.name === 'SqliteError')
    return { code: 'E_CACHE', message: `Cache error: ${err.message}` };
  return toErrorInfo(err);
}

export class SyncEngine {
  private status: SyncStatus;
  private current: Promise<SyncStatus> | null = null;
  private abort: AbortController | null = null;
  private readonly pageSize: number;
  private readonly afterRun: () => void;

  constructor(
    private readonly store: CacheStore,
    private readonly session: () => SyncSession | null,
    private readonly emit: (status: SyncStatus) => void,
    opts: SyncEngineOptions = {},
  ) {
    this.pageSize = opts.pageSize ?? PULL_PAGE_MAX;
    this.afterRun = opts.afterRun ?? (() => undefined);
    this.status = {
      online: null,
      running: false,
      lastSyncedAt: store.getSetting(LAST_SYNCED_SETTING),
      lastError: null,
      progress: null,
    };
  }

  getStatus(): SyncStatus {
    return { ...this.status };
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

  /** Stops a running pull (sign-out, close) and waits for it to settle. */
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
      for (const stream of SYNC_ORDER) await this.pullStream(stream, session, signal);
      this.afterRun();
      const now = new Date().toISOString();
      this.store.setSetting(LAST_SYNCED_SETTING, now);
      this.set({ online: true, running: false, lastSyncedAt: now, lastError: null, progress: null });
      return this.getStatus();
    } catch (err) {
      const info = errorInfoOf(err);
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
      return getJson(session.backendUrl, `/v1/sync/${stream}?${query}`, { token: session.token, signal });
    };
    let prefetched: { after: number; body: Promise<unknown> } | null = null;
    try {
      for (;;) {
        if (signal.aborted) throw new AppError('E_NOT_SIGNED_IN', 'The sync was stopped.');
        const pending: Promise<unknown> =
          prefetched && prefetched.after === cursor ? prefetched.body : fetchPage(cursor, epoch);
        prefetched = null;
        const body = await pending;
        this.status.online = true;
        const parsed = schema.safeParse(body);
        if (!parsed.success) {
          throw new AppError(
            'E_BAD_PAGE',
            `The backend sent an invalid ${stream} page (after ${cursor}); nothing was written.`,
            {
              stream,
              after: cursor,
              issues: parsed.error.issues
                .slice(0, 10)
                .map((i) => ({ path: i.path.map(String).join('.'), message: i.message })),
            },
          );
        }
        const reply = parsed.data;
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
        const now = new Date().toISOString();
        try {
          this.store.db.transaction(() => {
            this.store.applyItems(stream, reply.items);
            this.store.putState({ stream, cursor: reply.next, epoch: reply.epoch, lastSyncedAt: now });
          })();
        } catch (err) {
          events?.flags.reset();
          throw err;
        }
        cursor = reply.next;
        epoch = reply.epoch;
        applied += reply.items.length;
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
