// What a bundle holds about one person, read from the cache in bounded pages (the worker answers
// other calls between pages, and better-sqlite3 forbids other statements while an iterator is
// open). Art. 15(4): only the person's own rows; admins by role, never by name; free text only
// when an admin marked it for the person; no other person's identifiers.
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { PrivacyRequest, RequestEvent, Subject } from '../../../shared/domain';
import { flagKindsOf } from '../cache/flags';

export const EVENT_PAGE = 4000;

export interface BundleEvent {
  id: string;
  time: string;
  username: string;
  ip: string;
  deviceId: string;
  deviceName: string;
  osVersion: string;
  app: string;
  decision: 'allow' | 'deny';
  reason: string | null;
  flags: string[];
}

type EventTuple = [
  n: bigint,
  id: string,
  timeMs: number,
  username: string,
  ip: string,
  deviceId: string,
  deviceName: string,
  osVersion: string,
  app: string,
  decision: 'allow' | 'deny',
  reason: string | null,
  flags: number,
];

export function readSubject(db: Database, subjectId: string): Subject | null {
  const row = db.prepare('SELECT data FROM subjects WHERE id = ?').get(subjectId) as
    { data: string } | undefined;
  return row ? Subject.parse(JSON.parse(row.data)) : null;
}

export function subjectEventCount(db: Database, subjectId: string): number {
  return db
    .prepare('SELECT coalesce(sum(events), 0) FROM event_contexts WHERE subject_id = ?')
    .pluck()
    .get(subjectId) as number;
}

/**
 * The person's access events in time order, a page at a time. A person holding a large share of
 * the cache is read by one walk of the fact table's rowid (time) order, filtering on their
 * contexts; a person with few events through the contexts index (sorting a few rows per page).
 */
export function* subjectEventPages(
  db: Database,
  subjectId: string,
  pageSize = EVENT_PAGE,
): Generator<BundleEvent[]> {
  const mine = subjectEventCount(db, subjectId);
  if (mine === 0) return;
  const all = db.prepare('SELECT coalesce(sum(events), 0) FROM event_contexts').pluck().get() as number;
  const dense = mine * 50 >= all;
  const cols = `e.n, e.id, e.n >> 16, c.username, c.ip, c.device_id, c.device_name, c.os_version, c.app, e.decision, e.reason, e.flags`;
  const stmt = db
    .prepare(
      `SELECT ${cols} FROM access_event_rows AS e ${dense ? 'NOT INDEXED' : 'INDEXED BY access_event_rows_ctx'}
         JOIN event_contexts AS c ON c.k = e.ctx
        WHERE e.ctx IN (SELECT k FROM event_contexts WHERE subject_id = ?) AND e.n > ?
        ORDER BY e.n LIMIT ?`,
    )
    .raw()
    .safeIntegers(true);
  let after = -1n;
  for (;;) {
    const rows = stmt.all(subjectId, after, pageSize) as EventTuple[];
    if (rows.length === 0) return;
    after = rows[rows.length - 1]![0];
    yield rows.map((r) => ({
      id: r[1],
      time: new Date(Number(r[2])).toISOString(),
      username: r[3],
      ip: r[4],
      deviceId: r[5],
      deviceName: r[6],
      osVersion: r[7],
      app: r[8],
      decision: r[9],
      reason: r[10],
      flags: flagKindsOf(Number(r[11])),
    }));
    if (rows.length < pageSize) return;
  }
}

/** A request as the person receives it: no assignee (an admin's name), no internal summary. */
export interface BundleRequest {
  id: string;
  type: string;
  jurisdiction: string;
  status: string;
  channel: string;
  receivedOn: string;
  viaAgent: boolean;
  extended: boolean;
  respondedOn: string | null;
  response: string | null;
  denialBasis: string | null;
  updatedAt: string;
}

export function subjectRequests(db: Database, subjectId: string): PrivacyRequest[] {
  return (
    db.prepare('SELECT data FROM requests WHERE subject_id = ? ORDER BY id').all(subjectId) as {
      data: string;
    }[]
  ).flatMap((r) => {
    const p = PrivacyRequest.safeParse(JSON.parse(r.data));
    return p.success ? [p.data] : [];
  });
}

export function bundleRequestOf(r: PrivacyRequest): BundleRequest {
  return {
    id: r.id,
    type: r.type,
    jurisdiction: r.jurisdiction,
    status: r.status,
    channel: r.channel,
    receivedOn: r.receivedOn,
    viaAgent: r.viaAgent,
    extended: r.extended,
    respondedOn: r.respondedOn,
    response: r.response,
    denialBasis: r.denialBasis,
    updatedAt: r.updatedAt,
  };
}

export interface BundleHistoryEntry {
  id: string;
  requestId: string;
  at: string;
  /** `system`, `you`, or `administrator`: never an admin's name (Art. 15(4)). */
  actor: string;
  kind: string;
  detail: Record<string, unknown>;
}

/** Detail keys that hold enumerations, flags or the person's own data: kept as they are. */
const KEPT_DETAIL_KEYS = new Set([
  'method',
  'matched',
  'decision',
  'exemption',
  'months',
  'deliveredVia',
  'response',
  'partial',
  'signedDeclaration',
  'agentPermissionChecked',
  'changes',
  'exemptionsKept',
  'bundleSha256',
]);
/** Free text an admin wrote: included only when the admin marked it for the person. */
const FREE_TEXT_KEYS = new Set(['text', 'note', 'reason']);

export function bundleHistoryOf(e: RequestEvent, subject: Subject | null): BundleHistoryEntry {
  const forSubject = e.detail['forSubject'] === true;
  const detail: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e.detail)) {
    if (KEPT_DETAIL_KEYS.has(k)) detail[k] = v;
    else if (FREE_TEXT_KEYS.has(k) && forSubject) detail[k] = v;
  }
  const actor =
    e.actor === 'system'
      ? 'system'
      : subject && (e.actor === subject.username || e.actor === subject.email)
        ? 'you'
        : 'administrator';
  return { id: e.id, requestId: e.requestId, at: e.at, actor, kind: e.kind, detail };
}

export function subjectHistory(db: Database, requestIds: readonly string[]): RequestEvent[] {
  const stmt = db.prepare('SELECT data FROM request_events WHERE request_id = ? ORDER BY at, id');
  return requestIds.flatMap((id) =>
    (stmt.all(id) as { data: string }[]).flatMap((r) => {
      const p = RequestEvent.safeParse(JSON.parse(r.data));
      return p.success ? [p.data] : [];
    }),
  );
}
