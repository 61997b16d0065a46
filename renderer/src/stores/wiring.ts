// Cross-store reactions: when a sync run finishes, what is on screen is refetched so freshly
// synced rows appear without a click.
import type { CacheStore } from './cache';
import type { LogsStore } from './logs';
import type { SyncStore } from './sync';

export function refreshAfterSync(stores: {
  sync: SyncStore;
  logs: LogsStore;
  cache: CacheStore;
}): () => void {
  return stores.sync.subscribe((state, previous) => {
    if (state.completedRuns === previous.completedRuns) return;
    if (stores.logs.getState().loaded) void stores.logs.getState().refresh();
    if (stores.cache.getState().stats) void stores.cache.getState().load();
  });
}
