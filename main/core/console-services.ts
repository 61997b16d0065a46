// One factory for the services of a console over an open cache: the store, the outbox, the
// session, the sync engine and the retention purge. The cache worker, the CLI and the test
// consoles (test/helpers/console-sim.ts, test/fault/console-process.ts) all build them here, so a
// test console runs the same purge, role and session wiring as the product; tests inject only
// what a fault run varies (fetch, clock, actor, batch sizes).
import { join } from 'node:path';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { Role } from '../../shared/domain';
import type { SyncStatus } from '../../shared/contract-app';
import type { OutboxChanged } from '../../shared/contract-requests';
import { getSettings } from './cache/console-settings';
import { purgeCsvExports } from './cache/csv';
import { pendingPurges, resumeDeletionJournal, runPendingPurges } from './cache/purge';
import { purgeClosedRequests, purgeExpired } from './cache/retention';
import { CacheDatabase } from './cache/store';
import { purgeExpiredExports } from './export/registry';
import { Outbox } from './outbox/outbox';
import { SessionService } from './session';
import type { FetchLike } from './sync/backend-client';
import type { BackoffPolicy } from './sync/backoff';
import { SyncEngine } from './sync/engine';
import { log } from './log';
import type { InvokeChannel } from '../../shared/channels';
import { AppError } from '../../shared/errors';
import { assertUnlocked } from './cache/offline-lock';

export interface ConsoleServicesOptions {
  /** The data folder (holds the cache, exports): purges remove its files; null leaves files alone. */
  dataDir: string | null;
  /** The network (tests put a fault layer here). */
  fetch?: FetchLike;
  /** The console clock (tests skew it). */
  now?: () => Date;
  /** Who is acting; default: the signed-in admin's name from the session settings. */
  actor?: () => string | null;
  pageSize?: number;
  pushBatchSize?: number;
  backoff?: BackoffPolicy;
  /** Sync status changes (the worker posts them to the window). */
  onStatus?: (status: SyncStatus) => void;
  /** Outbox rows changed by a sync (the worker posts them to the window). */
  onOutboxChanged?: (change: OutboxChanged) => void;
  /** Runs after every successful sync, after the retention purge. */
  afterSync?: () => void;
}

export interface ConsoleServices {
  db: Database;
  store: CacheDatabase;
  outbox: Outbox;
  session: SessionService;
  engine: SyncEngine;
  /** Retention: expired events, closed requests past the window, old bundles and CSV files. */
  purgeRetention(): void;
  /** An erased person's purge that a crash interrupted: files first, then anyone still queued. */
  resumeInterruptedPurges(): void;
  /** The offline lock (issue 14): throws E_CACHE_LOCKED for a data channel of a locked cache. */
  assertUnlocked(channel: InvokeChannel): void;
  /** A live call the backend refused as revoked (issue 14) purges like a sync would; rethrows. */
  revokedGuard(err: unknown): never;
}

/** The signed-in admin's role as the last sign-in or sync stored it (null: none, or not a role). */
export function storedRole(store: CacheDatabase): Role | null {
  const role = Role.safeParse(store.getSetting('session.role'));
  return role.success ? role.data : null;
}

export function buildConsoleServices(db: Database, options: ConsoleServicesOptions): ConsoleServices {
  const store = new CacheDatabase(db);
  const actor = options.actor ?? (() => store.getSetting('session.adminName'));
  const outbox = new Outbox(db, {
    ...(options.now ? { now: options.now } : {}),
    actor,
    role: () => storedRole(store),
  });
  const csvExportsDir = options.dataDir === null ? null : join(options.dataDir, 'exports');
  const purgeRetention = () => {
    try {
      const counts = {
        events: purgeExpired(store),
        requests: purgeClosedRequests(store),
        bundles: purgeExpiredExports(db, getSettings(store).retentionDays),
        csvFiles: csvExportsDir ? purgeCsvExports(csvExportsDir) : 0,
      };
      if (Object.values(counts).some((n) => n > 0)) log('purge').info(counts, 'retention purge');
    } catch (err) {
      // Retried on the next run (after a sync, hourly); logged so a purge that keeps failing shows.
      log('purge').warn({ err }, 'retention purge failed');
    }
  };
  const session: SessionService = new SessionService(store, () => engine, {
    now: options.now ?? (() => new Date()),
    dataDir: options.dataDir,
  });
  const engine: SyncEngine = new SyncEngine(
    store,
    () => session.current(),
    options.onStatus ?? (() => undefined),
    {
      outbox,
      dataDir: options.dataDir,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      ...(options.now ? { now: options.now } : {}),
      ...(options.pageSize ? { pageSize: options.pageSize } : {}),
      ...(options.pushBatchSize ? { pushBatchSize: options.pushBatchSize } : {}),
      ...(options.backoff ? { backoff: options.backoff } : {}),
      ...(options.onOutboxChanged ? { onOutboxChanged: options.onOutboxChanged } : {}),
      onRevoked: (info) => session.revoked(info),
      afterRun: () => {
        purgeRetention();
        options.afterSync?.();
      },
    },
  );
  const resumeInterruptedPurges = () => {
    try {
      const files = options.dataDir !== null ? resumeDeletionJournal(db, options.dataDir) : 0;
      const pending = pendingPurges(db);
      if (pending > 0) {
        runPendingPurges(db, options.dataDir);
        store.events.reset();
      }
      if (files + pending > 0) log('purge').info({ files, subjects: pending }, 'interrupted purges resumed');
    } catch (err) {
      // Retried after the next sync.
      log('purge').warn({ err }, 'resuming interrupted purges failed');
    }
  };
  const now = options.now ?? (() => new Date());
  return {
    db,
    store,
    outbox,
    session,
    engine,
    purgeRetention,
    resumeInterruptedPurges,
    assertUnlocked: (channel) => assertUnlocked(db, channel, now()),
    revokedGuard: (err) => {
      if (err instanceof AppError && err.code === 'E_REVOKED') session.revoked(err.toInfo());
      throw err;
    },
  };
}
