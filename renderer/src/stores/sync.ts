// Sync status, kept live from the `sync:status` event (with a slow poll while a sync runs, in
// case the event stream was not connected yet when it finished).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { SyncStatus } from '../../../shared/contract-app';
import type { Client } from '../api/client';
import { messageOf } from '../api/client';

export interface SyncState {
  status: SyncStatus | null;
  /** Failure of the last request made from here (status fetch or Sync now). */
  error: string | null;
  requesting: boolean;
  /** Bumped each time a sync run is seen to finish (running true→false, or Sync now returned). */
  completedRuns: number;
  /** Subscribes to the event and fetches the current status; returns the stop function. */
  start(): () => void;
  refresh(): Promise<void>;
  syncNow(): Promise<void>;
}

export type SyncStore = StoreApi<SyncState>;

export interface SyncStoreOptions {
  /** Poll interval while a sync is running (ms); 0 disables. */
  pollMs?: number;
}

export function createSyncStore(client: Client, options: SyncStoreOptions = {}): SyncStore {
  const pollMs = options.pollMs ?? 2000;
  // Replies can cross events on the wire (HTTP and SSE are separate): a reply is applied only
  // if no event arrived since its request was sent, so a stale "running" never wins.
  let eventSeq = 0;

  return createStore<SyncState>()((set, get) => {
    const apply = (status: SyncStatus, finishedHere = false) => {
      const wasRunning = get().status?.running === true;
      const finished = !status.running && (wasRunning || finishedHere);
      set((s) => ({ status, completedRuns: finished ? s.completedRuns + 1 : s.completedRuns }));
    };

    return {
      status: null,
      error: null,
      requesting: false,
      completedRuns: 0,

      start() {
        const off = client.on('sync:status', (status) => {
          eventSeq += 1;
          apply(status);
        });
        void get().refresh();
        const timer =
          pollMs > 0
            ? setInterval(() => {
                if (get().status?.running) void get().refresh();
              }, pollMs)
            : null;
        return () => {
          off();
          if (timer) clearInterval(timer);
        };
      },

      async refresh() {
        const seq = eventSeq;
        try {
          const status = await client.invoke('sync:status');
          if (seq === eventSeq) apply(status);
          set({ error: null });
        } catch (err) {
          set({ error: messageOf(err) });
        }
      },

      async syncNow() {
        const seq = eventSeq;
        set({ requesting: true, error: null });
        try {
          // Resolves when the run is caught up (or rejects with its error).
          const status = await client.invoke('sync:now');
          if (seq === eventSeq) apply(status, true);
          set({ requesting: false });
        } catch (err) {
          set({ requesting: false, error: messageOf(err) });
          void get().refresh();
        }
      },
    };
  });
}
