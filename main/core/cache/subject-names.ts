// Display names of cached subjects by id, for lists that show a person rather than a UUID (the
// request queue, issue 16). One read for a page; ids not cached (erased, not synced) are left out.
import type { Database } from 'better-sqlite3-multiple-ciphers';

export function subjectNames(db: Database, ids: readonly string[]): Record<string, string> {
  if (ids.length === 0) return {};
  const rows = db
    .prepare('SELECT id, display_name AS name FROM subjects WHERE id IN (SELECT value FROM json_each(?))')
    .all(JSON.stringify([...new Set(ids)])) as { id: string; name: string }[];
  return Object.fromEntries(rows.map((r) => [r.id, r.name]));
}
