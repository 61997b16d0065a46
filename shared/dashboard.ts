// The Dashboard (issue 16): the privacy officer's home room. The figures are pure functions over
// the cached request records and access-event buckets, so they are tested over hand-made data;
// the worker (main/core/cache/dashboard.ts) only reads the rows and calls them.
import { z } from 'zod';
import { requestClocks } from './casework';
import { addDays, diffDays, type IsoDate } from './clocks';
import { FlagKind } from './flag-kinds';
import {
  CalendarDate,
  Id,
  Instant,
  Jurisdiction,
  RequestStatus,
  RequestType,
  type PrivacyRequest,
} from './domain';
import { workDone } from './legal-rules';

/** "This week": a deadline falls within this many days after today. */
export const DUE_THIS_WEEK_DAYS = 7;
/** Response times are measured over requests answered in this many days up to today. */
export const RESPONSE_WINDOW_DAYS = 90;
/** The access-event chart covers this many days up to now. */
export const VOLUME_WINDOW_DAYS = 30;
/** How many of the newest flagged events the dashboard lists. */
export const NEWEST_FLAGS = 8;

export const DeadlineCounts = z.object({
  jurisdiction: Jurisdiction,
  /** Next deadline is today. */
  dueToday: z.number().int().nonnegative(),
  /** Next deadline falls 1 to DUE_THIS_WEEK_DAYS days after today. */
  dueThisWeek: z.number().int().nonnegative(),
  /** Next deadline has passed. */
  overdue: z.number().int().nonnegative(),
});
export type DeadlineCounts = z.infer<typeof DeadlineCounts>;

export const ResponseTimes = z.object({
  windowDays: z.number().int().positive(),
  /** Requests answered in the window (duplicates are not answers). */
  answered: z.number().int().nonnegative(),
  /** Null when nothing was answered in the window. */
  medianDays: z.number().nonnegative().nullable(),
  p90Days: z.number().nonnegative().nullable(),
});
export type ResponseTimes = z.infer<typeof ResponseTimes>;

export const OpenCount = z.object({
  type: RequestType,
  status: RequestStatus,
  count: z.number().int().positive(),
});
export type OpenCount = z.infer<typeof OpenCount>;

export const VolumePoint = z.object({
  start: Instant,
  total: z.number().int().nonnegative(),
  deny: z.number().int().nonnegative(),
  /** deny / total, 0..1; null for an empty bucket (no rate without events). */
  denialRate: z.number().min(0).max(1).nullable(),
});
export type VolumePoint = z.infer<typeof VolumePoint>;

export const FlaggedEvent = z.object({
  eventId: Id,
  time: Instant,
  subjectId: Id,
  username: z.string().max(256),
  app: z.string().max(256),
  kinds: z.array(FlagKind).min(1),
});
export type FlaggedEvent = z.infer<typeof FlaggedEvent>;

export const DashboardView = z.object({
  /** Today in the organisation's time zone: the day every deadline figure is counted on. */
  today: CalendarDate,
  deadlines: z.array(DeadlineCounts),
  responseTimes: ResponseTimes,
  openRequests: z.array(OpenCount),
  volume: z.array(VolumePoint),
  newestFlags: z.array(FlaggedEvent),
});
export type DashboardView = z.infer<typeof DashboardView>;

type DeadlineInput = Pick<
  PrivacyRequest,
  'jurisdiction' | 'receivedOn' | 'type' | 'extended' | 'status' | 'acknowledgedOn'
>;

/** How urgent a next deadline is: the dashboard's deadline tiles and the queue's Due filter. */
export const DueBucket = z.enum(['overdue', 'today', 'week']);
export type DueBucket = z.infer<typeof DueBucket>;

/** The bucket of a deadline `daysLeft` days away (negative: passed), or null beyond this week. */
export function dueBucketOf(daysLeft: number): DueBucket | null {
  if (daysLeft < 0) return 'overdue';
  if (daysLeft === 0) return 'today';
  return daysLeft <= DUE_THIS_WEEK_DAYS ? 'week' : null;
}

