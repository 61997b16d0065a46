// A logs filter as SQL: its context-level predicates (resolved to the contexts it admits), its
// event-level ones (time range as a rowid range, decision), and the FTS5 search's error handling.
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { LogsFilter } from '../../../shared/contract-logs';
import { AppError } from '../../../shared/errors';
import { parseIpFilter } from '../../../shared/ipnet';
import { rowidAt } from './events';
import { cached } from './statements';
import { timeToMs } from './store';

/** SQL and parameters (BigInt for rowids: they exceed 2^53). */
export type Param = string | number | bigint;

/**
 * The filter's context-level predicates (who, where from, what device/OS/app, the text search)
 * as a WHERE over event_contexts, or null when the filter has none.
 */
function contextWhere(f: LogsFilter): { where: string; params: Param[] } | null {
  const where: string[] = [];
  const params: Param[] = [];
  const eq = (col: string, v: string | undefined) => {
    if (v === undefined) return;
    where.push(`${col} = ?`);
    params.push(v);
  };
  eq('subject_id', f.subjectId);
  eq('username', f.user);
  eq('app', f.app);
  eq('device_name', f.device);
  eq('os_version', f.os);
  if (f.ip !== undefined) {
    const parsed = parseIpFilter(f.ip);
    if (!parsed.ok) throw new AppError('E_VALIDATION', parsed.message);
    const r = parsed.range;
    where.push(r.family === 4 ? 'ip4 BETWEEN ? AND ?' : 'ip6 BETWEEN ? AND ?');
    params.push(r.lo, r.hi);
  }
  if (f.text !== undefined) {
    where.push('k IN (SELECT rowid FROM event_contexts_fts WHERE event_contexts_fts MATCH ?)');
    params.push(f.text);
  }
  return where.length ? { where: where.join(' AND '), params } : null;
}

/** Live events of a context by decision. */
const EVENTS_OF = { any: 'events', deny: 'denies', allow: 'events - denies' } as const;

/** A context a filter admits, with how many live events of it the filter's decision admits. */
export interface MatchedContext {
  k: number;
  events: number;
}

/** The contexts a filter admits (with their live event counts), or null when it admits all. */
export function matchingContexts(db: Database, f: LogsFilter): MatchedContext[] | null {
  const c = contextWhere(f);
  if (!c) return null;
  return withFts(
    f,
    () =>
      cached(
        db,
        `SELECT k, ${EVENTS_OF[f.decision ?? 'any']} AS events FROM event_contexts WHERE ${c.where} AND ${EVENTS_OF[f.decision ?? 'any']} > 0`,
      ).all(...c.params) as MatchedContext[],
  );
}

/** The filter's event-level predicates: the time range (a rowid range) and the decision. */
export function eventWhere(f: LogsFilter): { where: string[]; params: Param[] } {
  const where: string[] = [];
  const params: Param[] = [];
  if (f.from !== undefined) {
    where.push('n >= ?');
    params.push(rowidAt(timeToMs(f.from)));
  }
  if (f.to !== undefined) {
    where.push('n < ?');
    params.push(rowidAt(timeToMs(f.to)));
  }
  if (f.decision !== undefined) {
    where.push('decision = ?');
    params.push(f.decision);
  }
  return { where, params };
}

/** A set of context keys as one parameter (for `IN (SELECT value FROM json_each(?))`). */
export const keySet = (ctxs: readonly { k: number }[]) => JSON.stringify(ctxs.map((c) => c.k));

/** WHERE (without the keyword) over access_event_rows for a filter whose contexts are resolved. */
export function rowsWhere(
  f: LogsFilter,
  ctxs: readonly { k: number }[] | null,
  extra: { where: string[]; params: Param[] } = { where: [], params: [] },
): { where: string; params: Param[] } {
  const ev = eventWhere(f);
  const where = [...ev.where, ...extra.where];
  const params = [...ev.params, ...extra.params];
  if (ctxs) {
    where.push('ctx IN (SELECT value FROM json_each(?))');
    params.push(keySet(ctxs));
  }
  return { where: where.length ? where.join(' AND ') : '1', params };
}

/**
 * SQLite's messages for a MATCH expression it cannot parse: FTS5's own ("fts5: syntax error near …"),
 * its tokenizer's ("unterminated string"), a column filter naming no column ("no such column: x"),
 * and a bare `*`, which FTS5 reads as a special query ("unknown special query: ").
 */
const FTS_SYNTAX_ERROR = /fts5|unterminated|no such column|unknown special query/i;

/** Runs a query that may carry an FTS5 expression; syntax errors become a readable E_VALIDATION. */
export function withFts<T>(f: LogsFilter, run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (f.text !== undefined && err instanceof Error && FTS_SYNTAX_ERROR.test(err.message)) {
      throw new AppError(
        'E_VALIDATION',
        `The search "${f.text.slice(0, 80)}" is not valid search syntax (${err.message.replace(/^fts5: /, '')}).`,
      );
    }
    throw err;
  }
}
