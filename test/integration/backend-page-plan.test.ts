// Guards the plan of the access_events pull page: an index scan on (org_id, seq) that stops after
// the page, never a sequential scan or a sort of the whole stream.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startBackend, type RunningBackend } from '../../backend/index';
import { ACCESS_EVENTS_PAGE_SQL } from '../../backend/store';

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

it('the stored wire form of every event equals the JSON built from its columns', async () => {
  const [r] = await backend.db.query<{ total: number; stored: number; differ: number }>(
    `SELECT count(*)::int AS total, count(wire)::int AS stored,
            count(*) FILTER (WHERE wire::jsonb IS DISTINCT FROM jsonb_build_object(
              'id', id::text, 'time', to_char(time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
              'subjectId', subject_id::text, 'username', username, 'ip', ip, 'deviceId', device_id,
              'deviceName', device_name, 'osVersion', os_version, 'app', app, 'decision', decision,
              'reason', reason))::int AS differ
       FROM access_events WHERE org_id = $1`,
    [backend.orgId],
  );
  expect(r).toEqual({ total: 3000, stored: 3000, differ: 0 });
  // A row without a stored form (older data) is served the same, built from its columns.
  const page = async () =>
    (await backend.db.query<{ items: string }>(ACCESS_EVENTS_PAGE_SQL, [backend.orgId, 0, 50]))[0]!.items;
  const before = await page();
  await backend.db.query('UPDATE access_events SET wire = NULL WHERE org_id = $1', [backend.orgId]);
  expect(JSON.parse(`[${await page()}]`)).toEqual(JSON.parse(`[${before}]`));
});