/**
 * Open requests by their next deadline, per jurisdiction (every jurisdiction listed, zeros
 * included, so the tiles keep their place). A request counts once, by its most urgent deadline.
 */
export function deadlineCounts(
  requests: readonly DeadlineInput[],
  today: IsoDate,
  memberState: string | null,
): DeadlineCounts[] {
  const out = new Map<Jurisdiction, DeadlineCounts>(
    Jurisdiction.options.map((j) => [j, { jurisdiction: j, dueToday: 0, dueThisWeek: 0, overdue: 0 }]),
  );
  for (const req of requests) {
    const next = requestClocks(req, today, memberState).next;
    if (!next) continue;
    const c = out.get(req.jurisdiction);
    if (!c) continue;
    const due = dueBucketOf(next.daysLeft);
    if (due === 'overdue') c.overdue++;
    else if (due === 'today') c.dueToday++;
    else if (due === 'week') c.dueThisWeek++;
  }
  return [...out.values()];
}

/** The q-quantile (0..1) of sorted values by linear interpolation between closest ranks. */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] ?? 0;
  const b = sorted[hi] ?? a;
  return a + (b - a) * (pos - lo);
}

/**
 * Median and 90th percentile of the days from receipt to response, over the requests answered
 * (respondedOn) in the RESPONSE_WINDOW_DAYS days ending today. Duplicates closed without an
 * answer are left out: they would pull the figures towards zero.
 */
export function responseTimes(
  requests: readonly Pick<PrivacyRequest, 'receivedOn' | 'respondedOn' | 'response' | 'status'>[],
  today: IsoDate,
  windowDays = RESPONSE_WINDOW_DAYS,
): ResponseTimes {
  const since = addDays(today, -(windowDays - 1));
  const days: number[] = [];
  for (const r of requests) {
    if (!r.respondedOn || r.response === 'duplicate' || r.status === 'closed_duplicate') continue;
    if (r.respondedOn < since || r.respondedOn > today) continue;
    days.push(Math.max(0, diffDays(r.respondedOn, r.receivedOn)));
  }
  days.sort((a, b) => a - b);
  return { windowDays, answered: days.length, medianDays: quantile(days, 0.5), p90Days: quantile(days, 0.9) };
}

/** Requests still being worked on (shared/legal-rules.ts workDone), counted by type and status. */
export function openRequestCounts(requests: readonly Pick<PrivacyRequest, 'type' | 'status'>[]): OpenCount[] {
  const counts = new Map<string, OpenCount>();
  for (const r of requests) {
    if (workDone(r)) continue;
    const key = `${r.type}\u0000${r.status}`;
    const c = counts.get(key);
    if (c) c.count++;
    else counts.set(key, { type: r.type, status: r.status, count: 1 });
  }
  const typeRank = (t: RequestType) => RequestType.options.indexOf(t);
  const statusRank = (s: RequestStatus) => RequestStatus.options.indexOf(s);
  return [...counts.values()].sort(
    (a, b) => typeRank(a.type) - typeRank(b.type) || statusRank(a.status) - statusRank(b.status),
  );
}

const DAY_MS = 86_400_000;

/**
 * Event volume and denial rate per UTC day for `days` days starting at the day of `fromMs`, from
 * the access-log histogram's daily buckets (which holds non-empty days only): a quiet day is a
 * zero, not a gap, so the time axis stays even.
 */
export function volumeSeries(
  buckets: readonly { start: string; allow: number; deny: number }[],
  fromMs: number,
  days: number,
): VolumePoint[] {
  const first = Math.floor(fromMs / DAY_MS);
  const byDay = new Map(buckets.map((b) => [Math.floor(Date.parse(b.start) / DAY_MS), b]));
  const out: VolumePoint[] = [];
  for (let d = first; d < first + days; d++) {
    const b = byDay.get(d);
    const allow = b?.allow ?? 0;
    const deny = b?.deny ?? 0;
    const total = allow + deny;
    out.push({
      start: new Date(d * DAY_MS).toISOString(),
      total,
      deny,
      denialRate: total === 0 ? null : deny / total,
    });
  }
  return out;
}
