// The request queue (`requests:list`: mirror + optimistic overlay from the core), its filter,
// selection and bulk actions. The open request's page is open-request.ts.
import { createStore, type StoreApi } from 'zustand/vanilla';
import { type ActionIntentInput } from '../../../shared/action-schemas';
import { isDecided } from '../../../shared/action-rules';
import type { PrivacyRequest } from '../../../shared/domain';
import { compareByReceipt, duplicateProblem } from '../../../shared/duplicates';
import type { OutboxEntry, RequestRow, RequestsFilter } from '../../../shared/contract-requests';
import type { Client } from '../api/client';
import { messageOf } from '../api/client';

export const REQUESTS_PAGE = 200;

/** Entries still waiting to reach the backend (applied-but-not-pulled ones are not "pending"). */
export const queuedOf = (entries: readonly OutboxEntry[]): OutboxEntry[] =>
  entries.filter((e) => e.status === 'pending');

/** How "Close as duplicate" treats a selection: the oldest request stays open, the others close. */
export type DuplicatePlan =
  { ok: true; keep: PrivacyRequest; close: PrivacyRequest[] } | { ok: false; message: string };

/**
 * The selection closed as duplicates of its OLDEST request (earliest received, then lowest id):
 * the first request a person sent is the one answered, its clock the one that runs. Every
 * request selected must be about the same subject, and none may be decided already.
 */
export function duplicatePlan(selected: readonly PrivacyRequest[]): DuplicatePlan {
  if (selected.length < 2) return { ok: false, message: 'Select at least two requests of the same person.' };
  const subjects = new Set(selected.map((r) => r.subjectId));
  if (subjects.size !== 1 || selected[0]!.subjectId === null)
    return {
      ok: false,
      message: 'Duplicates must all be about the same person: the selection mixes subjects.',
    };
  const decided = selected.filter((r) => isDecided(r.status));
  if (decided.length > 0)
    return {
      ok: false,
      message: `Already decided, cannot be closed: ${decided.map((r) => r.id).join(', ')}.`,
    };
  const sorted = [...selected].sort(compareByReceipt);
  // The backend checks each closing against the same rule (shared/duplicates.ts).
  const refused = sorted
    .slice(1)
    .map((r) => duplicateProblem(r, sorted[0]!))
    .find((p) => p !== null);
  if (refused) return { ok: false, message: refused };
  return { ok: true, keep: sorted[0]!, close: sorted.slice(1) };
}

export interface RequestQueueState {
  rows: RequestRow[];
  /** Display names of the rows' subjects by id (a row without one shows its summary alone). */
  names: Record<string, string>;
  next: { receivedOn: string; id: string } | null;
  filter: RequestsFilter;
  loading: boolean;
  loaded: boolean;
  error: string | null;
  /** Ids of the rows selected for a bulk action. */
  selected: string[];
  /** Outcome of the last bulk action, in plain words (null: none yet). */
  bulkResult: string | null;
  bulkRunning: boolean;
  toggleSelected(id: string, on: boolean): void;
  clearSelection(): void;
  /** Queues one action per selected request (each through `actions:submit`), then refreshes. */
  bulk(make: (requestId: string) => ActionIntentInput, what: string): Promise<void>;
  /** Closes the selection as duplicates of its oldest request (see duplicatePlan). */
  closeDuplicates(): Promise<void>;
  load(): Promise<void>;
  loadMore(): Promise<void>;
  refresh(): Promise<void>;
  setFilter(filter: RequestsFilter): Promise<void>;
  reset(): void;
}
export type RequestQueueStore = StoreApi<RequestQueueState>;

/** The queue before its first load, and again after a sign-out: one state serves both. */
const INITIAL_QUEUE: Pick<
  RequestQueueState,
  | 'rows'
  | 'names'
  | 'next'
  | 'filter'
  | 'loading'
  | 'loaded'
  | 'error'
  | 'selected'
  | 'bulkResult'
  | 'bulkRunning'
