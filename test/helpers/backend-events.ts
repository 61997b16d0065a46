// The access events of one organisation two ways: read straight from the backend's columns, and
// as the columnar pull pages serve them (decoded). Tests compare the two.
import { expect } from 'vitest';
import type { BackendDbQueryable } from '../../backend/db';
import { readAccessEventsPageColumns } from '../../backend/store';
import { EventColumns, eventItemsOf, type StreamItem } from '../../shared/protocol';

/** Every item of the stream, in seq order, built from the table's own columns. */
export async function accessEventsInDatabase(
  db: BackendDbQueryable,
  orgId: string,
): Promise<StreamItem<'access_events'>[]> {
  const rows = await db.query<Record<string, string | number | boolean | null>>(
    `SELECT seq::float8 AS seq, id::text AS id, deleted, (extract(epoch FROM time) * 1000)::float8 AS ms,
            subject_id::text AS subject_id, username, ip, device_id, device_name, os_version, app, decision, reason
       FROM access_events WHERE org_id = $1 ORDER BY seq`,
    [orgId],
  );
  return rows.map((r) =>
    r.deleted
      ? { op: 'delete', seq: Number(r.seq), id: String(r.id) }
      : {
          op: 'upsert',
          seq: Number(r.seq),
          data: {
            id: String(r.id),
            time: new Date(Number(r.ms)).toISOString(),
            subjectId: String(r.subject_id),
            username: String(r.username),
            ip: String(r.ip),
            deviceId: String(r.device_id),
            deviceName: String(r.device_name),
            osVersion: String(r.os_version),
            app: String(r.app),
            decision: r.decision === 'deny' ? 'deny' : 'allow',
            reason: r.reason === null ? null : String(r.reason),
          },
        },
  );
}

/** Every item as the pull serves it, page by page (each page validated, each context sent once). */
export async function accessEventsServed(
  db: BackendDbQueryable,
  orgId: string,
  pageSize: number,
): Promise<StreamItem<'access_events'>[]> {
  const items: StreamItem<'access_events'>[] = [];
  let after = 0;
  for (let more = true; more;) {
    const page = await readAccessEventsPageColumns(db, orgId, after, pageSize);
    const columns = EventColumns.parse(JSON.parse(page.columnsJson));
    expect(new Set(columns.contexts.map((c) => JSON.stringify(c))).size).toBe(columns.contexts.length);
    items.push(...eventItemsOf(columns));
    after = page.lastSeq ?? after;
    more = page.hasMore;
  }
  return items;
}
