// The cache worker: the only thread that writes the database. Owns the encrypted cache, the
// session, the sync engine and the queries; answers RPCs from CoreClient. The read channels
// (read-channels.ts) go to the read worker; this one answers them only if that one stopped.
import { legalSettingsOf, prepareLegalCalendar } from '../legal-settings';
import { parentPort, workerData } from 'node:worker_threads';
import { dirname, join } from 'node:path';
import { purgeCsvExports, startCsvExport } from '../cache/csv';
import { getSettings, setSettings } from '../cache/console-settings';
import { deleteView, listViews, saveView } from '../cache/saved-views';
import { getSubject, listSubjects, subjectTimeline } from '../cache/subjects';
import type { InvokeChannel } from '../../../shared/channels';
import type { ChannelParsedInput } from '../../../shared/contract';
import { AppError } from '../../../shared/errors';
import { cacheStats } from '../cache/cache-stats';
import { logsCount, logsHistogram } from '../cache/log-counts';
import { logsEvent, logsPage } from '../cache/queries';
import { openCacheWriter } from '../cache/open';
import { registerSubjectPurgeHook } from '../cache/purge';
import { pendingOrgSettings, readOrgSettingsRecord } from '../cache/org-settings';
import type { KeyMaterial } from '../keys';
import type { WorkerInit, WorkerMessage, WorkerRequest } from '../rpc';
import { buildConsoleServices, storedRole, type ConsoleServices } from '../console-services';
import { errorInfoOf } from '../sync/cycle';
import { ExportService } from '../export/service';
import { purgeSubjectExports } from '../export/registry';
import { getReport, reportCsv } from '../reports/reports';
import { dashboardView } from '../cache/dashboard';
import { AUDIT_READER_ROLES } from '../../../shared/audit';
import { localAuditPage, recordRead } from '../outbox/audit-trail';
import { auditedRead } from '../audited-reads';
import { fetchOrgAudit } from '../sync/org-audit';
import { fetchOrgErasures } from '../sync/org-erasures';
import { subjectNames } from '../cache/subject-names';
import { log, logToParent } from '../log';
import { fetchConsoles, revokeConsole } from '../sync/consoles';

