// The Dashboard's figures (issue 16), read with `dashboard:get` on entering the room and after
// every sync run that finished (the room passes the sync store's completedRuns in).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DashboardView } from '../../../shared/dashboard';
import type { Client } from '../api/client';
import { messageOf } from '../api/client';

export interface DashboardState {
  view: DashboardView | null;
  loading: boolean;
  error: string | null;
  load(): Promise<void>;
}

export type DashboardStore = StoreApi<DashboardState>;

export function createDashboardStore(client: Client): DashboardStore {
  // Only the newest load's answer is applied: a slow reply must not overwrite a newer one.
  let seq = 0;
  return createStore<DashboardState>()((set) => ({
    view: null,
    loading: false,
    error: null,
    async load() {
      const mine = ++seq;
      set({ loading: true });
      try {
        const view = await client.invoke('dashboard:get');
        if (mine === seq) set({ view, loading: false, error: null });
      } catch (err) {
        if (mine === seq) set({ loading: false, error: messageOf(err) });
      }
    },
  }));
}
