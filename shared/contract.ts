// The IPC contract (docs/ARCHITECTURE.md §3): every channel declared once with its input and output
// schema. Main validates every input and every output at the boundary; both transports
// (Electron IPC and the browser host's HTTP) speak exactly this.
// The schemas live by concern in contract-app.ts, contract-logs.ts, contract-requests.ts,
// contract-subjects.ts and contract-bundles.ts; this module is the table that binds them.
import { z } from 'zod';
import { Id } from './domain';
import { ReportCsv, ReportsGetInput, ReportView } from './reports';
import { DashboardView } from './dashboard';
import type { EventChannel, InvokeChannel } from './channels';
import { LocalAuditInput, LocalAuditPage, OrgAuditPage, OrgAuditQuery } from './audit';
import { ErasureList, ErasureListQuery } from './erasure-list';
import { ConsoleList, ConsoleRevokeInput, ConsoleRevokeReply } from './consoles';
import {
  AppInfo,
  CacheStats,
  ConsoleSettings,
  OrgSettingsView,
  RenderErrorReport,
  SessionStatus,
  SettingsPatch,
  SignInInput,
  SyncStatus,
} from './contract-app';
import {
  ExportCsvInput,
  ExportProgress,
  LogRow,
  LogsCount,
  LogsCountInput,
  LogsHistogram,
  LogsHistogramInput,
  LogsPage,
  LogsPageInput,
  SavedView,
  ViewDeleteResult,
  ViewSaveInput,
  ViewsList,
} from './contract-logs';
import {
  ActionsSubmitInput,
  Conflict,
  ConflictsDismissInput,
  ConflictsList,
  ConflictsListInput,
  OutboxActionInput,
  OutboxChanged,
  OutboxEntry,
  OutboxList,
  OutboxListInput,
  RequestDetail,
  RequestsGetInput,
  RequestSubject,
  RequestsList,
  RequestsListInput,
} from './contract-requests';
import {
  SubjectNames,
  SubjectNamesInput,
  SubjectsList,
  SubjectsListInput,
  SubjectTimeline,
  SubjectTimelineInput,
} from './contract-subjects';
import {
  BundleProgressEvent,
  ExportBundleInput,
  ExportBundleResult,
  ExportCancelInput,
  ExportDeliveredInput,
  ExportRecord,
  ExportsList,
  SaveBundlePathInput,
  SaveBundlePathResult,
} from './contract-bundles';

/** Channels that take no input accept `undefined` or `{}`. */
export const NoInput = z.object({}).strict().optional();

export const IdInput = z.object({ id: Id }).strict();

export const contract = {
  'app:info': { input: NoInput, output: AppInfo },
  'app:reportError': { input: RenderErrorReport, output: z.object({ reported: z.literal(true) }) },
  'session:status': { input: NoInput, output: SessionStatus },
  'session:signIn': { input: SignInInput, output: SessionStatus },
  'session:signOut': { input: NoInput, output: SessionStatus },
  'sync:status': { input: NoInput, output: SyncStatus },
  'sync:now': { input: NoInput, output: SyncStatus },
  'cache:stats': { input: NoInput, output: CacheStats },
  'logs:page': { input: LogsPageInput, output: LogsPage },
  'actions:submit': { input: ActionsSubmitInput, output: OutboxEntry },
  'outbox:list': { input: OutboxListInput, output: OutboxList },
  'conflicts:list': { input: ConflictsListInput, output: ConflictsList },
  'conflicts:dismiss': { input: ConflictsDismissInput, output: Conflict },
  'requests:list': { input: RequestsListInput, output: RequestsList },
  'requests:get': { input: RequestsGetInput, output: RequestDetail },
  'logs:count': { input: LogsCountInput, output: LogsCount },
  'logs:histogram': { input: LogsHistogramInput, output: LogsHistogram },
  'logs:event': { input: IdInput, output: LogRow },
  'logs:exportCsv': { input: ExportCsvInput, output: ExportProgress },
  'subjects:list': { input: SubjectsListInput, output: SubjectsList },
  'subjects:timeline': { input: SubjectTimelineInput, output: SubjectTimeline },
  'subjects:get': { input: IdInput, output: RequestSubject },
  'views:list': { input: NoInput, output: ViewsList },
  'views:save': { input: ViewSaveInput, output: SavedView },
  'views:delete': { input: IdInput, output: ViewDeleteResult },
  'settings:get': { input: NoInput, output: ConsoleSettings },
  'settings:set': { input: SettingsPatch, output: ConsoleSettings },
  // issue 11 (erasure)
  'orgSettings:get': { input: NoInput, output: OrgSettingsView },
  // --- issue 12: export bundles ---
  'exports:bundle': { input: ExportBundleInput, output: ExportBundleResult },
  'exports:cancel': { input: ExportCancelInput, output: z.object({ cancelled: z.boolean() }) },
  'exports:list': { input: NoInput, output: ExportsList },
  'exports:markDelivered': { input: ExportDeliveredInput, output: ExportRecord },
  'dialog:saveBundlePath': { input: SaveBundlePathInput, output: SaveBundlePathResult },
  // issue 14 (security hardening)
  'outbox:retry': { input: OutboxActionInput, output: OutboxEntry },
  'outbox:discard': { input: OutboxActionInput, output: OutboxEntry },
  // issue 16 (reports)
  'reports:get': { input: ReportsGetInput, output: ReportView },
  'reports:csv': { input: ReportsGetInput, output: ReportCsv },
  // issue 16 (dashboard): the home room's figures, read-only
  'dashboard:get': { input: NoInput, output: DashboardView },
  // issue 16 (audit)
  'audit:local': { input: LocalAuditInput, output: LocalAuditPage },
  'audit:org': { input: OrgAuditQuery, output: OrgAuditPage },
  'erasures:org': { input: ErasureListQuery, output: ErasureList },
  'subjects:names': { input: SubjectNamesInput, output: SubjectNames },
  'consoles:list': { input: NoInput, output: ConsoleList },
  'consoles:revoke': { input: ConsoleRevokeInput, output: ConsoleRevokeReply },
} as const satisfies Record<InvokeChannel, { input: z.ZodType; output: z.ZodType }>;

export const events = {
  'sync:status': SyncStatus,
  'outbox:changed': OutboxChanged,
  'export:progress': ExportProgress,
  // --- issue 12 ---
  'bundle:progress': BundleProgressEvent,
} as const satisfies Record<EventChannel, z.ZodType>;

// Compile-time proof that channels.ts and this table list the same channels.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const channelsMatch: Same<keyof typeof contract, InvokeChannel> = true;
const eventsMatch: Same<keyof typeof events, EventChannel> = true;
void channelsMatch;
void eventsMatch;

export type Contract = typeof contract;
export type ChannelInput<C extends InvokeChannel> = z.input<Contract[C]['input']>;
/**
 * What a handler receives once the dispatch boundary has parsed the input (defaults filled in).
 * @public Kept for the worker handlers, which are to be typed from it (issue 15, item 5).
 */
export type ChannelParsedInput<C extends InvokeChannel> = z.output<Contract[C]['input']>;
export type ChannelOutput<C extends InvokeChannel> = z.output<Contract[C]['output']>;
export type EventPayload<E extends EventChannel> = z.output<(typeof events)[E]>;

/** The shape both transports give the renderer (preload's `window.zta`, the HTTP client). */
export interface Bridge {
  invoke(channel: string, input?: unknown): Promise<unknown>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}
