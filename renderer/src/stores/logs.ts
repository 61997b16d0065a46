// Access logs over the whole cache, windowed for a virtualized table: rows are fetched in
// pages of PAGE_SIZE around the viewport and at most MAX_PAGES pages are kept. Everything is
// keyset-paged (no OFFSET): on from the page above, back (reverse order) from the page below,
// the tail in reverse from the end, and a jump into the middle (the scaled scrollbar) starts
// at the estimated time of that row, read off the query's hourly histogram. A generation
// number guards every write, so a reply for an older filter never lands on screen.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Client } from '../api/client';
import { messageOf } from '../api/client';
import {
  EMPTY_QUERY,
  ipError,
  queryKey,
  type DecisionFilter,
  type LogsQuery,
  type SortOrder,
} from '../logs/query';
import {
  fetchCount,
  fetchHistogram,
  fetchPage,
  toLogsFilter,
  type HistogramBucket,
  type LogRow,
  type PageCursor,
} from '../logs/api';

const HOUR_MS = 3_600_000;

/** Errors that mean "this query cannot run" (a search syntax error, a bad filter): shown by the filter bar. */
function isQueryError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'E_VALIDATION';
}

export const PAGE_SIZE = 100;
/** Pages kept in memory (the rest are dropped, farthest from the viewport first). */
export const MAX_PAGES = 30;

export interface LogsState {
  query: LogsQuery;
  /** Rows matching the query (null until counted). */
  count: number | null;
  /** The count stopped at the core's cap: there are at least `count` rows. */
  capped: boolean;
  /** Loaded pages by page index. */
  pages: Record<number, LogRow[]>;
  loading: boolean;
  /** True once the first page for the current query has arrived. */
  loaded: boolean;
  error: string | null;
  /** The message for a query the core refused (an FTS syntax error, …), shown by the filter. */
  queryError: string | null;
  /** Bumped whenever the query or the data changes; views refetch their window on it. */
  generation: number;
  /** Bumped only for a new query (the table goes back to the top); not by refresh. */
  queryVersion: number;

  /** Loads count and first page for the current query. */
  loadFirst(): Promise<void>;
  /** Makes sure rows [first, last] are loaded (or loading). */
  ensureRows(first: number, last: number): void;
  rowAt(index: number): LogRow | undefined;
  /** Replaces the query (partial update) and reloads. Invalid IP/CIDR text is not sent. */
  setQuery(patch: Partial<LogsQuery>): Promise<void>;
  setDecision(decision: DecisionFilter): Promise<void>;
  setApp(app: string): Promise<void>;
  setOrder(order: SortOrder): Promise<void>;
  /** Reloads what is on screen (after a sync finished). */
  refresh(): Promise<void>;
  reset(): void;
}

export type LogsStore = StoreApi<LogsState>;

export interface LogsStoreOptions {
  now?: () => Date;
}

const INITIAL = {
  query: EMPTY_QUERY,
  count: null,
  capped: false,
  pages: {},
  loading: false,
  loaded: false,
  error: null,
  queryError: null,
  generation: 0,
  queryVersion: 0,
} satisfies Partial<LogsState>;

