// Guards the access_events pull page: its plan (an index scan on (org_id, seq) that stops after
// the page, never a sequential scan or a sort of the whole stream) and its columnar content.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startBackend, type RunningBackend } from '../../backend/index';
import { ACCESS_EVENTS_PAGE_SQL, readAccessEventsPageColumns, tombstone } from '../../backend/store';
import { EventColumns, eventItemsOf } from '../../shared/protocol';

let backend: RunningBackend;
beforeAll(async () => {
  backend = await startBackend({ seed: { users: 30, events: 3000, seed: 5 } });
}, 120_000);
afterAll(() => backend.close());

it('the access_events page query walks the (org_id, seq) index', async () => {
  await backend.db.query('ANALYZE access_events');
  const rows = await backend.db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${ACCESS_EVENTS_PAGE_SQL}`, [
    backend.orgId,
    100,
    500,
  ]);
  const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
  expect(plan).toMatch(/Index (Only )?Scan using access_events_seq on access_events/);
  expect(plan).not.toMatch(/Seq Scan on access_events/);
  expect(plan).not.toMatch(/Sort\b(?! Key: \(row_number)/);
});

it('the stored context tuple of every event equals the one built from its columns', async () => {
  const [r] = await backend.db.query<{ total: number; stored: number; differ: number }>(
    `SELECT count(*)::int AS total, count(context_wire)::int AS stored,
            count(*) FILTER (WHERE context_wire::jsonb IS DISTINCT FROM jsonb_build_array(
              subject_id::text, username, ip, device_id, device_name, os_version, app))::int AS differ
       FROM access_events WHERE org_id = $1`,
    [backend.orgId],
  );
  expect(r).toEqual({ total: 3000, stored: 3000, differ: 0 });
});

it('a columnar page carries exactly the events of the database, tombstones included', async () => {
  const ids = await backend.db.query<{ id: string }>(
    'SELECT id::text AS id FROM access_events WHERE org_id = $1 ORDER BY seq LIMIT 2 OFFSET 10',
    [backend.orgId],
  );
  for (const { id } of ids) await tombstone(backend.db, 'access_events', backend.orgId, id);
  const expected = async () => {
    const rows = await backend.db.query<Record<string, unknown>>(
      `SELECT seq::float8 AS seq, id::text AS id, deleted, (extract(epoch FROM time) * 1000)::float8 AS ms,
              subject_id::text AS subject_id, username, ip, device_id, device_name, os_version, app, decision, reason
         FROM access_events WHERE org_id = $1 ORDER BY seq`,
      [backend.orgId],
    );
    return rows.map((r) =>
      r.deleted
        ? { op: 'delete', seq: r.seq, id: r.id }
        : {
            op: 'upsert',
            seq: r.seq,
            data: {
              id: r.id,
              time: new Date(Number(r.ms)).toISOString(),
              subjectId: r.subject_id,
              username: r.username,
              ip: r.ip,
              deviceId: r.device_id,
              deviceName: r.device_name,
              osVersion: r.os_version,
              app: r.app,
              decision: r.decision,
              reason: r.reason,
            },
          },
    );
  };
  const served = async () => {
    const items: unknown[] = [];
    let after = 0;
    for (let more = true; more;) {
      const page = await readAccessEventsPageColumns(backend.db, backend.orgId, after, 700);
      const columns = EventColumns.parse(JSON.parse(page.columnsJson));
      // Each context is sent once per page.
      expect(new Set(columns.contexts.map((c) => JSON.stringify(c))).size).toBe(columns.contexts.length);
      items.push(...eventItemsOf(columns));
      after = page.lastSeq ?? after;
      more = page.hasMore;
    }
    return items;
  };
  const want = await expected();
  expect(want.filter((i) => i.op === 'delete')).toHaveLength(2);
  expect(await served()).toEqual(want);
  // Rows without a stored tuple (older data) are served the same, built from their columns.
  await backend.db.query('UPDATE access_events SET context_wire = NULL WHERE org_id = $1', [backend.orgId]);
  expect(await served()).toEqual(want);
});
