// Sync cursors per organisation (issue 14, item 9; backend/seq.ts). Two organisations share one
// database: each one's cursors start at 1 and advance only with its own writes, so the gaps in
// them no longer show another organisation's write volume. Also: a many-row change (an erasure)
// takes consecutive numbers, and a database written under the old global sequence is upgraded
// without invalidating the cursors its consoles hold.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Action } from '../../shared/action-schemas';
import { PushReply } from '../../shared/push-protocol';
import { pageItems, pullReplySchema, type StreamName } from '../../shared/protocol';
import type { PrivacyRequest } from '../../shared/domain';
import { startBackend, type RunningBackend } from '../../backend/index';
import { openPglite } from '../../backend/db';
import { migrate } from '../../backend/schema';
import { seedDatabase } from '../../backend/seed/load';
import { eraseSubject } from '../../backend/erasure';
import { loadOrgSettings } from '../../backend/org-settings';
import { lockOrgSeq, SEQ_TABLES } from '../../backend/seq';
import type { RoleTokens } from '../../backend/auth';

const NOW = new Date('2026-02-01T09:00:00.000Z');
const STREAMS: StreamName[] = ['subjects', 'requests', 'request_events', 'access_events'];

let backend: RunningBackend;
let orgB: { orgId: string; tokens: RoleTokens };

