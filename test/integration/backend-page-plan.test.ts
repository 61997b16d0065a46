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
