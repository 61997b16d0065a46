// The time histogram of the filtered access events (allow vs deny per hour or day).
import { format } from 'date-fns';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Client } from '../api/client';
import { messageOf } from '../api/client';
import { fetchHistogram, toLogsFilter, type Bucket, type HistogramBucket } from '../logs/api';
import { resolveRange, type LogsQuery } from '../logs/query';
import { numberFormat } from '../locale';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Up to this span, bars are hours; beyond it, days. */
const HOURLY_UP_TO_MS = 10 * DAY_MS;

export interface HistogramState {
  buckets: HistogramBucket[];
  bucket: Bucket;
  loading: boolean;
  error: string | null;
  load(query: LogsQuery): Promise<void>;
  reset(): void;
}

export type HistogramStore = StoreApi<HistogramState>;

/** Hourly bars for short spans, daily otherwise ('all' is unbounded: daily). */
export function bucketFor(query: LogsQuery, now: Date): Bucket {
  const { from, to } = resolveRange(query, now);
  if (!from) return 'day';
  const end = to ? Date.parse(to) : now.getTime();
  return end - Date.parse(from) <= HOURLY_UP_TO_MS ? 'hour' : 'day';
}

export const bucketMs = (b: Bucket): number => (b === 'hour' ? HOUR_MS : DAY_MS);

/** "Events per day, last 30 days: 6,000 events — 5,412 allowed, 588 denied". */
export function describeHistogram(buckets: HistogramBucket[], bucket: Bucket, query: LogsQuery): string {
  const allow = buckets.reduce((n, b) => n + b.allow, 0);
  const deny = buckets.reduce((n, b) => n + b.deny, 0);
  const nf = numberFormat();
  const when = (iso: string) => format(new Date(iso), 'd MMM yyyy HH:mm');
  const span =
    query.preset === 'custom'
      ? `${query.from ? when(query.from) : 'the start'} to ${query.to ? when(query.to) : 'now'}`
      : query.preset === 'all'
        ? 'all time'
        : query.preset === '24h'
          ? 'last 24 hours'
          : query.preset === '7d'
            ? 'last 7 days'
            : 'last 30 days';
  let peak: HistogramBucket | null = null;
  for (const b of buckets) if (!peak || b.allow + b.deny > peak.allow + peak.deny) peak = b;
  const peakText =
    peak && peak.allow + peak.deny > 0
      ? `; busiest ${bucket} ${format(new Date(peak.start), bucket === 'hour' ? 'd MMM HH:mm' : 'd MMM yyyy')} with ${nf.format(peak.allow + peak.deny)}`
      : '';
  return `Events per ${bucket}, ${span}: ${nf.format(allow + deny)} events — ${nf.format(allow)} allowed, ${nf.format(deny)} denied${peakText}`;
}

export function createHistogramStore(client: Client, options: { now?: () => Date } = {}): HistogramStore {
  const now = options.now ?? (() => new Date());
  let seq = 0;
  return createStore<HistogramState>()((set) => ({
    buckets: [],
    bucket: 'day',
    loading: false,
    error: null,
    async load(query) {
      const mine = ++seq;
      const at = now();
      const bucket = bucketFor(query, at);
      set({ loading: true });
      try {
        const buckets = await fetchHistogram(client, toLogsFilter(query, at), bucket);
        if (mine === seq) set({ buckets, bucket, loading: false, error: null });
      } catch (err) {
        if (mine === seq) set({ buckets: [], bucket, loading: false, error: messageOf(err) });
      }
    },
    reset() {
      seq += 1;
      set({ buckets: [], bucket: 'day', loading: false, error: null });
    },
  }));
}
