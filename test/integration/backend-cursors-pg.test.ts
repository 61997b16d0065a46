// Per-organisation seq on a REAL PostgreSQL server (PGlite runs one transaction at a time and
// would hide this): a writer's next number waits until the organisation's previous holder has
// committed, so seq order is commit order and a keyset pull never steps over a number that
// commits later; another organisation's writer is not held up. A rolled-back number is given
// back. Runs only when ZTA_TEST_DATABASE_URL points at a server (`.ci/run` starts one).
import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres, type BackendDb } from '../../backend/db';
import { migrate } from '../../backend/schema';
import { seedDatabase } from '../../backend/seed/load';
import { eraseSubject } from '../../backend/erasure';
import { loadOrgSettings } from '../../backend/org-settings';
import { lockOrgSeq } from '../../backend/seq';

const URL_ENV = process.env.ZTA_TEST_DATABASE_URL;
if (!URL_ENV) console.warn('backend-cursors-pg: skipped — ZTA_TEST_DATABASE_URL is not set');

describe.skipIf(!URL_ENV)('org seq on real PostgreSQL: commit order = seq order', () => {
  let dbName = '';
  let url = '';
  let db: BackendDb;
  const clients: pg.Client[] = [];

  beforeAll(async () => {
    dbName = `zta_cursors_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: URL_ENV });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    const u = new URL(URL_ENV!);
    u.pathname = `/${dbName}`;
    url = u.toString();
    db = await openPostgres(url);
    await migrate(db);
  }, 60_000);

  afterAll(async () => {
    for (const c of clients) await c.end().catch(() => undefined);
    await db?.close();
    if (dbName) {
      const admin = new pg.Client({ connectionString: URL_ENV });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await admin.end();
    }
  });

  async function client(): Promise<pg.Client> {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    clients.push(c);
    return c;
  }
  const next = async (c: pg.Client, org: string) =>
    Number((await c.query<{ n: string }>('SELECT next_seq($1)::text AS n', [org])).rows[0]!.n);
  const pidOf = async (c: pg.Client) =>
    Number((await c.query<{ p: number }>('SELECT pg_backend_pid() AS p')).rows[0]!.p);

  /** Waits (polling, no time limit of its own) until `pid` is blocked on a lock. */
  async function untilWaitingOnLock(watcher: pg.Client, pid: number): Promise<void> {
    for (;;) {
      const r = await watcher.query(
        "SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND wait_event_type = 'Lock'",
        [pid],
      );
      if (r.rows.length > 0) return;
      await new Promise((res) => setTimeout(res, 20));
    }
  }

  it('the second writer of an organisation waits for the first to commit; another organisation does not', async () => {
    const orgA = randomUUID();
    const orgB = randomUUID();
    const [first, second, other, watcher] = [await client(), await client(), await client(), await client()];
    const secondPid = await pidOf(second);

    await first.query('BEGIN');
    const n1 = await next(first, orgA);
    await second.query('BEGIN');
    const order: string[] = [];
    const pending = next(second, orgA).then((n) => {
      order.push('second took its number');
      return n;
    });
    await untilWaitingOnLock(watcher, secondPid);
    // Meanwhile another organisation's writer goes through.
    expect(await next(other, orgB)).toBe(1);
    order.push('first commits');
    await first.query('COMMIT');
    const n2 = await pending;
    await second.query('COMMIT');
    expect(order).toEqual(['first commits', 'second took its number']);
    expect(n2).toBe(n1 + 1);
  });

  it('a rolled-back number is given back: no gap', async () => {
    const org = randomUUID();
    const c = await client();
    expect(await next(c, org)).toBe(1);
    await c.query('BEGIN');
    expect(await next(c, org)).toBe(2);
    await c.query('ROLLBACK');
    expect(await next(c, org)).toBe(2);
  });

  it('a range reservation and the insert trigger share the counter', async () => {
    const org = randomUUID();
    const c = await client();
    const base = Number(
      (await c.query<{ b: string }>('SELECT take_seqs($1, 1000)::text AS b', [org])).rows[0]!.b,
    );
    expect(base).toBe(0);
    await c.query('INSERT INTO orgs (id, name, epoch) VALUES ($1, $2, $3)', [org, 'Org', 'e1']);
    const row = await c.query<{ seq: string }>(
      `INSERT INTO org_settings (org_id, version, settings, updated_at, updated_by)
       VALUES ($1, 1, '{}'::jsonb, now(), 'test') RETURNING seq::text AS seq`,
      [org],
    );
    expect(Number(row.rows[0]!.seq)).toBe(1001);
  });

  it('a seed (range reservations) and an erasure (many rows renumbered) number the rows consecutively', async () => {
    const { orgId } = await seedDatabase(db, {
      users: 10,
      events: 150,
      seed: 95,
      now: new Date('2026-02-01T09:00:00Z'),
    });
    const seqs = async () =>
      (
        await db.query<{ s: string }>(
          `SELECT seq::text AS s FROM (SELECT seq FROM subjects WHERE org_id = $1
             UNION ALL SELECT seq FROM access_events WHERE org_id = $1
             UNION ALL SELECT seq FROM requests WHERE org_id = $1
             UNION ALL SELECT seq FROM request_events WHERE org_id = $1
             UNION ALL SELECT seq FROM org_settings WHERE org_id = $1) AS u ORDER BY seq`,
          [orgId],
        )
      ).map((r) => Number(r.s));
    const seeded = await seqs();
    expect(seeded).toEqual(seeded.map((_, i) => i + 1));
    const busiest = (
      await db.query<{ id: string }>(
        `SELECT subject_id::text AS id FROM access_events WHERE org_id = $1
          GROUP BY subject_id ORDER BY count(*) DESC LIMIT 1`,
        [orgId],
      )
    )[0]!.id;
    const { erasurePolicy } = await loadOrgSettings(db, orgId);
    await db.transaction(async (tx) => {
      await lockOrgSeq(tx, orgId);
      await eraseSubject(
        tx,
        { orgId, subjectId: busiest, requestId: null, trigger: 'retention', by: 'test' },
        erasurePolicy,
      );
    });
    // Every renumbered row moved past the seed's numbers; together they fill the next range.
    const after = await seqs();
    const moved = after.filter((n) => n > seeded.length);
    expect(moved.length).toBeGreaterThan(1);
    expect(moved).toEqual(moved.map((_, i) => seeded.length + 1 + i));
  }, 60_000);
});
