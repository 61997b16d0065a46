// The cache worker: the only thread that touches the database. Owns the encrypted cache,
// the session, the sync engine and the queries; answers RPCs from CoreClient.
import { legalSettingsOf, prepareLegalCalendar } from '../legal-settings';
import { parentPort, workerData } from 'node:worker_threads';
import { dirname, join } from 'node:path';
import type { ActionIntent } from '../../../shared/actions';
import type {
  ConsoleSettings,
  HistogramBucketSize,
  LogsFilter,
  LogsPageInput,
  RequestsFilter,
  RenderErrorReport,
  SignInInput,
  SortOrder,
} from '../../../shared/contract';
import type { Role } from '../../../shared/domain';
import { purgeCsvExports, startCsvExport } from '../cache/csv';
import {
  deleteView,
  getSettings,
  listSubjects,
  listViews,
  purgeExpired,
  purgeClosedRequests,
  saveView,
  setSettings,
  subjectTimeline,
  getSubject,
} from '../cache/review';
import type { InvokeChannel } from '../../../shared/channels';
import { AppError } from '../../../shared/errors';
import { cacheStats } from '../cache/cache-stats';
import { logsCount, logsHistogram } from '../cache/log-counts';
import { logsEvent, logsPage, type LogsPageQuery } from '../cache/queries';
import { openCacheDb } from '../cache/open';
import {
  pendingPurges,
  registerSubjectPurgeHook,
  resumeDeletionJournal,
  runPendingPurges,
} from '../cache/purge';
import { pendingOrgSettings, readOrgSettingsRecord } from '../cache/org-settings';
import { CacheStore } from '../cache/store';
import type { WorkerInit, WorkerMessage, WorkerRequest } from '../rpc';
import { Outbox } from '../outbox/outbox';
import { SessionService } from '../session';
import { errorInfoOf, SyncEngine } from '../sync/engine';
import { ExportService } from '../export/service';
import { purgeExpiredExports, purgeSubjectExports } from '../export/registry';
import type { ExportBundleInput } from '../../../shared/contract';
import type { ReportsGetInput } from '../../../shared/reports';
import { getReport, reportCsv } from '../reports/reports';
import { AUDIT_READER_ROLES, type LocalAuditFilter, type OrgAuditQuery } from '../../../shared/audit';
import { localAuditPage, recordRead } from '../outbox/audit-trail';
import { fetchOrgAudit } from '../sync/org-audit';
import { subjectNames } from '../cache/subject-names';

