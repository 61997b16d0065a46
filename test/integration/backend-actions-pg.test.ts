// The action path on a REAL PostgreSQL server under true concurrency (PGlite serialises every
// transaction and would hide the races): many admins push decisions on the same requests at
// once, and replays of the same action ids race each other. Exactly one decision wins per
// request; no action has two effects. Runs only when ZTA_TEST_DATABASE_URL points at a server
// (`.ci/run` starts one on loopback); otherwise it is skipped and says why.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Action } from '../../shared/action-schemas';
import { PushReply, type Outcome } from '../../shared/push-protocol';
import type { PrivacyRequest } from '../../shared/domain';
import { exemptionsFor } from '../../shared/exemptions';
import { pullReplySchema } from '../../shared/protocol';
import { accessEventsInDatabase, accessEventsServed } from '../helpers/backend-events';
import { startBackend, type RunningBackend } from '../../backend/index';

const URL_ENV = process.env.ZTA_TEST_DATABASE_URL;
if (!URL_ENV) {
  console.warn(
    'backend-actions-pg: skipped — ZTA_TEST_DATABASE_URL is not set (no PostgreSQL server; `.ci/run` starts one on loopback)',
  );
}

describe.skipIf(!URL_ENV)('POST /v1/actions on real PostgreSQL, many concurrent admins', () => {
  let backend: RunningBackend;
  let dbName = '';
  let adminUrl = '';

  beforeAll(async () => {
    // A fresh database per run, so the seeded organisation is the only one.
    const base = new URL(URL_ENV!);
    dbName = `zta_actions_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: URL_ENV });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    adminUrl = URL_ENV!;
    base.pathname = `/${dbName}`;
    backend = await startBackend({
      port: 0,
      databaseUrl: base.toString(),
      seed: { users: 120, events: 500, seed: 21, now: new Date('2026-03-01T12:00:00Z') },
    });
  }, 120_000);

  afterAll(async () => {
    await backend?.close();
    if (dbName) {
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
      await admin.end();
    }
  });

  async function push(token: string, actions: Action[]): Promise<Outcome[]> {
    const res = await fetch(`${backend.url}/v1/actions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ actions }),
    });
    expect(res.status).toBe(200);
    return PushReply.parse(await res.json()).outcomes;
  }

  it('serves the columnar access_events pages from PostgreSQL exactly as its columns hold them', async () => {
    const want = await accessEventsInDatabase(backend.db, backend.orgId);
    expect(want).toHaveLength(500);
    expect(await accessEventsServed(backend.db, backend.orgId, 120)).toEqual(want);
  });

  it('exactly one decision wins per request; replays never apply twice', async () => {
    expect(backend.db.kind).toBe('postgres');
    const res = await fetch(`${backend.url}/v1/sync/requests?after=0&limit=10000`, {
      headers: { authorization: `Bearer ${backend.tokens.viewer}` },
    });
    const page = pullReplySchema('requests').parse(await res.json());
    if (page.reset) throw new Error('reset');
    const open = page.items
      .flatMap((i) => (i.op === 'upsert' ? [i.data] : []))
      .filter(
        (r: PrivacyRequest) => ['received', 'verifying', 'in_progress'].includes(r.status) && !r.legalHold,
      );
    expect(open.length).toBeGreaterThanOrEqual(4);

    const tokens = [backend.tokens.owner, backend.tokens.approver];
    const ADMINS_PER_REQUEST = 12;
    const REPLAYS = 3;
    // Every admin decides every open request (approve or deny), plus a note; each push is sent
    // REPLAYS times at once (a retrying console whose responses were lost).
    const pushes: { token: string; actions: Action[] }[] = [];
    const allActions: Action[] = [];
    for (let k = 0; k < ADMINS_PER_REQUEST; k++) {
      const actions: Action[] = open.flatMap((r) => {
        const decision: Action =
          k % 2 === 0
            ? ({
                id: uuidv7(),
                kind: 'request.approve',
                requestId: r.id,
                baseVersion: r.version,
                payload: { partial: false },
                createdAt: new Date().toISOString(),
              } as Action)
            : ({
                id: uuidv7(),
                kind: 'request.deny',
                requestId: r.id,
                baseVersion: r.version,
                // A basis that fits this request, and the remedy information a GDPR refusal records (issue 13).
                payload: {
                  reason: 'no',
                  exemption: exemptionsFor(r.jurisdiction, r.type)[0],
                  remedyInfo: 'You may complain to a supervisory authority.',
                },
                createdAt: new Date().toISOString(),
              } as Action);
        const note = {
          id: uuidv7(),
          kind: 'request.note',
          requestId: r.id,
          baseVersion: r.version,
          payload: { text: `note ${k}` },
          createdAt: new Date().toISOString(),
        } as Action;
        return [decision, note];
      });
      // Shuffle per admin so transactions interleave in different orders.
      actions.sort(() => Math.random() - 0.5);
      allActions.push(...actions);
      for (let rep = 0; rep < REPLAYS; rep++) pushes.push({ token: tokens[k % tokens.length]!, actions });
    }
    const replies = await Promise.all(pushes.map((p) => push(p.token, p.actions)));

    // Per action id: exactly one first outcome; every delivery agrees with it.
    const first = new Map<string, Outcome>();
    for (const outcomes of replies) {
      for (const o of outcomes) {
        const resolved = o.outcome === 'duplicate' ? o.first : o;
        const seen = first.get(o.id);
        if (seen) expect(resolved).toEqual(seen);
        else first.set(o.id, resolved);
      }
    }
    expect(first.size).toBe(allActions.length);
    const nonDuplicate = replies.flat().filter((o) => o.outcome !== 'duplicate');
    expect(nonDuplicate).toHaveLength(allActions.length); // each id took effect once

    for (const r of open) {
      const decisions = allActions.filter((a) => a.requestId === r.id && a.kind !== 'request.note');
      const applied = decisions.filter((a) => first.get(a.id)?.outcome === 'applied');
      expect(applied, `request ${r.id}`).toHaveLength(1);
      for (const a of decisions) {
        const o = first.get(a.id)!;
        if (o.outcome === 'rejected') {
          expect(o.code).toBe('ALREADY_DECIDED');
          expect(o.decidedBy).toEqual(expect.any(String));
          expect(o.decidedAt).toEqual(expect.any(String));
        }
      }
      const notes = allActions.filter((a) => a.requestId === r.id && a.kind === 'request.note');
      expect(notes.every((a) => first.get(a.id)?.outcome === 'applied')).toBe(true);
    }

    // The database agrees: one decision event per request, one event per applied action,
    // versions bumped exactly once per applied action.
    const events = await backend.db.query<{ request_id: string; decisions: number; total: number }>(
      `SELECT request_id::text AS request_id,
              count(*) FILTER (WHERE kind = 'decided')::int AS decisions,
              count(*)::int AS total
         FROM request_events WHERE detail ? 'actionId' GROUP BY 1`,
    );
    const byReq = new Map(events.map((e) => [e.request_id, e]));
    const versions = new Map(
      (
        await backend.db.query<{ id: string; version: number }>(
          'SELECT id::text AS id, version FROM requests',
        )
      ).map((v) => [v.id, Number(v.version)]),
    );
    for (const r of open) {
      const e = byReq.get(r.id)!;
      expect(e.decisions).toBe(1);
      expect(e.total).toBe(1 + ADMINS_PER_REQUEST);
      expect(versions.get(r.id)).toBe(r.version + 1 + ADMINS_PER_REQUEST);
    }
    const stored = await backend.db.query<{ n: number }>('SELECT count(*)::int AS n FROM action_outcomes');
    expect(stored[0]?.n).toBe(allActions.length);
  }, 120_000);
});