function main(): void {
  const port = parentPort;
  if (!port) throw new Error('cache-worker must run in a worker thread');
  const post = (msg: WorkerMessage) => port.postMessage(msg);
  const init = workerData as WorkerInit;
  logToParent(port, init.logLevel);

  let services: ConsoleServices;
  let readerKey: KeyMaterial;
  try {
    const opened = openCacheWriter({ path: init.dbPath, key: init.key });
    readerKey = opened.key;
    services = buildConsoleServices(opened.db, {
      dataDir: dirname(init.dbPath),
      ...(init.pageSize ? { pageSize: init.pageSize } : {}),
      ...(init.backoff ? { backoff: init.backoff } : {}),
      onStatus: (status) => post({ type: 'event', event: 'sync:status', payload: status }),
      onOutboxChanged: (change) => post({ type: 'event', event: 'outbox:changed', payload: change }),
      afterSync: () => prepareCalendar(),
    });
  } catch (err) {
    log('core').error({ err }, 'cache worker could not open the cache');
    post({ type: 'fatal', error: errorInfoOf(err) });
    return;
  }
  const { db, store, outbox, session, engine, purgeRetention: purge } = services;

  // The member-state holiday calendar (~1 MB of rules) loads in the background only when the
  // synced settings name a member state: now, and after every sync that may have brought one.
  function prepareCalendar(): void {
    void prepareLegalCalendar(legalSettingsOf(db)).catch((err: unknown) =>
      log('legal').warn({ err }, 'holiday calendar did not load; deadlines use weekends only until it does'),
    );
  }
  prepareCalendar();
  // Sealed CSV exports left by a previous run cannot be opened any more (their keys were in memory).
  const csvExportsDir = join(dirname(init.dbPath), 'exports');
  purgeCsvExports(csvExportsDir, 0);
  // Retention: after every sync (console-services.ts), when the window changes, and hourly.
  const purgeSoon = () => setImmediate(purge);
  services.resumeInterruptedPurges();
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
  // Reads of personal data leave their entry in the local chain (audited-reads.ts) — here, or on the
  // main side's request before it sends the read itself to the read worker.
  const recordAuditedRead = (channel: InvokeChannel, input: unknown) => {
    const entry = auditedRead(channel, input);
    if (entry) recordRead(db, { actor: actor(), ...entry });
  };
  const handlers: { [C in InvokeChannel]: (input: ChannelParsedInput<C>) => unknown } = {
    'app:info': () => init.app,
    'app:reportError': (input) => {
      // A render failure is logged once per report: where and which code, not its message (an
      // error's text may quote what was on screen).
      log('renderer').error({ where: input.scope, code: input.code }, 'render failed');
      return { reported: true as const };
    },
    'session:status': () => session.status(),
    'session:signIn': (input) => session.signIn(input),
    'session:signOut': () => session.signOut(),
    'sync:status': () => engine.getStatus(),
    'sync:now': () => {
      if (!session.current()) throw new AppError('E_NOT_SIGNED_IN', 'Sign in to a backend before syncing.');
      // Its failure reaches the window as the sync status (and the log, engine.ts).
      if (!engine.isRunning()) engine.start().catch(() => undefined);
      return engine.getStatus();
    },
    'cache:stats': () => cacheStats(store),
    'logs:page': (input) => {
      recordAuditedRead('logs:page', input);
      return logsPage(db, input);
    },
    'actions:submit': (input) => {
      // Instantly, offline or not: outbox row + audit entry in one transaction.
      const entry = outbox.enqueue(input);
      post({ type: 'event', event: 'outbox:changed', payload: outbox.changed([entry.action.id]) });
      post({ type: 'event', event: 'sync:status', payload: engine.getStatus() });
      engine.kick();
      return entry;
    },
    'outbox:list': (input) => outbox.list(input.recentLimit),
    'conflicts:list': (input) => ({
      conflicts: outbox.conflicts.list(input.includeDismissed),
    }),
    'conflicts:dismiss': (input) => {
      const conflict = outbox.conflicts.dismiss(input.id);
      post({ type: 'event', event: 'outbox:changed', payload: outbox.changed([conflict.id]) });
      return conflict;
    },
    'requests:list': (input) => outbox.requests.list(input),
    'requests:get': (input) => outbox.requests.get(input.id),
    'logs:count': (input) => logsCount(db, input.filter),
    'logs:histogram': (input) => logsHistogram(db, input.filter, input.bucket),
    'logs:event': (input) => logsEvent(db, input.id),
    'logs:exportCsv': (input) => {
      const i = input;
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
    'subjects:list': (input) => ({ subjects: listSubjects(db, input.search, input.limit) }),
    'subjects:timeline': (input) => {
      recordAuditedRead('subjects:timeline', input);
      return subjectTimeline(db, input);
    },
    'subjects:get': (input) => getSubject(db, input.id),
    'views:list': () => listViews(db),
    'views:save': (input) => saveView(db, input),
    'views:delete': (input) => deleteView(db, input.id),
    'settings:get': () => getSettings(store),
    'settings:set': (input) => {
      const out = setSettings(store, input);
      purgeSoon();
      return out;
    },
    // issue 11 (erasure)
    'orgSettings:get': () => ({ record: readOrgSettingsRecord(db), pending: pendingOrgSettings(db) }),
    // --- issue 12: export bundles ---
    'exports:bundle': (input) => exportsService.bundle(input),
    'exports:cancel': (input) => exportsService.cancel(input.operationId),
    'exports:list': () => exportsService.list(),
    'exports:markDelivered': (input) => exportsService.markDelivered(input.id, input.deliveredVia),
    // Electron's main process answers this itself (main/electron/save-dialog.ts); no core has a dialog.
    'dialog:saveBundlePath': () => {
      throw new AppError('E_UNKNOWN_CHANNEL', 'This host has no save dialog: type where to save the bundle.');
    },
    // issue 14: an admin retries or discards an action held in Needs attention (audited).
    'outbox:retry': (input) => {
      const entry = outbox.retry(input.id);
      post({ type: 'event', event: 'outbox:changed', payload: outbox.changed([entry.action.id]) });
      engine.kick();
      return entry;
    },
    'outbox:discard': (input) => {
      const entry = outbox.discard(input.id);
      post({ type: 'event', event: 'outbox:changed', payload: outbox.changed([entry.action.id]) });
      engine.kick();
      return entry;
    },
    // issue 16 (reports): read-only, from the cached 24-month request records.
    'reports:get': (input) => getReport(db, input),
    'reports:csv': (input) => reportCsv(getReport(db, input)),
    // issue 16 (dashboard): read-only figures for the home room
    'dashboard:get': () => dashboardView(db),
    // issue 16 (audit)
    'audit:local': (input) => localAuditPage(db, input),
    'subjects:names': (input) => ({ names: subjectNames(db, input.ids) }),
    'audit:org': (input) => {
      const role = storedRole(store);
      if (role === null || !AUDIT_READER_ROLES.includes(role))
        throw new AppError(
          'E_FORBIDDEN',
          "Only an owner or an approver may read the organisation's audit trail.",
        );
      return fetchOrgAudit(session.current(), input).catch(services.revokedGuard);
    },
    'erasures:org': (input) => fetchOrgErasures(session.current(), input).catch(services.revokedGuard),
    // issue 14 (lost laptops): owners list and revoke consoles, live (the backend checks the role).
    'consoles:list': () => fetchConsoles(session.current()).catch(services.revokedGuard),
    'consoles:revoke': async (input) => {
      const reply = await revokeConsole(session.current(), input).catch(services.revokedGuard);
      // Revoking the token this console uses signs it out at once, like any revoked console.
      if (reply.console.current) engine.startSoon();
      return reply;
    },
  };

  const run = <C extends InvokeChannel>(channel: C, input: unknown): unknown => {
    // The offline lock (issue 14): a data channel of a cache offline too long is refused here.
    services.assertUnlocked(channel);
    // The input passed the channel's schema in dispatch (main side) before it was posted here.
    return handlers[channel](input as ChannelParsedInput<C>);
  };

  let closed = false;
  const handle = async (req: WorkerRequest): Promise<unknown> => {
    if (closed) throw new AppError('E_CACHE', 'The cache is closed.');
    switch (req.method) {
      case 'invoke':
        return run(req.channel, req.input);
      case 'recordRead':
        // No audit entry for a read the lock refuses (the read worker refuses it too).
        services.assertUnlocked(req.channel);
        recordAuditedRead(req.channel, req.input);
        return null;
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
  post({ type: 'ready', readerKey });
  // Push + pull on start, on a timer, after each queued action, and with backoff after failures.
  const interval = init.autoSyncIntervalMs ?? DEFAULT_AUTO_SYNC_MS;
  if (interval > 0) engine.startAuto(interval);
}

const DEFAULT_AUTO_SYNC_MS = 60_000;

main();
