// What the encrypted cache holds: per-stream counts and cursors, and the outbox size.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { CacheStats } from '../../../shared/contract-app';
import type { Client } from '../api/client';
import { messageOf } from '../api/client';

export interface CacheState {
  stats: CacheStats | null;
  loading: boolean;
  error: string | null;
  load(): Promise<void>;
  reset(): void;
}

export type CacheStore = StoreApi<CacheState>;

export function createCacheStore(client: Client): CacheStore {
  let seq = 0;
  return createStore<CacheState>()((set) => ({
    stats: null,
    loading: false,
    error: null,
    async load() {
      const mine = ++seq;
      set({ loading: true });
      try {
        const stats = await client.invoke('cache:stats');
        if (mine === seq) set({ stats, loading: false, error: null });
      } catch (err) {
        if (mine === seq) set({ loading: false, error: messageOf(err) });
      }
    },
    reset() {
      seq += 1;
      set({ stats: null, loading: false, error: null });
    },
  }));
}
