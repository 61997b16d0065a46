// Prepared statements cached per connection (runs in the cache worker).
import type { Database, Statement } from 'better-sqlite3-multiple-ciphers';

/**
 * Prepared statements by SQL text, per connection: the paging SQL is one of a few dozen shapes,
 * and compiling a view join costs more than running it for a page.
 */
const statements = new WeakMap<Database, Map<string, Statement<unknown[]>>>();
export function cached(db: Database, sql: string): Statement<unknown[]> {
  let byText = statements.get(db);
  if (!byText) statements.set(db, (byText = new Map()));
  let stmt = byText.get(sql);
  if (!stmt) {
    if (byText.size >= 256) byText.clear();
    byText.set(sql, (stmt = db.prepare(sql)));
  }
  return stmt;
}
