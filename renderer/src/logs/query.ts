// The access-log filter as the admin edits it (strings as typed), and its translation into the
// contract's LogsFilter. Pure functions: unit-tested without a DOM.
import { parseIpFilter } from '../../../shared/ipnet';
import type { AccessDecision } from '../../../shared/domain';

export type TimePreset = '24h' | '7d' | '30d' | 'all' | 'custom';
export type DecisionFilter = 'all' | AccessDecision;
export type SortOrder = 'desc' | 'asc';

export interface LogsQuery {
  preset: TimePreset;
  /** ISO instants; used when preset is 'custom' (either may be null = open end). */
  from: string | null;
  to: string | null;
  user: string;
  app: string;
  decision: DecisionFilter;
  /** An IP address or a CIDR range. */
  ip: string;
  device: string;
  os: string;
  /** Full-text search (FTS5 syntax). */
  text: string;
  order: SortOrder;
}

export const EMPTY_QUERY: LogsQuery = {
  preset: 'all',
  from: null,
  to: null,
  user: '',
  app: '',
  decision: 'all',
  ip: '',
  device: '',
  os: '',
  text: '',
  order: 'desc',
};

export const PRESETS: { id: TimePreset; label: string; hours: number | null }[] = [
  { id: '24h', label: 'Last 24 hours', hours: 24 },
  { id: '7d', label: 'Last 7 days', hours: 24 * 7 },
  { id: '30d', label: 'Last 30 days', hours: 24 * 30 },
  { id: 'all', label: 'All time', hours: null },
  { id: 'custom', label: 'Custom range', hours: null },
];

const HOUR_MS = 3_600_000;

/** The time window a query covers, as ISO instants (absent = open). */
export function resolveRange(
  q: Pick<LogsQuery, 'preset' | 'from' | 'to'>,
  now: Date,
): { from?: string; to?: string } {
  if (q.preset === 'custom') {
    return { ...(q.from ? { from: q.from } : {}), ...(q.to ? { to: q.to } : {}) };
  }
  const preset = PRESETS.find((p) => p.id === q.preset);
  if (!preset?.hours) return {};
  return { from: new Date(now.getTime() - preset.hours * HOUR_MS).toISOString() };
}

/** Null when the text is empty, a valid IP address or a valid CIDR range; else the message
 *  the core would give (shared/ipnet.ts validates both sides). */
export function ipError(text: string): string | null {
  const s = text.trim();
  if (!s) return null;
  const parsed = parseIpFilter(s);
  return parsed.ok ? null : parsed.message;
}

/** True when anything narrows the set (time range included). */
export function isFiltered(q: LogsQuery): boolean {
  return (
    q.preset !== 'all' ||
    q.decision !== 'all' ||
    [q.user, q.app, q.ip, q.device, q.os, q.text].some((v) => v.trim() !== '')
  );
}

/** The canonical form of a query for comparisons (saved views, de-duplicating fetches). */
export function queryKey(q: LogsQuery): string {
  return JSON.stringify([
    q.preset,
    q.from,
    q.to,
    q.user,
    q.app,
    q.decision,
    q.ip,
    q.device,
    q.os,
    q.text,
    q.order,
  ]);
}

/** Accepts a stored query of unknown shape, filling gaps with the defaults. */
export function normalizeQuery(raw: unknown): LogsQuery {
  const q: LogsQuery = { ...EMPTY_QUERY };
  if (!raw || typeof raw !== 'object') return q;
  const r = raw as Record<string, unknown>;
  const str = (k: keyof LogsQuery) => (typeof r[k] === 'string' ? (r[k] as string) : undefined);
  const preset = str('preset');
  if (preset && PRESETS.some((p) => p.id === preset)) q.preset = preset as TimePreset;
  q.from = str('from') ?? null;
  q.to = str('to') ?? null;
  for (const k of ['user', 'app', 'ip', 'device', 'os', 'text'] as const) q[k] = str(k) ?? '';
  const decision = str('decision');
  if (decision === 'allow' || decision === 'deny') q.decision = decision;
  if (str('order') === 'asc') q.order = 'asc';
  return q;
}

/** Local "yyyy-MM-ddTHH:mm" for <input type="datetime-local"> from an ISO instant. */
export function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** ISO instant from a datetime-local value (local time), or null when empty/invalid. */
export function fromLocalInput(value: string): string | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