export function createLogsStore(client: Client, options: LogsStoreOptions = {}): LogsStore {
  const now = options.now ?? (() => new Date());
  /** after-cursor of each page index whose predecessor has been seen (null for page 0). */
  let cursors = new Map<number, PageCursor | null>();
  const inFlight = new Set<number>();
  /** Rows last asked for, to know which pages to keep and to refetch on refresh. */
  let viewport = { first: 0, last: PAGE_SIZE - 1 };
  let lastSentKey = '';
  let seek: { generation: number; buckets: Promise<HistogramBucket[]> } | null = null;

  return createStore<LogsState>()((set, get) => {
    const evict = (pages: Record<number, LogRow[]>): Record<number, LogRow[]> => {
      const keys = Object.keys(pages).map(Number);
      if (keys.length <= MAX_PAGES) return pages;
      const centre = Math.floor((viewport.first + viewport.last) / 2 / PAGE_SIZE);
      keys.sort((a, b) => Math.abs(a - centre) - Math.abs(b - centre));
      const kept: Record<number, LogRow[]> = {};
      for (const k of keys.slice(0, MAX_PAGES)) kept[k] = pages[k] as LogRow[];
      return kept;
    };

    /** Hourly counts of the current query, to turn a row index into a time (jumps). */
    const seekBuckets = (): Promise<HistogramBucket[]> => {
      if (!seek || seek.generation !== get().queryVersion) {
        const filter = toLogsFilter(get().query, now());
        seek = {
          generation: get().queryVersion,
          buckets: fetchHistogram(client, filter, 'hour').catch(() => []),
        };
      }
      return seek.buckets;
    };

    /** A keyset cursor placed at roughly row `row` of the current order (null: unknown). */
    const seekCursor = async (row: number, order: SortOrder): Promise<PageCursor | null> => {
      const buckets = await seekBuckets();
      const list = order === 'desc' ? [...buckets].reverse() : buckets;
      let before = 0;
      for (const b of list) {
        const n = b.allow + b.deny;
        if (n > 0 && before + n > row) {
          const f = (row - before) / n;
          const t = Math.floor(order === 'desc' ? b.start + HOUR_MS - f * HOUR_MS : b.start + f * HOUR_MS);
          const time = new Date(t).toISOString();
          // Past every id at that instant (desc) / before every id (asc).
          return order === 'desc' ? { time, id: '\uffff' } : { time, id: ' ' };
        }
        before += n;
      }
      return null;
    };

    /**
     * Fetches page `index`, the most exact way available: on from the page above (its keyset
     * cursor), back from the page below (reverse order from its first row), the last page
     * (reverse order from the end), else a jump: a cursor at the estimated time of that row.
     */
    const fetchIndex = async (index: number, query: LogsQuery): Promise<LogRow[]> => {
      const filter = toLogsFilter(query, now());
      const order = query.order;
      const reverse: SortOrder = order === 'desc' ? 'asc' : 'desc';
      const cursor = cursors.get(index);
      if (cursor !== undefined) {
        const page = await fetchPage(client, {
          filter,
          order,
          limit: PAGE_SIZE,
          ...(cursor ? { after: cursor } : {}),
        });
        if (page.next) cursors.set(index + 1, page.next);
        return page.rows;
      }
      const below = get().pages[index + 1]?.[0];
      if (below) {
        const page = await fetchPage(client, {
          filter,
          order: reverse,
          limit: PAGE_SIZE,
          after: { time: below.time, id: below.id },
        });
        return page.rows.reverse();
      }
      const { count, capped } = get();
      if (count !== null && !capped && count > 0 && index === Math.ceil(count / PAGE_SIZE) - 1) {
        const page = await fetchPage(client, { filter, order: reverse, limit: count - index * PAGE_SIZE });
        return page.rows.reverse();
      }
      const jump = await seekCursor(index * PAGE_SIZE, order);
      const page = await fetchPage(client, {
        filter,
        order,
        limit: PAGE_SIZE,
        ...(jump ? { after: jump } : {}),
      });
      if (page.next) cursors.set(index + 1, page.next);
      return page.rows;
    };

    const loadPage = async (index: number, generation: number) => {
      if (inFlight.has(index)) return;
      inFlight.add(index);
      set({ loading: true });
      try {
        const rows = await fetchIndex(index, get().query);
        if (generation !== get().generation) return;
        set((s) => ({
          pages: evict({ ...s.pages, [index]: rows }),
          loaded: true,
          error: null,
          queryError: null,
        }));
      } catch (err) {
        if (generation !== get().generation) return;
        if (isQueryError(err)) {
          set({ queryError: messageOf(err), error: null, loaded: true, pages: {}, count: 0, capped: false });
        } else {
          set({ error: messageOf(err) });
        }
      } finally {
        inFlight.delete(index);
        if (generation === get().generation) set({ loading: inFlight.size > 0 });
      }
    };

    const reload = async (keepPosition: boolean) => {
      const generation = get().generation + 1;
      cursors = new Map([[0, null]]);
      inFlight.clear();
      const { query } = get();
      lastSentKey = queryKey(query);
      if (keepPosition) {
        // The rows on screen stay until their fresh copies arrive (no flash of placeholders);
        // pages off screen are dropped, they may have shifted.
        const firstPage = Math.floor(viewport.first / PAGE_SIZE);
        const lastPage = Math.floor(viewport.last / PAGE_SIZE);
        set((s) => {
          const kept: Record<number, LogRow[]> = {};
          for (let p = firstPage; p <= lastPage; p++) if (s.pages[p]) kept[p] = s.pages[p] as LogRow[];
          return { generation, loading: true, pages: kept };
        });
      } else {
        viewport = { first: 0, last: PAGE_SIZE - 1 };
        set((s) => ({ generation, queryVersion: s.queryVersion + 1, pages: {}, count: null, loading: true }));
      }
      seek = null;
      const counting = fetchCount(client, toLogsFilter(query, now())).then(
        ({ count, capped }) => {
          if (generation === get().generation) set({ count, capped });
        },
        (err: unknown) => {
          if (generation !== get().generation) return;
          if (isQueryError(err)) set({ queryError: messageOf(err), count: 0, capped: false, loaded: true });
          else set({ error: messageOf(err) });
        },
      );
      const firstPage = Math.floor(viewport.first / PAGE_SIZE);
      const lastPage = Math.floor(viewport.last / PAGE_SIZE);
      const loads: Promise<void>[] = [];
      for (let p = firstPage; p <= lastPage; p++) loads.push(loadPage(p, generation));
      await Promise.all([counting, ...loads]);
    };

    return {
      ...INITIAL,

      loadFirst: () => reload(false),

      ensureRows(first, last) {
        const { count, generation, pages } = get();
        const max = count === null ? last : Math.min(last, count - 1);
        viewport = { first: Math.max(0, first), last: Math.max(first, max) };
        if (max < first) return;
        for (let p = Math.floor(first / PAGE_SIZE); p <= Math.floor(max / PAGE_SIZE); p++) {
          if (!pages[p]) void loadPage(p, generation);
        }
      },

      rowAt(index) {
        return get().pages[Math.floor(index / PAGE_SIZE)]?.[index % PAGE_SIZE];
      },

      async setQuery(patch) {
        const query = { ...get().query, ...patch };
        set({ query, queryError: null });
        if (ipError(query.ip)) return; // the filter bar shows why; nothing is sent
        if (queryKey(query) === lastSentKey && get().loaded) return;
        await reload(false);
      },

      setDecision: (decision) => get().setQuery({ decision }),
      setApp: (app) => get().setQuery({ app }),
      setOrder: (order) => get().setQuery({ order }),

      refresh: () => reload(true),

      reset() {
        cursors = new Map();
        inFlight.clear();
        viewport = { first: 0, last: PAGE_SIZE - 1 };
        lastSentKey = '';
        set((s) => ({ ...INITIAL, generation: s.generation + 1 }));
      },
    };
  });
}
