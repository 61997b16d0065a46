// Reads (and the few writes) behind the sync API. One SQL text serves PGlite and PostgreSQL.
import type { StreamName } from '../shared/protocol';
import type { PrivacyRequest, Role, Subject } from '../shared/domain';
import type { BackendDbQueryable } from './db';

const TS = (col: string) => `to_char(${col} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** Column list (already shaped for the wire) of each stream's page query. */
const STREAM_SELECT: Record<StreamName, string> = {
  subjects: `id::text AS id, username, email, display_name, employee_id, department, restricted,
    devices, ${TS('created_at')} AS created_at, ${TS('updated_at')} AS updated_at,
    ${TS('restricted_since')} AS restricted_since, restricted_by, restricted_request_id::text AS restricted_request_id,
    ${TS('deactivated_at')} AS deactivated_at`,
  access_events: `id::text AS id, ${TS('time')} AS time, subject_id::text AS subject_id, username, ip,
    device_id, device_name, os_version, app, decision, reason`,
  requests: `id::text AS id, subject_id::text AS subject_id, type, jurisdiction, status, channel,
    to_char(received_on, 'YYYY-MM-DD') AS received_on, version, assignee, via_agent, extended,
    legal_hold, summary, ${TS('updated_at')} AS updated_at,
    to_char(responded_on, 'YYYY-MM-DD') AS responded_on, response, denial_basis,
    to_char(acknowledged_on, 'YYYY-MM-DD') AS acknowledged_on, acknowledged_via, refused_late`,
  request_events: `id::text AS id, request_id::text AS request_id, ${TS('at')} AS at, actor, kind, detail`,
};

type Row = Record<string, unknown> & { seq: number; deleted: boolean; id: string };

const str = (v: unknown): string => String(v);
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const json = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);

/** A restricted subject's since/by/request (null when not restricted or not recorded). */
const restrictionOf = (r: Row) =>
  r.restricted && r.restricted_since
    ? {
        since: str(r.restricted_since),
        by: str(r.restricted_by),
        requestId: strOrNull(r.restricted_request_id),
      }
    : null;

/** Row → wire object, exactly the shared/domain shape (no extra keys). */
const TO_DATA: Record<StreamName, (r: Row) => unknown> = {
  subjects: (r) => ({
    id: r.id,
    username: str(r.username),
    email: str(r.email),
    displayName: str(r.display_name),
    employeeId: strOrNull(r.employee_id),
    department: strOrNull(r.department),
    restricted: Boolean(r.restricted),
    devices: json(r.devices),
    createdAt: str(r.created_at),
    updatedAt: str(r.updated_at),
    restriction: restrictionOf(r),
    deactivatedAt: strOrNull(r.deactivated_at),
  }),
  access_events: (r) => ({
    id: r.id,
    time: str(r.time),
    subjectId: str(r.subject_id),
    username: str(r.username),
    ip: str(r.ip),
    deviceId: str(r.device_id),
    deviceName: str(r.device_name),
    osVersion: str(r.os_version),
    app: str(r.app),
    decision: str(r.decision),
    reason: strOrNull(r.reason),
  }),
  requests: (r) => ({
    id: r.id,
    subjectId: strOrNull(r.subject_id),
    type: str(r.type),
    jurisdiction: str(r.jurisdiction),
    status: str(r.status),
    channel: str(r.channel),
    receivedOn: str(r.received_on),
    version: Number(r.version),
    assignee: strOrNull(r.assignee),
    viaAgent: Boolean(r.via_agent),
    extended: Boolean(r.extended),
    legalHold: Boolean(r.legal_hold),
    summary: str(r.summary),
    updatedAt: str(r.updated_at),
    respondedOn: strOrNull(r.responded_on),
    response: strOrNull(r.response),
    denialBasis: strOrNull(r.denial_basis),
    acknowledgedOn: strOrNull(r.acknowledged_on),
    acknowledgedVia: strOrNull(r.acknowledged_via),
    refusedLate: Boolean(r.refused_late),
  }),
  request_events: (r) => ({
    id: r.id,
    requestId: str(r.request_id),
    at: str(r.at),
    actor: str(r.actor),
    kind: str(r.kind),
    detail: json(r.detail),
  }),
};

/** The requests stream's column list and row shaping, for the action path. */
export const REQUEST_COLUMNS = STREAM_SELECT.requests;
export function requestFromRow(row: Record<string, unknown>): PrivacyRequest {
  return TO_DATA.requests(row as Row) as PrivacyRequest;
}

/** The subjects stream's column list and row shaping, for the action path. */
export const SUBJECT_COLUMNS = STREAM_SELECT.subjects;
export function subjectFromRow(row: Record<string, unknown>): Subject {
  return TO_DATA.subjects(row as Row) as Subject;
}

export type WireItem =
  { op: 'upsert'; seq: number; data: unknown } | { op: 'delete'; seq: number; id: string };

export interface Principal {
  orgId: string;
  orgName: string;
  epoch: string;
  adminId: string;
  adminName: string;
  role: Role;
}

export async function findPrincipal(db: BackendDbQueryable, tokenHash: string): Promise<Principal | null> {
  const rows = await db.query<{
    org_id: string;
    org_name: string;
    epoch: string;
    admin_id: string;
    admin_name: string;
    role: Role;
  }>(
    `SELECT o.id::text AS org_id, o.name AS org_name, o.epoch, a.id::text AS admin_id,
            a.name AS admin_name, a.role
       FROM admins a JOIN orgs o ON o.id = a.org_id
      WHERE a.token_hash = $1`,
    [tokenHash],
  );
  const r = rows[0];
  if (!r) return null;
  return {
    orgId: r.org_id,
    orgName: r.org_name,
    epoch: r.epoch,
    adminId: r.admin_id,
    adminName: r.admin_name,
    role: r.role,
  };
}

/** Highest seq of one stream for the org (0 when empty); uses the (org_id, seq) index. */
export async function streamWatermark(
  db: BackendDbQueryable,
  stream: StreamName,
  orgId: string,
): Promise<number> {
  const rows = await db.query<{ w: number }>(
    `SELECT coalesce(max(seq), 0)::float8 AS w FROM ${stream} WHERE org_id = $1`,
    [orgId],
  );
  return Number(rows[0]?.w ?? 0);
}

/** Keyset page: rows with seq > after, in seq order; `limit + 1` read to know `hasMore`. */
export async function readPage(
  db: BackendDbQueryable,
  stream: StreamName,
  orgId: string,
  after: number,
  limit: number,
): Promise<{ items: WireItem[]; hasMore: boolean }> {
  const rows = await db.query<Row>(
    `SELECT seq::float8 AS seq, deleted, ${STREAM_SELECT[stream]}
       FROM ${stream} AS t
      WHERE t.org_id = $1 AND t.seq > $2
      ORDER BY t.seq -- the column, not the float8 output alias, so the (org_id, seq) index serves it
      LIMIT $3`,
    [orgId, after, limit + 1],
  );
  const hasMore = rows.length > limit;
  const toData = TO_DATA[stream];
  const items: WireItem[] = [];
  const n = Math.min(rows.length, limit);
  for (let i = 0; i < n; i++) {
    const r = rows[i] as Row;
    const seq = Number(r.seq);
    items.push(r.deleted ? { op: 'delete', seq, id: r.id } : { op: 'upsert', seq, data: toData(r) });
  }
  return { items, hasMore };
}

/** The context tuple (shared/protocol EventContextWire) built from the columns, for rows without one stored. */
const CONTEXT_WIRE_SQL = `json_build_array(t.subject_id::text, t.username, t.ip, t.device_id, t.device_name,
  t.os_version, t.app)::text`;

/**
 * $1 org, $2 after (seq), $3 limit. Exported for the plan-guard test. The page is read with a
 * plain LIMIT (an index range scan that stops after it); whether more follows is one index probe.
 * Each column of the columnar page (shared/protocol EventColumns) comes back as the inside of a
 * JSON array, built in the database: one row back instead of one JS object per event and field.
 * `contexts` is each item's context tuple, one per line ('' for a tombstone), deduplicated in JS.
 */
export const ACCESS_EVENTS_PAGE_SQL = `SELECT p.seqs, p.ids, p.times, p.decisions, p.reasons, p.contexts, p.n,
            p.last::float8 AS last,
            (SELECT m.seq FROM access_events AS m WHERE m.org_id = $1 AND m.seq > coalesce(p.last, $2)
             ORDER BY m.seq LIMIT 1) IS NOT NULL AS more
       FROM (
         SELECT string_agg(t.seq::text, ',' ORDER BY t.seq) AS seqs,
                string_agg(concat('"', t.id::text, '"'), ',' ORDER BY t.seq) AS ids,
                string_agg(CASE WHEN t.deleted THEN 'null'
                  ELSE (extract(epoch FROM t.time) * 1000)::bigint::text END, ',' ORDER BY t.seq) AS times,
                -- decision is 'allow' or 'deny' (a CHECK): no escaping needed; free text goes through to_json.
                string_agg(CASE WHEN t.deleted THEN 'null' ELSE concat('"', t.decision, '"') END, ',' ORDER BY t.seq)
                  AS decisions,
                string_agg(CASE WHEN t.deleted THEN 'null' ELSE coalesce(to_json(t.reason)::text, 'null') END, ','
                  ORDER BY t.seq) AS reasons,
                string_agg(CASE WHEN t.deleted THEN '' ELSE coalesce(t.context_wire, ${CONTEXT_WIRE_SQL}) END, E'\n'
                  ORDER BY t.seq) AS contexts,
                count(*)::int AS n, max(t.seq) AS last
           FROM (
             SELECT * FROM access_events
              WHERE org_id = $1 AND seq > $2
              ORDER BY seq -- the (org_id, seq) index
              LIMIT $3
           ) AS t
       ) AS p`;

interface EventsPageRow {
  seqs: string | null;
  ids: string | null;
  times: string | null;
  decisions: string | null;
  reasons: string | null;
  contexts: string | null;
  n: number;
  last: number | null;
  more: boolean;
}

/**
 * One access_events page as the JSON text of its EventColumns. The context tuples arrive one
 * per item (JSON text has no raw newline); each distinct one is sent once and referred to by index.
 */
export async function readAccessEventsPageColumns(
  db: BackendDbQueryable,
  orgId: string,
  after: number,
  limit: number,
): Promise<{ columnsJson: string; count: number; lastSeq: number | null; hasMore: boolean }> {
  const rows = await db.query<EventsPageRow>(ACCESS_EVENTS_PAGE_SQL, [orgId, after, limit]);
  const r = rows[0];
  const count = Number(r?.n ?? 0);
  const contexts: string[] = [];
  const ctx: (number | null)[] = [];
  if (count > 0) {
    const index = new Map<string, number>();
    for (const line of (r?.contexts ?? '').split('\n')) {
      if (line === '') {
        ctx.push(null);
        continue;
      }
      let k = index.get(line);
      if (k === undefined) {
        index.set(line, (k = contexts.length));
        contexts.push(line);
      }
      ctx.push(k);
    }
  }
  const columnsJson =
    `{"contexts":[${contexts.join(',')}],"seq":[${r?.seqs ?? ''}],"id":[${r?.ids ?? ''}],` +
    `"ctx":${JSON.stringify(ctx)},"time":[${r?.times ?? ''}],"decision":[${r?.decisions ?? ''}],` +
    `"reason":[${r?.reasons ?? ''}]}`;
  return {
    columnsJson,
    count,
    lastSeq: r?.last === null || r?.last === undefined ? null : Number(r.last),
    hasMore: Boolean(r?.more),
  };
}

export async function liveCount(db: BackendDbQueryable, stream: StreamName, orgId: string): Promise<number> {
  const rows = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${stream} WHERE org_id = $1 AND NOT deleted`,
    [orgId],
  );
  return Number(rows[0]?.n ?? 0);
}

/**
 * Tombstone one row: it keeps its id, loses nothing else here, and takes a new seq so that
 * pulls emit `{op:'delete'}` for it. Returns false when no such live row exists. A caller that
 * does more in the same transaction takes `lockOrgSeq` first (backend/seq.ts).
 */
export async function tombstone(
  db: BackendDbQueryable,
  stream: StreamName,
  orgId: string,
  id: string,
): Promise<boolean> {
  const rows = await db.query<{ id: string }>(
    `UPDATE ${stream} SET deleted = true, seq = next_seq($1)${stream === 'access_events' ? ', context_wire = NULL' : ''}
      WHERE org_id = $1 AND id = $2 AND NOT deleted RETURNING id::text AS id`,
    [orgId, id],
  );
  return rows.length > 0;
}
