// The access-log channels of the contract, wrapped in the shapes the stores use.
import type { ConsoleSettings } from '../../../shared/contract-app';
import type {
  ExportProgress,
  Flag,
  HistogramBucketSize,
  LogRow,
  LogsCursor,
  LogsFilter,
  SavedView,
  SortOrder,
} from '../../../shared/contract-logs';
import type { SubjectProfile, SubjectSummary, SubjectTimeline } from '../../../shared/contract-subjects';
import type { Client } from '../api/client';
import { resolveRange, type LogsQuery } from './query';

export type { ConsoleSettings, ExportProgress, Flag, LogRow, SavedView, SubjectProfile, SubjectSummary };
export type PageCursor = LogsCursor;
export type Bucket = HistogramBucketSize;

export interface HistogramBucket {
  /** Bucket start, epoch ms. */
  start: number;
  allow: number;
  deny: number;
}

/** The contract filter for a query (empty fields left out; the IP must already be valid). */
export function toLogsFilter(q: LogsQuery, now: Date): LogsFilter {
  const filter: LogsFilter = { ...resolveRange(q, now) };
  if (q.decision !== 'all') filter.decision = q.decision;
  const text = (value: string, max: number) => {
    const v = value.trim();
    return v ? v.slice(0, max) : undefined;
  };
  const user = text(q.user, 256);
  if (user) filter.user = user;
  const app = text(q.app, 256);
  if (app) filter.app = app;
  const ip = text(q.ip, 64);
  if (ip) filter.ip = ip;
  const device = text(q.device, 256);
  if (device) filter.device = device;
  const os = text(q.os, 128);
  if (os) filter.os = os;
  const search = text(q.text, 512);
  if (search) filter.text = search;
  return filter;
}

export interface PageRequest {
  filter: LogsFilter;
  order: SortOrder;
  limit: number;
  after?: PageCursor;
}

export async function fetchPage(
  client: Client,
  req: PageRequest,
): Promise<{ rows: LogRow[]; next: PageCursor | null }> {
  return client.invoke('logs:page', req);
}

export async function fetchCount(
  client: Client,
  filter: LogsFilter,
): Promise<{ count: number; capped: boolean }> {
  return client.invoke('logs:count', { filter });
}

export async function fetchHistogram(
  client: Client,
  filter: LogsFilter,
  bucket: Bucket,
): Promise<HistogramBucket[]> {
  const out = await client.invoke('logs:histogram', { filter, bucket });
  return out.buckets.map((b) => ({ start: Date.parse(b.start), allow: b.allow, deny: b.deny }));
}

export function fetchEvent(client: Client, id: string): Promise<LogRow> {
  return client.invoke('logs:event', { id });
}

export async function listViews(client: Client): Promise<SavedView[]> {
  return (await client.invoke('views:list')).views;
}
export async function saveView(client: Client, name: string, query: LogsQuery): Promise<SavedView> {
  return client.invoke('views:save', { name, query: { ...query } });
}
export async function deleteView(client: Client, id: string): Promise<void> {
  await client.invoke('views:delete', { id });
}

export function onExportProgress(client: Client, listener: (p: ExportProgress) => void): () => void {
  return client.on('export:progress', listener);
}
export function startCsvExport(
  client: Client,
  filter: LogsFilter,
  order: SortOrder,
): Promise<ExportProgress> {
  return client.invoke('logs:exportCsv', { filter, order });
}
/** Where the browser host serves a finished export. */
export const exportDownloadUrl = (fileName: string, key?: string): string =>
  `/api/exports/${encodeURIComponent(fileName)}${key ? `?key=${encodeURIComponent(key)}` : ''}`;

export async function listSubjects(client: Client, search: string): Promise<SubjectSummary[]> {
  return (await client.invoke('subjects:list', { search: search.trim().slice(0, 256), limit: 500 })).subjects;
}
export function fetchSubjectTimeline(
  client: Client,
  subjectId: string,
  after: PageCursor | undefined,
  limit: number,
): Promise<SubjectTimeline> {
  return client.invoke('subjects:timeline', { subjectId, limit, ...(after ? { after } : {}) });
}

export function getSettings(client: Client): Promise<ConsoleSettings> {
  return client.invoke('settings:get');
}
export function setSettings(client: Client, patch: Partial<ConsoleSettings>): Promise<ConsoleSettings> {
  return client.invoke('settings:set', patch);
}
