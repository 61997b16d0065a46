// Cache schema version 6 (frozen: shipped SQL never changes; test/unit/core-migrations-frozen.test.ts).
import { EVENT_TRIGGERS } from './event-schema';
import { type Migration, sqlOf } from './migration';

// The Subjects list shows each person's flagged events: counted per context like events and
// denies, so the list sums a few contexts instead of reading every event of every person.
export const v6: Migration = {
  version: 6,
  description: 'event contexts count their flagged events',
  sql: `
      ALTER TABLE event_contexts ADD COLUMN flagged INTEGER NOT NULL DEFAULT 0; -- events with any flag
      ${EVENT_TRIGGERS.map((t) => `DROP TRIGGER IF EXISTS ${t.name};`).join('\n')}
      ${sqlOf(EVENT_TRIGGERS)}
      -- One pass over the rows (no index needed: a bootstrap cut off may have none yet).
      UPDATE event_contexts SET flagged = f.n
        FROM (SELECT ctx, count(*) AS n FROM access_event_rows WHERE flags != 0 GROUP BY ctx) AS f
       WHERE f.ctx = event_contexts.k;
    `,
};