> = {
  rows: [],
  names: {},
  next: null,
  filter: {},
  loading: false,
  loaded: false,
  error: null,
  selected: [],
  bulkResult: null,
  bulkRunning: false,
};

export function createRequestQueueStore(client: Client): RequestQueueStore {
  let seq = 0;
  return createStore<RequestQueueState>()((set, get) => {
    // Names are a nicety on top of the rows: best effort. A first page replaces them (a name may
    // have been corrected since), a further page adds its own.
    const fetchNames = async (rows: readonly RequestRow[], replace: boolean) => {
      const ids = [...new Set(rows.flatMap((r) => (r.request.subjectId ? [r.request.subjectId] : [])))];
      if (ids.length === 0) return;
      try {
        const { names } = await client.invoke('subjects:names', { ids });
        set((s) => ({ names: replace ? names : { ...s.names, ...names } }));
      } catch {
        /* the summary still says what the request is */
      }
    };
    const fetchFirst = async (filter: RequestsFilter, limit: number) => {
      const mine = ++seq;
      set({ loading: true });
      try {
        const page = await client.invoke('requests:list', { filter, limit });
        if (mine !== seq) return;
        set({ rows: page.rows, next: page.next, loading: false, loaded: true, error: null });
        await fetchNames(page.rows, true);
      } catch (err) {
        if (mine === seq) set({ loading: false, error: messageOf(err) });
      }
    };
    return {
      ...INITIAL_QUEUE,
      load: () => fetchFirst(get().filter, REQUESTS_PAGE),
      async loadMore() {
        const { next, filter } = get();
        if (!next) return;
        const mine = ++seq;
        set({ loading: true });
        try {
          const page = await client.invoke('requests:list', { filter, after: next, limit: REQUESTS_PAGE });
          if (mine !== seq) return;
          set((s) => ({ rows: [...s.rows, ...page.rows], next: page.next, loading: false, error: null }));
          await fetchNames(page.rows, false);
        } catch (err) {
          if (mine === seq) set({ loading: false, error: messageOf(err) });
        }
      },
      // Re-reads as many rows as are on screen, so "load more" progress is kept.
      refresh: () => fetchFirst(get().filter, Math.min(1000, Math.max(REQUESTS_PAGE, get().rows.length))),
      async setFilter(filter) {
        set({ filter });
        await fetchFirst(filter, REQUESTS_PAGE);
      },
      toggleSelected(id, on) {
        set((s) => ({
          selected: on ? [...s.selected.filter((x) => x !== id), id] : s.selected.filter((x) => x !== id),
        }));
      },
      clearSelection() {
        set({ selected: [] });
      },
      async closeDuplicates() {
        const chosen = get().selected;
        const byId = new Map(get().rows.map((r) => [r.request.id, r.request]));
        const plan = duplicatePlan(chosen.flatMap((id) => byId.get(id) ?? []));
        if (!plan.ok) {
          set({ bulkResult: `Close as duplicate: ${plan.message}` });
          return;
        }
        const keep = plan.keep.id;
        set({ selected: plan.close.map((r) => r.id) });
        await get().bulk(
          (requestId) => ({
            kind: 'request.close_duplicate',
            requestId,
            payload: { duplicateOf: keep, note: `Duplicate of ${keep}` },
          }),
          `Close as duplicate of ${keep}`,
        );
      },
      async bulk(make, what) {
        const ids = get().selected;
        if (ids.length === 0) return;
        set({ bulkRunning: true, bulkResult: null });
        const failures: string[] = [];
        for (const id of ids) {
          try {
            await client.invoke('actions:submit', make(id));
          } catch (err) {
            failures.push(`${id}: ${messageOf(err)}`);
          }
        }
        const queued = ids.length - failures.length;
        set({
          bulkRunning: false,
          selected: [],
          bulkResult:
            `${what}: queued for ${queued} of ${ids.length} ${ids.length === 1 ? 'request' : 'requests'}.` +
            (failures.length ? ` Refused — ${failures.join('; ')}` : ''),
        });
        await get().refresh();
      },
      reset() {
        seq += 1;
        set(INITIAL_QUEUE);
      },
    };
  });
}
