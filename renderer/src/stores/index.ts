// The app's store instances over the detected transport. Tests build their own with
// `createXStore(createClient(fakeBridge))` instead of importing this module.
import { useStore } from 'zustand';
import { getClient } from '../api/client';
import { createAuditStore, type AuditState } from './audit';
import { createCacheStore, type CacheState } from './cache';
import { createDashboardStore, type DashboardState } from './dashboard';
import { createBundlesStore, type BundlesState } from './bundles';
import { createEventDrawerStore, type EventDrawerState } from './event-drawer';
import { createExportStore, type ExportState } from './exporter';
import { createHistogramStore, type HistogramState } from './histogram';
import { createIntakeStore, type IntakeState } from './intake';
import { createLogsStore, type LogsState } from './logs';
import { createOutboxStore, type OutboxState } from './outbox';
import { createOrgSettingsStore, type OrgSettingsState } from './org-settings';
import { createOpenRequestStore, type OpenRequestState } from './open-request';
import { createRequestQueueStore, type RequestQueueState } from './request-queue';
import { createSessionStore, type SessionState } from './session';
import { createSettingsStore, type SettingsState } from './settings';
import { createSubjectsStore, type SubjectsState } from './subjects';
import { createSyncStore, type SyncState } from './sync';
import { createViewsStore, type ViewsState } from './views';
import { histogramFollowsLogs, refreshAfterSync } from './wiring';

const client = getClient();

export const sessionStore = createSessionStore(client);
export const syncStore = createSyncStore(client);
export const logsStore = createLogsStore(client);
export const cacheStore = createCacheStore(client);
export const requestQueueStore = createRequestQueueStore(client);
export const openRequestStore = createOpenRequestStore(client);
export const outboxStore = createOutboxStore(client);
export const histogramStore = createHistogramStore(client);
export const eventDrawerStore = createEventDrawerStore(client);
export const viewsStore = createViewsStore(client);
export const exportStore = createExportStore(client);
export const subjectsStore = createSubjectsStore(client);
export const settingsStore = createSettingsStore(client);
export const intakeStore = createIntakeStore(client);
export const orgSettingsStore = createOrgSettingsStore(client);
// issue 12: export bundles
export const bundlesStore = createBundlesStore(client);
// issue 16: the Audit room
export const auditStore = createAuditStore(client);

/** Starts the live parts for a signed-in session; returns the stop function. */
export function startSignedIn(): () => void {
  const stopSync = syncStore.getState().start();
  const stopOutbox = outboxStore.getState().start();
  const stopWiring = refreshAfterSync({
    sync: syncStore,
    logs: logsStore,
    cache: cacheStore,
    requestQueue: requestQueueStore,
    openRequest: openRequestStore,
    outbox: outboxStore,
  });
  const stopHistogram = histogramFollowsLogs(logsStore, histogramStore);
  return () => {
    stopHistogram();
    stopWiring();
    stopOutbox();
    stopSync();
  };
}

/** Forgets what was shown for the previous session (after sign-out). */
export function resetSessionData(): void {
  logsStore.getState().reset();
  cacheStore.getState().reset();
  requestQueueStore.getState().reset();
  openRequestStore.getState().close();
  outboxStore.getState().reset();
  histogramStore.getState().reset();
  eventDrawerStore.getState().close();
  subjectsStore.getState().closeSubject();
  exportStore.getState().dismiss();
  intakeStore.getState().reset();
  bundlesStore.getState().dismiss();
  auditStore.getState().reset();
}

export const useSession = <T>(selector: (s: SessionState) => T): T => useStore(sessionStore, selector);
export const useSync = <T>(selector: (s: SyncState) => T): T => useStore(syncStore, selector);
export const useLogs = <T>(selector: (s: LogsState) => T): T => useStore(logsStore, selector);
export const useCache = <T>(selector: (s: CacheState) => T): T => useStore(cacheStore, selector);
export const useRequestQueue = <T>(selector: (s: RequestQueueState) => T): T =>
  useStore(requestQueueStore, selector);
export const useOpenRequest = <T>(selector: (s: OpenRequestState) => T): T =>
  useStore(openRequestStore, selector);
export const useOutbox = <T>(selector: (s: OutboxState) => T): T => useStore(outboxStore, selector);
export const useHistogram = <T>(selector: (s: HistogramState) => T): T => useStore(histogramStore, selector);
export const useEventDrawer = <T>(selector: (s: EventDrawerState) => T): T =>
  useStore(eventDrawerStore, selector);
export const useViews = <T>(selector: (s: ViewsState) => T): T => useStore(viewsStore, selector);
export const useExport = <T>(selector: (s: ExportState) => T): T => useStore(exportStore, selector);
export const useSubjects = <T>(selector: (s: SubjectsState) => T): T => useStore(subjectsStore, selector);
export const useIntake = <T>(selector: (s: IntakeState) => T): T => useStore(intakeStore, selector);
export const useSettings = <T>(selector: (s: SettingsState) => T): T => useStore(settingsStore, selector);
export const useOrgSettings = <T>(selector: (s: OrgSettingsState) => T): T =>
  useStore(orgSettingsStore, selector);
export const useAudit = <T>(selector: (s: AuditState) => T): T => useStore(auditStore, selector);
export const useBundles = <T>(selector: (s: BundlesState) => T): T => useStore(bundlesStore, selector);

// issue 16: the Dashboard (home room)
export const dashboardStore = createDashboardStore(client);
export const useDashboard = <T>(selector: (s: DashboardState) => T): T => useStore(dashboardStore, selector);
