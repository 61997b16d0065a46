// Guards the access_events pull page: its plan (an index scan on (org_id, seq) that stops after
// the page, never a sequential scan or a sort of the whole stream) and its columnar content.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startBackend, type RunningBackend } from '../../backend/index';
import { ACCESS_EVENTS_PAGE_SQL, tombstone } from '../../backend/store';
import { accessEventsInDatabase, accessEventsServed } from '../helpers/backend-events';

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
  // Text that JSON must escape, in a stored tuple and in a reason: newline, quote, backslash,
  // a right-to-left override, markup.
  const odd = 'Mac "Pro"\n\\ \u202e<b>x</b>';
  await backend.db.query(
    `UPDATE access_events SET device_name = $2, reason = $2,
            context_wire = json_build_array(subject_id::text, username, ip, device_id, $2::text, os_version, app)::text
      WHERE org_id = $1 AND seq IN (SELECT seq FROM access_events WHERE org_id = $1 AND NOT deleted ORDER BY seq LIMIT 3)`,
    [backend.orgId, odd],
  );
  const expected = () => accessEventsInDatabase(backend.db, backend.orgId);
  const served = () => accessEventsServed(backend.db, backend.orgId, 700);
  const want = await expected();
  expect(want.filter((i) => i.op === 'delete')).toHaveLength(2);
  expect(
    want.filter((i) => i.op === 'upsert' && i.data.deviceName === odd && i.data.reason === odd),
  ).toHaveLength(3);
  expect(await served()).toEqual(want);
  // Rows without a stored tuple (older data) are served the same, built from their columns.
  await backend.db.query('UPDATE access_events SET context_wire = NULL WHERE org_id = $1', [backend.orgId]);
  expect(await served()).toEqual(want);
});
