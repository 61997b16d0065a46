// Cross-store reactions: when a sync run finishes, what is on screen is refetched so freshly
// synced rows appear without a click; when the outbox changes (an action queued, pushed,
// applied or rejected), the requests on screen and the outbox view are refetched too. The histogram follows the access-log query.
import type { CacheStore } from './cache';
import type { HistogramStore } from './histogram';
import type { LogsStore } from './logs';
import type { OutboxStore } from './outbox';
import type { OpenRequestStore } from './open-request';
import type { RequestQueueStore } from './request-queue';
import type { SyncStore } from './sync';

export function refreshAfterSync(stores: {
  sync: SyncStore;
  logs: LogsStore;
  cache: CacheStore;
  requestQueue?: RequestQueueStore;
  openRequest?: OpenRequestStore;
  outbox?: OutboxStore;
}): () => void {
  const refreshRequests = () => {
    if (stores.requestQueue?.getState().loaded) void stores.requestQueue.getState().refresh();
    if (stores.openRequest?.getState().id) void stores.openRequest.getState().refresh();
  };
  const offSync = stores.sync.subscribe((state, previous) => {
    if (state.completedRuns === previous.completedRuns) return;
    if (stores.logs.getState().loaded) void stores.logs.getState().refresh();
    if (stores.cache.getState().stats) void stores.cache.getState().load();
    refreshRequests();
    if (stores.outbox?.getState().loaded) void stores.outbox.getState().load();
  });
  const offOutbox =
    stores.outbox?.subscribe((state, previous) => {
      if (state.changes === previous.changes) return;
      refreshRequests();
      if (stores.cache.getState().stats) void stores.cache.getState().load();
    }) ?? (() => undefined);
  // An action queued from a request page: the outbox counts follow at once, even before the
  // core's outbox:changed event arrives.
  const offQueued =
    stores.openRequest?.subscribe((state, previous) => {
      if (state.lastQueued && state.lastQueued !== previous.lastQueued) void stores.outbox?.getState().load();
    }) ?? (() => undefined);
  return () => {
    offSync();
    offOutbox();
    offQueued();
  };
}

/** Reloads the histogram whenever the logs store loads a new query or refreshes. */
export function histogramFollowsLogs(logs: LogsStore, histogram: HistogramStore): () => void {
  return logs.subscribe((state, previous) => {
    if (state.generation === previous.generation) return;
    if (!state.loading && !state.loaded) return; // a reset
    void histogram.getState().load(state.query);
  });
}
