// What the encrypted cache holds: per-stream counts and cursors, and the outbox size.
import type { StoreApi } from 'zustand/vanilla';
import type { CacheStats } from '../../../shared/contract-app';
import type { Client } from '../api/client';
import { createReadStore, type ReadState } from './read-store';

export type CacheState = ReadState<'stats', CacheStats>;
export type CacheStore = StoreApi<CacheState>;

export function createCacheStore(client: Client): CacheStore {
  return createReadStore('stats', () => client.invoke('cache:stats'));
}
