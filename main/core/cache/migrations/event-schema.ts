// The access-event tables' secondary indexes and triggers as this build keeps them: migrations 5
// and 6 create them, and a bootstrap pull drops and rebuilds them (main/core/cache/events.ts).

// --- access events since v5: a fact table of small rows plus a dimension of event contexts ---
//
// An event's searchable, filterable attributes (person, IP, device, OS, app) repeat heavily: a
// million events of 400 people share ~7,000 distinct combinations. v5 stores each combination
// once in `event_contexts` and gives every event row an integer `ctx`. Filters and the FTS5
// search run over the few thousand contexts; the million event rows carry only their id, time
// (in the rowid), decision, reason, seq and flags. That shrinks rows, leaves two secondary
// indexes instead of seven, and reduces the FTS5 index to one document per context: the bulk
// ingest of a bootstrap is dominated by those costs (docs/ARCHITECTURE.md §10). Row-level FTS semantics are
// kept exactly, because the searchable columns are exactly the context's columns.
// The `access_events` VIEW keeps the old column names for readers.

/** Secondary indexes of access_event_rows: dropped during a bootstrap pull, built once at its end. */
export const EVENT_INDEXES: readonly { name: string; sql: string }[] = [
  { name: 'access_event_rows_id', sql: 'CREATE UNIQUE INDEX access_event_rows_id ON access_event_rows(id)' },
  // (ctx, decision) + the implicit rowid: the newest rows of one context (and decision) in order.
  {
    name: 'access_event_rows_ctx',
    sql: 'CREATE INDEX access_event_rows_ctx ON access_event_rows(ctx, decision)',
  },
];

/** The hour of a rowid (rowid = time_ms * 65536 + counter). */
const HOUR_OF = (row: 'new' | 'old') => `((${row}.n >> 16) / 3600000)`;

/** A trigger's step on its event's context: count it in (+) or out (-). v6 added `flagged`. */
const countInContext = (row: 'new' | 'old', sign: '+' | '-', flagged: boolean) =>
  `UPDATE event_contexts SET events = events ${sign} 1, denies = denies ${sign} (${row}.decision = 'deny')${
    flagged ? `, flagged = flagged ${sign} (${row}.flags != 0)` : ''
  } WHERE k = ${row}.ctx;`;

/**
 * Triggers over access_event_rows that keep the hourly rollup and the contexts' counts (dropped
 * during a bootstrap and recomputed in one pass at its end). `flagged`: the v6 form, which also
 * counts flagged events per context; v5 shipped without it (its migration keeps that text).
 */
export function eventTriggers(flagged: boolean): readonly { name: string; sql: string }[] {
  return [
    {
      name: 'access_event_rows_ai',
      sql: `CREATE TRIGGER access_event_rows_ai AFTER INSERT ON access_event_rows BEGIN
      INSERT INTO event_hours (hour, allow, deny)
      VALUES (${HOUR_OF('new')}, new.decision = 'allow', new.decision = 'deny')
      ON CONFLICT(hour) DO UPDATE SET allow = allow + excluded.allow, deny = deny + excluded.deny;
      ${countInContext('new', '+', flagged)} END`,
    },
    {
      name: 'access_event_rows_ad',
      sql: `CREATE TRIGGER access_event_rows_ad AFTER DELETE ON access_event_rows BEGIN
      UPDATE event_hours SET allow = allow - (old.decision = 'allow'), deny = deny - (old.decision = 'deny')
      WHERE hour = ${HOUR_OF('old')};
      ${countInContext('old', '-', flagged)} END`,
    },
    {
      name: 'access_event_rows_au',
      sql: `CREATE TRIGGER access_event_rows_au AFTER UPDATE OF n, decision, ctx${flagged ? ', flags' : ''} ON access_event_rows BEGIN
      UPDATE event_hours SET allow = allow - (old.decision = 'allow'), deny = deny - (old.decision = 'deny')
      WHERE hour = ${HOUR_OF('old')};
      INSERT INTO event_hours (hour, allow, deny)
      VALUES (${HOUR_OF('new')}, new.decision = 'allow', new.decision = 'deny')
      ON CONFLICT(hour) DO UPDATE SET allow = allow + excluded.allow, deny = deny + excluded.deny;
      ${countInContext('old', '-', flagged)}
      ${countInContext('new', '+', flagged)} END`,
    },
  ];
}

export const EVENT_TRIGGERS = eventTriggers(true);

/** Recomputes what EVENT_TRIGGERS maintain, in one pass each (end of a bootstrap). */
export const EVENT_DERIVED_REBUILD_SQL = `
  DELETE FROM event_hours;
  INSERT INTO event_hours (hour, allow, deny)
    SELECT (n >> 16) / 3600000, sum(decision = 'allow'), sum(decision = 'deny') FROM access_event_rows GROUP BY 1;
  UPDATE event_contexts SET (events, denies, flagged) =
    (SELECT count(*), count(*) FILTER (WHERE decision = 'deny'), count(*) FILTER (WHERE flags != 0)
       FROM access_event_rows WHERE ctx = event_contexts.k);`;