async function pull(token: string, stream: StreamName, after: number) {
  const res = await fetch(`${backend.url}/v1/sync/${stream}?after=${after}&limit=10000`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const page = pullReplySchema(stream).parse(await res.json());
  if (page.reset) throw new Error(`unexpected reset of ${stream}`);
  return { items: pageItems(page), next: page.next, watermark: page.watermark };
}

type Cursors = Record<StreamName, number>;

/** Each row stream's watermark: where a console that pulled everything stands. */
async function cursors(token: string): Promise<Cursors> {
  const out = {} as Cursors;
  for (const s of STREAMS) out[s] = (await pull(token, s, 0)).watermark;
  return out;
}

/** The seqs a console standing at `from` (every stream from 0 by default) pulls next, sorted. */
async function seqsSince(token: string, from?: Cursors): Promise<number[]> {
  const seqs: number[] = [];
  for (const s of STREAMS) seqs.push(...(await pull(token, s, from?.[s] ?? 0)).items.map((i) => i.seq));
  return seqs.sort((a, b) => a - b);
}

/** The organisation's highest cursor over the four row streams. */
const highest = (c: Cursors) => Math.max(...Object.values(c));

async function note(token: string, requestId: string): Promise<void> {
  const action = {
    id: uuidv7(),
    kind: 'request.note',
    requestId,
    baseVersion: 0,
    payload: { text: 'cursor test' },
    createdAt: new Date().toISOString(),
  } as Action;
  const res = await fetch(`${backend.url}/v1/actions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ actions: [action] }),
  });
  expect(PushReply.parse(await res.json()).outcomes.map((o) => o.outcome)).toEqual(['applied']);
}

async function someRequest(token: string): Promise<PrivacyRequest> {
  const items = (await pull(token, 'requests', 0)).items;
  const live = items.flatMap((i) => (i.op === 'upsert' ? [i.data as PrivacyRequest] : []));
  return live[0]!;
}

beforeAll(async () => {
  backend = await startBackend({ port: 0, seed: { users: 20, events: 300, seed: 91, now: NOW } });
  // A second organisation in the same database, seeded after the first.
  const b = await seedDatabase(backend.db, { users: 15, events: 200, seed: 92, now: NOW });
  orgB = { orgId: b.orgId, tokens: b.tokens };
  expect(orgB.orgId).not.toBe(backend.orgId);
}, 60_000);

afterAll(async () => {
  await backend?.close();
});

describe('cursors per organisation (issue 14, item 9)', () => {
  it('every organisation’s streams start at seq 1, the later one too', async () => {
    const a = await seqsSince(backend.tokens.viewer);
    const b = await seqsSince(orgB.tokens.viewer);
    // Under one global sequence the second organisation's numbers began after the first's.
    // Here B's first row (after its settings document, seq 1) is seq 2, and B's cursors stay
    // below A's: they count B's rows only.
    expect(a.length).toBeGreaterThan(b.length);
    expect(b[0]).toBe(2);
    expect(b.at(-1)!).toBeLessThan(a.at(-1)!);
  });

  it('writes of another organisation in between leave no gap in this one’s cursors', async () => {
    const a = backend.tokens.analyst;
    const b = orgB.tokens.analyst;
    const reqA = await someRequest(a);
    const reqB = await someRequest(b);
    const at = await cursors(backend.tokens.viewer);
    const before = highest(at);
    await note(a, reqA.id); // A: the request and one history entry, two numbers
    for (let i = 0; i < 5; i++) await note(b, reqB.id); // B: ten numbers of its own
    await note(a, reqA.id); // A: two more
    // A's cursors moved by exactly its own four writes: before+1 … before+4, nothing skipped.
    // (Pulled from `before`: the request row carries only its latest seq.)
    const seen = await seqsSince(backend.tokens.viewer, at);
    expect(seen).toEqual([before + 2, before + 3, before + 4]);
    expect(highest(await cursors(backend.tokens.viewer))).toBe(before + 4);
    const row = await backend.db.query<{ last: string }>('SELECT last::text FROM org_seq WHERE org_id = $1', [
      backend.orgId,
    ]);
    expect(Number(row[0]?.last)).toBe(before + 4);
  });

  it('an erasure’s many rows take consecutive numbers, and only its organisation’s', async () => {
    const aAt = await cursors(backend.tokens.viewer);
    const bAt = await cursors(orgB.tokens.viewer);
    const bBefore = highest(bAt);
    const counts = await backend.db.query<{ subject_id: string; n: number }>(
      `SELECT subject_id::text, count(*)::int AS n FROM access_events WHERE org_id = $1 AND NOT deleted
        GROUP BY subject_id ORDER BY n DESC LIMIT 1`,
      [orgB.orgId],
    );
    const busiest = counts[0]!;
    expect(busiest.n).toBeGreaterThan(2);
    const { erasurePolicy } = await loadOrgSettings(backend.db, orgB.orgId);
    await backend.db.transaction(async (tx) => {
      await lockOrgSeq(tx, orgB.orgId);
      await eraseSubject(
        tx,
        {
          orgId: orgB.orgId,
          subjectId: busiest.subject_id,
          requestId: null,
          trigger: 'retention',
          by: 'test',
        },
        erasurePolicy,
      );
    });
    const changed = await seqsSince(orgB.tokens.viewer, bAt);
    expect(changed.length).toBeGreaterThanOrEqual(busiest.n);
    expect(changed).toEqual(changed.map((_, i) => bBefore + 1 + i));
    expect(await cursors(backend.tokens.viewer)).toEqual(aAt);
  });
});

describe('upgrade from the global sequence', () => {
  it('counters start above each organisation’s highest seq; the old sequence and defaults go', async () => {
    const db = await openPglite();
    try {
      await migrate(db);
      const { orgId } = await seedDatabase(db, { users: 5, events: 40, seed: 93, now: NOW });
      // A database as the global sequence left it: numbers with gaps, a default on seq, no counter.
      await db.exec(`CREATE SEQUENCE sync_seq AS bigint START 5000;
        ALTER TABLE request_events ALTER COLUMN seq SET DEFAULT nextval('sync_seq');
        UPDATE requests SET seq = seq * 10 + 1000;
        DELETE FROM org_seq;`);
      const max = await db.query<{ m: string }>(
        'SELECT max(seq)::text AS m FROM requests WHERE org_id = $1',
        [orgId],
      );
      await migrate(db);
      const last = await db.query<{ last: string }>('SELECT last::text FROM org_seq WHERE org_id = $1', [
        orgId,
      ]);
      expect(last[0]?.last).toBe(max[0]?.m);
      expect(await db.query("SELECT 1 FROM pg_class WHERE relname = 'sync_seq'")).toEqual([]);
      const defaults = await db.query<{ t: string }>(
        `SELECT table_name AS t FROM information_schema.columns
          WHERE column_name = 'seq' AND column_default IS NOT NULL AND table_name = ANY($1)`,
        [[...SEQ_TABLES]],
      );
      expect(defaults).toEqual([]);
      // The next write continues above every cursor a console may hold.
      const req = await db.query<{ id: string }>(
        'SELECT id::text AS id FROM requests WHERE org_id = $1 LIMIT 1',
        [orgId],
      );
      const inserted = await db.query<{ seq: string }>(
        `INSERT INTO request_events (org_id, id, request_id, at, actor, kind)
         VALUES ($1, $2, $3, now(), 'test', 'note') RETURNING seq::text AS seq`,
        [orgId, uuidv7(), req[0]!.id],
      );
      expect(BigInt(inserted[0]!.seq)).toBe(BigInt(max[0]!.m) + 1n);
    } finally {
      await db.close();
    }
  });
});
