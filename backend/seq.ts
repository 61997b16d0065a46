// Sync cursors per organisation (issue 14, item 9). Every row of a synced stream carries `seq`, a
// number of ITS organisation's counter (`org_seq`), taken on every insert, update and tombstone.
// One global sequence let an organisation read the others' write volume off the gaps in its own
// cursors; per organisation, its cursors advance only with its own writes (1, 2, 3, … with no
// gaps: a rolled-back transaction gives its numbers back).
//
// Commit order = seq order, per organisation. Taking a number locks the organisation's counter row
// until the transaction ends, so the next number of that organisation is only handed out once the
// holder has committed (or rolled back). A pull therefore never sees seq n+1 without seq n, and a
// keyset cursor `after=seq` never skips a change that commits later. (The global sequence gave no
// such guarantee on a PostgreSQL server: two writers could commit out of seq order.) The price:
// an organisation's writers run one after the other, from their first number to their commit;
// other organisations are not held up.
//
// Deadlocks: a writer holding the counter must never wait for a row lock that a transaction
// waiting for the counter holds. So every writing transaction takes the counter FIRST
// (`lockOrgSeq`), before locking a request or a subject; the single-row writes below then only
// bump it.
//
// Many rows at once (the seed's 50k-row chunks, an erasure of a person's events) reserve a range
// with ONE update (`take_seqs(org, n)`): bumping the counter once per row in one transaction
// stacks row versions that each later bump walks — quadratic (40k rows ≈ 26 s on PGlite).
import type { BackendDbQueryable, BulkRow } from './db';

/** The streams whose rows carry an organisation's seq (org_settings: one row per organisation). */
export const SEQ_TABLES = [
  'subjects',
  'access_events',
  'requests',
  'request_events',
  'org_settings',
] as const;

export const SEQ_SQL = `
CREATE TABLE IF NOT EXISTS org_seq (
  org_id uuid PRIMARY KEY,
  last   bigint NOT NULL CHECK (last >= 0)
);

-- Reserves n numbers of the organisation; returns the number BEFORE the range (rows take
-- base+1 … base+n). Locks the counter row until the transaction ends.
CREATE OR REPLACE FUNCTION take_seqs(org uuid, n bigint) RETURNS bigint LANGUAGE sql VOLATILE AS $$
  INSERT INTO org_seq AS s (org_id, last) VALUES (org, n)
  ON CONFLICT (org_id) DO UPDATE SET last = s.last + excluded.last
  RETURNING last - n
$$;
CREATE OR REPLACE FUNCTION next_seq(org uuid) RETURNS bigint LANGUAGE sql VOLATILE AS $$
  SELECT take_seqs(org, 1) + 1
$$;
-- Takes the counter's lock without using a number (no new row version when it exists).
CREATE OR REPLACE FUNCTION lock_org_seq(org uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1 FROM org_seq WHERE org_id = org FOR UPDATE;
  IF NOT FOUND THEN
    INSERT INTO org_seq (org_id, last) VALUES (org, 0) ON CONFLICT (org_id) DO NOTHING;
    PERFORM 1 FROM org_seq WHERE org_id = org FOR UPDATE;
  END IF;
END $$;

-- An INSERT that names no seq takes the organisation's next one (a trigger: a column default
-- cannot read the row's org_id). Bulk loads name theirs, reserved as a range.
CREATE OR REPLACE FUNCTION seq_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.seq := next_seq(NEW.org_id);
  RETURN NEW;
END $$;
${SEQ_TABLES.map(
  (t) => `ALTER TABLE ${t} ALTER COLUMN seq DROP DEFAULT;
DROP TRIGGER IF EXISTS ${t}_take_seq ON ${t};
CREATE TRIGGER ${t}_take_seq BEFORE INSERT ON ${t}
  FOR EACH ROW WHEN (NEW.seq IS NULL) EXECUTE FUNCTION seq_on_insert();`,
).join('\n')}
DROP SEQUENCE IF EXISTS sync_seq;

-- Upgrade of a database written under the global sequence: each organisation's counter starts
-- above its highest seq, so the cursors its consoles hold stay valid (no reset). Those older rows
-- keep their global numbers (docs/ARCHITECTURE.md §19).
INSERT INTO org_seq (org_id, last)
SELECT o.id, greatest(${SEQ_TABLES.map((t) => `(SELECT coalesce(max(seq), 0) FROM ${t} WHERE org_id = o.id)`).join(',\n  ')})
  FROM orgs AS o
 WHERE NOT EXISTS (SELECT 1 FROM org_seq AS s WHERE s.org_id = o.id);
`;

/**
 * Locks the organisation's counter for the rest of the transaction: the first thing every
 * writing transaction does (see the deadlock note above).
 */
export async function lockOrgSeq(tx: BackendDbQueryable, orgId: string): Promise<void> {
  await tx.query('SELECT lock_org_seq($1::uuid)', [orgId]);
}

/** Appends a freshly reserved seq to each bulk row (the last column), in order. */
export async function withSeqs(tx: BackendDbQueryable, orgId: string, rows: BulkRow[]): Promise<BulkRow[]> {
  if (rows.length === 0) return rows;
  const r = await tx.query<{ base: string }>('SELECT take_seqs($1::uuid, $2::bigint)::text AS base', [
    orgId,
    rows.length,
  ]);
  const base = BigInt(r[0]?.base ?? '0');
  return rows.map((row, i) => [...row, String(base + BigInt(i) + 1n)]);
}

/**
 * An UPDATE of many rows that gives each a new seq of the organisation, in their old seq order,
 * with one reservation. `target` selects `id` (and any column `set` reads as `t.<col>`) of the
 * rows to change; `$1` must be the organisation. Returns SQL yielding the changed row count `n`.
 */
export function renumberingUpdate(table: string, target: string, set: string): string {
  return `WITH t AS (SELECT x.*, row_number() OVER (ORDER BY x.seq) AS k FROM (${target}) AS x),
     r AS (SELECT take_seqs($1::uuid, (SELECT count(*) FROM t)) AS base),
     u AS (UPDATE ${table} AS a SET ${set}, seq = r.base + t.k
             FROM t, r WHERE a.org_id = $1 AND a.id = t.id RETURNING 1)
SELECT count(*)::int AS n FROM u`;
}
