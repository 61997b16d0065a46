// Retention: what the cache forgets on its own, after every sync — access events older than the
// retention window, and closed requests past their record-keeping period.
import { DECIDED_STATUSES } from '../../../shared/action-rules';
import { getSettings } from './console-settings';
import { rowidAt } from './events';
import type { CacheDatabase } from './store';

const DAY_MS = 86_400_000;

/**
 * Deletes events older than the retention window in batches (so other work interleaves), then
 * the contexts no event refers to any more (their FTS entries go with them through the delete
 * trigger): an expired person's username, IP and devices leave the cache. Returns the number purged.
 */
export function purgeExpired(store: CacheDatabase, now = Date.now()): number {
  const cutoff = rowidAt(now - getSettings(store).retentionDays * DAY_MS);
  const del = store.db.prepare(
    'DELETE FROM access_event_rows WHERE n IN (SELECT n FROM access_event_rows WHERE n < ? ORDER BY n LIMIT 5000)',
  );
  let total = 0;
  for (;;) {
    const { changes } = store.db.transaction(() => del.run(cutoff))();
    total += changes;
    if (changes === 0) break;
  }
  if (total > 0) store.db.transaction(() => store.events.dropUnusedContexts())();
  return total;
}

/** Closed requests are kept this many months (11 CCR §7101), then purged from the cache. */
const CLOSED_REQUEST_RETENTION_MONTHS = 24;

/**
 * Deletes closed (decided) requests whose record is more than 24 months old, with their history;
 * a request with an action still in the outbox is kept. The age runs from the record's response
 * date (cache v4), or from the last update for a request answered before records were kept.
 * Returns the number purged.
 */
export function purgeClosedRequests(store: CacheDatabase, now = Date.now()): number {
  const cutoff = new Date(now);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - CLOSED_REQUEST_RETENTION_MONTHS);
  const statuses = DECIDED_STATUSES.map(() => '?').join(', ');
  return store.db.transaction(() => {
    const ids = store.db
      .prepare(
        `SELECT id FROM requests WHERE status IN (${statuses})
           AND coalesce(responded_on, substr(json_extract(data, '$.updatedAt'), 1, 10)) < ?
           AND id NOT IN (SELECT request_id FROM outbox WHERE status = 'pending')`,
      )
      .pluck()
      .all(...DECIDED_STATUSES, cutoff.toISOString().slice(0, 10)) as string[];
    const delEvents = store.db.prepare('DELETE FROM request_events WHERE request_id = ?');
    const delRequest = store.db.prepare('DELETE FROM requests WHERE id = ?');
    for (const id of ids) {
      delEvents.run(id);
      delRequest.run(id);
    }
    return ids.length;
  })();
}
