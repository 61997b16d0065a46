// Issue 14, backend side: one bad action is rejected on its own (HTTP 200), never a 500 that
// jams every console's outbox; the idempotency key is claimed only after validation and the
// role check; an action id equal to a history id is refused.
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Action } from '../../shared/action-schemas';
import { PushReply } from '../../shared/push-protocol';
import { pullReplySchema } from '../../shared/protocol';
import type { PrivacyRequest, Role } from '../../shared/domain';
import { startBackend, type RunningBackend } from '../../backend/index';
import { compareByReceipt } from '../../shared/duplicates';

const SEED = { users: 20, events: 200, seed: 14, now: new Date('2026-01-15T09:00:00.000Z') };

let backend: RunningBackend;
let requests: PrivacyRequest[] = [];

/** POSTs a raw JSON text (so a lone surrogate or NUL escape reaches the backend as sent). */
async function pushRaw(role: Role, json: string) {
  const res = await fetch(`${backend.url}/v1/actions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${backend.tokens[role]}`, 'content-type': 'application/json' },
    body: json,
  });
  return { status: res.status, body: (await res.json()) as unknown };
}
const push = (role: Role, actions: unknown[]) => pushRaw(role, JSON.stringify({ actions }));

function action(kind: Action['kind'], requestId: string, payload: unknown, id = uuidv7()): Action {
  return { id, kind, requestId, baseVersion: 0, payload, createdAt: new Date().toISOString() } as Action;
}

beforeAll(async () => {
  backend = await startBackend({ port: 0, seed: SEED });
  const res = await fetch(`${backend.url}/v1/sync/requests?after=0&limit=10000`, {
    headers: { authorization: `Bearer ${backend.tokens.viewer}` },
  });
  const page = pullReplySchema('requests').parse(await res.json());
  if (page.reset) throw new Error('reset');
  requests = page.items.flatMap((i) => (i.op === 'upsert' ? [i.data] : []));
});
afterAll(async () => {
  await backend?.close();
});

const outcomeCodes = (body: unknown) =>
  PushReply.parse(body).outcomes.map((o) => (o.outcome === 'rejected' ? o.code : o.outcome));

describe('one bad action never jams a batch', () => {
  it('a note holding NUL is rejected on its own; the next action in the batch applies', async () => {
    const req = requests[0]!;
    const bad = action('request.note', req.id, { text: 'before\u0000after' });
    const good = action('request.note', req.id, { text: 'fine' });
    const { status, body } = await push('analyst', [bad, good]);
    expect(status).toBe(200);
    expect(outcomeCodes(body)).toEqual(['INVALID', 'applied']);
  });

  it('a lone surrogate is rejected on its own (HTTP 200)', async () => {
    const req = requests[0]!;
    const bad = action('request.note', req.id, { text: 'x\ud800y' });
    const good = action('request.assign', req.id, { assignee: 'Kim' });
    const json = JSON.stringify({ actions: [bad, good] });
    expect(json).toContain('\\ud800');
    const { status, body } = await pushRaw('analyst', json);
    expect(status).toBe(200);
    expect(outcomeCodes(body)).toEqual(['INVALID', 'applied']);
  });

  it('an action id equal to an existing history id is rejected, not a 500', async () => {
    const res = await fetch(`${backend.url}/v1/sync/request_events?after=0&limit=10`, {
      headers: { authorization: `Bearer ${backend.tokens.viewer}` },
    });
    const page = pullReplySchema('request_events').parse(await res.json());
    if (page.reset) throw new Error('reset');
    const first = page.items[0];
    if (first?.op !== 'upsert') throw new Error('expected a seeded history entry');
    const historyId = first.data.id;
    const req = requests[1]!;
    const clash = action('request.note', req.id, { text: 'clash' }, historyId);
    const good = action('request.note', req.id, { text: 'after the clash' });
    const { status, body } = await push('analyst', [clash, good]);
    expect(status).toBe(200);
    expect(outcomeCodes(body)).toEqual(['INVALID', 'applied']);
  });

  it('claims the idempotency key only after validation and the role check', async () => {
    const req = requests[2]!;
    const before = await backend.db.query<{ n: number }>('SELECT count(*)::int AS n FROM action_outcomes');
    const note = action('request.note', req.id, { text: 'from a viewer' });
    const junk = Array.from({ length: 20 }, () => ({ id: uuidv7(), kind: 'nope', junk: 'x'.repeat(100) }));
    expect(outcomeCodes((await push('viewer', [note, ...junk])).body)).toEqual([
      'NOT_PERMITTED',
      ...junk.map(() => 'INVALID'),
    ]);
    const after = await backend.db.query<{ n: number }>('SELECT count(*)::int AS n FROM action_outcomes');
    expect(after[0]?.n).toBe(before[0]?.n);
    // The same id from an admin who may act is applied: the viewer's refusal claimed nothing.
    expect(outcomeCodes((await push('analyst', [note])).body)).toEqual(['applied']);
  });
});

