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

/** One access event as read from the cache: its own columns, its context by key. */
export type EventTuple = [
  timeMs: number,
  counter: number,
  id: string,
  ctx: number,
  decision: 'allow' | 'deny',
  reason: string | null,
  flags: number,
];

/** What a person's events share: one per IP × device × app combination. */
export interface EventContext {
  username: string;
  ip: string;
  deviceId: string;
  deviceName: string;
  osVersion: string;
  app: string;
}

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

/** A person's contexts, by key. They are few: read once, so a row carries only its own columns. */
export function subjectEventContexts(db: Database, subjectId: string): Map<number, EventContext> {
  const contexts = new Map<number, EventContext>();
  for (const c of db
    .prepare(
      'SELECT k, username, ip, device_id, device_name, os_version, app FROM event_contexts WHERE subject_id = ?',
    )
    .all(subjectId) as {
    k: number;
    username: string;
    ip: string;
    device_id: string;
    device_name: string;
    os_version: string;
    app: string;
  }[])
    contexts.set(c.k, {
      username: c.username,
      ip: c.ip,
      deviceId: c.device_id,
      deviceName: c.device_name,
      osVersion: c.os_version,
      app: c.app,
    });
  return contexts;
}

/**
 * The person's access events in time order, a page of raw rows at a time (their contexts are
 * `contexts`, from `subjectEventContexts`). A person holding a large share of the cache is read
 * by one walk of the fact table's rowid (time) order, filtering on their contexts; a person with
 * few events through the contexts index (sorting a few rows per page).
 */
export function* subjectEventRowPages(
  db: Database,
  subjectId: string,
  contexts: ReadonlyMap<number, EventContext>,
  pageSize = EVENT_PAGE,
): Generator<EventTuple[]> {
  const mine = subjectEventCount(db, subjectId);
  if (mine === 0) return;
  const all = db.prepare('SELECT coalesce(sum(events), 0) FROM event_contexts').pluck().get() as number;
  const dense = mine * 50 >= all;
  // Row ids (time_ms × 65536 + counter) exceed 2^53: read as two numbers and rebuilt as a
  // BigInt for the keyset, rather than every integer as a BigInt.
  const cols = 'e.n >> 16, e.n & 65535, e.id, e.ctx, e.decision, e.reason, e.flags';
  // Dense and few contexts: their keys inline (integers read from the cache, never text), so
  // the walk tests each row against a small list instead of joining its context.
  const keys = [...contexts.keys()];
  const inline = dense && keys.length <= 4096 && keys.every((k) => Number.isSafeInteger(k));
  const stmt = db
    .prepare(
      inline
        ? `SELECT ${cols} FROM access_event_rows AS e NOT INDEXED
            WHERE ? IS NOT NULL AND e.ctx IN (${keys.join(',')}) AND e.n > ? ORDER BY e.n LIMIT ?`
        : dense
          ? `SELECT ${cols} FROM access_event_rows AS e NOT INDEXED JOIN event_contexts AS c ON c.k = e.ctx
              WHERE c.subject_id = ? AND e.n > ? ORDER BY e.n LIMIT ?`
          : `SELECT ${cols} FROM event_contexts AS c
               JOIN access_event_rows AS e INDEXED BY access_event_rows_ctx ON e.ctx = c.k
              WHERE c.subject_id = ? AND e.n > ? ORDER BY e.n LIMIT ?`,
    )
    .raw();
  let after = -1n;
  for (;;) {
    const rows = stmt.all(subjectId, after, pageSize) as EventTuple[];
    if (rows.length === 0) return;
    const last = rows[rows.length - 1]!;
    after = BigInt(last[0]) * 65536n + BigInt(last[1]);
    yield rows;
    if (rows.length < pageSize) return;
  }
}

/** The person's access events in time order, a page at a time, as the bundle lists them. */
export function* subjectEventPages(
  db: Database,
  subjectId: string,
  pageSize = EVENT_PAGE,
): Generator<BundleEvent[]> {
  const contexts = subjectEventContexts(db, subjectId);
  for (const rows of subjectEventRowPages(db, subjectId, contexts, pageSize))
    yield rows.map((r) => {
      const c = contexts.get(r[3]);
      if (!c) throw new Error(`access event ${r[2]} has no context`);
      return {
        id: r[2],
        time: new Date(r[0]).toISOString(),
        username: c.username,
        ip: c.ip,
        deviceId: c.deviceId,
        deviceName: c.deviceName,
        osVersion: c.osVersion,
        app: c.app,
        decision: r[4],
        reason: r[5],
        flags: r[6] === 0 ? [] : flagKindsOf(r[6]),
      };
    });
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
