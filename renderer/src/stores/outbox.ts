// The outbox and the Conflicts inbox: pending actions (kind, request, age, attempts, last
// error) and the actions the backend rejected, with the winning state. Kept live from the
// core's `outbox:changed` event; the counts drive the pending badge in the navigation.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Conflict, OutboxChanged, OutboxEntry } from '../../../shared/contract-requests';
import type { Client } from '../api/client';
import { messageOf } from '../api/client';

export interface OutboxState {
  pending: OutboxEntry[];
  recent: OutboxEntry[];
  conflicts: Conflict[];
  /** From the last list or event; null until known. */
  pendingCount: number | null;
  conflictCount: number | null;
  /** Bumped on every outbox:changed event (other stores refresh on it). */
  changes: number;
  loading: boolean;
  loaded: boolean;
  error: string | null;
  /** Conflict ids being dismissed. */
  dismissing: string[];
  start(): () => void;
  load(): Promise<void>;
  dismiss(id: string): Promise<void>;
  /** Needs attention: send the held action again, or drop it (both audited by the core). */
  retry(id: string): Promise<void>;
  discard(id: string): Promise<void>;
  reset(): void;
}
export type OutboxStore = StoreApi<OutboxState>;

export function createOutboxStore(client: Client): OutboxStore {
  let seq = 0;
  let eventSeq = 0;
  return createStore<OutboxState>()((set, get) => ({
    pending: [],
    recent: [],
    conflicts: [],
    pendingCount: null,
    conflictCount: null,
    changes: 0,
    loading: false,
    loaded: false,
    error: null,
    dismissing: [],

    start() {
      const off = client.on('outbox:changed', (e: OutboxChanged) => {
        eventSeq += 1;
        set((s) => ({
          pendingCount: e.pendingCount,
          conflictCount: e.conflictCount,
          changes: s.changes + 1,
        }));
        if (get().loaded) void get().load();
      });
      void get().load();
      return off;
    },

    async load() {
      const mine = ++seq;
      const events = eventSeq;
      set({ loading: true });
      try {
        const [outbox, conflicts] = await Promise.all([
          client.invoke('outbox:list'),
          client.invoke('conflicts:list'),
        ]);
        if (mine !== seq) return;
        set({
          pending: outbox.pending,
          recent: outbox.recent,
          conflicts: conflicts.conflicts,
          // An event newer than this reply knows better.
          ...(events === eventSeq
            ? { pendingCount: outbox.counts.pending, conflictCount: conflicts.conflicts.length }
            : {}),
          loading: false,
          loaded: true,
          error: null,
        });
      } catch (err) {
        if (mine === seq) set({ loading: false, error: messageOf(err) });
      }
    },

    async dismiss(id) {
      set((s) => ({ dismissing: [...s.dismissing, id], error: null }));
      try {
        await client.invoke('conflicts:dismiss', { id });
        set((s) => ({
          conflicts: s.conflicts.filter((c) => c.id !== id),
          conflictCount: s.conflictCount === null ? null : Math.max(0, s.conflictCount - 1),
        }));
      } catch (err) {
        set({ error: messageOf(err) });
      } finally {
        set((s) => ({ dismissing: s.dismissing.filter((d) => d !== id) }));
      }
    },

    async retry(id) {
      try {
        await client.invoke('outbox:retry', { id });
        await get().load();
      } catch (err) {
        set({ error: messageOf(err) });
      }
    },

    async discard(id) {
      try {
        await client.invoke('outbox:discard', { id });
        await get().load();
      } catch (err) {
        set({ error: messageOf(err) });
      }
    },

    reset() {
      seq += 1;
      set({
        pending: [],
        recent: [],
        conflicts: [],
        pendingCount: null,
        conflictCount: null,
        loading: false,
        loaded: false,
        error: null,
        dismissing: [],
      });
    },
  }));
}