describe('the backend stores only what the consoles accept', () => {
  it('refuses an event whose device name is longer than the shared limit (any writer)', async () => {
    const sample = await backend.db.query<Record<string, unknown>>(
      'SELECT org_id, subject_id FROM access_events LIMIT 1',
    );
    const row = sample[0]!;
    const insert = (deviceName: string) =>
      backend.db.query(
        `INSERT INTO access_events (org_id, id, time, subject_id, username, ip, device_id, device_name, os_version, app, decision)
         VALUES ($1, $2, now(), $3, 'u', '10.0.0.1', 'd', $4, 'os', 'app', 'allow')`,
        [String(row.org_id), uuidv7(), String(row.subject_id), deviceName],
      );
    await expect(insert('x'.repeat(100_000))).rejects.toMatchObject({ code: '23514' });
    await expect(insert('a fine laptop')).resolves.toBeDefined();
  });
});

describe('close_duplicate checks its original (issue 14, item 9)', () => {
  it('refuses an id not of this organisation, itself and another person’s request', async () => {
    const withSubject = requests.filter(
      (r) =>
        r.subjectId !== null &&
        !['closed_duplicate', 'approved', 'denied', 'partially_approved', 'completed'].includes(r.status),
    );
    const target = withSubject[0]!;
    // The original is the older request (shared/duplicates.ts): another request of the same person
    // received before the target, if the seed has one.
    const samePerson = requests.find(
      (r) =>
        r.id !== target.id &&
        r.subjectId === target.subjectId &&
        r.status !== 'closed_duplicate' &&
        compareByReceipt(r, target) < 0,
    );
    const otherPerson = requests.find((r) => r.subjectId !== null && r.subjectId !== target.subjectId)!;
    const codes = async (duplicateOf: string) =>
      outcomeCodes(
        (await push('approver', [action('request.close_duplicate', target.id, { duplicateOf })])).body,
      );
    expect(await codes(uuidv7())).toEqual(['INVALID']);
    expect(await codes(target.id)).toEqual(['INVALID']);
    expect(await codes(otherPerson.id)).toEqual(['INVALID']);
    if (samePerson) expect(await codes(samePerson.id)).toEqual(['applied']);
  });
});

// Last: the auth-failure limit it reaches applies to this client for a minute.
describe('rate limits and the parsed path (issue 14, items 5 and 6)', () => {
  it('failed authentications: at most 100 a minute per client, then 429 with Retry-After', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 130; i++) {
      const res = await fetch(`${backend.url}/v1/me`, {
        headers: { authorization: `Bearer zta_wrong_${i}` },
      });
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after');
      await res.arrayBuffer();
    }
    expect(statuses.slice(0, 100).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(100).every((s) => s === 429)).toBe(true);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    // Even the right token waits: a guess that happens to be right gains nothing.
    const right = await fetch(`${backend.url}/v1/me`, {
      headers: { authorization: `Bearer ${backend.tokens.owner}` },
    });
    expect(right.status).toBe(429);
  });

  it('pushes per admin are limited (429 with Retry-After)', async () => {
    const { buildServer } = await import('../../backend/server');
    const app = buildServer(backend.db, { pushesPerMinute: 3 });
    await app.ready();
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) {
        const res = await app.inject({
          method: 'POST',
          url: '/v1/actions',
          headers: { authorization: `Bearer ${backend.tokens.analyst}`, 'content-type': 'application/json' },
          payload: { actions: [action('request.note', requests[3]!.id, { text: `n${i}` })] },
        });
        codes.push(res.statusCode);
        if (res.statusCode === 429) expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      }
      expect(codes).toEqual([200, 200, 200, 429, 429]);
    } finally {
      await app.close();
    }
  });

  it('an absolute-form request target is authenticated like any other (parsed path, not raw URL)', async () => {
    const { buildServer } = await import('../../backend/server');
    const { request } = await import('node:http');
    const app = buildServer(backend.db);
    await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const addr = app.server.address() as { port: number };
      const get = (path: string) =>
        new Promise<number>((resolve, reject) => {
          const req = request({ host: '127.0.0.1', port: addr.port, path, method: 'GET' }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          });
          req.on('error', reject);
          req.end();
        });
      // Before: the hook saw "http://…" (not "/v1/") and let it through to the 404 handler.
      expect(await get(`http://127.0.0.1:${addr.port}/v1/no-such-route`)).toBe(401);
      expect(await get('/v1/no-such-route')).toBe(401);
    } finally {
      await app.close();
    }
  });
});