function main(): void {
  const port = parentPort;
  if (!port) throw new Error('cache-worker must run in a worker thread');
  const post = (msg: WorkerMessage) => port.postMessage(msg);
  const init = workerData as WorkerInit;

  let store: CacheStore;
  try {
    store = new CacheStore(openCacheDb({ path: init.dbPath, key: init.key }));
  } catch (err) {
    post({ type: 'fatal', error: errorInfoOf(err) });
    return;
  }
  const db = store.db;

  // The member-state holiday calendar (~1 MB of rules) loads in the background only when the
  // synced settings name a member state: now, and after every sync that may have brought one.
  const prepareCalendar = () => void prepareLegalCalendar(legalSettingsOf(db)).catch(() => undefined);
  prepareCalendar();
  const outbox = new Outbox(db, {
    actor: () => store.getSetting('session.adminName'),
    role: () => store.getSetting('session.role') as Role | null,
  });
  const session: SessionService = new SessionService(store, () => engine);
  const engine: SyncEngine = new SyncEngine(
    store,
    () => session.current(),
    (status) => post({ type: 'event', event: 'sync:status', payload: status }),
    {
      ...(init.pageSize ? { pageSize: init.pageSize } : {}),
      outbox,
      ...(init.backoff ? { backoff: init.backoff } : {}),
      afterRun: () => {
        purge();
        prepareCalendar();
      },
      dataDir: dirname(init.dbPath),
      onOutboxChanged: (change) => post({ type: 'event', event: 'outbox:changed', payload: change }),
    },
  );
  // Sealed CSV exports left by a previous run cannot be opened any more (their keys were in memory).
  const csvExportsDir = join(dirname(init.dbPath), 'exports');
  purgeCsvExports(csvExportsDir, 0);
  // Retention: after every sync, when the window changes, and hourly.
  const purge = () => {
    try {
      purgeExpired(store);
      purgeClosedRequests(store);
      purgeExpiredExports(db, getSettings(store).retentionDays);
      purgeCsvExports(csvExportsDir);
    } catch {
      /* retried on the next run */
    }
  };
  const purgeSoon = () => setImmediate(purge);
  // An erased person's purge that a crash interrupted: files first, then anyone still queued.
  try {
    resumeDeletionJournal(db, dirname(init.dbPath));
    if (pendingPurges(db) > 0) {
      runPendingPurges(db, dirname(init.dbPath));
      store.events.reset();
    }
  } catch {
    /* retried after the next sync */
  }
  const timer = setInterval(purge, 60 * 60_000);
  timer.unref();
  purgeSoon();

  const exportsService = new ExportService({
    db,
    generator: { name: init.app.name, version: init.app.version },
    enqueue: (intent) => {
      const entry = outbox.enqueue(intent);
      post({ type: 'event', event: 'outbox:changed', payload: outbox.changed([entry.action.id]) });
      engine.kick();
      return entry;
    },
    progress: (p) => post({ type: 'event', event: 'bundle:progress', payload: p }),
  });
  // Erasure reaches exports too: a running export of the person is cancelled, and every bundle
  // of theirs kept on this machine is removed with its registry row (issue 11 meets issue 12).
  registerSubjectPurgeHook((purgeDb, subjectId) => {
    exportsService.cancelSubject(subjectId);
    purgeSubjectExports(purgeDb, subjectId);
  });

  const actor = () => store.getSetting('session.adminName');
  const handlers: Record<InvokeChannel, (input: unknown) => unknown> = {
    'app:info': () => init.app,
    'app:reportError': (input) => {
      // Until the console has a logger, a render failure goes to the process's stderr, once per
      // report, so it is never silent. The report holds no data values (see RenderErrorReport).
      const r = input as RenderErrorReport;
      process.stderr.write(`renderer error in ${r.scope} [${r.code}]: ${r.message}\n`);
      return { reported: true as const };
    },
    'session:status': () => session.status(),
    'session:signIn': (input) => session.signIn(input as SignInInput),
    'session:signOut': () => session.signOut(),
    'sync:status': () => engine.getStatus(),
    'sync:now': () => {
      if (!session.current()) throw new AppError('E_NOT_SIGNED_IN', 'Sign in to a backend before syncing.');
      if (!engine.isRunning()) engine.start().catch(() => undefined);
      return engine.getStatus();
    },
    'cache:stats': () => cacheStats(store),
    'logs:page': (input) => {
      const page = input as LogsPageInput as LogsPageQuery;
      if (page.after === undefined && searchesPeople(page.filter))
        recordRead(db, {
          actor: actor(),
          event: 'read.search',
          ref: page.filter.subjectId ?? null,
          detail: { filter: page.filter },
        });
      return logsPage(db, page);
    },
    'actions:submit': (input) => {
      // Instantly, offline or not: outbox row + audit entry in one transaction.
      const entry = outbox.enqueue(input as ActionIntent);
      post({ type: 'event', event: 'outbox:changed', payload: outbox.changed([entry.action.id]) });
      post({ type: 'event', event: 'sync:status', payload: engine.getStatus() });
      engine.kick();
      return entry;
    },
    'outbox:list': (input) => outbox.list((input as { recentLimit: number }).recentLimit),
    'conflicts:list': (input) => ({
      conflicts: outbox.conflicts((input as { includeDismissed: boolean }).includeDismissed),
    }),
    'conflicts:dismiss': (input) => {
      const conflict = outbox.dismissConflict((input as { id: string }).id);
      post({ type: 'event', event: 'outbox:changed', payload: outbox.changed([conflict.id]) });
      return conflict;
    },
    'requests:list': (input) =>
      outbox.listRequests(
        input as { filter: RequestsFilter; after?: { receivedOn: string; id: string }; limit: number },
      ),
    'requests:get': (input) => outbox.getRequest((input as { id: string }).id),
    'logs:count': (input) => logsCount(db, (input as { filter: LogsFilter }).filter),
    'logs:histogram': (input) => {
      const i = input as { filter: LogsFilter; bucket: HistogramBucketSize };
      return logsHistogram(db, i.filter, i.bucket);
    },
    'logs:event': (input) => logsEvent(db, (input as { id: string }).id),
    'logs:exportCsv': (input) => {
      const i = input as { filter: LogsFilter; order: SortOrder };
      recordRead(db, {
        actor: actor(),
        event: 'read.export_csv',
        ref: i.filter.subjectId ?? null,
        detail: { filter: i.filter },
      });
      return startCsvExport(db, join(dirname(init.dbPath), 'exports'), i, (p) =>
        post({ type: 'event', event: 'export:progress', payload: p }),
      );
    },
    'subjects:list': (input) => {
      const i = input as { search: string; limit: number };
      return { subjects: listSubjects(db, i.search, i.limit) };
    },
    'subjects:timeline': (input) => {
      const i = input as Parameters<typeof subjectTimeline>[1];
      // One entry per timeline opened, not per page turned.
      if (i.after === undefined)
        recordRead(db, { actor: actor(), event: 'read.timeline', ref: i.subjectId, detail: {} });
      return subjectTimeline(db, i);
    },
    'subjects:get': (input) => getSubject(db, (input as { id: string }).id),
    'views:list': () => listViews(db),
    'views:save': (input) => saveView(db, input as Parameters<typeof saveView>[1]),
    'views:delete': (input) => deleteView(db, (input as { id: string }).id),
    'settings:get': () => getSettings(store),
    'settings:set': (input) => {
      const out = setSettings(store, input as Partial<ConsoleSettings>);
      purgeSoon();
      return out;
    },
    // issue 11 (erasure)
    'orgSettings:get': () => ({ record: readOrgSettingsRecord(db), pending: pendingOrgSettings(db) }),
    // --- issue 12: export bundles ---
    'exports:bundle': (input) =>
      exportsService.bundle(input as Parameters<ExportService['bundle']>[0] & ExportBundleInput),
    'exports:cancel': (input) => exportsService.cancel((input as { operationId: string }).operationId),
    'exports:list': () => exportsService.list(),
    'exports:markDelivered': (input) => {
      const i = input as { id: string; deliveredVia: Parameters<ExportService['markDelivered']>[1] };
      return exportsService.markDelivered(i.id, i.deliveredVia);
    },
    // issue 14: an admin retries or discards an action held in Needs attention (audited).
    'outbox:retry': (input) => {
      const entry = outbox.retry((input as { id: string }).id);
      post({ type: 'event', event: 'outbox:changed', payload: outbox.changed([entry.action.id]) });
      engine.kick();
      return entry;
    },
    'outbox:discard': (input) => {
      const entry = outbox.discard((input as { id: string }).id);
      post({ type: 'event', event: 'outbox:changed', payload: outbox.changed([entry.action.id]) });
      engine.kick();
      return entry;
    },
    // issue 16 (reports): read-only, from the cached 24-month request records.
    'reports:get': (input) => getReport(db, input as ReportsGetInput),
    'reports:csv': (input) => reportCsv(getReport(db, input as ReportsGetInput)),
    // issue 16 (audit)
    'audit:local': (input) =>
      localAuditPage(db, input as { filter: LocalAuditFilter; beforeSeq?: number; limit: number }),
    'subjects:names': (input) => ({ names: subjectNames(db, (input as { ids: string[] }).ids) }),
    'audit:org': (input) => {
      const role = store.getSetting('session.role') as Role | null;
      if (role === null || !AUDIT_READER_ROLES.includes(role))
        throw new AppError(
          'E_FORBIDDEN',
          "Only an owner or an approver may read the organisation's audit trail.",
        );
      return fetchOrgAudit(session.current(), input as OrgAuditQuery);
    },
  };

  let closed = false;
  const handle = async (req: WorkerRequest): Promise<unknown> => {
    if (closed) throw new AppError('E_CACHE', 'The cache is closed.');
    switch (req.method) {
      case 'invoke':
        return handlers[req.channel](req.input);
      case 'syncNow':
        return engine.start();
      case 'close':
        closed = true;
        engine.shutdown();
        clearInterval(timer);
        await engine.stop();
        try {
          db.pragma('wal_checkpoint(TRUNCATE)');
        } finally {
          db.close();
        }
        return null;
    }
  };

  port.on('message', (req: WorkerRequest) => {
    handle(req).then(
      (value) => post({ type: 'reply', id: req.id, ok: true, value }),
      (err: unknown) => post({ type: 'reply', id: req.id, ok: false, error: errorInfoOf(err) }),
    );
  });
  post({ type: 'ready' });
  // Push + pull on start, on a timer, after each queued action, and with backoff after failures.
  const interval = init.autoSyncIntervalMs ?? DEFAULT_AUTO_SYNC_MS;
  if (interval > 0) engine.startAuto(interval);
}

const DEFAULT_AUTO_SYNC_MS = 60_000;

/** A logs query that looks for people (a text search, a user or a subject), which the audit
 * records; browsing the newest events or filtering by decision alone is not a search of anyone. */
function searchesPeople(f: LogsFilter): boolean {
  return f.text !== undefined || f.user !== undefined || f.subjectId !== undefined || f.ip !== undefined;
}

main();
