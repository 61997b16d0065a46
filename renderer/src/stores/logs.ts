// Access logs, 100 rows a page, keyset-paged with `logs:page`. Keyset cursors only go forward,
// so Previous works from a stack of the cursors each visited page was loaded with.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AccessDecision, AccessEvent } from '../../../shared/domain';
import type { LogsCursor, LogsFilter } from '../../../shared/contract';
import type { Client } from '../api/client';
import { messageOf } from '../api/client';

export const PAGE_SIZE = 100;

export type DecisionFilter = 'all' | AccessDecision;

export interface LogsUiFilter {
  decision: DecisionFilter;
  app: string;
}

export interface LogsState {
  rows: AccessEvent[];
  /** cursors[i] is the `after` cursor page i was loaded with (null for the first page). */
  cursors: (LogsCursor | null)[];
  /** Cursor for the page after this one; null on the last page. */
  next: LogsCursor | null;
  filter: LogsUiFilter;
  loading: boolean;
  /** True once a page has been loaded (distinguishes "empty" from "not asked yet"). */
  loaded: boolean;
  error: string | null;

  loadFirst(): Promise<void>;
  nextPage(): Promise<void>;
  previousPage(): Promise<void>;
  /** Reloads the page on screen (the first page when on it), e.g. after a sync finished. */
  refresh(): Promise<void>;
  setDecision(decision: DecisionFilter): Promise<void>;
  setApp(app: string): Promise<void>;
  reset(): void;
}

export type LogsStore = StoreApi<LogsState>;

/** Index of the page on screen (0-based). */
export const pageIndexOf = (s: Pick<LogsState, 'cursors'>): number => Math.max(0, s.cursors.length - 1);

/** 1-based range of the rows on screen, or null when there are none. */
export function shownRange(s: Pick<LogsState, 'cursors' | 'rows'>): { from: number; to: number } | null {
  if (s.rows.length === 0) return null;
  const start = pageIndexOf(s) * PAGE_SIZE;
  return { from: start + 1, to: start + s.rows.length };
}

export function toContractFilter(f: LogsUiFilter): LogsFilter {
  const filter: LogsFilter = {};
  if (f.decision !== 'all') filter.decision = f.decision;
  const app = f.app.trim();
  if (app) filter.app = app.slice(0, 256);
  return filter;
}

const INITIAL: Pick<LogsState, 'rows' | 'cursors' | 'next' | 'filter' | 'loading' | 'loaded' | 'error'> = {
  rows: [],
  cursors: [null],
  next: null,
  filter: { decision: 'all', app: '' },
  loading: false,
  loaded: false,
  error: null,
};

export function createLogsStore(client: Client): LogsStore {
  // Only the latest request may write: fast clicks and typing must not show a stale page.
  let seq = 0;

  return createStore<LogsState>()((set, get) => {
    /** Loads the page whose `after` cursor is the top of `cursors`; commits the stack on success. */
    const load = async (cursors: (LogsCursor | null)[], filter: LogsUiFilter = get().filter) => {
      const mine = ++seq;
      const after = cursors[cursors.length - 1] ?? null;
      set({ loading: true });
      try {
        const page = await client.invoke('logs:page', {
          filter: toContractFilter(filter),
          ...(after ? { after } : {}),
          limit: PAGE_SIZE,
        });
        if (mine !== seq) return;
        set({ rows: page.rows, next: page.next, cursors, loading: false, loaded: true, error: null });
      } catch (err) {
        if (mine !== seq) return;
        set({ loading: false, error: messageOf(err) });
      }
    };

    return {
      ...INITIAL,

      loadFirst: () => load([null]),

      async nextPage() {
        const { next, cursors } = get();
        if (!next) return;
        await load([...cursors, next]);
      },

      async previousPage() {
        const { cursors } = get();
        if (cursors.length <= 1) return;
        await load(cursors.slice(0, -1));
      },

      refresh: () => load(get().cursors),

      async setDecision(decision) {
        const filter = { ...get().filter, decision };
        set({ filter });
        await load([null], filter);
      },

      async setApp(app) {
        const filter = { ...get().filter, app };
        set({ filter });
        await load([null], filter);
      },

      reset() {
        seq += 1;
        set({ ...INITIAL });
      },
    };
  });
}
