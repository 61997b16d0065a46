// The Dashboard's figures (issue 16), read with `dashboard:get` on entering the room and after
// every sync run that finished (the room passes the sync store's completedRuns in).
import type { StoreApi } from 'zustand/vanilla';
import type { DashboardView } from '../../../shared/dashboard';
import type { Client } from '../api/client';
import { createReadStore, type ReadState } from './read-store';

export type DashboardState = ReadState<'view', DashboardView>;
export type DashboardStore = StoreApi<DashboardState>;

export function createDashboardStore(client: Client): DashboardStore {
  return createReadStore('view', () => client.invoke('dashboard:get'));
}
