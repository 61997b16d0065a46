// The cache's status for the Sync panel and `zta-console status`: schema, streams, what waits.
import type { CacheStats } from '../../../shared/contract-app';
import { STREAMS } from '../../../shared/protocol';
import { schemaVersion } from './migrations';
import type { CacheDatabase } from './store';

export function cacheStats(store: CacheDatabase): CacheStats {
  return {
    schemaVersion: schemaVersion(store.db),
    streams: STREAMS.map((stream) => {
      const state = store.getState(stream);
      return {
        stream,
        count: store.count(stream),
        cursor: state.cursor,
        epoch: state.epoch,
        lastSyncedAt: state.lastSyncedAt,
      };
    }),
    pendingActions: store.pendingActions(),
    setAsideCount: store.setAsideCount(),
    setAside: store.setAsideItems(100),
    casework: { lateRefusals: store.lateRefusals() },
  };
}
