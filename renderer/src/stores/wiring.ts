// Cross-store reactions: when a sync run finishes, what is on screen is refetched so freshly
// synced rows appear without a click; the histogram follows the access-log query.
import type { CacheStore } from './cache';
import type { HistogramStore } from './histogram';
import type { LogsStore } from './logs';
import type { SyncStore } from './sync';

export function refreshAfterSync(stores: {
  sync: SyncStore;
  logs: LogsStore;
  cache: CacheStore;
  histogram?: HistogramStore;
}): () => void {
  return stores.sync.subscribe((state, previous) => {
    if (state.completedRuns === previous.completedRuns) return;
    if (stores.logs.getState().loaded) void stores.logs.getState().refresh();
    if (stores.cache.getState().stats) void stores.cache.getState().load();
  });
}

/** Reloads the histogram whenever the logs store loads a new query or refreshes. */
export function histogramFollowsLogs(logs: LogsStore, histogram: HistogramStore): () => void {
  return logs.subscribe((state, previous) => {
    if (state.generation === previous.generation) return;
    if (!state.loading && !state.loaded) return; // a reset
    void histogram.getState().load(state.query);
  });
}
